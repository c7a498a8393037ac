import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import { CLOSE_CODES, MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../shared/collab.js';
import { eventually, login, opened, rawCollabSocket, waitForSync } from '../helpers/clients.js';
import { openProvider, storedDoc, syncUpdateFrame, textUpdate } from '../helpers/collab.js';
import { buildRoom, buildUser, type BuiltUser } from '../helpers/factories.js';
import { fuzzParams, fuzzSeed, watchEventLoop } from '../helpers/fuzz.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { useTeardown } from '../helpers/teardown.js';

const MAX_FRAME_BYTES = 256 * 1024;

const varUint = (n: number) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, n);
  return encoding.toUint8Array(e);
};
const concat = (...parts: (Uint8Array | number[])[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

function stepOne(doc = new Y.Doc()): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(e, doc);
  return encoding.toUint8Array(e);
}

function awarenessFrame(): Uint8Array {
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState({ cursor: { anchor: 3 } });
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]));
  awareness.destroy();
  return encoding.toUint8Array(e);
}

/** Frames a stock provider sends: the seeds that mutations start from. */
const VALID_FRAMES = [
  stepOne(),
  syncUpdateFrame(textUpdate('Priority 2: small grants — منح صغيرة')),
  syncUpdateFrame(textUpdate('Community action teams in Kumanovo and Tetovo')),
  awarenessFrame(),
];

/**
 * Inputs modelled on known Yjs crash reports, built here: garbage bytes read as an update
 * (yjs#479: endless varint read), an empty update (yjs#498: applyUpdate on zero bytes looped),
 * and an update whose declared struct count is decoupled from its size (yjs#687).
 */
const KNOWN_PAYLOADS: [string, Uint8Array][] = [
  ['yjs#479 garbage as an update', syncUpdateFrame(Buffer.from('garbagedoc', 'base64'))],
  ['yjs#479 endless varint', concat([MESSAGE_SYNC, 2], [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])],
  ['yjs#498 empty update', concat([MESSAGE_SYNC, 2], varUint(0))],
  ['yjs#498 empty step 2', concat([MESSAGE_SYNC, 1], varUint(0))],
  [
    'yjs#687 huge struct count',
    syncUpdateFrame(concat(varUint(1), varUint(2 ** 31 - 1), varUint(7), varUint(0), [0, 5])),
  ],
  ['yjs#687 huge client count', syncUpdateFrame(concat(varUint(2 ** 31 - 1), varUint(1), varUint(7), varUint(0)))],
  ['huge length prefix', concat([MESSAGE_SYNC, 2], varUint(2 ** 32 - 1), [1, 2, 3])],
  ['huge awareness count', concat([MESSAGE_AWARENESS], varUint(6), varUint(2 ** 31), [1, 1, 1, 1, 0x7b])],
];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('hugeLength' as const), value: fc.integer({ min: 2 ** 20, max: 2 ** 53 - 1 }) }),
);

interface Mutation {
  kind: 'flip' | 'truncate' | 'insert' | 'hugeLength';
  at?: number;
  value?: number;
  bytes?: Uint8Array;
}

function mutate(frame: Uint8Array, mutations: Mutation[]) {
  let bytes = [...frame];
  for (const m of mutations) {
    const at = bytes.length === 0 ? 0 : (m.at ?? 0) % (bytes.length + 1);
    if (m.kind === 'flip' && bytes.length > 0) bytes[at % bytes.length] = m.value!;
    if (m.kind === 'truncate') bytes = bytes.slice(0, at);
    if (m.kind === 'insert') bytes.splice(at, 0, ...m.bytes!);
    // replace the payload's length prefix (after the two type bytes) with a huge one
    if (m.kind === 'hugeLength') bytes = [...bytes.slice(0, 2), ...varUint(m.value!), ...bytes.slice(3)];
  }
  return Uint8Array.from(bytes);
}

const frames = fc.oneof(
  { arbitrary: fc.uint8Array({ maxLength: 512 }), weight: 3 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom(...VALID_FRAMES), fc.array(mutation, { minLength: 1, maxLength: 4 }))
      .map(([frame, ms]) => mutate(frame, ms)),
    weight: 5,
  },
  {
    // a valid header followed by a varint that never ends
    arbitrary: fc
      .tuple(
        fc.constantFrom<number[]>([0, 0], [0, 1], [0, 2], [1]),
        fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 16 }),
      )
      .map(([head, tail]) => concat(head, tail)),
    weight: 2,
  },
  { arbitrary: fc.constantFrom(...KNOWN_PAYLOADS.map(([, p]) => p)), weight: 1 },
);

type Outcome = { closed: true; code: number; reason: string } | { closed: false };

/** Sends one frame on a fresh connection, then a valid query: answered, or closed with a stated reason. */
async function exchange(ws: WebSocket, frame: Uint8Array): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('neither answered nor closed within 5 s')), 5000);
    ws.on('message', (data: Buffer) => {
      // a sync step 2 answers a step 1: the server handled everything sent before it
      if (data[0] === MESSAGE_SYNC && data[1] === syncProtocol.messageYjsSyncStep2) {
        clearTimeout(timer);
        resolve({ closed: false });
      }
    });
    ws.once('close', (code, reason) => {
      clearTimeout(timer);
      resolve({ closed: true, code, reason: reason.toString() });
    });
    ws.send(frame);
    ws.send(stepOne());
  });
}

describe('fuzzing the sync endpoint', () => {
  let server: TestServer;
  let chair: BuiltUser;
  let cookie: string;
  const defer = useTeardown();

  beforeAll(async () => {
    server = await startServer({ collab: { maxFrameBytes: MAX_FRAME_BYTES } });
    chair = await buildUser(server.app.models, { name: 'Amina Haddad' });
    cookie = await login(server.url, chair);
  });
  afterAll(() => server?.close());

  it('answers every frame or closes with a clear reason; never crashes, never stalls, never stores a bad update', async () => {
    const { documentName } = await buildRoom(server.app.models, [{ user: chair, role: 'chair' }]);
    const seed = fuzzSeed('sync frames');
    const loop = watchEventLoop();
    const closes = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(frames, async (frame) => {
        const ws = rawCollabSocket(server.url, documentName, cookie);
        try {
          await opened(ws);
          const outcome = await exchange(ws, frame);
          if (outcome.closed) {
            closes.set(outcome.code, (closes.get(outcome.code) ?? 0) + 1);
            expect([CLOSE_CODES.invalidPayload, CLOSE_CODES.messageTooBig]).toContain(outcome.code);
            expect(outcome.reason.length).toBeGreaterThan(0);
          }
        } finally {
          ws.terminate();
        }
      }),
      fuzzParams(seed, 150),
    );
    const { maxMs, p99Ms } = loop.stop();
    process.stdout.write(
      `[fuzz] sync frames: event-loop delay max ${maxMs.toFixed(1)} ms, p99 ${p99Ms.toFixed(1)} ms; closes ${JSON.stringify(Object.fromEntries(closes))}\n`,
    );
    expect(maxMs).toBeLessThan(1000);

    // the document still works, and what is stored loads
    const editor = openProvider(defer, server.url, documentName, cookie);
    await waitForSync(editor.provider);
    editor.doc.getText('after').insert(0, 'still editing');
    await eventually(async () =>
      expect((await storedDoc(server.app.models, documentName)).getText('after').toString()).toBe('still editing'),
    );
  });

  it('the harness sees valid frames answered (so a refusal above means a refusal)', async () => {
    const { documentName } = await buildRoom(server.app.models, [{ user: chair, role: 'chair' }]);
    for (const frame of VALID_FRAMES) {
      const ws = rawCollabSocket(server.url, documentName, cookie);
      defer(() => ws.terminate());
      await opened(ws);
      expect(await exchange(ws, frame)).toEqual({ closed: false });
    }
  });

  it.each(KNOWN_PAYLOADS)('%s is refused with a clear reason', async (_name, payload) => {
    const { documentName } = await buildRoom(server.app.models, [{ user: chair, role: 'chair' }]);
    const ws = rawCollabSocket(server.url, documentName, cookie);
    defer(() => ws.terminate());
    await opened(ws);
    const loop = watchEventLoop();
    const outcome = await exchange(ws, payload);
    expect(loop.stop().maxMs).toBeLessThan(1000);
    expect(outcome).toMatchObject({ closed: true, code: CLOSE_CODES.invalidPayload });
    expect((outcome as { reason: string }).reason.length).toBeGreaterThan(0);
  });
});
