import fc from 'fast-check';
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { freePort } from '../../server/db/ferretdb.js';
import { openAckingClient, synced, type AckingClient } from '../helpers/ackingClient.js';
import { eventually, login } from '../helpers/clients.js';
import { buildRoom, buildUser } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';

/**
 * Property: whatever five stock y-websocket clients do — insert and delete at random
 * places, drop off and come back, edit while offline — and however often the server
 * restarts meanwhile, (1) everything any client was told was saved, or received
 * from another client, is in the document the server holds, and (2) once every
 * client is back they all show the same text, the text a fresh client loads.
 *
 * Seeded and replayable: a failure prints the seed and path; rerun with
 * `FC_SEED=<seed> FC_PATH=<path> npx vitest run test/integration/convergence.property.test.ts`.
 * `FC_RUNS` sets the number of runs (50 here, 1,000 in `npm run test:properties`).
 */
const CLIENTS = 5;
const TEXT = 't';
const RUNS = Number(process.env.FC_RUNS ?? 50);
const TIME_LIMIT_MS = Math.max(150_000, RUNS * 6_000);

type Command =
  | { kind: 'insert'; client: number; at: number; text: string }
  | { kind: 'delete'; client: number; at: number; length: number }
  | { kind: 'disconnect'; client: number }
  | { kind: 'connect'; client: number }
  | { kind: 'wait'; ms: number }
  | { kind: 'restart' };

const client = fc.integer({ min: 0, max: CLIENTS - 1 });
const place = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('insert'),
      client,
      at: place,
      text: fc.string({ minLength: 1, maxLength: 6 }),
    }),
    weight: 8,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('delete'), client, at: place, length: fc.integer({ min: 1, max: 4 }) }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant('disconnect'), client }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('connect'), client }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('wait'), ms: fc.integer({ min: 0, max: 30 }) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('restart') }), weight: 2 },
);

let server: TestServer;
let cookie: string;
let owner: Awaited<ReturnType<typeof buildUser>>;

beforeAll(async () => {
  // a fixed port, so the providers find the server again after each restart
  server = await startServer({ port: await freePort() });
  owner = await buildUser(server.app.models);
  cookie = await login(server.url, owner);
});

afterAll(() => server?.close());

/** One editor and everything the server told it or sent it. */
interface Editor {
  client: AckingClient;
  /** Updates the server said are stored: a frame's own update, or the whole state a resync step 2 covered. */
  acked: Uint8Array[];
  /** Updates received from the server (other clients' edits). */
  seen: Uint8Array[];
}

function openEditor(documentName: string): Editor {
  const editor: Editor = { client: undefined as unknown as AckingClient, acked: [], seen: [] };
  editor.client = openAckingClient<Uint8Array>({
    url: server.url,
    documentName,
    cookie,
    claim: (kind, frame) => (kind === 'state' ? Y.encodeStateAsUpdate(editor.client.doc) : frameUpdate(frame)),
    onAcked: (update) => editor.acked.push(update),
    maxBackoffTime: 100,
  });
  editor.client.doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === editor.client.provider) editor.seen.push(update);
  });
  return editor;
}

/** The Yjs update inside a sync step 2 / update frame. */
function frameUpdate(frame: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(frame);
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  return decoding.readVarUint8Array(decoder);
}

async function run(commands: Command[]): Promise<void> {
  const { documentName } = await buildRoom(server.app.models, [{ user: owner, role: 'member' }]);
  const editors = Array.from({ length: CLIENTS }, () => openEditor(documentName));
  try {
    await Promise.all(editors.map((e) => synced(e.client.provider)));
    for (const c of commands) await apply(editors, c);

    // (1) what the server holds, before any client resyncs: nothing saved or seen is missing
    for (const e of editors) e.client.provider.disconnect();
    const held = await loadState(documentName);
    const heldText = textOf([held]);
    const promised = editors.flatMap((e) => [...e.acked, ...e.seen]);
    expect(textOf([held, ...promised]), 'text the server said was saved, or sent to a client, is missing').toBe(
      heldText,
    );

    // (2) every client back: all converge on the text a fresh client loads
    for (const e of editors) e.client.provider.connect();
    await eventually(async () => {
      const texts = editors.map((e) => e.client.doc.getText(TEXT).toString());
      expect(editors.every((e) => e.client.provider.synced)).toBe(true);
      expect(new Set(texts).size).toBe(1);
      expect(textOf([await loadState(documentName)])).toBe(texts[0]);
    }, 20_000);
  } finally {
    for (const e of editors) e.client.destroy();
  }
}

async function apply(editors: Editor[], c: Command): Promise<void> {
  switch (c.kind) {
    case 'insert': {
      const text = editors[c.client]!.client.doc.getText(TEXT);
      text.insert(Math.floor(c.at * (text.length + 1)), c.text);
      return;
    }
    case 'delete': {
      const text = editors[c.client]!.client.doc.getText(TEXT);
      if (text.length === 0) return;
      const at = Math.floor(c.at * text.length);
      text.delete(at, Math.min(c.length, text.length - at));
      return;
    }
    case 'disconnect':
      editors[c.client]!.client.provider.disconnect();
      return;
    case 'connect':
      editors[c.client]!.client.provider.connect();
      return;
    case 'wait':
      await new Promise((r) => setTimeout(r, c.ms));
      return;
    case 'restart':
      server = await server.restart();
      return;
  }
}

/** The whole document as a fresh stock client loads it from the server. */
async function loadState(documentName: string): Promise<Uint8Array> {
  const fresh = openAckingClient({
    url: server.url,
    documentName,
    cookie,
    claim: () => null,
    onAcked: () => undefined,
  });
  try {
    await synced(fresh.provider);
    return Y.encodeStateAsUpdate(fresh.doc);
  } finally {
    fresh.destroy();
  }
}

function textOf(updates: Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  const text = doc.getText(TEXT).toString();
  doc.destroy();
  return text;
}

describe('convergence (property-based, fast-check)', () => {
  it(
    `5 clients editing through disconnects and server restarts converge and lose nothing saved or seen (${RUNS} runs)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 25 }), (commands) => run(commands)),
        {
          numRuns: RUNS,
          seed: process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED),
          path: process.env.FC_PATH,
          // shrinking replays against a real server: stop in time to still print the seed and path
          interruptAfterTimeLimit: TIME_LIMIT_MS - 20_000,
          markInterruptAsFailure: true,
        },
      );
    },
    TIME_LIMIT_MS,
  );
});
