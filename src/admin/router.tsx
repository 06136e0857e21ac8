import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, useLocation } from 'react-router';
import { setAuthHandlers, isApiError } from './api/client';
import { queryClient } from './api/queryClient';
import { useMe, usePermissions } from './auth/me';
import { ErrorState, Forbidden, Loading, NotFound, PageErrorBoundary } from './components/States';
import type { Permission } from './api/types';
import { allows, homePath } from './layout/nav';

/** Where the server mounts the console (registerAdminUi in src/server/app.ts; Vite `base`). */
const BASENAME = '/admin';

// Every page is its own chunk; the first load carries only the shell.
const AppLayout = lazy(() => import('./layout/AppLayout'));
const LoginPage = lazy(() => import('./pages/login/LoginPage'));
const SetupPage = lazy(() => import('./pages/setup/SetupPage'));
const ForcedPasswordPage = lazy(() => import('./pages/account/ForcedPasswordPage'));
const PasswordPage = lazy(() => import('./pages/account/PasswordPage'));
const ProfilePage = lazy(() => import('./pages/account/ProfilePage'));
const OrgPage = lazy(() => import('./pages/org/OrgPage'));
const PeopleListPage = lazy(() => import('./pages/people/PeopleListPage'));
const PersonDetailPage = lazy(() => import('./pages/people/PersonDetailPage'));
const PersonFormPage = lazy(() => import('./pages/people/PersonFormPage'));
const MembersPage = lazy(() => import('./pages/members/MembersPage'));
const ImportPage = lazy(() => import('./pages/imports/ImportPage'));
const AccountsPage = lazy(() => import('./pages/accounts/AccountsPage'));
const AuditPage = lazy(() => import('./pages/audit/AuditPage'));
const PortalArticlesPage = lazy(() => import('./pages/portal/ArticlesPage'));
const PortalArticleEditPage = lazy(() => import('./pages/portal/ArticleEditPage'));
const PortalColumnsPage = lazy(() => import('./pages/portal/ColumnsPage'));
const PortalNewslettersPage = lazy(() => import('./pages/portal/NewslettersPage'));
const PortalShowcasePage = lazy(() => import('./pages/portal/ShowcasePage'));
const PortalSettingsPage = lazy(() => import('./pages/portal/SettingsPage'));
const PortalStatsPage = lazy(() => import('./pages/portal/StatsPage'));
const ActivitiesPage = lazy(() => import('./pages/activities/ActivitiesPage'));
const ActivityDetailPage = lazy(() => import('./pages/activities/ActivityDetailPage'));
const MyActivitiesPage = lazy(() => import('./pages/activities/MyActivitiesPage'));
const DonationsPage = lazy(() => import('./pages/donations/DonationsPage'));
const DriveDetailPage = lazy(() => import('./pages/donations/DriveDetailPage'));
const MyGiftsPage = lazy(() => import('./pages/donations/MyGiftsPage'));
const BirthdaysPage = lazy(() => import('./pages/orgLife/BirthdaysPage'));
const MyBirthdayPage = lazy(() => import('./pages/orgLife/MyBirthdayPage'));
const MeetingsPage = lazy(() => import('./pages/orgLife/MeetingsPage'));
const DuesPage = lazy(() => import('./pages/orgLife/DuesPage'));

function Standalone(props: { children: ReactNode }) {
  return (
    <PageErrorBoundary>
      <Suspense fallback={<Loading height={400} />}>{props.children}</Suspense>
    </PageErrorBoundary>
  );
}

/** Signed-in users only; an account that must change its password goes to that page first. */
function RequireAuth(props: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading height={400} />;
  if (me.isError) {
    if (isApiError(me.error) && me.error.status === 401) {
      const next = encodeURIComponent(location.pathname + location.search);
      return <Navigate to={`/login?next=${next}`} replace />;
    }
    return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  }
  if (me.data.mustChangePassword) return <Navigate to="/change-password" replace />;
  return <>{props.children}</>;
}

/** The menu's pages need the permission from a role (see usePermissions). */
function RequirePermission(props: { permission: Permission | Permission[]; children: ReactNode }) {
  const { canUse } = usePermissions();
  return allows(canUse, props.permission) ? <>{props.children}</> : <Forbidden />;
}

function Home() {
  const { canUse } = usePermissions();
  return <Navigate to={homePath(canUse)} replace />;
}

const PORTAL_ANY: Permission[] = ['portal.edit', 'portal.signoff'];

const guard = (permission: Permission | Permission[], page: ReactNode) => (
  <RequirePermission permission={permission}>{page}</RequirePermission>
);

export const router = createBrowserRouter(
  [
    {
      path: '/login',
      element: (
        <Standalone>
          <LoginPage />
        </Standalone>
      ),
    },
    {
      path: '/setup',
      element: (
        <Standalone>
          <SetupPage />
        </Standalone>
      ),
    },
    {
      path: '/change-password',
      element: (
        <Standalone>
          <ForcedPasswordPage />
        </Standalone>
      ),
    },
    {
      path: '/',
      element: (
        <RequireAuth>
          <Standalone>
            <AppLayout />
          </Standalone>
        </RequireAuth>
      ),
      children: [
        { index: true, element: <Home /> },
        { path: 'org', element: guard('org.read', <OrgPage />) },
        { path: 'people', element: <Navigate to="/people/staff" replace /> },
        { path: 'people/staff', element: guard('people.read', <PeopleListPage key="staff" kind="staff" />) },
        {
          path: 'people/student',
          element: guard('people.read', <PeopleListPage key="student" kind="student" />),
        },
        { path: 'people/new', element: guard('people.write', <PersonFormPage />) },
        { path: 'people/:id', element: <PersonDetailPage /> },
        { path: 'people/:id/edit', element: guard('people.write', <PersonFormPage />) },
        { path: 'members', element: guard('members.read', <MembersPage />) },
        { path: 'imports', element: guard('people.import', <ImportPage />) },
        { path: 'accounts', element: guard('accounts.read', <AccountsPage />) },
        { path: 'audit', element: guard('audit.read', <AuditPage />) },
        { path: 'portal', element: <Navigate to="/portal/articles" replace /> },
        { path: 'portal/articles', element: guard(PORTAL_ANY, <PortalArticlesPage />) },
        { path: 'portal/articles/new', element: guard('portal.edit', <PortalArticleEditPage />) },
        { path: 'portal/articles/:id', element: guard(PORTAL_ANY, <PortalArticleEditPage />) },
        { path: 'portal/columns', element: guard('portal.edit', <PortalColumnsPage />) },
        { path: 'portal/newsletters', element: guard('portal.edit', <PortalNewslettersPage />) },
        { path: 'portal/showcase', element: guard('portal.edit', <PortalShowcasePage />) },
        { path: 'portal/settings', element: guard('portal.edit', <PortalSettingsPage />) },
        { path: 'portal/stats', element: guard(PORTAL_ANY, <PortalStatsPage />) },
        { path: 'orglife', element: <Navigate to="/orglife/birthdays" replace /> },
        { path: 'orglife/birthdays', element: guard('members.write', <BirthdaysPage />) },
        { path: 'orglife/me', element: guard('members.read', <MyBirthdayPage />) },
        { path: 'orglife/meetings', element: guard('members.read', <MeetingsPage />) },
        { path: 'dues', element: guard('members.write', <DuesPage />) },
        { path: 'activities', element: guard('activities.manage', <ActivitiesPage />) },
        { path: 'activities/mine', element: <MyActivitiesPage /> },
        { path: 'activities/:id', element: <ActivityDetailPage /> },
        { path: 'donations', element: guard('donations.manage', <DonationsPage />) },
        { path: 'donations/mine', element: <MyGiftsPage /> },
        { path: 'donations/:id', element: <DriveDetailPage /> },
        { path: 'profile', element: <ProfilePage /> },
        { path: 'password', element: <PasswordPage /> },
        { path: '*', element: <NotFound /> },
      ],
    },
  ],
  { basename: BASENAME },
);

const PUBLIC_PATHS = ['/login', '/setup'];

/** The router's location without the /admin basename (router.state.location carries it). */
function currentPath() {
  const { pathname, search } = router.state.location;
  const path = pathname.startsWith(BASENAME) ? pathname.slice(BASENAME.length) || '/' : pathname;
  return { pathname: path, search };
}

setAuthHandlers({
  onUnauthenticated: () => {
    const { pathname, search } = currentPath();
    if (PUBLIC_PATHS.includes(pathname)) return;
    queryClient.removeQueries();
    const next =
      pathname === '/' || pathname === '/change-password'
        ? ''
        : `?next=${encodeURIComponent(pathname + search)}`;
    void router.navigate(`/login${next}`, { replace: true });
  },
  onPasswordChangeRequired: () => {
    if (currentPath().pathname === '/change-password') return;
    void queryClient.invalidateQueries({ queryKey: ['auth', 'me'] });
    void router.navigate('/change-password', { replace: true });
  },
});
