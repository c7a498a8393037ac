import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageView } from '../../shared/schemas/threads';
import { SEARCH_MAX_LENGTH } from '../../shared/schemas/threadLimits';
import { request } from '../app/socket';
import { useDateFormat } from '../ui/useDateFormat';
import { useErrorMessage } from '../ui/useErrorMessage';
import { plainExcerpt } from './markdown';

const EXCERPT = 160;

/**
 * Searches what the reader may see in this thread (case-, accent- and Arabic-form-insensitive on
 * the server); each result jumps to its message.
 */
export function ThreadSearch({ threadId, onJump }: { threadId: string; onJump: (m: MessageView) => void }) {
  const { t } = useTranslation();
  const time = useDateFormat();
  const errorMessage = useErrorMessage();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<MessageView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState(false);
  const id = useId();
  const search = async (event: FormEvent) => {
    event.preventDefault();
    if (!q.trim()) return;
    const ack = await request('thread:search', { threadId, q: q.trim() });
    setError(ack.ok ? null : ack.error);
    setResults(ack.ok ? ack.data.messages : null);
  };
  const close = () => {
    setOpen(false);
    setResults(null);
    setQ('');
  };
  if (!open) {
    return (
      <button type="button" className="button-quiet button-small thread-search-open" onClick={() => setOpen(true)}>
        {t('thread.search')}
      </button>
    );
  }
  return (
    <div className="thread-search">
      <form role="search" onSubmit={(e) => void search(e)}>
        <input
          type="search"
          aria-label={t('thread.searchLabel')}
          placeholder={t('thread.searchLabel')}
          value={q}
          maxLength={SEARCH_MAX_LENGTH}
          dir="auto"
          autoFocus
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && close()}
        />
        <button type="submit" className="button-small">
          {t('thread.searchButton')}
        </button>
        <button type="button" className="button-quiet button-small" onClick={close}>
          {t('thread.close')}
        </button>
      </form>
      {error !== null && (
        <p className="error" role="alert">
          {errorMessage(error)}
        </p>
      )}
      {results && (
        <>
          <p role="status" className="muted">
            {t('thread.searchResults', { count: results.length })}
          </p>
          <ul id={id} className="search-results" aria-label={t('thread.searchResultsLabel')}>
            {results.map((m) => (
              <li key={m.id}>
                <button type="button" className="button-quiet search-result" onClick={() => onJump(m)}>
                  <span className="search-result-head">
                    <bdi className="author">{m.author.name || t('thread.formerMember')}</bdi>{' '}
                    <time dateTime={m.createdAt}>{time(m.createdAt)}</time>
                  </span>
                  <span dir="auto" className="search-result-text">
                    {plainExcerpt(m.body, EXCERPT)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
