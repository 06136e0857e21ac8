import type { ReactNode } from 'react';
import {
  ApartmentOutlined,
  AuditOutlined,
  CalendarOutlined,
  CrownOutlined,
  GlobalOutlined,
  HeartOutlined,
  SmileOutlined,
  CloudUploadOutlined,
  FlagOutlined,
  HomeOutlined,
  KeyOutlined,
  LockOutlined,
  TeamOutlined,
  TrophyOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { Permission } from '../../common/permissions';
import { t } from '../locales';

export interface NavItem {
  path: string;
  label: string;
  icon: ReactNode;
  /** Shown only to users holding this permission (any of them, for a list); none means everyone signed in. */
  permission?: Permission | Permission[];
  children?: NavItem[];
  testId: string;
}

/** The console's menu, in order. Everyone's home page is the workbench (工作台). */
export const NAV: NavItem[] = [
  { path: '/workbench', label: t.menu.workbench, icon: <HomeOutlined />, testId: 'nav-workbench' },
  { path: '/org', label: t.menu.org, icon: <ApartmentOutlined />, permission: 'org.read', testId: 'nav-org' },
  {
    path: '/people',
    label: t.menu.people,
    icon: <TeamOutlined />,
    permission: 'people.read',
    testId: 'nav-people',
    children: [
      {
        path: '/people/staff',
        label: t.menu.staff,
        icon: null,
        permission: 'people.read',
        testId: 'nav-staff',
      },
      {
        path: '/people/student',
        label: t.menu.students,
        icon: null,
        permission: 'people.read',
        testId: 'nav-students',
      },
    ],
  },
  {
    path: '/members',
    label: t.menu.members,
    icon: <FlagOutlined />,
    permission: 'members.read',
    testId: 'nav-members',
  },
  {
    path: '/imports',
    label: t.menu.imports,
    icon: <CloudUploadOutlined />,
    permission: 'people.import',
    testId: 'nav-imports',
  },
  {
    path: '/accounts',
    label: t.menu.accounts,
    icon: <KeyOutlined />,
    permission: 'accounts.read',
    testId: 'nav-accounts',
  },
  {
    path: '/audit',
    label: t.menu.audit,
    icon: <AuditOutlined />,
    permission: 'audit.read',
    testId: 'nav-audit',
  },
  {
    path: '/portal',
    label: t.menu.portal,
    icon: <GlobalOutlined />,
    // Each page by the permission its writes need (areas/newsroom/policy.ts): the site's columns,
    // display window and settings are the park's (portal.site: park admin, reviewers).
    permission: ['portal.edit', 'portal.signoff', 'portal.site'],
    testId: 'nav-portal',
    children: [
      {
        path: '/portal/articles',
        label: t.menu.portalArticles,
        icon: null,
        permission: ['portal.edit', 'portal.signoff'],
        testId: 'nav-portal-articles',
      },
      {
        path: '/portal/columns',
        label: t.menu.portalColumns,
        icon: null,
        permission: 'portal.site',
        testId: 'nav-portal-columns',
      },
      {
        path: '/portal/newsletters',
        label: t.menu.portalNewsletters,
        icon: null,
        permission: ['portal.edit', 'portal.site'],
        testId: 'nav-portal-newsletters',
      },
      {
        path: '/portal/showcase',
        label: t.menu.portalShowcase,
        icon: null,
        permission: 'portal.site',
        testId: 'nav-portal-showcase',
      },
      {
        path: '/portal/settings',
        label: t.menu.portalSettings,
        icon: null,
        permission: 'portal.site',
        testId: 'nav-portal-settings',
      },
      {
        path: '/portal/stats',
        label: t.menu.portalStats,
        icon: null,
        permission: ['portal.edit', 'portal.signoff', 'portal.site'],
        testId: 'nav-portal-stats',
      },
    ],
  },
  {
    path: '/orglife',
    label: t.menu.orgLife,
    icon: <CrownOutlined />,
    permission: ['members.write', 'members.read'],
    testId: 'nav-orglife',
    children: [
      {
        path: '/orglife/birthdays',
        label: t.menu.birthdays,
        icon: null,
        permission: 'members.write',
        testId: 'nav-birthdays',
      },
      {
        path: '/orglife/meetings',
        label: t.menu.meetings,
        icon: null,
        permission: 'members.read',
        testId: 'nav-meetings',
      },
      { path: '/dues', label: t.menu.dues, icon: null, permission: 'members.write', testId: 'nav-dues' },
    ],
  },
  {
    path: '/activities',
    label: t.menu.activities,
    icon: <CalendarOutlined />,
    permission: 'activities.manage',
    testId: 'nav-activities',
  },
  {
    path: '/donations',
    label: t.menu.donations,
    icon: <HeartOutlined />,
    permission: ['donations.drives', 'donations.entries'],
    testId: 'nav-donations',
  },
  {
    path: '/assessment',
    label: t.assessment.menu.group,
    icon: <TrophyOutlined />,
    permission: ['assessment.manage', 'assessment.review'],
    testId: 'nav-assessment',
    children: [
      {
        path: '/assessment/scheme',
        label: t.assessment.menu.scheme,
        icon: null,
        permission: ['assessment.manage', 'assessment.review'],
        testId: 'nav-assessment-scheme',
      },
      {
        path: '/assessment/posts',
        label: t.assessment.menu.posts,
        icon: null,
        permission: 'assessment.review',
        testId: 'nav-assessment-posts',
      },
      {
        path: '/assessment/evidence',
        label: t.assessment.menu.evidence,
        icon: null,
        permission: 'assessment.review',
        testId: 'nav-assessment-evidence',
      },
      {
        path: '/assessment/scores',
        label: t.assessment.menu.scores,
        icon: null,
        permission: 'assessment.review',
        testId: 'nav-assessment-scores',
      },
      {
        path: '/assessment/appraisal',
        label: t.appraisal.menu.rounds,
        icon: null,
        permission: 'assessment.review',
        testId: 'nav-appraisal',
      },
      {
        path: '/assessment/dedication',
        label: t.assessmentResults.menu.dedication,
        icon: null,
        permission: 'assessment.review',
        testId: 'nav-assessment-dedication',
      },
      {
        path: '/assessment/results',
        label: t.assessmentResults.menu.results,
        icon: null,
        permission: 'assessment.review',
        testId: 'nav-assessment-results',
      },
      {
        path: '/assessment/branch-rating',
        label: t.branchRating.menu,
        icon: null,
        permission: 'assessment.review',
        testId: 'nav-branch-rating',
      },
      {
        path: '/assessment/stats',
        label: t.assessmentStats.menu,
        icon: null,
        permission: 'assessment.review',
        testId: 'nav-assessment-stats',
      },
    ],
  },
  {
    path: '/mine',
    label: t.menu.mine,
    icon: <SmileOutlined />,
    testId: 'nav-mine',
    children: [
      {
        path: '/orglife/me',
        label: t.menu.myBirthday,
        icon: null,
        permission: 'members.read',
        testId: 'nav-my-birthday',
      },
      {
        path: '/dues/mine',
        label: t.menu.myDues,
        icon: null,
        permission: 'members.read',
        testId: 'nav-my-dues',
      },
      {
        path: '/assessment/mine',
        label: t.assessment.menu.mine,
        icon: null,
        permission: 'members.read',
        testId: 'nav-my-assessment',
      },
      {
        path: '/assessment/appraisal/mine',
        label: t.appraisal.menu.mine,
        icon: null,
        permission: 'members.read',
        testId: 'nav-my-appraisal',
      },
      {
        path: '/assessment/dedication/mine',
        label: t.assessmentResults.menu.myDedication,
        icon: null,
        permission: 'members.read',
        testId: 'nav-my-dedication',
      },
      { path: '/activities/mine', label: t.menu.myActivities, icon: null, testId: 'nav-my-activities' },
      { path: '/donations/mine', label: t.menu.myGifts, icon: null, testId: 'nav-my-gifts' },
    ],
  },
  { path: '/profile', label: t.menu.profile, icon: <UserOutlined />, testId: 'nav-profile' },
  { path: '/password', label: t.menu.password, icon: <LockOutlined />, testId: 'nav-password' },
];

/** Does the user hold the item's permission (any of them, for a list)? */
export const allows = (can: (p: Permission) => boolean, permission?: Permission | Permission[]) =>
  !permission || (Array.isArray(permission) ? permission.some(can) : can(permission));

export function visibleNav(can: (p: Permission) => boolean): NavItem[] {
  return NAV.filter((i) => allows(can, i.permission)).map((i) =>
    i.children ? { ...i, children: i.children.filter((c) => allows(can, c.permission)) } : i,
  );
}

/**
 * Where "/" leads: the workbench, for everyone (it says what to do now, whatever the roles; on a
 * phone it is the home screen).
 */
export const HOME_PATH = '/workbench';
