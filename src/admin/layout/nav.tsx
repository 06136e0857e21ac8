import type { ReactNode } from 'react';
import {
  ApartmentOutlined,
  AuditOutlined,
  CloudUploadOutlined,
  FlagOutlined,
  KeyOutlined,
  LockOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { Permission } from '../api/types';
import { t } from '../locales';

export interface NavItem {
  path: string;
  label: string;
  icon: ReactNode;
  /** Shown only to users holding this permission; none means everyone signed in. */
  permission?: Permission;
  children?: NavItem[];
  testId: string;
}

/** The console's menu, in order. The first entry the user may use is their home page. */
export const NAV: NavItem[] = [
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
  { path: '/profile', label: t.menu.profile, icon: <UserOutlined />, testId: 'nav-profile' },
  { path: '/password', label: t.menu.password, icon: <LockOutlined />, testId: 'nav-password' },
];

export function visibleNav(can: (p: Permission) => boolean): NavItem[] {
  return NAV.filter((i) => !i.permission || can(i.permission)).map((i) =>
    i.children ? { ...i, children: i.children.filter((c) => !c.permission || can(c.permission)) } : i,
  );
}

/** Where "/" leads: the first page in the menu the user may open. */
export function homePath(can: (p: Permission) => boolean): string {
  const first = visibleNav(can)[0];
  return first?.children?.[0]?.path ?? first?.path ?? '/profile';
}
