import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Markdown } from '../threads/Markdown';
import { Link, useParams, useSearchParams } from 'react-router';
import { PRIORITY_KINDS, type PriorityKind } from '../../shared/plans/schemas';
import type { DecisionView, MinutesView } from '../../shared/roundtables/schemas';
import { api, apiUrl } from '../app/api';
import { usePageTitle } from '../app/usePageTitle';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useAction } from '../ui/useAction';
import { useApiData } from '../ui/useApiData';
import { QuestionMeta } from './QuestionsPanel';
import { useZonedTime } from './useZonedTime';
import './roundtables.css';

function Decision({
  minutes,
  decision,
  onChanged,
}: {
  minutes: MinutesView;
  decision: DecisionView;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { run, busy, error } = useAction();
  const [kind, setKind] = useState<PriorityKind>('policy_outputs');
  return (
    <li>
      <bdi dir="auto">{decision.text}</bdi>
      {minutes.plan && decision.priorityId && (
        <>
          {' '}
          <Link to={`/plans/${minutes.plan.id}`} className="muted">
            {t('roundtables.minutes.onPlan')}
          </Link>
        </>
      )}
      {minutes.plan && !decision.priorityId && minutes.abilities.facilitate && (
        <span className="button-row no-print">
          <label className="inline-field">
            {t('plans.kind')}
            <select value={kind} onChange={(e) => setKind(e.target.value as PriorityKind)}>
              {PRIORITY_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`plans.kinds.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void run(async () => {
                await api('POST /api/roundtables/:id/decisions/priority', {
                  params: { id: minutes.roundtableId },
                  body: { session: minutes.session, decisionId: decision.id, kind },
                });
                onChanged();
              })
            }
          >
            {t('roundtables.minutes.toPlan')}
          </button>
        </span>
      )}
      <ErrorAlert error={error} />
    </li>
  );
}

/** A session's minutes: attendance, agenda, decisions, poll results, the notes and chat; printable and exportable. */
export function MinutesPage() {
  const { roundtableId = '' } = useParams();
  const [search] = useSearchParams();
  const session = Number(search.get('session') ?? 0) || 0;
  const { t, i18n } = useTranslation();
  const { format } = useZonedTime();
  const { data, error, reload } = useApiData('GET /api/roundtables/:id/minutes', {
    params: { id: roundtableId },
    query: { session },
  });
  usePageTitle(data ? t('roundtables.minutes.pageTitle', { title: data.minutes.title }) : undefined);
  if (error) return <ErrorAlert error={error} className="page-status error" />;
  if (!data) return <p className="page-status">{t('app.loading')}</p>;
  const m = data.minutes;
  const role = (r: string) => t(`roles.${r}`, { defaultValue: r });
  return (
    <div className="page minutes print-page">
      <h1>
        <bdi dir="auto">{m.title}</bdi>
      </h1>
      <p className="room-meta">
        {t('roundtables.minutes.title')} · {t(`languageNames.${m.language}`)}
      </p>
      <p className="button-row no-print">
        <Link to={`/roundtables/${m.roundtableId}?session=${m.session}`}>{t('roundtables.minutes.back')}</Link>
        <a
          href={apiUrl('GET /api/roundtables/:id/minutes.md', {
            params: { id: m.roundtableId },
            query: { session: m.session, lang: i18n.language },
          })}
          download
        >
          {t('roundtables.minutes.download')}
        </a>
        <button type="button" onClick={() => window.print()}>
          {t('roundtables.minutes.print')}
        </button>
      </p>
      <dl className="minutes-times">
        <dt>{t('roundtables.minutes.opened')}</dt>
        <dd>{m.openedAt ? format(m.openedAt) : '—'}</dd>
        <dt>{t('roundtables.minutes.closed')}</dt>
        <dd>{m.closedAt ? format(m.closedAt) : '—'}</dd>
      </dl>
      <section aria-labelledby="attendance-title">
        <h2 id="attendance-title">{t('roundtables.minutes.attendance', { count: m.attendance.length })}</h2>
        <div className="minutes-counts">
          <div>
            <h3>{t('roundtables.minutes.byCity')}</h3>
            <ul>
              {m.byCity.map((c) => (
                <li key={c.city}>
                  {c.city ? <bdi>{c.city}</bdi> : t('roundtables.minutes.noCity')}: {c.count}
                </li>
              ))}
            </ul>
          </div>
          <div>
            <h3>{t('roundtables.minutes.byRole')}</h3>
            <ul>
              {m.byRole.map((r) => (
                <li key={r.role}>
                  {role(r.role)}: {r.count}
                </li>
              ))}
            </ul>
          </div>
          {m.byLanguage.length > 0 && (
            <div>
              <h3>{t('roundtables.minutes.byLanguage')}</h3>
              <ul>
                {m.byLanguage.map((l) => (
                  <li key={l.session}>
                    <Link to={`/roundtables/${m.roundtableId}/minutes?session=${l.session}`}>
                      {t(`languageNames.${l.language}`)}
                    </Link>
                    : {l.count}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
        <ul className="attendance">
          {m.attendance.map((a) => (
            <li key={a.userId}>
              <bdi>{a.name}</bdi>{' '}
              <span className="muted">
                {role(a.role)}
                {a.city && (
                  <>
                    {' · '}
                    <bdi>{a.city}</bdi>
                  </>
                )}
                {' · '}
                {t('roundtables.time.duration', { minutes: a.minutes })}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="minutes-agenda">
        <h2 id="minutes-agenda">{t('roundtables.agenda.title')}</h2>
        <ol>
          {m.agenda.map((a, i) => (
            <li key={i}>
              <bdi dir="auto">{a.title}</bdi>{' '}
              <span className="muted">{t('roundtables.agenda.length', { minutes: a.minutes })}</span>
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="minutes-decisions">
        <h2 id="minutes-decisions">{t('roundtables.minutes.decisions')}</h2>
        {m.decisions.length === 0 ? (
          <p className="muted">{t('roundtables.minutes.none')}</p>
        ) : (
          <ul>
            {m.decisions.map((d) => (
              <Decision key={d.id} minutes={m} decision={d} onChanged={reload} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="minutes-questions">
        <h2 id="minutes-questions">{t('roundtables.questions.title')}</h2>
        {m.questions.length === 0 ? (
          <p className="muted">{t('roundtables.minutes.none')}</p>
        ) : (
          <ul>
            {m.questions.map((q) => (
              <li key={q.id}>
                <bdi dir="auto">{q.text}</bdi>{' '}
                <span className="muted">
                  <QuestionMeta question={q} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="minutes-polls">
        <h2 id="minutes-polls">{t('roundtables.polls.title')}</h2>
        {m.polls.length === 0 && <p className="muted">{t('roundtables.minutes.none')}</p>}
        {m.polls.map((poll, i) => (
          <article key={i} className="poll">
            <h3>
              <bdi dir="auto">{poll.question}</bdi>
            </h3>
            <p className="muted">{t('roundtables.polls.voters', { count: poll.voters })}</p>
            <ul className="poll-results">
              {poll.results.map((r, j) => (
                <li key={j}>
                  <span>
                    <bdi dir="auto">{r.label}</bdi>
                  </span>
                  <span>
                    {t(poll.kind === 'dots' ? 'roundtables.polls.dotCount' : 'roundtables.polls.voteCount', {
                      count: r.count,
                    })}
                  </span>
                </li>
              ))}
            </ul>
          </article>
        ))}
      </section>
      <section aria-labelledby="minutes-notes">
        <h2 id="minutes-notes">{t('roundtables.notes.title')}</h2>
        {m.notes ? (
          <div className="minutes-notes">
            <Markdown text={m.notes} />
          </div>
        ) : (
          <p className="muted">{t('roundtables.minutes.none')}</p>
        )}
      </section>
      <p>
        <Link to={`/rooms/${m.roomId}`}>{t('roundtables.chat')}</Link>
      </p>
    </div>
  );
}
