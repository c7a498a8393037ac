import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { AccountPage } from '../account/AccountPage';
import { AdminPage } from '../admin/AdminPage';
import { LoginPage } from '../auth/LoginPage';
import { ResetPasswordPage } from '../auth/ResetPasswordPage';
import { AcceptInvitationPage } from '../invitations/AcceptInvitationPage';
import { DirectoryPage } from '../network/DirectoryPage';
import { GroupPage } from '../network/GroupPage';
import { RoomPage } from '../rooms/RoomPage';
import { RoomsPage } from '../rooms/RoomsPage';
import { PublicLayout } from './PublicLayout';
import { SessionProvider, useSession } from './session';
import { Shell } from './Shell';
import { NotFoundPage } from './NotFoundPage';

function Routed() {
  const { me, loading } = useSession();
  const { t } = useTranslation();
  const location = useLocation();
  if (loading) return <p className="page-status">{t('app.loading')}</p>;
  if (!me) {
    return (
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          path="/invite/:token"
          element={
            <PublicLayout>
              <AcceptInvitationPage />
            </PublicLayout>
          }
        />
        <Route
          path="/reset/:token"
          element={
            <PublicLayout>
              <ResetPasswordPage />
            </PublicLayout>
          }
        />
        <Route path="*" element={<Navigate to="/login" replace state={{ from: location.pathname }} />} />
      </Routes>
    );
  }
  return (
    <Shell>
      <Routes>
        <Route path="/" element={<RoomsPage />} />
        <Route path="/rooms/:roomId" element={<RoomPage />} />
        <Route path="/groups/:groupId" element={<GroupPage />} />
        <Route path="/directory" element={<DirectoryPage />} />
        <Route path="/account" element={<AccountPage />} />
        <Route path="/admin" element={<AdminPage />} />
        <Route path="/invite/:token" element={<AcceptInvitationPage />} />
        <Route path="/reset/:token" element={<ResetPasswordPage />} />
        <Route
          path="/login"
          element={<Navigate to={(location.state as { from?: string } | null)?.from ?? '/'} replace />}
        />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Shell>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <Routed />
      </SessionProvider>
    </BrowserRouter>
  );
}
