import { Types } from 'mongoose';
import * as Y from 'yjs';
import { readPlan, type PlanState, type PriorityState } from '../../shared/plans/doc.js';
import type {
  PlanDiff,
  PriorityChange,
  PriorityField,
  VersionReason,
  VersionSummary,
  VersionView,
} from '../../shared/plans/schemas.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { AuthModels } from '../auth/models.js';
import type { CollabServer } from '../collab/server.js';
import { conflict, notFound } from '../errors.js';
import type { NetworkModels } from '../network/network.model.js';
import type { Actor } from '../policy/policy.js';
import type { PlanGuard } from './collab.js';
import { bytesOf, type PlanModels, type PlanRecord, type PlanVersionRecord } from './plan.model.js';
import { docFrom, restoreContent } from './restore.js';
import { namesFor, priorityView } from './views.js';
import { AUTO_VERSION_NAMES } from '../../shared/plans/versionNames.js';

type Models = PlanModels & NetworkModels & Pick<AuthModels, 'User'>;

const summary = (v: PlanVersionRecord): VersionSummary => ({
  id: String(v._id),
  name: v.name,
  reason: v.reason,
  author: v.authorId ? { id: v.authorId, name: v.authorName } : null,
  createdAt: v.createdAt.toISOString(),
});

const FIELDS: PriorityField[] = ['kind', 'title', 'description', 'status', 'owner', 'target', 'cities', 'order'];
const fieldText = (p: PriorityState, field: PriorityField) =>
  field === 'cities' ? p.cities.join(',') : String(p[field as Exclude<PriorityField, 'cities'>] ?? '');

/** What changed from one plan state to another. */
export function diffStates(
  from: PlanState,
  to: PlanState,
  labels: { from: PlanDiff['from']; to: PlanDiff['to'] },
): PlanDiff {
  const before = new Map(from.priorities.map((p) => [p.id, p]));
  const after = new Map(to.priorities.map((p) => [p.id, p]));
  const changed: PriorityChange[] = [];
  for (const p of to.priorities) {
    const old = before.get(p.id);
    if (!old) continue;
    const fields = FIELDS.filter((f) => fieldText(old, f) !== fieldText(p, f));
    if (fields.length === 0) continue;
    changed.push({
      id: p.id,
      title: p.title,
      fields,
      before: Object.fromEntries(fields.map((f) => [f, fieldText(old, f)])),
      after: Object.fromEntries(fields.map((f) => [f, fieldText(p, f)])),
    });
  }
  const brief = (p: PriorityState) => ({ id: p.id, title: p.title, kind: p.kind });
  return {
    ...labels,
    titleChanged: from.title !== to.title ? { before: from.title, after: to.title } : null,
    introChanged: from.intro !== to.intro ? { before: from.intro, after: to.intro } : null,
    added: to.priorities.filter((p) => !before.has(p.id)).map(brief),
    removed: from.priorities.filter((p) => !after.has(p.id)).map(brief),
    changed,
  };
}

/** Named versions and checkpoints of a plan: the whole Yjs state, opened read-only, compared, restored. */
export class PlanVersions {
  constructor(
    private readonly models: Models,
    private readonly collab: CollabServer,
    private readonly guard: PlanGuard,
    private readonly audit: AuditLog,
  ) {}

  /** Stores a version of the plan as it is now (or of `state`). */
  async take(
    plan: PlanRecord,
    name: string,
    reason: VersionReason,
    actor: Actor | null,
    state?: Uint8Array,
  ): Promise<VersionSummary> {
    const bytes = state ?? (await this.collab.state(plan.documentName));
    const createdAt = new Date();
    const version = await this.models.PlanVersion.create({
      planId: plan._id,
      name,
      reason,
      authorId: actor?.id ?? '',
      authorName: actor?.name ?? '',
      state: Buffer.from(bytes),
      createdAt,
    });
    return summary(version.toObject() as PlanVersionRecord);
  }

  async list(plan: PlanRecord): Promise<VersionSummary[]> {
    const rows = await this.models.PlanVersion.find({ planId: plan._id })
      .select('-state')
      .sort({ createdAt: -1, _id: -1 })
      .lean<PlanVersionRecord[]>();
    return rows.map(summary);
  }

  private async load(plan: PlanRecord, versionId: string): Promise<PlanVersionRecord> {
    const version = Types.ObjectId.isValid(versionId)
      ? await this.models.PlanVersion.findOne({ _id: versionId, planId: plan._id }).lean<PlanVersionRecord>()
      : null;
    if (!version) throw notFound('Version');
    return version;
  }

  private async stateOf(plan: PlanRecord, versionId: string): Promise<{ state: PlanState; label: PlanDiff['from'] }> {
    if (versionId === 'current') {
      const doc = docFrom(await this.collab.state(plan.documentName));
      const state = readPlan(doc);
      doc.destroy();
      return { state, label: { id: 'current', name: 'current' } };
    }
    const version = await this.load(plan, versionId);
    const doc = docFrom(bytesOf(version.state));
    const state = readPlan(doc);
    doc.destroy();
    return { state, label: { id: String(version._id), name: version.name } };
  }

  /** The plan as it was at a version, read-only. */
  async view(plan: PlanRecord, versionId: string): Promise<VersionView> {
    const version = await this.load(plan, versionId);
    const { state } = await this.stateOf(plan, versionId);
    const names = await namesFor(this.models, [plan], state.priorities);
    return {
      ...summary(version),
      plan: {
        id: String(plan._id),
        groupId: String(plan.groupId),
        group: names.group(String(plan.groupId)),
        hub: names.hub(plan.hubId ? String(plan.hubId) : null),
        period: plan.period,
        status: state.meta.status ?? plan.status,
        documentName: plan.documentName,
        title: state.title,
        intro: state.intro,
        priorities: state.priorities.map((p) => priorityView(p, names)),
        lastEditedBy: null,
        createdAt: plan.createdAt.toISOString(),
        updatedAt: version.createdAt.toISOString(),
      },
    };
  }

  async diff(plan: PlanRecord, from: string, to: string): Promise<PlanDiff> {
    const a = await this.stateOf(plan, from);
    const b = await this.stateOf(plan, to);
    return diffStates(a.state, b.state, { from: a.label, to: b.label });
  }

  /**
   * Restores a version as a new change through the sync server (every connected
   * client receives it); the state before is kept as a version first.
   */
  async restore(actor: Actor, plan: PlanRecord, versionId: string): Promise<void> {
    if (plan.status === 'adopted') throw conflict('An adopted plan cannot be changed.').because('plan_adopted');
    const version = await this.load(plan, versionId);
    await this.take(plan, AUTO_VERSION_NAMES.restore(version.name), 'restore', actor);
    const old = new Y.Doc();
    Y.applyUpdate(old, bytesOf(version.state));
    try {
      await this.guard.write(plan.documentName, (doc) => restoreContent(doc, old), {
        kind: 'server',
        reason: `restore ${String(version._id)}`,
        actor,
      });
    } finally {
      old.destroy();
    }
    await this.models.PlanHistory.create({
      planId: plan._id,
      userId: actor.id,
      userName: actor.name,
      action: 'restored',
      detail: version.name,
      at: new Date(),
    });
    await this.audit.record({
      actor,
      action: 'plan.restored',
      target: { id: String(plan._id), name: plan.title },
      groupId: plan.groupId,
      details: { period: plan.period, version: version.name },
    });
  }
}
