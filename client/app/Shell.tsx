import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink } from 'react-router';
import { NotificationsMenu, UnreadBadge } from '../threads/NotificationsMenu';
import { InboxContext, unreadOf, useNotifications } from '../threads/useNotifications';
import { LanguageSwitcher } from '../ui/LanguageSwitcher';
import type { UiLanguage } from '../../shared/languages';
import { api } from './api';
import { useSession } from './session';

/** Header with the product name, the main navigation, the language switcher and the signed-in person. */
export function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { me, signOut, adopt } = useSession();
  const inbox = useNotifications();
  // the language follows the person, not only this device: their other devices and emails use it too
  const saveLanguage = (language: UiLanguage) => {
    if (!me || me.language === language) return;
    api('PATCH /api/me', { body: { language } })
      .then(({ user }) => adopt(user, false, true))
      .catch(() => undefined); // offline: this device keeps the choice; the profile keeps the old one
  };
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        <nav aria-label={t('nav.label')} className="main-nav">
          <ul>
            <li>
              <NavLink to="/" end>
                {t('nav.rooms')}
                <UnreadBadge {...unreadOf(inbox.threads, 'room')} />
              </NavLink>
            </li>
            <li>
              <NavLink to="/plans">
                {t('nav.plans')}
                <UnreadBadge {...unreadOf(inbox.threads, 'priority')} />
              </NavLink>
            </li>
            <li>
              <NavLink to="/directory">{t('nav.directory')}</NavLink>
            </li>
            <li>
              <NavLink to="/account">{t('nav.account')}</NavLink>
            </li>
            {me?.isAdmin && (
              <li>
                <NavLink to="/admin">{t('nav.admin')}</NavLink>
              </li>
            )}
          </ul>
        </nav>
        <div className="header-tools">
          {me && <NotificationsMenu inbox={inbox} />}
          <LanguageSwitcher onChosen={saveLanguage} />
          {me && (
            <span className="who" title={t('app.signedInAs', { name: me.name })}>
              <span className="avatar" style={{ backgroundColor: me.color }} aria-hidden="true" />
              <bdi>{me.name}</bdi>
            </span>
          )}
          <button type="button" className="button-quiet" onClick={() => void signOut()}>
            {t('app.signOut')}
          </button>
        </div>
      </header>
      <main id="main">
        <InboxContext.Provider value={inbox}>{children}</InboxContext.Provider>
      </main>
    </>
  );
}
