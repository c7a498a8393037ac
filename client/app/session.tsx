import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Me } from '../../shared/schemas/auth';
import { api } from './api';
import { adoptPreferredLanguage, setLanguage } from './i18n';
import { DRAFT_PREFIX } from '../threads/useDraft';
import { closeSocket } from './socket';

interface SessionState {
  me: Me | null;
  loading: boolean;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** Ends every session of this person on the server, then this tab's. Throws if the server refused. */
  signOutEverywhere(): Promise<void>;
  /**
   * Takes on a person the server just returned (a new session or a changed profile);
   * their preferred language applies unless `applyLanguage` is false. The live socket
   * reconnects (its cookie may be new) unless `sameSession` says the session did not change.
   */
  adopt(user: Me, applyLanguage?: boolean, sameSession?: boolean): void;
  /** Forgets this tab's session after the server already ended it (e.g. the account was deleted). */
  clear(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

/** Wipes what this tab kept locally: municipal computers are often shared. */
async function wipeLocalData(): Promise<void> {
  sessionStorage.clear();
  for (const key of Object.keys(localStorage)) if (key.startsWith(DRAFT_PREFIX)) localStorage.removeItem(key);
  const dbs = (await indexedDB.databases?.()) ?? [];
  await Promise.all(
    dbs.map((db) => {
      if (!db.name) return null;
      const request = indexedDB.deleteDatabase(db.name);
      // blocked: an open document still holds it; the deletion completes when it closes
      return new Promise((done) => (request.onsuccess = request.onerror = request.onblocked = done));
    }),
  );
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    api('GET /api/auth/session')
      .then(({ user }) => {
        setMe(user);
        if (user) adoptPreferredLanguage(user.language);
      })
      // unreachable server: the sign-in page, which reports errors itself
      .catch(() => undefined)
      .finally(() => setLoading(false));
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const { user } = await api('POST /api/auth/login', { body: { email, password } });
    closeSocket(); // reconnect with the new session cookie
    adoptPreferredLanguage(user.language);
    setMe(user);
  }, []);

  const clear = useCallback(async () => {
    closeSocket();
    await wipeLocalData();
    setMe(null);
  }, []);

  const signOut = useCallback(async () => {
    await api('POST /api/auth/logout').catch(() => undefined);
    await clear();
  }, [clear]);

  const signOutEverywhere = useCallback(async () => {
    await api('POST /api/auth/logout-everywhere');
    await clear();
  }, [clear]);

  const adopt = useCallback((user: Me, applyLanguage = true, sameSession = false) => {
    if (!sameSession) closeSocket(); // the session cookie may be new; the next socket carries it
    if (applyLanguage) setLanguage(user.language);
    setMe(user);
  }, []);

  const value = useMemo(
    () => ({ me, loading, signIn, signOut, signOutEverywhere, adopt, clear }),
    [me, loading, signIn, signOut, signOutEverywhere, adopt, clear],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
