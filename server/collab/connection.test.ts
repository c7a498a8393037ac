import type { AddressInfo } from 'node:net';
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
