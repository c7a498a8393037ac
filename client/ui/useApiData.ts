import { useCallback, useEffect, useState } from 'react';
import type { ApiResponse, ApiRoute } from '../../shared/api';
import { api, apiUrl, type ApiArgs } from '../app/api';

type GetRoute = Extract<ApiRoute, `GET ${string}`>;

/**
 * Loads a GET route of the contract when its URL changes (`key` null: nothing to load yet);
 * `reload()` fetches again after a change. Answers to an older URL are dropped,
 * so a fast navigation never shows the wrong data. A reload that fails (offline, say)
 * keeps what was loaded for the same URL on screen: `error` is only for a page that
 * has nothing to show, `refreshError` tells that what it shows may be out of date.
 */
export function useApiData<K extends GetRoute>(key: K | null, ...args: ApiArgs<K>) {
  const [loaded, setLoaded] = useState<{ url: string; data: ApiResponse<K> } | null>(null);
  const [failure, setFailure] = useState<{ url: string; error: unknown } | null>(null);
  const [version, setVersion] = useState(0);
  const url = key ? apiUrl(key, ...args) : null;

  useEffect(() => {
    if (!key || !url) return;
    let active = true;
    // the URL is the whole of a GET request: reuse the arguments it was built from
    api(key, ...args).then(
      (result) => {
        if (!active) return;
        setLoaded({ url, data: result });
        setFailure(null);
      },
      (e: unknown) => active && setFailure({ url, error: e }),
    );
    return () => {
      active = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `args` is a new array each render; `url` stands for it
  }, [key, url, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  // what an earlier URL loaded stays until the new one answers, as before
  const data = loaded?.data ?? null;
  const failed = failure && failure.url === url ? failure.error : null;
  const hasCurrent = loaded !== null && loaded.url === url;
  return { data, error: hasCurrent ? null : failed, refreshError: hasCurrent ? failed : null, reload };
}
