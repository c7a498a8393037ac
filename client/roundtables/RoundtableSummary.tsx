import { useTranslation } from 'react-i18next';
import type { RoundtableView, RsvpAnswer } from '../../shared/roundtables/schemas';
import { RSVP_ANSWERS } from '../../shared/roundtables/answers';
import { api, apiUrl } from '../app/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useAction } from '../ui/useAction';
import { useZonedTime } from './useZonedTime';

/** When it is, for the reader and for the organiser (when their zones differ). */
export function RoundtableTime({ roundtable }: { roundtable: RoundtableView }) {
  const { t } = useTranslation();
  const { format, zoneName } = useZonedTime();
  const mine = format(roundtable.startsAt);
  const theirs = format(roundtable.startsAt, roundtable.timeZone);
  return (
    <p className="roundtable-time">
      <span>{t('roundtables.time.yours', { time: mine })}</span>
      {theirs !== mine && (
        <span className="muted">
          {t('roundtables.time.organiser', { time: theirs, zone: zoneName(roundtable.startsAt, roundtable.timeZone) })}
        </span>
      )}
      <span className="muted">{t('roundtables.time.duration', { minutes: roundtable.durationMinutes })}</span>
    </p>
  );
}

/** RSVP buttons and the calendar invite. */
export function RsvpBar({ roundtable, onChanged }: { roundtable: RoundtableView; onChanged: () => void }) {
  const { t } = useTranslation();
  const { run, busy, error } = useAction();
  const answer = (value: RsvpAnswer) =>
    void run(async () => {
      await api('POST /api/roundtables/:id/rsvp', { params: { id: roundtable.id }, body: { answer: value } });
      onChanged();
    });
  return (
    <div className="rsvp-bar">
      {roundtable.abilities.participate && (
        <div role="group" aria-label={t('roundtables.rsvp.label')} className="button-row">
          {RSVP_ANSWERS.map((value) => (
            <button
              key={value}
              type="button"
              aria-pressed={roundtable.myRsvp === value}
              disabled={busy}
              onClick={() => answer(value)}
            >
              {t(`roundtables.rsvp.${value}`)}
            </button>
          ))}
        </div>
      )}
      <span className="muted">{t('roundtables.rsvp.counts', roundtable.rsvps)}</span>
      <a href={apiUrl('GET /api/roundtables/:id/invite.ics', { params: { id: roundtable.id } })} download>
        {t('roundtables.ics')}
      </a>
      <ErrorAlert error={error} />
    </div>
  );
}
