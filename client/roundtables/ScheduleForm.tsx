import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ROUNDTABLE_LANGUAGES, type RoundtableLanguage } from '../../shared/languages';
import { api } from '../app/api';
import { usePageTitle } from '../app/usePageTitle';
import { Checklist } from '../ui/Checklist';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useAction } from '../ui/useAction';
import { useApiData } from '../ui/useApiData';
import { localZone } from './useZonedTime';

interface AgendaRow {
  key: number;
  title: string;
  minutes: number;
  presenter: string;
}

const ZONES: string[] = (() => {
  const here = localZone();
  try {
    // the list leaves out "UTC" (a device set to it would otherwise see the first zone, Africa/Abidjan, chosen)
    const zones = Intl.supportedValuesOf('timeZone');
    return zones.includes(here) ? zones : [here, ...zones];
  } catch {
    return [here];
  }
})();

/** Schedules a roundtable for a group: time in a zone, language sessions, agenda, plan, link and people. */
export function ScheduleForm() {
  const { groupId = '' } = useParams();
  const { t } = useTranslation();
  usePageTitle(t('roundtables.schedule.title'));
  const navigate = useNavigate();
  const { run, busy, error } = useAction();
  const group = useApiData('GET /api/groups/:id', { params: { id: groupId } });
  const plans = useApiData('GET /api/groups/:id/plans', { params: { id: groupId } });
  const [title, setTitle] = useState('');
  const [start, setStart] = useState('');
  const [timeZone, setTimeZone] = useState(localZone());
  const [duration, setDuration] = useState(90);
  const [languages, setLanguages] = useState<RoundtableLanguage[]>([]);
  const [agenda, setAgenda] = useState<AgendaRow[]>([{ key: 0, title: '', minutes: 15, presenter: '' }]);
  const [planId, setPlanId] = useState('');
  const [callUrl, setCallUrl] = useState('');
  const [facilitators, setFacilitators] = useState<string[]>([]);
  const [invitees, setInvitees] = useState<string[]>([]);

  const setRow = (key: number, patch: Partial<AgendaRow>) =>
    setAgenda((rows) => rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const { roundtable } = await api('POST /api/groups/:id/roundtables', {
        params: { id: groupId },
        body: {
          title,
          start,
          timeZone,
          durationMinutes: duration,
          languages,
          agenda: agenda
            .filter((r) => r.title.trim())
            .map(({ title: itemTitle, minutes, presenter }) => ({ title: itemTitle, minutes, presenter })),
          planId: planId || null,
          callUrl,
          facilitators,
          invitees,
        },
      });
      await navigate(`/roundtables/${roundtable.id}`);
    });
  };

  const people = (group.data?.group.members ?? []).map((m) => ({ value: m.id, label: <bdi>{m.name}</bdi> }));
  return (
    <div className="page">
      <h1>{t('roundtables.schedule.title')}</h1>
      {group.data && (
        <p className="room-meta">
          <bdi>{group.data.group.name}</bdi>
        </p>
      )}
      <form className="stack-form schedule-form" onSubmit={submit}>
        <label>
          {t('roundtables.schedule.name')}
          <input
            type="text"
            dir="auto"
            required
            maxLength={200}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
        </label>
        <div className="field-row">
          <label>
            {t('roundtables.schedule.start')}
            <input type="datetime-local" required value={start} onChange={(e) => setStart(e.target.value)} />
          </label>
          <label>
            {t('roundtables.schedule.timeZone')}
            <select value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
              {ZONES.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('roundtables.schedule.duration')}
            <input
              type="number"
              min={15}
              max={600}
              step={5}
              required
              value={duration}
              onChange={(e) => setDuration(Number(e.target.value))}
            />
          </label>
        </div>
        <Checklist
          legend={t('roundtables.schedule.languages')}
          hint={t('roundtables.schedule.languagesHint')}
          items={ROUNDTABLE_LANGUAGES.map((language) => ({ value: language, label: t(`languageNames.${language}`) }))}
          selected={languages}
          onChange={setLanguages}
        />
        <fieldset>
          <legend>{t('roundtables.agenda.title')}</legend>
          <ol className="agenda-rows">
            {agenda.map((row, i) => (
              <li key={row.key} className="field-row">
                <label>
                  {t('roundtables.agenda.item', { index: i + 1 })}
                  <input
                    type="text"
                    dir="auto"
                    maxLength={200}
                    value={row.title}
                    onChange={(e) => setRow(row.key, { title: e.target.value })}
                  />
                </label>
                <label>
                  {t('roundtables.agenda.minutes')}
                  <input
                    type="number"
                    min={1}
                    max={480}
                    value={row.minutes}
                    onChange={(e) => setRow(row.key, { minutes: Number(e.target.value) })}
                  />
                </label>
                <label>
                  {t('roundtables.agenda.presenter')}
                  <input
                    type="text"
                    dir="auto"
                    maxLength={120}
                    value={row.presenter}
                    onChange={(e) => setRow(row.key, { presenter: e.target.value })}
                  />
                </label>
                <button
                  type="button"
                  className="button-quiet"
                  onClick={() => setAgenda((rows) => rows.filter((r) => r.key !== row.key))}
                >
                  {t('roundtables.agenda.remove', { index: i + 1 })}
                </button>
              </li>
            ))}
          </ol>
          <button
            type="button"
            onClick={() =>
              setAgenda((rows) => [
                ...rows,
                { key: Math.max(0, ...rows.map((r) => r.key)) + 1, title: '', minutes: 15, presenter: '' },
              ])
            }
          >
            {t('roundtables.agenda.add')}
          </button>
        </fieldset>
        <label>
          {t('roundtables.schedule.plan')}
          <select value={planId} onChange={(e) => setPlanId(e.target.value)}>
            <option value="">{t('roundtables.schedule.noPlan')}</option>
            {(plans.data?.plans ?? []).map((plan) => (
              <option key={plan.id} value={plan.id}>
                {t('plans.periodLabel', { period: plan.period.replace('-', ' ') })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('roundtables.schedule.callUrl')}
          <input type="url" dir="ltr" maxLength={500} value={callUrl} onChange={(e) => setCallUrl(e.target.value)} />
          <span className="muted">{t('roundtables.schedule.callUrlHint')}</span>
        </label>
        <Checklist
          legend={t('roundtables.schedule.facilitators')}
          items={people}
          selected={facilitators}
          onChange={setFacilitators}
        />
        <Checklist
          legend={t('roundtables.schedule.invitees')}
          hint={t('roundtables.schedule.inviteesHint')}
          items={people}
          selected={invitees}
          onChange={setInvitees}
        />
        <ErrorAlert error={error} />
        <button type="submit" disabled={busy || !title.trim() || !start || languages.length === 0}>
          {t('roundtables.schedule.submit')}
        </button>
      </form>
    </div>
  );
}
