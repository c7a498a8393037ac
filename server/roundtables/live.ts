import { Types } from 'mongoose';
import type { LiveState, PresentPerson } from '../../shared/roundtables/schemas.js';
import type { Logger } from '../logger.js';
import type { RoundtableModels } from './roundtable.model.js';
import { closeStaleAttendance, emptyRecord, liveView, type LiveRecord } from './liveState.js';

export interface SessionId {
  roundtableId: string;
  session: number;
}

type Op = {
  apply: (record: LiveRecord, now: number) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

interface Session {
  id: SessionId;
  record: LiveRecord;
  version: number;
  queue: Op[];
  running: boolean;
  /** Sockets present now: socket id → person (memory only; attendance is what is stored). */
  present: Map<string, PresentPerson>;
  /** Another node stored a newer state (cluster mode): read it again before the next change. */
  stale: boolean;
  /** Who is present changed since the last broadcast: the next batch broadcasts even if nothing is stored. */
  presenceChanged: boolean;
}

/** Another node stored this session meanwhile: the batch is applied again on the newer state. */
class StaleSessionError extends Error {}

/** Batches retried after losing the race to another node's write, at most. */
const SAVE_ATTEMPTS = 20;

const keyOf = (id: SessionId) => `${id.roundtableId}:${id.session}`;

/**
 * Every live session's state, server-authoritative. Changes to one session run one batch
 * at a time: every change waiting is applied in arrival order, the state is stored once
 * (one write), then each change is acknowledged and the state is broadcast once. So a
 * burst of 200 raised hands costs a few writes and a few broadcasts, not 200 of each.
 */
export class LiveSessions {
  private readonly sessions = new Map<string, Session>();
  private readonly loading = new Map<string, Promise<Session>>();

  constructor(
    private readonly models: RoundtableModels,
    private readonly broadcast: (id: SessionId, state: LiveState) => void,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Applies a change (throwing = refused, nothing stored); resolves once it is stored. */
  async change<R>(id: SessionId, apply: (record: LiveRecord, now: number) => R): Promise<R> {
    const session = await this.session(id);
    const result = new Promise<R>((resolve, reject) =>
      session.queue.push({ apply, resolve: resolve as (v: unknown) => void, reject }),
    );
    if (!session.running) void this.run(session);
    return result;
  }

  async state(id: SessionId): Promise<LiveState> {
    const session = await this.fresh(id);
    return this.view(session);
  }

  /** The stored state (for minutes and write-backs), read without changing it. */
  async record(id: SessionId): Promise<LiveRecord> {
    return structuredClone((await this.fresh(id)).record);
  }

  /**
   * Another node stored `version` of a session (cluster mode, heard on the bus): this
   * node's copy is read again before it is shown or changed.
   */
  heard(id: SessionId, version: number): void {
    const session = this.sessions.get(keyOf(id));
    if (session && version > session.version) session.stale = true;
  }

  private async fresh(id: SessionId): Promise<Session> {
    const session = await this.session(id);
    if (session.stale && !session.running) await this.reload(session);
    return session;
  }

  private async reload(session: Session): Promise<void> {
    const stored = await this.stored(keyOf(session.id));
    session.stale = false;
    if (!stored || stored.version <= session.version) return;
    session.record = { ...emptyRecord(), ...(JSON.parse(stored.state) as Partial<LiveRecord>) };
    session.version = stored.version;
  }

  present(id: SessionId, socketId: string): PresentPerson | undefined {
    return this.sessions.get(keyOf(id))?.present.get(socketId);
  }

  /** Marks a socket present (memory); the caller records attendance through `change`, which broadcasts. */
  async join(id: SessionId, socketId: string, person: PresentPerson): Promise<void> {
    const session = await this.session(id);
    const shown = [...session.present.values()].find((p) => p.userId === person.userId);
    if (!shown || JSON.stringify(shown) !== JSON.stringify(person)) session.presenceChanged = true;
    for (const [other, p] of session.present) if (p.userId === person.userId) session.present.set(other, person);
    session.present.set(socketId, person);
  }

  /** Whether the person has no other socket left in the session. */
  leave(id: SessionId, socketId: string): { userId: string; last: boolean } | null {
    const session = this.sessions.get(keyOf(id));
    const person = session?.present.get(socketId);
    if (!session || !person) return null;
    session.present.delete(socketId);
    const last = ![...session.present.values()].some((p) => p.userId === person.userId);
    if (last) session.presenceChanged = true;
    return { userId: person.userId, last };
  }

  private view(session: Session): LiveState {
    const people = new Map<string, PresentPerson>();
    for (const p of session.present.values()) people.set(p.userId, p);
    return liveView(session.record, session.id, session.version, [...people.values()], this.clock());
  }

  private async run(session: Session): Promise<void> {
    session.running = true;
    try {
      let attempts = 0;
      while (session.queue.length > 0) {
        if (session.stale) {
          try {
            await this.reload(session);
          } catch (error) {
            // the database is away: the changes waiting are refused (nothing was stored), not left hanging
            this.logger.error({ err: error }, 'could not read a roundtable session');
            for (const op of session.queue.splice(0)) op.reject(error);
            continue;
          }
        }
        const batch = session.queue.splice(0);
        const before = JSON.stringify(session.record);
        const outcomes: { ok: boolean; value: unknown }[] = [];
        for (const op of batch) {
          const snapshot = structuredClone(session.record);
          try {
            outcomes.push({ ok: true, value: op.apply(session.record, this.clock()) });
          } catch (error) {
            session.record = snapshot; // a refused change leaves nothing behind
            outcomes.push({ ok: false, value: error });
          }
        }
        const changed = JSON.stringify(session.record) !== before;
        if (changed) {
          try {
            await this.save(session);
            attempts = 0;
          } catch (error) {
            session.record = JSON.parse(before) as LiveRecord;
            if (error instanceof StaleSessionError && ++attempts < SAVE_ATTEMPTS) {
              // another node changed the session first: apply the same changes to its state
              session.stale = true;
              session.queue.unshift(...batch);
              // the winner writes its state right after its claim: give it that moment
              await new Promise((r) => setTimeout(r, 5 * attempts));
              continue;
            }
            this.logger.error({ err: error }, 'could not store a roundtable session');
            for (const op of batch) op.reject(error);
            continue;
          }
        }
        batch.forEach((op, i) => (outcomes[i]!.ok ? op.resolve(outcomes[i]!.value) : op.reject(outcomes[i]!.value)));
        if (changed || session.presenceChanged) {
          session.presenceChanged = false;
          this.broadcast(session.id, this.view(session));
        }
      }
    } finally {
      session.running = false;
    }
  }

  /**
   * Stores the state as the next version, only if no one else did: the version is inserted
   * whole under its own key, then `livesessions` points at it (a loader follows versions on from
   * the pointer, so a pointer left behind by a crash or a race is harmless).
   */
  private async save(session: Session): Promise<void> {
    session.record.savedAt = new Date(this.clock()).toISOString();
    const key = keyOf(session.id);
    const next = session.version + 1;
    const state = JSON.stringify(session.record);
    try {
      await this.models.LiveSessionVersion.create({ _id: `${key}:${next}`, state, at: new Date() });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw new StaleSessionError(key);
      throw error;
    }
    session.version = next;
    await this.models.LiveSession.updateOne(
      { key },
      {
        $set: { version: next, state },
        $setOnInsert: { roundtableId: new Types.ObjectId(session.id.roundtableId) },
      },
      { upsert: true },
    ).catch((error: unknown) => this.logger.warn({ err: error, key }, 'stored a session; its pointer lags'));
    // the pointer holds this version's state: the one before is needed by nobody any more
    void this.models.LiveSessionVersion.deleteOne({ _id: `${key}:${next - 1}` }).catch(() => undefined);
  }

  /** The newest stored state of a session: the pointer, then any versions stored after it. */
  private async stored(key: string): Promise<{ version: number; state: string } | null> {
    const pointer = await this.models.LiveSession.findOne({ key }).lean();
    let found = pointer ? { version: pointer.version, state: pointer.state } : null;
    for (let version = found?.version ?? 0; ; version++) {
      const newer = await this.models.LiveSessionVersion.findById(`${key}:${version + 1}`).lean();
      if (!newer) return found;
      found = { version: version + 1, state: newer.state };
    }
  }

  private session(id: SessionId): Promise<Session> {
    const key = keyOf(id);
    const known = this.sessions.get(key);
    if (known) return Promise.resolve(known);
    let loading = this.loading.get(key);
    if (!loading) {
      loading = this.load(id).finally(() => this.loading.delete(key));
      this.loading.set(key, loading);
    }
    return loading;
  }

  private async load(id: SessionId): Promise<Session> {
    const stored = await this.stored(keyOf(id));
    // a state stored before a field existed gets it empty
    const record = { ...emptyRecord(), ...(stored ? (JSON.parse(stored.state) as Partial<LiveRecord>) : {}) };
    closeStaleAttendance(record);
    const session: Session = {
      id,
      record,
      version: stored?.version ?? 0,
      queue: [],
      running: false,
      present: new Map(),
      stale: false,
      presenceChanged: false,
    };
    this.sessions.set(keyOf(id), session);
    return session;
  }
}
