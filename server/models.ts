import type { Connection } from 'mongoose';
import { accountModels } from './accounts/erasure.model.js';
import { auditModels } from './audit/audit.model.js';
import { authModels } from './auth/models.js';
import { collabModels } from './collab/collab.model.js';
import { invitationModels } from './invitations/invitation.model.js';
import { networkModels } from './network/network.model.js';
import { planModels } from './plans/plan.model.js';
import { roomModels } from './rooms/room.model.js';
import { roundtableModels } from './roundtables/roundtable.model.js';
import { threadModels } from './threads/message.model.js';

/**
 * Every domain's models on one connection. Only the composition root (app.ts),
 * the seed, the admin CLI and tests use the whole set; services take their own.
 */
export function createModels(conn: Connection) {
  return {
    ...authModels(conn),
    ...auditModels(conn),
    ...accountModels(conn),
    ...networkModels(conn),
    ...roomModels(conn),
    ...threadModels(conn),
    ...planModels(conn),
    ...roundtableModels(conn),
    ...invitationModels(conn),
    ...collabModels(conn),
  };
}

export type Models = ReturnType<typeof createModels>;
