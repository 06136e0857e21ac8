import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, useLocation } from 'react-router';
import { setAuthHandlers, isApiError } from '../shared/api/client';
import { queryClient } from '../shared/api/queryClient';
import { useMe, usePermissions } from './me';
import { ErrorState, Forbidden, Loading, NotFound, PageErrorBoundary } from '../shared/components/States';
import type { Permission } from '../../common/permissions';
import { allows, HOME_PATH } from './nav';
import { takeLogoutReason } from './idle';

/** Where the server mounts the console (registerAdminUi in src/server/app.ts; Vite `base`). */
const BASENAME = '/admin';

// Every page is its own chunk; the first load carries only the shell.
const AppLayout = lazy(() => import('./AppLayout'));
const LoginPage = lazy(() => import('../areas/auth/LoginPage'));
const SetupPage = lazy(() => import('../areas/auth/SetupPage'));
const ForcedPasswordPage = lazy(() => import('../areas/auth/ForcedPasswordPage'));
const PasswordPage = lazy(() => import('../areas/auth/PasswordPage'));
const ProfilePage = lazy(() => import('../areas/auth/ProfilePage'));
const OrgPage = lazy(() => import('../areas/org/OrgPage'));
const PeopleListPage = lazy(() => import('../areas/people/PeopleListPage'));
const PersonDetailPage = lazy(() => import('../areas/people/PersonDetailPage'));
const PersonFormPage = lazy(() => import('../areas/people/PersonFormPage'));
const MembersPage = lazy(() => import('../areas/members/MembersPage'));
const ImportPage = lazy(() => import('../areas/imports/ImportPage'));
const AccountsPage = lazy(() => import('../areas/accounts/AccountsPage'));
const AuditPage = lazy(() => import('../areas/audit/AuditPage'));
const PortalArticlesPage = lazy(() => import('../areas/newsroom/ArticlesPage'));
const PortalArticleEditPage = lazy(() => import('../areas/newsroom/ArticleEditPage'));
const PortalColumnsPage = lazy(() => import('../areas/newsroom/ColumnsPage'));
const PortalNewslettersPage = lazy(() => import('../areas/newsroom/NewslettersPage'));
const PortalShowcasePage = lazy(() => import('../areas/newsroom/ShowcasePage'));
const PortalSettingsPage = lazy(() => import('../areas/newsroom/SettingsPage'));
const PortalStatsPage = lazy(() => import('../areas/newsroom/StatsPage'));
const ActivitiesPage = lazy(() => import('../areas/activities/ActivitiesPage'));
const ActivityDetailPage = lazy(() => import('../areas/activities/ActivityDetailPage'));
const MyActivitiesPage = lazy(() => import('../areas/activities/MyActivitiesPage'));
const DonationsPage = lazy(() => import('../areas/donations/DonationsPage'));
const DriveDetailPage = lazy(() => import('../areas/donations/DriveDetailPage'));
const MyGiftsPage = lazy(() => import('../areas/donations/MyGiftsPage'));
const BirthdaysPage = lazy(() => import('../areas/orgLife/BirthdaysPage'));
const MyBirthdayPage = lazy(() => import('../areas/orgLife/MyBirthdayPage'));
const MeetingsPage = lazy(() => import('../areas/orgLife/MeetingsPage'));
const DuesPage = lazy(() => import('../areas/dues/DuesPage'));
const MyDuesPage = lazy(() => import('../areas/dues/MyDuesPage'));
const WorkbenchPage = lazy(() => import('../areas/workbench/WorkbenchPage'));
const AssessmentSchemePage = lazy(() => import('../areas/assessment/SchemePage'));
const AssessmentPostsPage = lazy(() => import('../areas/assessment/PostsPage'));
const AssessmentEvidencePage = lazy(() => import('../areas/assessment/EvidencePage'));
const AssessmentScoresPage = lazy(() => import('../areas/assessment/ScoresPage'));
const AssessmentStatsPage = lazy(() => import('../areas/assessment/stats/StatsPage'));
const MyAssessmentPage = lazy(() => import('../areas/assessment/MyAssessmentPage'));
const AppraisalRoundsPage = lazy(() => import('../areas/assessment/appraisal/RoundsPage'));
const AppraisalRoundPage = lazy(() => import('../areas/assessment/appraisal/RoundDetailPage'));
const MyAppraisalPapersPage = lazy(() => import('../areas/assessment/appraisal/MyPapersPage'));
const DedicationPage = lazy(() => import('../areas/assessment/dedication/DedicationPage'));
const MyDedicationPage = lazy(() => import('../areas/assessment/dedication/MyDedicationPage'));
const AssessmentResultsPage = lazy(() => import('../areas/assessment/results/ResultsPage'));
const BranchRatingPage = lazy(() => import('../areas/assessment/branchRating/BranchRatingPage'));

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
  return <Navigate to={HOME_PATH} replace />;
}

const PORTAL_ANY: Permission[] = ['portal.edit', 'portal.signoff'];
const ASSESSMENT_ANY: Permission[] = ['assessment.manage', 'assessment.review'];

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
        { path: 'workbench', element: <WorkbenchPage /> },
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
        { path: 'portal/columns', element: guard('portal.site', <PortalColumnsPage />) },
        {
          path: 'portal/newsletters',
          element: guard(['portal.edit', 'portal.site'], <PortalNewslettersPage />),
        },
        { path: 'portal/showcase', element: guard('portal.site', <PortalShowcasePage />) },
        { path: 'portal/settings', element: guard('portal.site', <PortalSettingsPage />) },
        { path: 'portal/stats', element: guard([...PORTAL_ANY, 'portal.site'], <PortalStatsPage />) },
        { path: 'orglife', element: <Navigate to="/orglife/birthdays" replace /> },
        { path: 'orglife/birthdays', element: guard('members.write', <BirthdaysPage />) },
        { path: 'orglife/me', element: guard('members.read', <MyBirthdayPage />) },
        { path: 'orglife/meetings', element: guard('members.read', <MeetingsPage />) },
        { path: 'dues', element: guard('members.write', <DuesPage />) },
        { path: 'dues/mine', element: guard('members.read', <MyDuesPage />) },
        { path: 'activities', element: guard('activities.manage', <ActivitiesPage />) },
        { path: 'activities/mine', element: <MyActivitiesPage /> },
        { path: 'activities/:id', element: <ActivityDetailPage /> },
        { path: 'donations', element: guard(['donations.drives', 'donations.entries'], <DonationsPage />) },
        { path: 'donations/mine', element: <MyGiftsPage /> },
        { path: 'donations/:id', element: <DriveDetailPage /> },
        { path: 'assessment', element: <Navigate to="/assessment/scores" replace /> },
        { path: 'assessment/scheme', element: guard(ASSESSMENT_ANY, <AssessmentSchemePage />) },
        { path: 'assessment/posts', element: guard('assessment.review', <AssessmentPostsPage />) },
        { path: 'assessment/evidence', element: guard('assessment.review', <AssessmentEvidencePage />) },
        { path: 'assessment/scores', element: guard('assessment.review', <AssessmentScoresPage />) },
        { path: 'assessment/stats', element: guard('assessment.review', <AssessmentStatsPage />) },
        { path: 'assessment/mine', element: guard('members.read', <MyAssessmentPage />) },
        { path: 'assessment/appraisal', element: guard('assessment.review', <AppraisalRoundsPage />) },
        {
          path: 'assessment/appraisal/rounds/:id',
          element: guard('assessment.review', <AppraisalRoundPage />),
        },
        // Every signed-in person: the round's roll, not a permission, says who votes.
        { path: 'assessment/appraisal/mine', element: <MyAppraisalPapersPage /> },
        { path: 'assessment/dedication', element: guard('assessment.review', <DedicationPage />) },
        { path: 'assessment/dedication/mine', element: guard('members.read', <MyDedicationPage />) },
        { path: 'assessment/results', element: guard('assessment.review', <AssessmentResultsPage />) },
        { path: 'assessment/branch-rating', element: guard('assessment.review', <BranchRatingPage />) },
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
    const reason = takeLogoutReason();
    const { pathname, search } = currentPath();
    if (PUBLIC_PATHS.includes(pathname)) return;
    queryClient.removeQueries();
    // After signing in again the user returns to the page they were on (LoginPage follows `next`).
    const params = new URLSearchParams();
    if (pathname !== '/' && pathname !== '/change-password') params.set('next', pathname + search);
    if (reason) params.set('reason', reason);
    const query = params.toString();
    void router.navigate(`/login${query ? `?${query}` : ''}`, { replace: true });
  },
  onPasswordChangeRequired: () => {
    if (currentPath().pathname === '/change-password') return;
    void queryClient.invalidateQueries({ queryKey: ['auth', 'me'] });
    void router.navigate('/change-password', { replace: true });
  },
});
