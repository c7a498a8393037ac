import { useCallback, useEffect, useState } from 'react';
import { api } from '../app/api';

/**
 * Loads `GET /api{path}` when the path changes; `reload()` fetches again after a change.
 * Answers to an older path are dropped, so a fast navigation never shows the wrong data.
 */
export function useApiData<T>(path: string | null) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (!path) return;
    let active = true;
    api<T>(path).then(
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
  }, [path, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, reload };
}
