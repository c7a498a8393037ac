import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveState, QuestionView, RoundtableView } from '../../shared/roundtables/schemas';
import { QuestionText } from './QuestionTranslation';
import type { useLiveSession } from './useLiveSession';

type Live = ReturnType<typeof useLiveSession>;
type Send = Live['send'];

/** Who asked, how many upvoted, whether it was answered. */
export function QuestionMeta({ question: q }: { question: QuestionView }) {
  const { t } = useTranslation();
  return (
    <>
      {q.author.name ? <bdi>{q.author.name}</bdi> : t('thread.formerMember')}
      {' · '}
      {t('roundtables.questions.votes', { count: q.votes })}
      {q.status === 'answered' && (
        <>
          {' · '}
          {t('roundtables.questions.answered')}
        </>
      )}
    </>
  );
}

/** Questions: participants ask and upvote; the facilitator marks them answered or hides them. */
export function QuestionsPanel({
  roundtable,
  state,
  send,
  upvoted,
  upvote,
}: {
  roundtable: RoundtableView;
  state: LiveState;
  send: Send;
  upvoted: Live['upvoted'];
  upvote: Live['upvote'];
}) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState('');
  const open = state.phase !== 'closed';
  const facilitator = roundtable.abilities.facilitate;
  return (
    <section aria-labelledby="questions-title" className="live-card questions">
      <h2 id="questions-title">{t('roundtables.questions.title')}</h2>
      {open && roundtable.abilities.participate && (
        <form
          className="stack-form"
          onSubmit={(e) => {
            e.preventDefault();
            // written in the asker's interface language, which a reader of another can have translated
            void send('roundtable:ask', { text, language: i18n.language }).then((ack) => ack.ok && setText(''));
          }}
        >
          <label>
            {t('roundtables.questions.yours')}
            <textarea dir="auto" rows={2} maxLength={500} value={text} onChange={(e) => setText(e.target.value)} />
          </label>
          <button type="submit" disabled={!text.trim()}>
            {t('roundtables.questions.ask')}
          </button>
        </form>
      )}
      {state.questions.length === 0 ? (
        <p className="muted">{t('roundtables.questions.none')}</p>
      ) : (
        <ol className="question-list">
          {state.questions.map((q) => (
            <li key={q.id} className={q.status === 'answered' ? 'answered' : undefined}>
              <QuestionText
                question={q}
                session={{ roundtableId: roundtable.id, session: state.session }}
                machineTranslation={roundtable.machineTranslation}
              />
              <p className="muted">
                <QuestionMeta question={q} />
              </p>
              {open && (
                <p className="button-row">
                  {roundtable.abilities.participate && (
                    <button
                      type="button"
                      className="button-quiet"
                      aria-pressed={upvoted.has(q.id)}
                      disabled={upvoted.has(q.id)}
                      onClick={() => void upvote(q.id)}
                    >
                      {upvoted.has(q.id) ? t('roundtables.questions.upvoted') : t('roundtables.questions.upvote')}
                    </button>
                  )}
                  {facilitator && (
                    <>
                      <button
                        type="button"
                        className="button-quiet"
                        onClick={() =>
                          void send('roundtable:question', {
                            questionId: q.id,
                            status: q.status === 'answered' ? 'open' : 'answered',
                          })
                        }
                      >
                        {q.status === 'answered'
                          ? t('roundtables.questions.reopen')
                          : t('roundtables.questions.markAnswered')}
                      </button>
                      <button
                        type="button"
                        className="button-quiet"
                        onClick={() => void send('roundtable:question', { questionId: q.id, status: 'hidden' })}
                      >
                        {t('roundtables.questions.hide')}
                      </button>
                    </>
                  )}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
