import * as Y from 'yjs';
import { readPlan, type PriorityState } from '../../shared/plans/doc.js';
import type { TransactionOrigin } from '../collab/origins.js';
import type { Logger } from '../logger.js';
import type { Actor } from '../policy/policy.js';
import { touchedBy } from './attribution.js';
import type { LastEditRecord, PlanModels, PlanRecord, PriorityProjection } from './plan.model.js';

/** Edits by one person of one priority closer together than this make one history entry. */
const HISTORY_COALESCE_MS = 60_000;

const actorOf = (origin: TransactionOrigin): Actor | null =>
  origin.kind === 'client' ? origin.actor : origin.kind === 'server' ? (origin.actor ?? null) : null;

/**
 * Keeps each plan's MongoDB projection, per-priority `lastEditedBy`, history and
 * automatic checkpoints in step with its document. Runs are chained per document,
 * so the service can wait for the projection of a change it just made (`idle`).
 */
export class PlanProjector {
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly models: PlanModels,
    private readonly logger: Logger,
    private readonly checkpointMs: number,
    private readonly checkpoint: (plan: PlanRecord, state: Uint8Array, actor: Actor) => Promise<void>,
  ) {}

  /** The kind's afterStore hook. */
  readonly afterStore = (
    name: string,
    doc: Y.Doc,
    origins: readonly TransactionOrigin[],
    updates: readonly Uint8Array[],
  ): Promise<void> => {
    // attribution reads the document now, before a later update could change or collect it
    const edits = origins.flatMap((origin, i) => {
      const actor = actorOf(origin);
      return actor ? [{ actor, touched: touchedBy(doc, updates[i]!), fromClient: origin.kind === 'client' }] : [];
    });
    const state = readPlan(doc, { includeDeleted: true });
    const snapshot = edits.some((e) => e.fromClient) ? Y.encodeStateAsUpdate(doc) : null;
    return this.enqueue(name, () => this.project(name, state.title, state.intro, state.priorities, edits, snapshot));
  };

  /** Resolves once every projection queued for this document so far is written. */
  async idle(name: string): Promise<void> {
    await this.chains.get(name);
  }

  /**
   * Runs `write` between this document's projections. Every write to a plan's record
   * goes through here: FerretDB's SQLite backend rewrites the whole record on each
   * update, so two updates of one record at once could lose one of them.
   */
  exclusive<T>(name: string, write: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      void this.enqueue(name, () => write().then(resolve, reject));
    });
  }

  private enqueue(name: string, run: () => Promise<void>): Promise<void> {
    const next = (this.chains.get(name) ?? Promise.resolve()).then(run).catch((error: unknown) => {
      this.logger.error({ err: error, doc: name }, 'could not project a plan');
    });
    this.chains.set(name, next);
    void next.finally(() => {
      if (this.chains.get(name) === next) this.chains.delete(name);
    });
    return next;
  }

  private async project(
    name: string,
    title: string,
    intro: string,
    priorities: PriorityState[],
    edits: { actor: Actor; touched: ReturnType<typeof touchedBy>; fromClient: boolean }[],
    snapshot: Uint8Array | null,
  ): Promise<void> {
    const plan = await this.models.Plan.findOne({ documentName: name }).lean<PlanRecord>();
    if (!plan) return;
    const now = new Date();
    const before = new Map(plan.priorities.map((p) => [p.priorityId, p]));
    const lastEdit = new Map<string, LastEditRecord>();
    let planEdit: LastEditRecord | null = null;
    const historyKeys = new Map<string, { actor: Actor; priorityId: string }>();
    for (const { actor, touched, fromClient } of edits) {
      const stamp = { userId: actor.id, name: actor.name, at: now };
      for (const id of touched.priorities) {
        lastEdit.set(id, stamp);
        if (fromClient) historyKeys.set(`${actor.id}:${id}`, { actor, priorityId: id });
      }
      if (touched.plan || touched.priorities.size > 0) planEdit = stamp;
      if (touched.plan && fromClient) historyKeys.set(`${actor.id}:`, { actor, priorityId: '' });
    }
    const live = priorities.filter((p) => !p.deleted);
    const projection: PriorityProjection[] = live.map((p) => ({
      priorityId: p.id,
      kind: p.kind,
      title: p.title,
      description: p.description,
      status: p.status,
      owner: p.owner,
      target: p.target,
      cities: p.cities.join(','),
      order: p.order,
      carriedFrom: p.carriedFrom ?? '',
      lastEditedBy: lastEdit.get(p.id) ?? before.get(p.id)?.lastEditedBy ?? null,
    }));
    await this.models.Plan.updateOne(
      { _id: plan._id },
      { $set: { title, intro, priorities: projection, ...(planEdit ? { lastEditedBy: planEdit } : {}) } },
    );
    const byId = new Map(priorities.map((p) => [p.id, p]));
    for (const { actor, priorityId } of historyKeys.values()) {
      const p = priorityId ? byId.get(priorityId) : undefined;
      const action = !priorityId
        ? 'edited'
        : !before.has(priorityId) && !p?.deleted
          ? 'added'
          : p?.deleted
            ? 'deleted'
            : 'edited';
      if (action === 'deleted' && !before.has(priorityId)) continue; // deleted again, or never shown
      await this.recordHistory(plan, actor, priorityId || null, p?.title ?? null, action, now);
    }
    const newest = snapshot
      ? await this.models.PlanVersion.findOne({ planId: plan._id }).sort({ createdAt: -1 }).select('createdAt').lean()
      : null;
    if (snapshot && edits.length > 0 && now.getTime() - (newest?.createdAt.getTime() ?? 0) >= this.checkpointMs) {
      await this.checkpoint(plan, snapshot, edits[edits.length - 1]!.actor);
    }
  }

  private async recordHistory(
    plan: PlanRecord,
    actor: Actor,
    priorityId: string | null,
    priorityTitle: string | null,
    action: 'edited' | 'added' | 'deleted',
    at: Date,
  ): Promise<void> {
    if (action === 'edited') {
      const recent = await this.models.PlanHistory.findOneAndUpdate(
        {
          planId: plan._id,
          userId: actor.id,
          priorityId,
          action: { $in: ['edited', 'added'] },
          at: { $gte: new Date(at.getTime() - HISTORY_COALESCE_MS) },
        },
        { $set: { at, priorityTitle } },
      ).lean();
      if (recent) return;
    }
    await this.models.PlanHistory.create({
      planId: plan._id,
      userId: actor.id,
      userName: actor.name,
      priorityId,
      priorityTitle,
      action,
      at,
    });
  }
}
