import type * as Y from 'yjs';
import type { PlanStatus } from '../../shared/plans/schemas.js';
import { PLAN_REFUSALS, validatePlanDoc, type PlanCaps } from '../../shared/plans/validate.js';
import { planMeta } from '../../shared/plans/doc.js';
import { planVotes } from '../../shared/plans/votes.js';
import type { DocumentKind, UpdateContext } from '../collab/kinds.js';
import { batchedLookup } from '../db/batch.js';
import type { TransactionOrigin } from '../collab/origins.js';
import type { CollabServer } from '../collab/server.js';
import { notFound } from '../errors.js';
import type { Policy } from '../policy/policy.js';
import { COLLAB_RULES } from '../policy/rules.js';
import type { PlanModels, PlanRecord } from './plan.model.js';
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
 * What the validator must know of each plan: its record's meta (status included).
 * Only the server (a `transact` with a server origin) may change the `meta` and `votes`
 * roots; clients may change neither, and nothing but the server may change an adopted plan.
 */
export class PlanGuard {
  private readonly metas = new Map<string, PlanMetaRecord>();

  constructor(private readonly collab: CollabServer) {}

  remember(documentName: string, meta: PlanMetaRecord): void {
    this.metas.set(documentName, meta);
  }

  meta(documentName: string): PlanMetaRecord | undefined {
    return this.metas.get(documentName);
  }

  /** Changes the plan's document from the server (which may change `meta` and `votes`). */
  write(
    documentName: string,
    change: (doc: Y.Doc) => void,
    origin: Extract<TransactionOrigin, { kind: 'server' }>,
  ): Promise<void> {
    return this.collab.transact(documentName, change, origin);
  }

  /** The refusal for an update judged on `doc` right after it was applied, or null. */
  judge(doc: Y.Doc, documentName: string, caps: PlanCaps, { origin, transaction }: UpdateContext): string | null {
    const problem = validatePlanDoc(doc, caps);
    if (problem || origin.kind === 'server') return problem;
    // a client touching the server's vote results: any change under the `votes` root
    if (transaction.changed.has(planVotes(doc) as unknown as Y.AbstractType<Y.YEvent<Y.Map<unknown>>>))
      return PLAN_REFUSALS.votes;
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
      return {
        canWrite: policy.can(roles, rule.write) && plan.status !== 'adopted',
        resourceIds: planResourceIds(plan),
      };
    },
    validate: (doc, documentName, context) => guard.judge(doc, documentName, caps, context),
    afterStore,
  };
}
