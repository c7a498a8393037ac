import {
  checkContiguous,
  RECORD_BYTES,
  SeqTakenError,
  SNAPSHOT_PART_BYTES,
  splitIntoParts,
  splitIntoRecords,
  StaleCompactionError,
  type DocumentStore,
  type StoredBatch,
  type StoredDocument,
} from './store.js';

interface Entry {
  log: { seq: number; lastSeq: number; updates: Uint8Array[] }[];
  head: { parts: Uint8Array[]; upToSeq: number; version: number } | null;
}

/**
 * Documents held in this process's memory: for tests and trials without a
 * database. Same contract as the MongoDB store (the contract suite runs on both):
 * records of at most `recordBytes`, snapshots split in parts, a fenced head.
 */
export class MemoryDocumentStore implements DocumentStore {
  private readonly docs = new Map<string, Entry>();

  constructor(
    private readonly partBytes = SNAPSHOT_PART_BYTES,
    private readonly recordBytes = RECORD_BYTES,
  ) {}

  private entry(name: string): Entry {
    let entry = this.docs.get(name);
    if (!entry) this.docs.set(name, (entry = { log: [], head: null }));
    return entry;
  }

  async load(name: string): Promise<StoredDocument> {
    const { log, head } = this.entry(name);
    const snapshotSeq = head?.upToSeq ?? 0;
    const records = log.filter((r) => r.lastSeq > snapshotSeq).sort((a, b) => a.seq - b.seq);
    checkContiguous(name, snapshotSeq, records);
    const updates: Uint8Array[] = head ? [concat(head.parts)] : [];
    let lastSeq = snapshotSeq;
    let updatesSinceSnapshot = 0;
    for (const record of records) {
      record.updates.forEach((update, i) => {
        if (record.seq + i <= snapshotSeq) return;
        updates.push(update.slice());
        updatesSinceSnapshot++;
      });
      lastSeq = record.lastSeq;
    }
    return { updates, lastSeq, updatesSinceSnapshot, headVersion: head?.version ?? 0 };
  }

  async append(name: string, firstSeq: number, updates: Uint8Array[]): Promise<void> {
    const { log } = this.entry(name);
    const records = splitIntoRecords(
      firstSeq,
      updates.map((u) => u.slice()),
      this.recordBytes,
    );
    // the same uniqueness the database's index gives: one record per starting seq
    if (records.some((r) => log.some((l) => l.seq === r.seq))) {
      throw new SeqTakenError(`${name}: seq ${firstSeq} is already stored`);
    }
    log.push(...records);
  }

  async readAfter(name: string, afterSeq: number): Promise<StoredBatch[]> {
    return this.entry(name)
      .log.filter((r) => r.lastSeq > afterSeq)
      .sort((a, b) => a.seq - b.seq)
      .map((r) => ({ seq: r.seq, updates: r.updates.map((u) => u.slice()) }));
  }

  async compact(name: string, state: Uint8Array, upToSeq: number, baseVersion: number): Promise<number> {
    const entry = this.entry(name);
    const parts = splitIntoParts(state.slice(), this.partBytes);
    // give concurrent appends their chance, as a database round trip would
    await Promise.resolve();
    if ((entry.head?.version ?? 0) !== baseVersion) {
      const current = entry.head ? { version: entry.head.version, upToSeq: entry.head.upToSeq } : null;
      throw new StaleCompactionError(`${name}: head moved past version ${baseVersion}`, current);
    }
    entry.head = { parts, upToSeq, version: baseVersion + 1 };
    entry.log = entry.log.filter((r) => r.lastSeq > upToSeq);
    return baseVersion + 1;
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
