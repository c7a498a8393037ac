import type * as Y from 'yjs';
import type { PlanStatus } from '../../shared/plans/schemas.js';
import { PLAN_REFUSALS, validatePlanDoc, type PlanCaps } from '../../shared/plans/validate.js';
import { planMeta } from '../../shared/plans/doc.js';
import { votesFingerprint } from '../../shared/plans/votes.js';
import type { DocumentKind } from '../collab/kinds.js';
import { batchedLookup } from '../db/batch.js';
import type { TransactionOrigin } from '../collab/origins.js';
import type { CollabServer } from '../collab/server.js';
import { notFound } from '../errors.js';
import type { Policy } from '../policy/policy.js';
import { COLLAB_RULES } from '../policy/rules.js';
import type { PlanModels, PlanRecord } from './plan.model.js';
import { docFrom } from './restore.js';
import { planResourceIds, planScope } from './scope.js';

/** What a plan's `meta` root must hold: only the server writes it. */
export interface PlanMetaRecord {
  planId: string;
  groupId: string;
  period: string;
  status: PlanStatus;
}

export const metaOf = (plan: PlanRecord): PlanMetaRecord => ({
  planId: String(plan._id),
  groupId: String(plan.groupId),
  period: plan.period,
  status: plan.status,
});

/**
 * What the validator (synchronous, on a candidate copy) must know of each plan:
 * its record's meta (status included), and whether the update being judged is the
 * server's own (`write`), which may change `meta`. Clients may never change `meta`,
 * and nothing but the server may change an adopted plan.
 */
export class PlanGuard {
  private readonly metas = new Map<string, PlanMetaRecord>();
  private readonly permits = new Set<string>();
  /** The `votes` root as the server last wrote it (and the one before, for an update judged mid-write). */
  private readonly votes = new Map<string, [string, string]>();

  constructor(private readonly collab: CollabServer) {}

  remember(documentName: string, meta: PlanMetaRecord): void {
    this.metas.set(documentName, meta);
  }

  knowsVotes(documentName: string): boolean {
    return this.votes.has(documentName);
  }

  rememberVotes(documentName: string, fingerprint: string): void {
    const known = this.votes.get(documentName);
    this.votes.set(documentName, [fingerprint, known?.[0] ?? fingerprint]);
  }

  meta(documentName: string): PlanMetaRecord | undefined {
    return this.metas.get(documentName);
  }

  /**
   * Changes the plan's document from the server. The permit is taken by the validator,
   * which runs synchronously right after `change` on the candidate copy.
   */
  async write(
    documentName: string,
    change: (doc: Y.Doc) => void,
    origin: Extract<TransactionOrigin, { kind: 'server' }>,
  ): Promise<void> {
    try {
      await this.collab.transact(
        documentName,
        (doc) => {
          this.permits.add(documentName);
          change(doc);
        },
        origin,
      );
    } finally {
      this.permits.delete(documentName);
    }
  }

  /** The refusal for an update judged on `doc`, or null. */
  judge(doc: Y.Doc, documentName: string, caps: PlanCaps): string | null {
    const fromServer = this.permits.delete(documentName);
    const problem = validatePlanDoc(doc, caps);
    if (!problem && fromServer) this.rememberVotes(documentName, votesFingerprint(doc));
    if (problem || fromServer) return problem;
    const votes = this.votes.get(documentName);
    const fingerprint = votesFingerprint(doc);
    if (votes && !votes.includes(fingerprint)) {
      // another node may have written the votes (cluster mode): this node's document has them then
      const live = this.collab.loadedDoc(documentName);
      if (!live || votesFingerprint(live) !== fingerprint) return PLAN_REFUSALS.votes;
      this.rememberVotes(documentName, fingerprint);
    }
    const expected = this.metas.get(documentName);
    if (!expected) return null;
    if (expected.status === 'adopted') return PLAN_REFUSALS.adopted;
    const meta = planMeta(doc);
    for (const [key, value] of Object.entries(expected)) if (meta.get(key) !== value) return PLAN_REFUSALS.meta;
    return null;
  }
}

/**
 * A plan's co-edited document (`plan-<planId>`): the group (and hub staff) edit it
 * while it is a draft or in review; observers and the steering committee read it.
 */
export function planDocumentKind(
  collab: Pick<CollabServer, 'state'>,
  policy: Policy,
  models: PlanModels,
  guard: PlanGuard,
  caps: PlanCaps,
  afterStore: NonNullable<DocumentKind['afterStore']>,
): DocumentKind {
  const rule = COLLAB_RULES.plan;
  // read fresh on every upgrade (never cached: its status decides who may write), a burst shares one query
  const planOf = batchedLookup(async (names: readonly string[]) => {
    const plans = await models.Plan.find({ documentName: { $in: names } }).lean<PlanRecord[]>();
    return new Map(plans.map((plan) => [plan.documentName, plan]));
  });
  return {
    prefix: 'plan',
    async authorize(actor, documentName) {
      const plan = await planOf(documentName);
      if (!plan) throw notFound('Document');
      const roles = await policy.authorize(actor, rule.connect, planScope(plan), 'remembered');
      guard.remember(documentName, metaOf(plan));
      // what the `votes` root holds now: clients may not change it (only roundtables write it, through the guard)
      if (!guard.knowsVotes(documentName)) {
        const state = docFrom(await collab.state(documentName));
        guard.rememberVotes(documentName, votesFingerprint(state));
        state.destroy();
      }
      return {
        canWrite: policy.can(roles, rule.write) && plan.status !== 'adopted',
        resourceIds: planResourceIds(plan),
      };
    },
    validate: (doc, documentName) => guard.judge(doc, documentName, caps),
    afterStore,
  };
}
