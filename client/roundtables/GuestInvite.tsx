import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoundtableView } from '../../shared/roundtables/schemas';
import { InviteForm } from '../invitations/InviteForm';
import { SelectField } from '../ui/SelectField';

/**
 * Invites a guest (a mayor from outside the group) by link into one language session: the
 * existing room invitations, into that session's room. Shown to those who may invite.
 */
export function GuestInvite({ roundtable, session }: { roundtable: RoundtableView; session: number }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState(session);
  const target = roundtable.sessions[chosen] ?? roundtable.sessions[0]!;
  return (
    <details className="live-card guest-invite">
      <summary>{t('roundtables.invite.title')}</summary>
      <p className="muted">{t('roundtables.invite.hint')}</p>
      {roundtable.sessions.length > 1 && (
        <SelectField
          label={t('roundtables.invite.session')}
          value={String(target.index)}
          onChange={(e) => setChosen(Number(e.target.value))}
        >
          {roundtable.sessions.map((s) => (
            <option key={s.index} value={s.index}>
              {t(`languageNames.${s.language}`)}
            </option>
          ))}
        </SelectField>
      )}
      <InviteForm key={target.roomId} target={{ roomId: target.roomId }} />
    </details>
  );
}
