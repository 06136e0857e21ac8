import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, useLocation } from 'react-router';
import { setAuthHandlers, isApiError } from './api/client';
import { queryClient } from './api/queryClient';
import { useMe, usePermissions } from './auth/me';
import { ErrorState, Forbidden, Loading, NotFound, PageErrorBoundary } from './components/States';
import type { Permission } from './api/types';
import { homePath } from './layout/nav';

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
function RequirePermission(props: { permission: Permission; children: ReactNode }) {
  const { canUse } = usePermissions();
  return canUse(props.permission) ? <>{props.children}</> : <Forbidden />;
}

function Home() {
  const { canUse } = usePermissions();
  return <Navigate to={homePath(canUse)} replace />;
}

const guard = (permission: Permission, page: ReactNode) => (
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
