import { useTranslation } from 'react-i18next';
import { ChangePassword } from './ChangePassword';
import { DataExport } from './DataExport';
import { DeleteAccount } from './DeleteAccount';
import { ProfileForm } from './ProfileForm';
import { SignOutEverywhere } from './SignOutEverywhere';
import { usePageTitle } from '../app/usePageTitle';

/** A person's own account: profile, their data, their sessions, leaving. */
export function AccountPage() {
  const { t } = useTranslation();
  usePageTitle(t('account.title'));
  return (
    <div className="page">
      <h1>{t('account.title')}</h1>
      <ProfileForm />
      <ChangePassword />
      <DataExport />
      <SignOutEverywhere />
      <DeleteAccount />
    </div>
  );
}
