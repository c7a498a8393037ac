import { useTranslation } from 'react-i18next';
import type { InvitationPreview } from '../../shared/schemas/invitations';
import { useDateFormat } from '../ui/useDateFormat';

/** Who invited whom into what, with which role, until when. */
export function InvitationSummary({ preview }: { preview: InvitationPreview }) {
  const { t } = useTranslation();
  const formatDate = useDateFormat();
  return (
    <dl className="summary">
      <dt>{t('invite.invitedBy')}</dt>
      <dd>
        <bdi>{preview.invitedBy}</bdi>
      </dd>
      {preview.group && (
        <>
          <dt>{t('invite.group')}</dt>
          <dd>
            <bdi dir="auto">{preview.group.name}</bdi>
          </dd>
        </>
      )}
      {preview.room && (
        <>
          <dt>{t('invite.room')}</dt>
          <dd>
            <bdi dir="auto">{preview.room.title}</bdi>
          </dd>
        </>
      )}
      <dt>{t('invite.role')}</dt>
      <dd>{t(`roles.${preview.role}`)}</dd>
      <dt>{t('invite.for')}</dt>
      <dd>
        <bdi>{preview.email}</bdi>
      </dd>
      <dt>{t('invite.expires')}</dt>
      <dd>{formatDate(preview.expiresAt)}</dd>
    </dl>
  );
}
