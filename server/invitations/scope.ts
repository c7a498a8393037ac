import { objectIdSchema } from '../../shared/schemas/common.js';
import { notFound } from '../errors.js';
import { parse } from '../http/validate.js';
import type { NetworkModels } from '../network/network.model.js';
import { groupScope, loadGroup } from '../network/scope.js';
import type { Policy } from '../policy/policy.js';
import type { RoomModels } from '../rooms/room.model.js';
import { loadRoom } from '../rooms/scope.js';
import type { InvitationModels } from './invitation.model.js';

/** `invitation:param`: an invitation is managed on the group it is for (or the group of its room). */
export function registerInvitationPolicy(policy: Policy, models: InvitationModels & RoomModels & NetworkModels): void {
  policy.registerScope('invitation:param', async ({ params }) => {
    const invitation = await models.Invitation.findById(parse(objectIdSchema, params.id)).lean();
    if (!invitation) throw notFound('Invitation');
    const groupId = invitation.groupId ?? (await loadRoom(models, String(invitation.roomId))).groupId;
    return groupScope(await loadGroup(models, String(groupId)));
  });
}
