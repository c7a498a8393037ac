import type { Connection } from 'mongoose';
import { sessionSchema } from '../auth/session.model.js';
import { userSchema } from '../auth/user.model.js';
import { docHeadSchema, docSnapshotPartSchema, docUpdateSchema } from '../collab/collab.model.js';
import { auditEventSchema, erasureRequestSchema } from '../audit/audit.model.js';
import { invitationSchema, passwordResetSchema } from '../invitations/invitation.model.js';
import { citySchema, groupSchema, hubSchema, membershipSchema, roomGuestSchema } from '../network/network.model.js';
import { roomSchema } from '../rooms/room.model.js';
import { messageSchema } from '../threads/message.model.js';

/** Binds every schema to one connection, so several app instances can live in one process. */
export function createModels(conn: Connection) {
  return {
    User: conn.model('User', userSchema),
    Session: conn.model('Session', sessionSchema),
    Hub: conn.model('Hub', hubSchema),
    City: conn.model('City', citySchema),
    Group: conn.model('Group', groupSchema),
    Membership: conn.model('Membership', membershipSchema),
    RoomGuest: conn.model('RoomGuest', roomGuestSchema),
    Invitation: conn.model('Invitation', invitationSchema),
    PasswordReset: conn.model('PasswordReset', passwordResetSchema),
    AuditEvent: conn.model('AuditEvent', auditEventSchema),
    ErasureRequest: conn.model('ErasureRequest', erasureRequestSchema),
    Room: conn.model('Room', roomSchema),
    Message: conn.model('Message', messageSchema),
    DocUpdate: conn.model('DocUpdate', docUpdateSchema),
    DocSnapshotPart: conn.model('DocSnapshotPart', docSnapshotPartSchema),
    DocHead: conn.model('DocHead', docHeadSchema),
  };
}

export type Models = ReturnType<typeof createModels>;

/** Builds indexes up front so unique constraints hold from the first write. */
export async function syncIndexes(models: Models): Promise<void> {
  for (const model of Object.values(models)) await model.createIndexes();
}
