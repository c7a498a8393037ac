import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { LoginPage } from '../auth/LoginPage';
import { CrashBoundary } from './CrashBoundary';
import { RoomPage } from '../rooms/RoomPage';
import { RoomsPage } from '../rooms/RoomsPage';
import { PublicLayout } from './PublicLayout';
import { SessionProvider, useSession } from './session';
import { Shell } from './Shell';
import { NotFoundPage } from './NotFoundPage';

// Pages off the room path load on demand, so a room opens with only what it needs.
const AccountPage = lazy(() => import('../account/AccountPage').then((m) => ({ default: m.AccountPage })));
const AdminPage = lazy(() => import('../admin/AdminPage').then((m) => ({ default: m.AdminPage })));
const TranslationReportsPage = lazy(() =>
  import('../threads/TranslationReportsPage').then((m) => ({ default: m.TranslationReportsPage })),
);
const DirectoryPage = lazy(() => import('../network/DirectoryPage').then((m) => ({ default: m.DirectoryPage })));
const GroupPage = lazy(() => import('../network/GroupPage').then((m) => ({ default: m.GroupPage })));
const AcceptInvitationPage = lazy(() =>
  import('../invitations/AcceptInvitationPage').then((m) => ({ default: m.AcceptInvitationPage })),
);
const plans = () => import('../plans/routes');
const PlanPage = lazy(() => plans().then((m) => ({ default: m.PlanPage })));
const GroupPlansPage = lazy(() => plans().then((m) => ({ default: m.GroupPlansPage })));
const ReviewPage = lazy(() => plans().then((m) => ({ default: m.ReviewPage })));
const VersionPage = lazy(() => plans().then((m) => ({ default: m.VersionPage })));
const DiffPage = lazy(() => plans().then((m) => ({ default: m.DiffPage })));
const PrintPage = lazy(() => plans().then((m) => ({ default: m.PrintPage })));
const roundtables = () => import('../roundtables/routes');
const RoundtablePage = lazy(() => roundtables().then((m) => ({ default: m.RoundtablePage })));
const ScheduleForm = lazy(() => roundtables().then((m) => ({ default: m.ScheduleForm })));
const MinutesPage = lazy(() => roundtables().then((m) => ({ default: m.MinutesPage })));
const ResetPasswordPage = lazy(() =>
  import('../auth/ResetPasswordPage').then((m) => ({ default: m.ResetPasswordPage })),
);

function Loading() {
  const { t } = useTranslation();
  return <p className="page-status">{t('app.loading')}</p>;
}

function Routed() {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!me) {
    return (
      <CrashBoundary>
        <Suspense fallback={<Loading />}>
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
        </Suspense>
      </CrashBoundary>
    );
  }
  return (
    <Shell>
      {/* a screen that crashes leaves the navigation usable */}
      <CrashBoundary>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/" element={<RoomsPage />} />
            <Route path="/rooms/:roomId" element={<RoomPage />} />
            <Route path="/groups/:groupId" element={<GroupPage />} />
            <Route path="/groups/:groupId/plans" element={<GroupPlansPage />} />
            <Route path="/groups/:groupId/roundtables/new" element={<ScheduleForm />} />
            <Route path="/roundtables/:roundtableId" element={<RoundtablePage />} />
            <Route path="/roundtables/:roundtableId/minutes" element={<MinutesPage />} />
            <Route path="/plans" element={<ReviewPage />} />
            <Route path="/plans/:planId" element={<PlanPage />} />
            <Route path="/plans/:planId/priorities/:priorityId" element={<PlanPage />} />
            <Route path="/plans/:planId/versions/:versionId" element={<VersionPage />} />
            <Route path="/plans/:planId/diff" element={<DiffPage />} />
            <Route path="/plans/:planId/print" element={<PrintPage />} />
            <Route path="/directory" element={<DirectoryPage />} />
            <Route path="/account" element={<AccountPage />} />
            <Route path="/admin" element={<AdminPage />} />
            <Route path="/translation-reports" element={<TranslationReportsPage />} />
            <Route path="/invite/:token" element={<AcceptInvitationPage />} />
            <Route path="/reset/:token" element={<ResetPasswordPage />} />
            <Route
              path="/login"
              element={<Navigate to={(location.state as { from?: string } | null)?.from ?? '/'} replace />}
            />
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </Suspense>
      </CrashBoundary>
    </Shell>
  );
}

export function App() {
  return (
    <BrowserRouter>
      {/* the last resort, should the shell itself fail */}
      <CrashBoundary>
        <SessionProvider>
          <Routed />
        </SessionProvider>
      </CrashBoundary>
    </BrowserRouter>
  );
}
