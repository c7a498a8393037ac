import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { CollabConnection, frameOnce } from './connection.js';

const servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    for (const client of s.clients) client.terminate();
    await new Promise((resolve) => s.close(resolve));
  }
});

/** A real `ws` server and client: the server's side of the connection, and what the client receives. */
async function pair() {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  servers.push(wss);
  await new Promise((resolve) => wss.once('listening', resolve));
  const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  const received: Buffer[] = [];
  client.on('message', (data: Buffer) => received.push(data));
  await new Promise((resolve) => client.once('open', resolve));
  const actor = { id: 'u1', name: 'Amina', isAdmin: false } as never;
  const conn = new CollabConnection(await accepted, actor, '#123456', [], true, false);
  return { conn, client, received };
}

describe('a message framed once for every receiver', () => {
  it('arrives intact at every size a frame header distinguishes (7-bit, 16-bit and 64-bit lengths)', async () => {
    const { conn, received } = await pair();
    const sizes = [1, 125, 126, 300, 65_535, 65_536, 200_000];
    const messages = sizes.map((n) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + n) % 256)));
    for (const m of messages) conn.sendFramed(frameOnce(m));
    await expect.poll(() => received.length).toBe(sizes.length);
    expect(received.map((r) => r.toString('hex'))).toEqual(messages.map((m) => m.toString('hex')));
  });

  it('keeps its place among messages sent the usual way', async () => {
    const { conn, received } = await pair();
    for (let i = 0; i < 50; i++) {
      if (i % 2) conn.sendFramed(frameOnce(Buffer.from([i])));
      else conn.send(Uint8Array.of(i));
    }
    await expect.poll(() => received.length).toBe(50);
    expect(received.map((r) => r[0])).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('is one buffer shared by every receiver, left as it was', async () => {
    const a = await pair();
    const b = await pair();
    const framed = frameOnce(Buffer.from('سلام'));
    const before = Buffer.from(framed.frame);
    a.conn.sendFramed(framed);
    b.conn.sendFramed(framed);
    await expect.poll(() => a.received.length + b.received.length).toBe(2);
    expect(a.received[0]!.toString()).toBe('سلام');
    expect(b.received[0]!.toString()).toBe('سلام');
    expect(framed.frame.equals(before)).toBe(true);
  });

  it('is not sent to a connection that has closed', async () => {
    const { conn, client, received } = await pair();
    client.close();
    await new Promise((resolve) => conn.ws.once('close', resolve));
    conn.sendFramed(frameOnce(Buffer.from([1])));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toEqual([]);
  });
});

describe('a reader that falls behind', () => {
  /** A socket whose backlog the test sets, and whose writes complete when the test says. */
  function fakeSocket() {
    const callbacks: ((error?: Error) => void)[] = [];
    const ws = {
      readyState: 1,
      OPEN: 1,
      bufferedAmount: 0,
      terminated: false,
      send(message: Uint8Array, cb: (error?: Error) => void) {
        this.bufferedAmount += message.byteLength;
        callbacks.push(cb);
      },
      terminate() {
        this.terminated = true;
      },
      /** The oldest pending write reaches the network. */
      drain(bytes: number) {
        this.bufferedAmount -= bytes;
        callbacks.shift()?.();
      },
    };
    const conn = new CollabConnection(
      ws as never,
      { id: 'u1', name: 'Amina', isAdmin: false } as never,
      '#123',
      [],
      true,
      false,
    );
    conn.maxBufferedBytes = 1000;
    return { ws, conn };
  }

  it('is dropped once more than maxBufferedBytes of updates wait for it', () => {
    const { ws, conn } = fakeSocket();
    conn.send(new Uint8Array(1200));
    expect(ws.terminated).toBe(false); // checked before each send
    conn.send(new Uint8Array(10));
    expect(ws.terminated).toBe(true);
  });

  it('is not dropped for the document state it is being sent, however large, but still for a backlog beyond it', async () => {
    const { ws, conn } = fakeSocket();
    const state = conn.sendState(new Uint8Array(50_000));
    conn.send(new Uint8Array(600));
    conn.send(new Uint8Array(300));
    expect(ws.terminated).toBe(false);
    conn.send(new Uint8Array(300)); // 900 bytes of updates wait behind the state: past the limit at the next send
    conn.send(new Uint8Array(10));
    expect(ws.terminated).toBe(true);
    ws.drain(50_000);
    await state;
  });

  it('exempts one state at a time: whole-document requests repeated meanwhile count as a backlog', async () => {
    const { ws, conn } = fakeSocket();
    const first = conn.sendState(new Uint8Array(50_000));
    void conn.sendState(new Uint8Array(50_000));
    conn.send(new Uint8Array(10));
    expect(ws.terminated).toBe(true);
    ws.drain(50_000);
    await first;
  });

  it('counts the state only until it is written', async () => {
    const { ws, conn } = fakeSocket();
    const state = conn.sendState(new Uint8Array(50_000));
    ws.drain(50_000);
    await state;
    conn.send(new Uint8Array(1200));
    conn.send(new Uint8Array(10));
    expect(ws.terminated).toBe(true);
  });
});

describe('the awareness ids a connection speaks for', () => {
  const offline = () => new CollabConnection({} as never, { id: 'u1' } as never, '#123456', [], true, false);

  it('keeps each id’s clock offset and whether it is announced, for one id or several', () => {
    // the first id is held in fields, the others in a map: any sequence must read as a plain map would
    const id = fc.constantFrom(7, 0, 4_294_967_295, 12, 99);
    const op = fc.oneof(
      fc.record({ kind: fc.constant('offset' as const), id, offset: fc.nat(1000) }),
      fc.record({ kind: fc.constant('announce' as const), id }),
      fc.record({ kind: fc.constant('withdraw' as const), id }),
      fc.record({ kind: fc.constant('take' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const conn = offline();
        const offsets = new Map<number, number>();
        const announced = new Set<number>();
        for (const o of ops) {
          if (o.kind === 'offset') {
            conn.setClockOffset(o.id, o.offset);
            offsets.set(o.id, o.offset);
          } else if (o.kind === 'announce') {
            // announced ids are ones it spoke for (stamped with an offset first)
            if (!offsets.has(o.id)) continue;
            conn.announce(o.id);
            announced.add(o.id);
          } else if (o.kind === 'withdraw') {
            conn.withdraw(o.id);
            announced.delete(o.id);
          } else {
            expect(conn.takeAnnounced().sort()).toEqual([...announced].sort());
            announced.clear();
          }
          expect(conn.spokenFor).toBe(offsets.size);
          for (const candidate of [7, 0, 4_294_967_295, 12, 99, 5])
            expect(conn.clockOffset(candidate)).toBe(offsets.get(candidate));
        }
        expect(conn.takeAnnounced().sort()).toEqual([...announced].sort());
        expect(conn.takeAnnounced()).toEqual([]);
      }),
    );
  });

  it('speaks for none until it is given an offset', () => {
    const conn = offline();
    expect(conn.spokenFor).toBe(0);
    expect(conn.clockOffset(0)).toBeUndefined();
    expect(conn.takeAnnounced()).toEqual([]);
  });
});
