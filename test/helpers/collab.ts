import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MESSAGE_SYNC } from '../../shared/collab.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readSegment } from '../../server/collab/journal.js';
import { MongoDocumentStore } from '../../server/collab/store.js';
import { createLogger } from '../../server/logger.js';
import type { Models } from '../../server/models.js';
import { connectProvider, type FrameTap } from './clients.js';

/**
 * Opens a stock provider and registers its teardown with `defer` (see `useTeardown`).
 * Does not wait for the sync, so handlers can be set before the first message arrives.
 */
export function openProvider(
  defer: (cleanup: () => unknown) => void,
  url: string,
  documentName: string,
  cookie: string | undefined,
  params: Record<string, string> = {},
  tap: FrameTap = {},
) {
  const client = connectProvider(url, documentName, cookie, params, tap);
  defer(() => {
    client.provider.destroy();
    client.doc.destroy();
  });
  return client;
}

/** A y-websocket sync-update frame carrying `update`, exactly as a provider would send it. */
export function syncUpdateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** True for a frame that carries document content (sync step 2 or update), which the server must store. */
export function isUpdateBearing(frame: Uint8Array): boolean {
  return (
    frame[0] === MESSAGE_SYNC &&
    (frame[1] === syncProtocol.messageYjsSyncStep2 || frame[1] === syncProtocol.messageYjsUpdate)
  );
}

/** Where a test server keeps its sync journal (see `registerJournal`), by its models. */
const journals = new WeakMap<Models, string>();

/** A server started with a journal: `storedDoc` reads its files too, as the next start would. */
export function registerJournal(models: Models, dir: string): void {
  journals.set(models, dir);
}

/**
 * The document as durably stored, i.e. what the next load (or restart, even after a crash)
 * will serve: the database's copy, plus what the server's journal file holds beyond it.
 */
export async function storedDoc(models: Models, documentName: string): Promise<Y.Doc> {
  const stored = await new MongoDocumentStore(models).load(documentName);
  const doc = new Y.Doc();
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  const dir = journals.get(models);
  if (dir && existsSync(dir)) {
    for (const file of readdirSync(dir).sort()) {
      for (const record of readSegment(readFileSync(path.join(dir, file)), file, silentLogger)) {
        if (record.name !== documentName) continue;
        record.updates.forEach((update, i) => {
          if (record.firstSeq + i > stored.lastSeq) Y.applyUpdate(doc, update);
        });
      }
    }
  }
  return doc;
}

/** The last seq stored of a document (in the database or its journal): cheaper than loading it. */
export async function storedSeq(models: Models, documentName: string): Promise<number> {
  const [last, head] = await Promise.all([
    models.DocUpdate.findOne({ doc: documentName }, { lastSeq: 1 }).sort({ lastSeq: -1 }).lean(),
    models.DocHead.findById(documentName, { upToSeq: 1 }).lean(),
  ]);
  let seq = Math.max(last?.lastSeq ?? 0, head?.upToSeq ?? 0);
  const dir = journals.get(models);
  if (dir && existsSync(dir)) {
    for (const file of readdirSync(dir)) {
      for (const record of readSegment(readFileSync(path.join(dir, file)), file, silentLogger)) {
        if (record.name === documentName) seq = Math.max(seq, record.firstSeq + record.updates.length - 1);
      }
    }
  }
  return seq;
}

const silentLogger = createLogger('silent');

/** An update that inserts `text` into the shared text `name` of a fresh document. */
export function textUpdate(text: string, name = 't'): Uint8Array {
  const doc = new Y.Doc();
  doc.getText(name).insert(0, text);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
