import { Suspense, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { App, Avatar, Button, Drawer, Dropdown, Flex, Grid, Layout, Menu, Tag, Typography } from 'antd';
import type { MenuProps } from 'antd';
import {
  LockOutlined,
  LogoutOutlined,
  MenuOutlined,
  PoweroffOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { usePermissions } from './me';
import { useLogout } from './session';
import { Loading, PageErrorBoundary } from '../shared/components/States';
import { t } from '../locales';
import { visibleNav, type NavItem } from './nav';
import { IdleWatcher } from './IdleWatcher';

const { Header, Sider, Content } = Layout;

export function Brand(props: { collapsed?: boolean }) {
  return (
    <div className="brand" data-testid="brand">
      <svg className="brand-mark" viewBox="0 0 64 64" aria-hidden="true">
        <rect width="64" height="64" rx="14" fill="currentColor" />
        <path
          fill="#ffd54f"
          d="M32 12l5.6 13.2 14.4 1.2-10.9 9.4 3.3 14L32 42.4 19.6 49.8l3.3-14L12 26.4l14.4-1.2z"
        />
      </svg>
      {props.collapsed ? null : (
        <div className="brand-text">
          <div className="brand-name">{t.app.name}</div>
          <div className="brand-sub">{t.app.console}</div>
        </div>
      )}
    </div>
  );
}

function toMenuItems(items: NavItem[]): MenuProps['items'] {
  return items.map((i) => ({
    key: i.path,
    icon: i.icon,
    label: <span data-testid={i.testId}>{i.label}</span>,
    children: i.children?.length ? toMenuItems(i.children) : undefined,
  }));
}

/** The menu entry that owns the current path: the longest nav path the location starts with. */
function selectedKey(items: NavItem[], pathname: string): { selected: string[]; open: string[] } {
  let best = '';
  let parent = '';
  const visit = (list: NavItem[], owner: string) => {
    for (const i of list) {
      if ((pathname === i.path || pathname.startsWith(i.path + '/')) && i.path.length > best.length) {
        best = i.path;
        parent = owner;
      }
      if (i.children) visit(i.children, i.path);
    }
  };
  visit(items, '');
  return { selected: best ? [best] : [], open: parent ? [parent] : best ? [best] : [] };
}

function NavMenu(props: { items: NavItem[]; onNavigate?: () => void; collapsed?: boolean }) {
  const location = useLocation();
  const navigate = useNavigate();
  const { selected, open } = selectedKey(props.items, location.pathname);
  const [openKeys, setOpenKeys] = useState<string[]>(() =>
    props.items.filter((i) => i.children).map((i) => i.path),
  );
  const menuItems = useMemo(() => toMenuItems(props.items), [props.items]);
  return (
    <Menu
      mode="inline"
      data-testid="app-menu"
      items={menuItems}
      selectedKeys={selected}
      openKeys={props.collapsed ? undefined : Array.from(new Set([...openKeys, ...open]))}
      onOpenChange={(keys) => setOpenKeys(keys as string[])}
      onClick={({ key }) => {
        navigate(key);
        props.onNavigate?.();
      }}
      style={{ borderInlineEnd: 'none' }}
    />
  );
}

function UserMenu(props: { compact: boolean }) {
  const { me } = usePermissions();
  const navigate = useNavigate();
  const logout = useLogout();
  const { modal } = App.useApp();
  if (!me) return null;
  const roleLabels = Array.from(new Set(me.roles.map((r) => r.label)));
  const items: MenuProps['items'] = [
    {
      key: 'profile',
      icon: <UserOutlined />,
      label: <span data-testid="menu-profile">{t.menu.profile}</span>,
    },
    {
      key: 'password',
      icon: <LockOutlined />,
      label: <span data-testid="menu-password">{t.menu.password}</span>,
    },
    { type: 'divider' },
    {
      key: 'logout',
      icon: <LogoutOutlined />,
      label: <span data-testid="menu-logout">{t.layout.logout}</span>,
    },
    {
      key: 'logoutAll',
      icon: <PoweroffOutlined />,
      danger: true,
      label: <span data-testid="menu-logout-all">{t.layout.logoutAll}</span>,
    },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'profile') navigate('/profile');
    else if (key === 'password') navigate('/password');
    else if (key === 'logout') logout.mutate(false);
    else if (key === 'logoutAll') {
      modal.confirm({
        title: t.layout.logoutAll,
        content: t.layout.logoutAllConfirm,
        okButtonProps: { danger: true },
        onOk: () => logout.mutateAsync(true),
      });
    }
  };
  return (
    <Flex align="center" gap={8} style={{ minWidth: 0 }}>
      {!props.compact && roleLabels.length ? (
        <Flex gap={4} className="header-roles">
          {roleLabels.slice(0, 3).map((l) => (
            <Tag key={l} color="red" variant="outlined" style={{ marginInlineEnd: 0 }}>
              {l}
            </Tag>
          ))}
          {roleLabels.length > 3 ? <Tag>+{roleLabels.length - 3}</Tag> : null}
        </Flex>
      ) : null}
      <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
        <Button type="text" data-testid="user-menu" className="user-button" loading={logout.isPending}>
          <Avatar size="small" icon={<UserOutlined />} style={{ backgroundColor: '#b71c1c' }} />
          <Typography.Text ellipsis style={{ maxWidth: props.compact ? 96 : 160 }} data-testid="user-name">
            {me.displayName || me.username}
          </Typography.Text>
        </Button>
      </Dropdown>
    </Flex>
  );
}

/** The signed-in console: role-driven sider menu (a drawer at phone width), header, page outlet. */
export default function AppLayout() {
  const { canUse } = usePermissions();
  const screens = Grid.useBreakpoint();
  const mobile = screens.md === false;
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const location = useLocation();
  const items = visibleNav(canUse);

  return (
    <Layout className="app-root">
      {/* The first stop of the Tab key: past the menu straight to the page (GB/T 37668). */}
      <a className="skip-link" href="#main-content">
        {t.layout.skipToMain}
      </a>
      {mobile ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={256}
          closable={false}
          styles={{ body: { padding: 0 } }}
          drawerRender={(node) => <div data-testid="nav-drawer">{node}</div>}
        >
          <Brand />
          <NavMenu items={items} onNavigate={() => setDrawerOpen(false)} />
        </Drawer>
      ) : (
        <Sider
          className="app-sider"
          width={220}
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          theme="light"
          data-testid="app-sider"
        >
          <Brand collapsed={collapsed} />
          <NavMenu items={items} collapsed={collapsed} />
        </Sider>
      )}
      <Layout>
        <Header
          className="app-header"
          style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 12 }}
        >
          <Flex align="center" gap={8} style={{ minWidth: 0, flex: 1 }}>
            {mobile ? (
              <>
                <Button
                  type="text"
                  icon={<MenuOutlined />}
                  aria-label={t.menu.open}
                  data-testid="nav-toggle"
                  onClick={() => setDrawerOpen(true)}
                />
                <span className="header-title">{t.app.name}</span>
              </>
            ) : null}
          </Flex>
          <div className="header-user">
            <UserMenu compact={mobile} />
          </div>
        </Header>
        <Content
          id="main-content"
          tabIndex={-1}
          className={mobile ? 'app-content app-content-mobile' : 'app-content'}
        >
          <PageErrorBoundary resetKey={location.pathname}>
            <Suspense fallback={<Loading />}>
              <Outlet />
            </Suspense>
          </PageErrorBoundary>
        </Content>
      </Layout>
      <IdleWatcher />
    </Layout>
  );
}
