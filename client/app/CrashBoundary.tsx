import { useEffect, useRef, type ReactNode } from 'react';
import { ErrorBoundary, type FallbackProps } from 'react-error-boundary';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { usePageTitle } from './usePageTitle';

/** What a screen that crashed leaves: said in the reader's language, with a way to reload or go home. */
export function CrashPage({ resetErrorBoundary }: Pick<FallbackProps, 'resetErrorBoundary'>) {
  const { t } = useTranslation();
  usePageTitle(t('crash.title'));
  const heading = useRef<HTMLHeadingElement>(null);
  // a keyboard or screen-reader user lands on the message, not on whatever vanished
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="narrow-page" role="alert">
      <h1 ref={heading} tabIndex={-1}>
        {t('crash.title')}
      </h1>
      <p>{t('crash.body')}</p>
      <div className="button-row">
        <button type="button" onClick={() => location.reload()}>
          {t('crash.reload')}
        </button>
        <Link to="/" className="button-link" onClick={resetErrorBoundary}>
          {t('app.backToRooms')}
        </Link>
      </div>
    </div>
  );
}

function logCrash(error: unknown, info: { componentStack?: string | null }): void {
  // eslint-disable-next-line no-console -- the client has no error reporting service; the console is where support looks
  console.error('A screen crashed', error, info.componentStack);
}

/**
 * Catches what a screen throws while rendering, so the rest of the app (navigation, language,
 * signing out) stays usable; moving to another address tries again.
 */
export function CrashBoundary({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return (
    <ErrorBoundary FallbackComponent={CrashPage} onError={logCrash} resetKeys={[pathname]}>
      {children}
    </ErrorBoundary>
  );
}
