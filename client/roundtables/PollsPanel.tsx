import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveState, PollView, RoundtableView } from '../../shared/roundtables/schemas';
import type { useLiveSession } from './useLiveSession';

type Send = ReturnType<typeof useLiveSession>['send'];
type NewKind = 'single' | 'multiple' | 'dots';

function NewPoll({ roundtable, send }: { roundtable: RoundtableView; send: Send }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<NewKind>(roundtable.plan ? 'dots' : 'single');
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState('');
  const [dots, setDots] = useState(3);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const payload =
      kind === 'dots'
        ? { op: 'create-dots', question, dots }
        : {
            op: 'create',
            kind,
            question,
            options: options
              .split('\n')
              .map((o) => o.trim())
              .filter(Boolean),
          };
    void send('roundtable:poll', payload).then((ack) => {
      if (ack.ok) setQuestion('');
    });
  };
  return (
    <details className="new-poll">
      <summary>{t('roundtables.polls.new')}</summary>
      <form className="stack-form" onSubmit={submit}>
        <label>
          {t('roundtables.polls.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as NewKind)}>
            <option value="single">{t('roundtables.polls.kinds.single')}</option>
            <option value="multiple">{t('roundtables.polls.kinds.multiple')}</option>
            {roundtable.plan && <option value="dots">{t('roundtables.polls.kinds.dots')}</option>}
          </select>
        </label>
        <label>
          {t('roundtables.polls.question')}
          <input
            type="text"
            dir="auto"
            required
            maxLength={300}
            value={question}
            onChange={(e) => setQuestion(e.target.value)}
          />
        </label>
        {kind === 'dots' ? (
          <label>
            {t('roundtables.polls.dotsEach')}
            <input type="number" min={1} max={10} value={dots} onChange={(e) => setDots(Number(e.target.value))} />
          </label>
        ) : (
          <label>
            {t('roundtables.polls.options')}
            <textarea dir="auto" rows={3} value={options} onChange={(e) => setOptions(e.target.value)} />
          </label>
        )}
        <button type="submit">{t('roundtables.polls.start')}</button>
      </form>
    </details>
  );
}

function Ballot({ poll, send }: { poll: PollView; send: Send }) {
  const { t } = useTranslation();
  const [choices, setChoices] = useState<string[]>([]);
  const [dots, setDots] = useState<Record<string, number>>({});
  const [sent, setSent] = useState(false);
  const used = Object.values(dots).reduce((a, b) => a + b, 0);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void send('roundtable:vote', poll.kind === 'dots' ? { pollId: poll.id, dots } : { pollId: poll.id, choices }).then(
      (ack) => setSent(ack.ok),
    );
  };
  return (
    <form onSubmit={submit} className="ballot">
      <fieldset>
        <legend className="visually-hidden">
          <bdi dir="auto">{poll.question}</bdi>
        </legend>
        {poll.kind === 'dots' && (
          <p className="muted" aria-live="polite">
            {t('roundtables.polls.dotsLeft', { count: poll.dots - used })}
          </p>
        )}
        <ul className="poll-options">
          {poll.options.map((o) => (
            <li key={o.id}>
              {poll.kind === 'dots' ? (
                <label className="dot-option">
                  <input
                    type="number"
                    min={0}
                    max={poll.dots}
                    value={dots[o.id] ?? 0}
                    onChange={(e) => setDots({ ...dots, [o.id]: Math.max(0, Number(e.target.value) || 0) })}
                  />
                  <bdi dir="auto">{o.label}</bdi>
                </label>
              ) : (
                <label className="checkbox">
                  <input
                    type={poll.kind === 'single' ? 'radio' : 'checkbox'}
                    name={`poll-${poll.id}`}
                    checked={choices.includes(o.id)}
                    onChange={(e) =>
                      setChoices(
                        poll.kind === 'single'
                          ? [o.id]
                          : e.target.checked
                            ? [...choices, o.id]
                            : choices.filter((c) => c !== o.id),
                      )
                    }
                  />
                  <bdi dir="auto">{o.label}</bdi>
                </label>
              )}
            </li>
          ))}
        </ul>
      </fieldset>
      <button type="submit" disabled={poll.kind === 'dots' ? used < 1 || used > poll.dots : choices.length === 0}>
        {sent ? t('roundtables.polls.changeVote') : t('roundtables.polls.vote')}
      </button>
      {sent && (
        <span className="muted" role="status">
          {t('roundtables.polls.voted')}
        </span>
      )}
    </form>
  );
}

function Results({ poll }: { poll: PollView }) {
  const { t } = useTranslation();
  if (!poll.results) return null;
  const max = Math.max(1, ...Object.values(poll.results));
  const unit = poll.kind === 'dots' ? 'roundtables.polls.dotCount' : 'roundtables.polls.voteCount';
  return (
    <ul className="poll-results">
      {[...poll.options]
        .sort((a, b) => (poll.results![b.id] ?? 0) - (poll.results![a.id] ?? 0))
        .map((o) => (
          <li key={o.id}>
            <span>
              <bdi dir="auto">{o.label}</bdi>
            </span>
            <meter min={0} max={max} value={poll.results![o.id] ?? 0} aria-hidden="true" />
            <span>{t(unit, { count: poll.results![o.id] ?? 0 })}</span>
          </li>
        ))}
    </ul>
  );
}

/** Polls and dot votes: the facilitator opens, reveals and closes them; everyone votes once. */
export function PollsPanel({ roundtable, state, send }: { roundtable: RoundtableView; state: LiveState; send: Send }) {
  const { t } = useTranslation();
  const facilitator = roundtable.abilities.facilitate;
  if (!facilitator && state.polls.length === 0) return null;
  return (
    <section aria-labelledby="polls-title" className="live-card polls">
      <h2 id="polls-title">{t('roundtables.polls.title')}</h2>
      {facilitator && state.phase !== 'closed' && <NewPoll roundtable={roundtable} send={send} />}
      {[...state.polls].reverse().map((poll) => (
        <article key={poll.id} className="poll" aria-label={poll.question}>
          <h3>
            <bdi dir="auto">{poll.question}</bdi>
          </h3>
          <p className="muted">
            {t(`roundtables.polls.kinds.${poll.kind}`)}
            {' · '}
            {t('roundtables.polls.voters', { count: poll.voters })}
            {' · '}
            {t(`roundtables.polls.status.${poll.status}`)}
          </p>
          {poll.status === 'open' && roundtable.abilities.participate && <Ballot poll={poll} send={send} />}
          <Results poll={poll} />
          {facilitator && poll.status === 'open' && (
            <p className="button-row">
              <button
                type="button"
                onClick={() => void send('roundtable:poll', { op: 'reveal', pollId: poll.id, show: !poll.showResults })}
              >
                {poll.showResults ? t('roundtables.polls.hideResults') : t('roundtables.polls.showResults')}
              </button>
              <button type="button" onClick={() => void send('roundtable:poll', { op: 'close', pollId: poll.id })}>
                {t('roundtables.polls.close')}
              </button>
            </p>
          )}
        </article>
      ))}
    </section>
  );
}
