import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/errors';
import type { QuestionTranslation as Answer, QuestionView } from '../../shared/roundtables/schemas';
import { request } from '../app/socket';
import { wantsTranslation } from '../threads/Translation';
import { useErrorMessage } from '../ui/useErrorMessage';
import '../threads/translation.css';

/**
 * A question's text, with "Show translation" for a reader whose language differs from the
 * question's: the machine translation into their interface language (made once, shared), and
 * "Show original" one click away. Both keep their own direction.
 */
export function QuestionText({
  question,
  session,
  machineTranslation,
}: {
  question: QuestionView;
  session: { roundtableId: string; session: number };
  machineTranslation: boolean;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const errorMessage = useErrorMessage();
  const [shown, setShown] = useState(false);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const languageName = new Intl.DisplayNames([language], { type: 'language' }).of(language) ?? language;
  const original = (
    <p>
      <bdi dir="auto" lang={question.language || undefined}>
        {question.text}
      </bdi>
    </p>
  );
  if (!machineTranslation || !wantsTranslation(question, language)) return original;

  const load = async () => {
    setBusy(true);
    const ack = await request('roundtable:translate-question', { ...session, questionId: question.id, language });
    setBusy(false);
    if (!ack.ok) return setError(ack.error);
    setError(null);
    setAnswer(ack.data);
  };
  const show = () => {
    setShown(true);
    if (answer?.text == null) void load();
  };

  if (!shown)
    return (
      <>
        {original}
        <div className="translation">
          <button type="button" className="button-quiet button-small" onClick={show}>
            {t('translation.show')}
          </button>
        </div>
      </>
    );
  return (
    <div className="translation">
      {busy && !answer ? (
        <p className="muted" role="status">
          {t('translation.loading')}
        </p>
      ) : answer?.text != null ? (
        <p className="translation-text" dir="auto" lang={answer.language}>
          {answer.text}
        </p>
      ) : (
        original
      )}
      <div className="translation-meta">
        {answer?.text != null && <span>{t('translation.machine', { language: languageName })}</span>}
        <button type="button" className="button-quiet button-small" onClick={() => setShown(false)}>
          {t('translation.showOriginal')}
        </button>
        {answer && answer.machine !== 'ok' && (
          <button type="button" className="button-quiet button-small" disabled={busy} onClick={() => void load()}>
            {t('translation.tryAgain')}
          </button>
        )}
      </div>
      {answer && answer.machine !== 'ok' && (
        <p className="muted" role="status">
          {t('translation.unavailable')}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {errorMessage(error)}
        </p>
      )}
    </div>
  );
}
