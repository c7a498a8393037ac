import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LiveAnnouncer } from './LiveAnnouncer';
import { Link } from 'react-router';
import { ENDONYMS, type UiLanguage } from '../../shared/languages';
import type { LiveState, RoundtableView } from '../../shared/roundtables/schemas';
import { useSession } from '../app/session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PollsPanel } from './PollsPanel';
import { QuestionsPanel } from './QuestionsPanel';
import { timeLeft, useLiveSession, useTick } from './useLiveSession';

type Send = ReturnType<typeof useLiveSession>['send'];

/** A countdown to a server instant, on this device's clock corrected to the server's. */
function Countdown({ deadline, now, label }: { deadline: string; now: () => number; label: string }) {
  useTick();
  const left = timeLeft(Date.parse(deadline), now());
  return (
    <span role="timer" aria-label={label} className={`countdown${left.seconds === 0 ? ' over' : ''}`}>
      {left.text}
    </span>
  );
}

function Speaker({ state, now }: { state: LiveState; now: () => number }) {
  const { t } = useTranslation();
  if (!state.speaker) return <p className="muted">{t('roundtables.live.noSpeaker')}</p>;
  return (
    <p className="speaker">
      <span>{t('roundtables.live.speaking')}</span> <bdi className="speaker-name">{state.speaker.name}</bdi>
      {state.speaker.deadline && (
        <Countdown deadline={state.speaker.deadline} now={now} label={t('roundtables.live.turnLeft')} />
      )}
    </p>
  );
}

function Queue({ state, facilitator, send }: { state: LiveState; facilitator: boolean; send: Send }) {
  const { t } = useTranslation();
  const move = (index: number, by: number) => {
    const order = state.queue.map((q) => q.userId);
    const [moved] = order.splice(index, 1);
    order.splice(index + by, 0, moved!);
    void send('roundtable:facilitate', { op: 'reorder', order });
  };
  return (
    <section aria-labelledby="queue-title" className="live-card">
      <h2 id="queue-title">{t('roundtables.live.queue', { count: state.queue.length })}</h2>
      {state.queue.length === 0 ? (
        <p className="muted">{t('roundtables.live.queueEmpty')}</p>
      ) : (
        <ol className="queue">
          {state.queue.map((q, i) => (
            <li key={q.userId}>
              <bdi>{q.name}</bdi>
              {facilitator && (
                <span className="button-row">
                  <button
                    type="button"
                    className="button-quiet"
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                    aria-label={t('roundtables.live.moveUp', { name: q.name })}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="button-quiet"
                    disabled={i === state.queue.length - 1}
                    onClick={() => move(i, 1)}
                    aria-label={t('roundtables.live.moveDown', { name: q.name })}
                  >
                    ↓
                  </button>
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Agenda({ roundtable, state, now }: { roundtable: RoundtableView; state: LiveState; now: () => number }) {
  const { t } = useTranslation();
  if (roundtable.agenda.length === 0) return null;
  const { index, startedAt } = state.agenda;
  const item = roundtable.agenda[index];
  return (
    <section aria-labelledby="agenda-title" className="live-card">
      <h2 id="agenda-title">{t('roundtables.agenda.title')}</h2>
      <ol className="agenda">
        {roundtable.agenda.map((a, i) => (
          <li key={i} aria-current={state.phase === 'open' && i === index ? 'step' : undefined}>
            <bdi dir="auto">{a.title}</bdi>{' '}
            <span className="muted">
              {t('roundtables.agenda.length', { minutes: a.minutes })}
              {a.presenter && (
                <>
                  {' · '}
                  <bdi dir="auto">{a.presenter}</bdi>
                </>
              )}
            </span>
            {state.phase === 'open' && i === index && startedAt && item && (
              <>
                {' '}
                <Countdown
                  deadline={new Date(Date.parse(startedAt) + item.minutes * 60_000).toISOString()}
                  now={now}
                  label={t('roundtables.agenda.timeLeft')}
                />
              </>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function FacilitatorBar({ roundtable, state, send }: { roundtable: RoundtableView; state: LiveState; send: Send }) {
  const { t } = useTranslation();
  const [limit, setLimit] = useState(String(state.speakerLimit / 60 || 3));
  if (state.phase === 'closed') return null;
  return (
    <section aria-label={t('roundtables.live.facilitation')} className="live-card facilitator-bar">
      {state.phase === 'lobby' ? (
        <button type="button" onClick={() => void send('roundtable:facilitate', { op: 'open' })}>
          {t('roundtables.live.open')}
        </button>
      ) : (
        <>
          <button type="button" onClick={() => void send('roundtable:facilitate', { op: 'next' })}>
            {t('roundtables.live.next')}
          </button>
          <button type="button" onClick={() => void send('roundtable:facilitate', { op: 'end-turn' })}>
            {t('roundtables.live.endTurn')}
          </button>
          <label className="inline-field">
            {t('roundtables.live.limit')}
            <input
              type="number"
              min={0}
              max={60}
              value={limit}
              onChange={(e) => setLimit(e.target.value)}
              onBlur={() =>
                void send('roundtable:facilitate', { op: 'limit', seconds: Math.round(Number(limit) * 60) || 0 })
              }
            />
          </label>
          {state.agenda.index < roundtable.agenda.length - 1 && (
            <button
              type="button"
              onClick={() => void send('roundtable:facilitate', { op: 'agenda', index: state.agenda.index + 1 })}
            >
              {t('roundtables.agenda.next')}
            </button>
          )}
          <button
            type="button"
            className="button-danger"
            onClick={() => {
              if (window.confirm(t('roundtables.live.closeConfirm')))
                void send('roundtable:facilitate', { op: 'close' });
            }}
          >
            {t('roundtables.live.close')}
          </button>
        </>
      )}
    </section>
  );
}

function Decisions({ state, facilitator, send }: { state: LiveState; facilitator: boolean; send: Send }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  if (!facilitator && state.decisions.length === 0) return null;
  return (
    <section aria-labelledby="decisions-title" className="live-card decisions">
      <h2 id="decisions-title">{t('roundtables.minutes.decisions')}</h2>
      <ul>
        {state.decisions.map((d) => (
          <li key={d.id}>
            <bdi dir="auto">{d.text}</bdi>
          </li>
        ))}
      </ul>
      {facilitator && state.phase !== 'closed' && (
        <form
          className="button-row"
          onSubmit={(e) => {
            e.preventDefault();
            void send('roundtable:facilitate', { op: 'decision', text }).then((ack) => ack.ok && setText(''));
          }}
        >
          <label className="inline-field">
            {t('roundtables.live.decision')}
            <input type="text" dir="auto" maxLength={500} value={text} onChange={(e) => setText(e.target.value)} />
          </label>
          <button type="submit" disabled={!text.trim()}>
            {t('roundtables.live.recordDecision')}
          </button>
        </form>
      )}
    </section>
  );
}

/**
 * The live session: lobby or room, the queue, who speaks, the agenda and the polls. `after` (the
 * call and the notes) follows once the session is here: shown before it, below the panel on a
 * phone, it was pushed down the screen when the panel came.
 */
export function LivePanel({
  roundtable,
  session,
  after,
}: {
  roundtable: RoundtableView;
  session: number;
  after?: ReactNode;
}) {
  const { t } = useTranslation();
  const { me } = useSession();
  const { state, error, send, now, upvoted, upvote } = useLiveSession(roundtable.id, session);
  if (!state)
    return error ? (
      <>
        <ErrorAlert error={error} />
        {after}
      </>
    ) : (
      <p className="page-status">{t('app.loading')}</p>
    );
  const facilitator = roundtable.abilities.facilitate;
  const raised = state.queue.some((q) => q.userId === me?.id);
  return (
    <>
      <div className="live">
        <p className={`phase phase-${state.phase}`} role="status">
          {t(`roundtables.live.phase.${state.phase}`)}
        </p>
        <LiveAnnouncer state={state} />
        {state.phase === 'closed' && (
          <p>
            <Link to={`/roundtables/${roundtable.id}/minutes?session=${session}`}>{t('roundtables.minutes.read')}</Link>
          </p>
        )}
        <ErrorAlert error={error} />
        {facilitator && <FacilitatorBar roundtable={roundtable} state={state} send={send} />}
        {state.phase !== 'closed' && roundtable.abilities.participate && (
          <button
            type="button"
            className="hand"
            aria-pressed={raised}
            onClick={() => void send('roundtable:hand', { raised: !raised })}
          >
            {raised ? t('roundtables.live.lowerHand') : t('roundtables.live.raiseHand')}
          </button>
        )}
        <div className="live-grid">
          <section aria-labelledby="speaker-title" className="live-card">
            <h2 id="speaker-title">{t('roundtables.live.currentSpeaker')}</h2>
            <Speaker state={state} now={now} />
          </section>
          <Queue state={state} facilitator={facilitator} send={send} />
          <Agenda roundtable={roundtable} state={state} now={now} />
          <PollsPanel roundtable={roundtable} state={state} send={send} />
          <QuestionsPanel roundtable={roundtable} state={state} send={send} upvoted={upvoted} upvote={upvote} />
          <Decisions state={state} facilitator={facilitator} send={send} />
          <section aria-labelledby="present-title" className="live-card">
            <h2 id="present-title">{t('roundtables.live.present', { count: state.present.length })}</h2>
            <ul className="present">
              {state.present.map((p) => (
                <li key={p.userId}>
                  <bdi>{p.name}</bdi>{' '}
                  <span className="muted">
                    {t(`roles.${p.role}`, { defaultValue: p.role })}
                    {p.city && (
                      <>
                        {' · '}
                        <bdi>{p.city}</bdi>
                      </>
                    )}
                    {' · '}
                    <span lang={p.language}>{ENDONYMS[p.language as UiLanguage] ?? p.language}</span>
                  </span>
                </li>
              ))}
            </ul>
          </section>
        </div>
      </div>
      {after}
    </>
  );
}
