export const AUDIT_ACTIONS = [
  'auth.signed_in',
  'auth.sign_in_refused',
  'auth.signed_out_everywhere',
  'auth.password_reset_issued',
  'auth.password_reset',
  'auth.password_changed',
  'membership.added',
  'membership.role_changed',
  'membership.removed',
  'invitation.created',
  'invitation.revoked',
  'invitation.accepted',
  'group.created',
  'group.updated',
  'room.created',
  'plan.created',
  'plan.status_changed',
  'plan.restored',
  'roundtable.scheduled',
  'roundtable.updated',
  'account.deleted',
  'account.erased',
  'account.erasure_requested',
  'message.hidden',
  'message.unhidden',
  'translation.corrected',
  'translation.report_dismissed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntryView {
  id: string;
  at: string;
  action: AuditAction;
  actor: { id: string | null; name: string };
  target: { id: string; name: string } | null;
  groupId: string | null;
  roomId: string | null;
  details: Record<string, string | number | boolean | null>;
}
