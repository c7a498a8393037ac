import type { PersonalData } from '../accounts/personalData.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { NetworkModels } from './network.model.js';

/** A person's memberships: exported with group names; on deletion each group's log shows them leaving. */
export function networkPersonalData(models: NetworkModels, audit: AuditLog): PersonalData {
  return {
    key: 'memberships',
    async export(userId) {
      const memberships = await models.Membership.find({ userId }).lean();
      const groups = await models.Group.find({ _id: { $in: memberships.map((m) => m.groupId) } }).lean();
      const groupName = new Map(groups.map((g) => [String(g._id), g.name]));
      return memberships.map((m) => ({
        groupId: String(m.groupId),
        group: groupName.get(String(m.groupId)) ?? null,
        role: m.role,
      }));
    },
    async onAccountDeleted(person) {
      for (const membership of await models.Membership.find({ userId: person.id }).lean()) {
        await audit.record({
          actor: person,
          action: 'membership.removed',
          groupId: membership.groupId,
          target: { id: person.id, name: person.name },
          details: { role: membership.role, reason: 'account deleted' },
        });
      }
      await models.Membership.deleteMany({ userId: person.id });
    },
  };
}
