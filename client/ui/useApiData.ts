import { useCallback, useEffect, useState } from 'react';
import type { ApiResponse, ApiRoute } from '../../shared/api';
import { api, apiUrl, type ApiArgs } from '../app/api';

type GetRoute = Extract<ApiRoute, `GET ${string}`>;

/**
 * Loads a GET route of the contract when its URL changes (`key` null: nothing to load yet);
 * `reload()` fetches again after a change. Answers to an older URL are dropped,
 * so a fast navigation never shows the wrong data.
 */
export function useApiData<K extends GetRoute>(key: K | null, ...args: ApiArgs<K>) {
  const [data, setData] = useState<ApiResponse<K> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const url = key ? apiUrl(key, ...args) : null;

  useEffect(() => {
    if (!key || !url) return;
    let active = true;
    // the URL is the whole of a GET request: reuse the arguments it was built from
    api(key, ...args).then(
      (result) => {
        if (!active) return;
        setData(result);
        setError(null);
      },
      (e: unknown) => active && setError(e),
    );
    return () => {
      active = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `args` is a new array each render; `url` stands for it
  }, [key, url, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, reload };
}
