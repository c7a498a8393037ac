import { useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { CreatedInvitation } from '../../shared/schemas/invitations';
import { MEMBERSHIP_ROLES, type MembershipRole } from '../../shared/schemas/network';
import { api, ApiRequestError } from '../app/api';
import { CopyLink } from '../ui/CopyLink';
import { ErrorAlert } from '../ui/ErrorAlert';
import { SelectField } from '../ui/SelectField';
import { useAction } from '../ui/useAction';

/** Into a group with a role, or into one room (a roundtable session) as a guest. */
export type InviteTarget = { groupId: string } | { roomId: string };

/** Invites one person by email (into a group with a role, or into a room as a guest); shows the one-time link to pass on. */
export function InviteForm({ target, onCreated }: { target: InviteTarget; onCreated?: () => void }) {
  const { t } = useTranslation();
  const { run, busy, error } = useAction();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<MembershipRole>('member');
  const [created, setCreated] = useState<CreatedInvitation | null>(null);

  const alreadyInvited = error instanceof ApiRequestError && error.error.code === 'already_invited';

  const invite = (resend: boolean) => {
    setCreated(null);
    void run(async () => {
      const result =
        'groupId' in target
          ? await api('POST /api/groups/:id/invitations', {
              params: { id: target.groupId },
              body: { email, role, resend },
            })
          : await api('POST /api/rooms/:id/invitations', { params: { id: target.roomId }, body: { email, resend } });
      setCreated(result);
      setEmail('');
      onCreated?.();
    });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite(false);
  };

  return (
    <>
      <form className="inline-form" onSubmit={submit}>
        <label>
          {t('invitations.email')}
          <input type="email" dir="ltr" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        {'groupId' in target && (
          <SelectField
            label={t('invitations.role')}
            value={role}
            onChange={(e) => setRole(MEMBERSHIP_ROLES.find((r) => r === e.target.value) ?? 'member')}
          >
            {MEMBERSHIP_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </SelectField>
        )}
        <button type="submit" disabled={busy || !email.trim()}>
          {busy ? t('invitations.sending') : t('invitations.send')}
        </button>
      </form>
      {alreadyInvited ? (
        <div className="notice" role="alert">
          <p>
            <Trans i18nKey="invitations.alreadyInvited" values={{ email }} components={{ email: <bdi /> }} />
          </p>
          <button type="button" className="button-quiet" disabled={busy} onClick={() => invite(true)}>
            {t('invitations.resend')}
          </button>
        </div>
      ) : (
        <ErrorAlert error={error} />
      )}
      {created && (
        <div className="notice" role="status">
          <p>
            <Trans
              i18nKey={created.emailed ? 'invitations.emailed' : 'invitations.notEmailed'}
              values={{ email: created.invitation.email }}
              components={{ email: <bdi /> }}
            />
          </p>
          <CopyLink label={t('invitations.link')} link={created.link} />
        </div>
      )}
    </>
  );
}
