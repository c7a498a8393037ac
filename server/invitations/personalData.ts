import type { PersonalData } from '../accounts/personalData.js';
import type { InvitationModels } from './invitation.model.js';

/** The invitations a person sent (whom they invited, as what, when). */
export function invitationsPersonalData(models: InvitationModels): PersonalData {
  return {
    key: 'invitationsSent',
    async export(userId) {
      const sent = await models.Invitation.find({ invitedBy: userId }).sort({ _id: 1 }).lean();
      return sent.map((i) => ({
        email: i.email,
        role: i.role,
        createdAt: (i as { createdAt?: Date }).createdAt?.toISOString() ?? null,
      }));
    },
  };
}
