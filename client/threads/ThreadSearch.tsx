import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../shared/schemas/threads';
import { SEARCH_MAX_LENGTH } from '../../shared/schemas/threadLimits';
import { request } from '../app/socket';
import { useDateFormat } from '../ui/useDateFormat';
import { useErrorMessage } from '../ui/useErrorMessage';
import { plainExcerpt } from './markdown';

const EXCERPT = 160;

/** What the searches of one query found so far: the newest `searchedTo` down to `searchedFrom`. */
interface Found {
  q: string;
  hits: SearchHit[];
  searchedFrom: number;
  searchedTo: number;
  hasMore: boolean;
}

/**
 * Searches what the reader may see in this thread (case-, accent- and Arabic-form-insensitive on
 * the server); each result jumps to its message. One search covers the most recent messages (the
 * server says how far it went); "Search older messages" goes on further back.
 */
export function ThreadSearch({ threadId, onJump }: { threadId: string; onJump: (m: SearchHit) => void }) {
  const { t } = useTranslation();
  const time = useDateFormat();
  const errorMessage = useErrorMessage();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Found | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState(false);
  const id = useId();
  const ask = async (query: string, before?: number) => {
    setBusy(true);
    const ack = await request('thread:search', { threadId, q: query, before });
    setBusy(false);
    setError(ack.ok ? null : ack.error);
    return ack.ok ? ack.data : null;
  };
  const search = async (event: FormEvent) => {
    event.preventDefault();
    const query = q.trim();
    if (!query) return;
    const page = await ask(query);
    setResults(page && { q: query, ...page });
  };
  const older = async () => {
    if (!results) return;
    const page = await ask(results.q, results.searchedFrom);
    if (page)
      setResults({ ...results, ...page, hits: [...results.hits, ...page.hits], searchedTo: results.searchedTo });
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
            {t('thread.searchResults', { count: results.hits.length })}
            {results.hasMore && (
              <> {t('thread.searchedRecent', { count: results.searchedTo - results.searchedFrom + 1 })}</>
            )}
          </p>
          <ul id={id} className="search-results" aria-label={t('thread.searchResultsLabel')}>
            {results.hits.map((m) => (
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
          {results.hasMore && (
            <button
              type="button"
              className="button-quiet button-small search-older"
              onClick={() => void older()}
              disabled={busy}
            >
              {t('thread.searchOlder')}
            </button>
          )}
        </>
      )}
    </div>
  );
}
