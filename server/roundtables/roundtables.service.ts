import { randomUUID } from 'node:crypto';
import { type Types } from 'mongoose';
import {
  embeddableCall,
  type RoundtableBody,
  type RoundtableView,
  type RsvpAnswer,
  type roundtablePatchSchema,
  type roundtableBodySchema,
} from '../../shared/roundtables/schemas.js';
import { zonedToInstant } from '../../shared/roundtables/time.js';
import type { z } from 'zod';
import type { AuditLog } from '../audit/audit.service.js';
import type { AuthModels } from '../auth/models.js';
import { badRequest } from '../errors.js';
import type { GroupRecord, NetworkModels } from '../network/network.model.js';
import type { PlanModels, PlanRecord } from '../plans/plan.model.js';
import type { Role } from '../policy/permissions.js';
import type { Actor, Policy } from '../policy/policy.js';
import type { RoomsService } from '../rooms/rooms.service.js';
import type { RoundtableModels, RoundtableRecord } from './roundtable.model.js';
import { roundtableScope, visibleRoundtableFilter } from './scope.js';

type Models = RoundtableModels & NetworkModels & Pick<PlanModels, 'Plan'> & Pick<AuthModels, 'User'>;
type Body = z.output<typeof roundtableBodySchema>;
type Patch = z.output<typeof roundtablePatchSchema>;

/** Scheduling, the views people see, RSVPs. */
export class RoundtablesService {
  constructor(
    private readonly models: Models,
    private readonly policy: Policy,
    private readonly rooms: RoomsService,
    private readonly audit: AuditLog,
    private readonly options: { machineTranslation: boolean; jitsiOrigin: string | null },
  ) {}

  async schedule(actor: Actor, group: GroupRecord, body: Body): Promise<RoundtableRecord> {
    await this.checkPeopleAndPlan(group._id, body);
    const rooms: { _id: Types.ObjectId }[] = [];
    for (const language of body.languages) {
      const title = body.languages.length > 1 ? `${body.title} (${language})` : body.title;
      rooms.push(await this.rooms.create(actor, group, { title, languages: [language] }));
    }
    const created = await this.models.Roundtable.create({
      title: body.title,
      groupId: group._id,
      hubId: group.hubId ?? null,
      startsAt: zonedToInstant(body.start, body.timeZone),
      timeZone: body.timeZone,
      durationMinutes: body.durationMinutes,
      sessions: body.languages.map((language, i) => ({
        language,
        roomId: rooms[i]!._id,
        notesDocument: `notes-${randomUUID()}`,
      })),
      agenda: body.agenda,
      planId: body.planId,
      callUrl: body.callUrl,
      facilitators: body.facilitators,
      invitees: body.invitees,
      createdBy: actor.id,
    });
    await this.audit.record({
      actor,
      action: 'roundtable.scheduled',
      groupId: group._id,
      target: { id: String(created._id), name: body.title },
      details: { startsAt: created.startsAt.toISOString(), timeZone: body.timeZone },
    });
    return created.toObject() as RoundtableRecord;
  }

  async update(actor: Actor, roundtable: RoundtableRecord, patch: Patch): Promise<RoundtableRecord> {
    const merged = { ...roundtable, ...patch };
    await this.checkPeopleAndPlan(roundtable.groupId, {
      planId: patch.planId === undefined ? (roundtable.planId ? String(roundtable.planId) : null) : patch.planId,
      facilitators: patch.facilitators ?? roundtable.facilitators.map(String),
      invitees: patch.invitees ?? roundtable.invitees.map(String),
    });
    const set: Record<string, unknown> = {};
    for (const key of ['title', 'durationMinutes', 'agenda', 'planId', 'callUrl', 'facilitators', 'invitees'] as const)
      if (patch[key] !== undefined) set[key] = patch[key];
    const timeZone = patch.timeZone ?? roundtable.timeZone;
    if (patch.start !== undefined || patch.timeZone !== undefined) {
      if (patch.start === undefined) throw badRequest('start: needed when the time zone changes');
      set.startsAt = zonedToInstant(patch.start, timeZone);
      set.timeZone = timeZone;
    }
    const timeChanged =
      (set.startsAt instanceof Date && set.startsAt.getTime() !== roundtable.startsAt.getTime()) ||
      (patch.durationMinutes !== undefined && patch.durationMinutes !== roundtable.durationMinutes);
    const updated = await this.models.Roundtable.findByIdAndUpdate(
      roundtable._id,
      { $set: set, ...(timeChanged ? { $inc: { sequence: 1 } } : {}) },
      { returnDocument: 'after' },
    ).lean<RoundtableRecord>();
    await this.audit.record({
      actor,
      action: 'roundtable.updated',
      groupId: roundtable.groupId,
      target: { id: String(roundtable._id), name: merged.title },
      details: { fields: Object.keys(set).join(',') },
    });
    return updated!;
  }

  async rsvp(actor: Actor, roundtable: RoundtableRecord, answer: RsvpAnswer): Promise<void> {
    await this.models.RoundtableRsvp.updateOne(
      { roundtableId: roundtable._id, userId: actor.id },
      { $set: { answer } },
      { upsert: true },
    );
  }

  /** Upcoming (not yet over) roundtables the person may see, soonest first. */
  async upcoming(actor: Actor, now = new Date()): Promise<RoundtableView[]> {
    const standing = await this.policy.standing(actor);
    const candidates = await this.models.Roundtable.find({
      ...visibleRoundtableFilter(standing, actor.id),
      startsAt: { $gte: new Date(now.getTime() - 24 * 3_600_000) },
    })
      .sort({ startsAt: 1 })
      .limit(100)
      .lean<RoundtableRecord[]>();
    const live = candidates.filter((r) => r.startsAt.getTime() + r.durationMinutes * 60_000 > now.getTime());
    const views = [];
    for (const roundtable of live.slice(0, 20)) {
      const roles = await this.policy.rolesOn(actor, roundtableScope(roundtable), standing);
      if (this.policy.can(roles, 'roundtable.read')) views.push(await this.view(actor, roundtable, roles));
    }
    return views;
  }

  async view(actor: Actor, roundtable: RoundtableRecord, roles: Set<Role>): Promise<RoundtableView> {
    const people = [...roundtable.facilitators, ...roundtable.invitees];
    const [group, plan, users, counts, mine] = await Promise.all([
      this.models.Group.findById(roundtable.groupId).select('name').lean(),
      roundtable.planId ? this.models.Plan.findById(roundtable.planId).lean<PlanRecord>() : null,
      this.models.User.find({ _id: { $in: people } })
        .select('name')
        .lean(),
      this.models.RoundtableRsvp.aggregate<{ _id: RsvpAnswer; n: number }>([
        { $match: { roundtableId: roundtable._id } },
        { $group: { _id: '$answer', n: { $sum: 1 } } },
      ]),
      this.models.RoundtableRsvp.findOne({ roundtableId: roundtable._id, userId: actor.id }).lean(),
    ]);
    const nameOf = new Map(users.map((u) => [String(u._id), u.name]));
    const person = (id: Types.ObjectId) => ({ id: String(id), name: nameOf.get(String(id)) ?? '' });
    const rsvps = { yes: 0, no: 0, maybe: 0 };
    for (const c of counts) rsvps[c._id] = c.n;
    return {
      id: String(roundtable._id),
      title: roundtable.title,
      group: { id: String(roundtable.groupId), name: group?.name ?? '' },
      startsAt: roundtable.startsAt.toISOString(),
      timeZone: roundtable.timeZone,
      durationMinutes: roundtable.durationMinutes,
      sessions: roundtable.sessions.map((s, index) => ({
        index,
        language: s.language,
        roomId: String(s.roomId),
        notesDocument: s.notesDocument ?? null,
      })),
      agenda: roundtable.agenda.map((a) => ({ title: a.title, minutes: a.minutes, presenter: a.presenter })),
      plan: plan ? { id: String(plan._id), documentName: plan.documentName, period: plan.period } : null,
      callUrl: roundtable.callUrl,
      facilitators: roundtable.facilitators.map(person),
      invitees: roundtable.invitees.map(person),
      rsvps,
      myRsvp: (mine?.answer as RsvpAnswer | undefined) ?? null,
      sequence: roundtable.sequence,
      machineTranslation: this.options.machineTranslation,
      callEmbed: embeddableCall(roundtable.callUrl, this.options.jitsiOrigin),
      abilities: this.policy.abilities(roles, 'roundtable'),
    };
  }

  /** Facilitators and invitees are members of the group; the plan is the group's. */
  private async checkPeopleAndPlan(
    groupId: Types.ObjectId,
    body: Pick<RoundtableBody, 'planId' | 'facilitators' | 'invitees'>,
  ): Promise<void> {
    const people = [...new Set([...(body.facilitators ?? []), ...(body.invitees ?? [])])];
    const members = await this.models.Membership.countDocuments({ groupId, userId: { $in: people } });
    if (members !== people.length) throw badRequest('facilitators and invitees must be members of the group');
    if (body.planId) {
      const plan = await this.models.Plan.findOne({ _id: body.planId, groupId }).select('_id').lean();
      if (!plan) throw badRequest("planId: must be one of the group's plans");
    }
  }
}
