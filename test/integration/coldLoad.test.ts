import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MESSAGE_SYNC } from '../../shared/collab.js';
import { COLD_SEND_BYTES } from '../../server/collab/server.js';
import { openProvider, storedDoc, storedSeq, syncUpdateFrame } from '../helpers/collab.js';
import { eventually, opened, rawCollabSocket, waitForSync } from '../helpers/clients.js';
import { buildRoom, type BuiltUser } from '../helpers/factories.js';
import { signInPeople } from '../helpers/people.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { useTeardown } from '../helpers/teardown.js';

/** Real Arabic prose, repeated to the size wanted. */
const ARABIC = 'التعاون بين السلطات الوطنية والمحلية في منع التطرف العنيف وبناء مجتمعات متماسكة — ';

describe('opening a document that is not loaded', () => {
  let server: TestServer;
  let chair: BuiltUser;
  let member: BuiltUser;
  const cookies = new Map<BuiltUser, string>();
  const defer = useTeardown();

  beforeAll(async () => {
    // a build that waited for a client that stopped reading would wait COLD_SEND_MAX_MS (30 s)
    server = await startServer({
      collab: { maxFrameBytes: 4 * 1024 * 1024, unloadDelayMs: 50, coldSendStallMs: 60_000 },
    });
    ({ chair, member } = await signInPeople(server, { chair: 'Amina Haddad', member: 'Marko Petrović' }, cookies));
  });
  afterAll(() => server?.close());

  /**
   * A room whose document holds `bytes` of text, stored and unloaded (as after everyone left);
   * with `deletions`, that many characters spread over it were deleted after it was written.
   */
  async function storedDocument(bytes: number, deletions = 0): Promise<{ documentName: string; text: string }> {
    const { documentName } = await buildRoom(server.app.models, [
      { user: chair, role: 'chair' },
      { user: member, role: 'member' },
    ]);
    const writer = openProvider(defer, server.url, documentName, cookies.get(chair));
    await waitForSync(writer.provider);
    const written = ARABIC.repeat(Math.ceil(bytes / Buffer.byteLength(ARABIC)));
    const t = writer.doc.getText('t');
    // in frames of at most 2 MiB (the endpoint takes 4 MiB here)
    const chunk = Math.floor((2 * 1024 * 1024) / 2);
    for (let at = 0; at < written.length; at += chunk) t.insert(at, written.slice(at, at + chunk));
    const step = Math.floor(written.length / (deletions + 1));
    // from the end, so the positions before stay put: each deletion a range of its own
    writer.doc.transact(() => {
      for (let k = deletions; k >= 1; k--) t.delete(k * step, 1);
    });
    const text = t.toString();
    await eventually(async () =>
      expect((await storedDoc(server.app.models, documentName)).getText('t').length).toBe(text.length),
    );
    writer.provider.destroy();
    await eventually(() => expect(server.app.collab.loadedCount).toBe(0));
    return { documentName, text };
  }

  /** Opens the stock provider, noting every frame it receives and what it holds at its `sync`. */
  function open(documentName: string, user: BuiltUser) {
    const frames: Uint8Array[] = [];
    const client = openProvider(
      defer,
      server.url,
      documentName,
      cookies.get(user),
      {},
      { received: (f) => frames.push(f) },
    );
    const atSync = new Promise<string>((resolve) =>
      client.provider.once('sync', () => resolve(client.doc.getText('t').toString())),
    );
    return { ...client, frames, atSync };
  }

  function syncType(frame: Uint8Array): number | null {
    const decoder = decoding.createDecoder(frame);
    return decoding.readVarUint(decoder) === MESSAGE_SYNC ? decoding.readVarUint(decoder) : null;
  }

  it('a large one: the client gets the stored state at once, only once, and is synced holding all of it', async () => {
    const { documentName, text } = await storedDocument(COLD_SEND_BYTES * 1.5);
    const reader = open(documentName, member);
    expect(await reader.atSync).toBe(text);
    // sent ahead of the document's build, as updates: not the usual sync step 1 first
    expect(syncType(reader.frames[0]!)).toBe(syncProtocol.messageYjsUpdate);

    // what the client writes right away is stored and reaches the others
    reader.doc.getText('t').insert(0, 'Draft 2 — ');
    const other = open(documentName, chair);
    await eventually(() => expect(other.doc.getText('t').toString()).toBe(`Draft 2 — ${text}`));
    await eventually(async () =>
      expect((await storedDoc(server.app.models, documentName)).getText('t').toString()).toBe(`Draft 2 — ${text}`),
    );
    // the answer to its own sync request did not send the whole document again
    const received = reader.frames.reduce((n, f) => n + f.byteLength, 0);
    expect(received).toBeLessThan(Buffer.byteLength(text) * 1.5);
  });

  it("a large one with many deletions: the answer to the client's sync request does not carry them again", async () => {
    const { documentName, text } = await storedDocument(COLD_SEND_BYTES * 1.2, 3000);
    const reader = open(documentName, member);
    expect(await reader.atSync).toBe(text);
    const steps2 = () => reader.frames.filter((f) => syncType(f) === syncProtocol.messageYjsSyncStep2);
    // the empty one that ends the stored state, then the answer to the client's sync request
    await eventually(() => expect(steps2()).toHaveLength(2));
    // nothing was stored since the load: an answer from the state vector would hold the 3,000
    // deleted ranges again, though the client got them with the stored state
    expect(steps2()[1]!.byteLength).toBeLessThan(16);
  });

  it('a large one whose first client stops reading: an edit it sends is stored without waiting for it to read', async () => {
    // more than a socket that is not read holds (a send buffer grows to 4 MiB here): the state's
    // writes to it cannot finish, and the build would wait COLD_SEND_MAX_MS
    const { documentName, text } = await storedDocument(COLD_SEND_BYTES * 28);
    const stalled = rawCollabSocket(server.url, documentName, cookies.get(member));
    defer(() => stalled.terminate());
    await opened(stalled);
    stalled.pause();
    const before = await storedSeq(server.app.models, documentName);
    // written on a copy of the stored document, as an editor would: at its start
    const copy = await storedDoc(server.app.models, documentName);
    const copied = Y.encodeStateVector(copy);
    copy.getText('t').insert(0, 'مسودة: ');
    stalled.send(syncUpdateFrame(Y.encodeStateAsUpdate(copy, copied)));
    // stored within eventually's 10 s, where the build alone would have waited 30 s for the reader
    await eventually(async () => expect(await storedSeq(server.app.models, documentName)).toBe(before + 1));
    expect((await storedDoc(server.app.models, documentName)).getText('t').toString()).toBe(`مسودة: ${text}`);
  });

  it('a large one opened by two people at once: both are synced with all of it, then edit together', async () => {
    const { documentName, text } = await storedDocument(COLD_SEND_BYTES * 1.2);
    const a = open(documentName, chair);
    const b = open(documentName, member);
    expect(await a.atSync).toBe(text);
    expect(await b.atSync).toBe(text);
    a.doc.getText('t').insert(0, 'أ ');
    b.doc.getText('t').insert(b.doc.getText('t').length, ' B');
    const expected = `أ ${text} B`;
    await eventually(() => expect(a.doc.getText('t').toString()).toBe(expected));
    await eventually(() => expect(b.doc.getText('t').toString()).toBe(expected));
  });

  it('a small one is built before its first client is answered, as always', async () => {
    const { documentName, text } = await storedDocument(4 * 1024);
    const reader = open(documentName, member);
    expect(await reader.atSync).toBe(text);
    expect(syncType(reader.frames[0]!)).toBe(syncProtocol.messageYjsSyncStep1);
  });
});
