import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from '../ui/LanguageSwitcher';

/** The frame of a page someone reaches signed out from a link (invitation, password reset). */
export function PublicLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <main id="main" className="login">
      <div className="login-card public-card">
        <div className="login-top">
          <p className="brand">{t('app.name')}</p>
          <LanguageSwitcher />
        </div>
        {children}
      </div>
    </main>
  );
}
