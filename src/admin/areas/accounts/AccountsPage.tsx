import { useState } from 'react';
import { App, Badge, Button, Col, Dropdown, Flex, Input, Modal, Row, Select, Tag, Typography } from 'antd';
import type { MenuProps, TableColumnsType } from 'antd';
import { MoreOutlined, PlusOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { usePermissions } from '../../app/me';
import { DataTable, useTableSearch, useTableState } from '../../shared/components/DataTable';
import { Page } from '../../shared/components/Page';
import { showSuccess } from '../../shared/lib/feedback';
import { formatDateTime } from '../../shared/lib/format';
import { t } from '../../locales';
import { EmailForm } from '../auth/EmailForm';
import { accountKeys, accountsApi, type Account, type RoleGrant } from './api';
import { CreateAccountModal } from './CreateAccountModal';
import { GrantRoleModal } from './GrantRoleModal';
import { TempPasswordModal } from './TempPasswordModal';
import { AccountSessionsDrawer } from './AccountSessionsDrawer';
import { useRoles } from './roles';

const KEYS = ['q', 'role', 'disabled'] as const;

export default function AccountsPage() {
  const { can } = usePermissions();
  const canWrite = can('accounts.write');
  const table = useTableState(KEYS);
  const search = useTableSearch(table, 'q');
  const f = table.filters;
  const roles = useRoles();
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [granting, setGranting] = useState<Account | null>(null);
  const [emailFor, setEmailFor] = useState<Account | null>(null);
  const [sessionsFor, setSessionsFor] = useState<Account | null>(null);
  const [tempPassword, setTempPassword] = useState<{ username: string; password: string } | null>(null);

  const refresh = () => qc.invalidateQueries({ queryKey: accountKeys.all });

  const update = useMutation({
    mutationFn: (v: { id: string; disabled: boolean }) => accountsApi.update(v.id, { disabled: v.disabled }),
    onSuccess: async (_a, v) => {
      showSuccess(v.disabled ? t.accounts.disabledDone : t.accounts.enabledDone);
      await refresh();
    },
  });
  const reset = useMutation({
    mutationFn: (a: Account) => accountsApi.resetPassword(a.id),
    onSuccess: async (r, a) => {
      setTempPassword({ username: a.username, password: r.temporaryPassword });
      await refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (v: { account: Account; grant: RoleGrant }) => accountsApi.revoke(v.account.id, v.grant.id),
    onSuccess: async () => {
      showSuccess(t.accounts.revoked);
      await refresh();
    },
  });

  const actionsFor = (a: Account): MenuProps['items'] => [
    { key: 'email', label: <span data-testid="account-email">{t.email.set}</span> },
    { key: 'sessions', label: <span data-testid="account-sessions-action">{t.accountSessions.action}</span> },
    { key: 'reset', label: <span data-testid="account-reset">{t.accounts.resetPassword}</span> },
    {
      key: 'toggle',
      danger: !a.disabled,
      label: <span data-testid="account-toggle">{a.disabled ? t.common.enable : t.common.disable}</span>,
    },
  ];
  const onAction = (a: Account, key: string) => {
    if (key === 'email') {
      setEmailFor(a);
    } else if (key === 'sessions') {
      setSessionsFor(a);
    } else if (key === 'reset') {
      modal.confirm({
        title: `${t.accounts.resetPassword}：${a.username}`,
        content: t.accounts.resetConfirm,
        onOk: () => reset.mutateAsync(a).catch(() => undefined),
      });
    } else if (key === 'toggle') {
      modal.confirm({
        title: `${a.disabled ? t.common.enable : t.common.disable}：${a.username}`,
        content: a.disabled ? t.accounts.enableConfirm : t.accounts.disableConfirm,
        okButtonProps: { danger: !a.disabled },
        onOk: () => update.mutateAsync({ id: a.id, disabled: !a.disabled }).catch(() => undefined),
      });
    }
  };

  const columns: TableColumnsType<Account> = [
    {
      title: t.accounts.username,
      dataIndex: 'username',
      width: 150,
      render: (v: string, a) => (
        <Flex vertical gap={2}>
          <span className="mono">{v}</span>
          {a.mustChangePassword ? (
            <Tag color="orange" style={{ width: 'fit-content' }}>
              {t.accounts.mustChange}
            </Tag>
          ) : null}
        </Flex>
      ),
    },
    {
      title: t.accounts.displayName,
      dataIndex: 'displayName',
      width: 160,
      render: (v: string, a) =>
        a.personId ? (
          <Flex vertical gap={0}>
            <Link to={`/people/${a.personId}`} data-testid="account-person-link">
              {v}
            </Link>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {a.personName && a.personName !== v ? `${a.personName} · ` : ''}
              {a.personNumber}
            </Typography.Text>
          </Flex>
        ) : (
          <span>{v}</span>
        ),
    },
    {
      title: t.email.label,
      dataIndex: 'email',
      width: 200,
      responsive: ['md'],
      render: (v: string | null) =>
        v ? (
          <span className="mono">{v}</span>
        ) : (
          <Typography.Text type="secondary">{t.email.none}</Typography.Text>
        ),
    },
    {
      title: t.accounts.roles,
      dataIndex: 'roles',
      render: (rs: RoleGrant[], a) =>
        rs.length === 0 ? (
          <Typography.Text type="secondary">{t.profile.noRoles}</Typography.Text>
        ) : (
          <Flex gap={4} wrap>
            {rs.map((g) => (
              <Tag
                key={g.id}
                color="red"
                variant="outlined"
                data-testid="account-role"
                closable={canWrite}
                onClose={(e) => {
                  e.preventDefault();
                  modal.confirm({
                    title: t.accounts.revokeConfirm(`${g.label} · ${g.scopeName ?? ''}`),
                    okButtonProps: { danger: true },
                    onOk: () => revoke.mutateAsync({ account: a, grant: g }).catch(() => undefined),
                  });
                }}
              >
                {g.label}
                {g.scopeName ? ` · ${g.scopeName}` : ''}
              </Tag>
            ))}
          </Flex>
        ),
    },
    {
      title: t.accounts.status,
      dataIndex: 'disabled',
      width: 90,
      render: (d: boolean) =>
        d ? (
          <Badge status="default" text={t.common.disabled} />
        ) : (
          <Badge status="success" text={t.common.enabled} />
        ),
    },
    {
      title: t.accounts.lastLogin,
      dataIndex: 'lastLoginAt',
      width: 170,
      responsive: ['lg'],
      render: (v: string | null) =>
        v ? formatDateTime(v) : <Typography.Text type="secondary">{t.accounts.never}</Typography.Text>,
    },
    ...(canWrite
      ? [
          {
            title: t.common.actions,
            key: 'actions',
            width: 150,
            fixed: 'right' as const,
            render: (_: unknown, a: Account) => (
              <Flex gap={4}>
                <Button
                  size="small"
                  icon={<SafetyCertificateOutlined />}
                  onClick={() => setGranting(a)}
                  data-testid="account-grant-button"
                >
                  {t.accounts.grant}
                </Button>
                <Dropdown
                  menu={{ items: actionsFor(a), onClick: ({ key }) => onAction(a, key) }}
                  trigger={['click']}
                >
                  <Button
                    size="small"
                    icon={<MoreOutlined />}
                    aria-label={t.common.actions}
                    data-testid="account-more"
                  />
                </Dropdown>
              </Flex>
            ),
          },
        ]
      : []),
  ];

  return (
    <Page
      title={t.accounts.title}
      testId="accounts-page"
      extra={
        canWrite ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="account-create"
          >
            {t.accounts.create}
          </Button>
        ) : null
      }
    >
      <DataTable<Account>
        table={table}
        queryKey={accountKeys.lists}
        fetch={accountsApi.list}
        rowKey="id"
        size="middle"
        testId="accounts-table"
        columns={columns}
        toolbar={
          <Row gutter={[8, 8]}>
            <Col xs={24} sm={12} lg={8}>
              <Input.Search
                allowClear
                value={search.value}
                placeholder={t.accounts.searchPlaceholder}
                onChange={(e) => search.setValue(e.target.value)}
                onSearch={search.commit}
                data-testid="accounts-search"
              />
            </Col>
            <Col xs={12} sm={6} lg={4}>
              <Select
                allowClear
                value={f.role}
                onChange={(v) => table.set({ role: v })}
                placeholder={t.accounts.role}
                style={{ width: '100%' }}
                options={(roles.data?.items ?? []).map((r) => ({ value: r.role, label: r.label }))}
                data-testid="accounts-filter-role"
              />
            </Col>
            <Col xs={12} sm={6} lg={4}>
              <Select
                allowClear
                value={f.disabled}
                onChange={(v) => table.set({ disabled: v })}
                placeholder={t.accounts.status}
                style={{ width: '100%' }}
                options={[
                  { value: 'false', label: t.accounts.statusOptions.active },
                  { value: 'true', label: t.accounts.statusOptions.disabled },
                ]}
                data-testid="accounts-filter-status"
              />
            </Col>
          </Row>
        }
      />
      {creating ? <CreateAccountModal onClose={() => setCreating(false)} /> : null}
      {granting ? <GrantRoleModal account={granting} onClose={() => setGranting(null)} /> : null}
      {emailFor ? (
        <Modal
          open
          title={t.email.setTitle(emailFor.displayName || emailFor.username)}
          footer={null}
          destroyOnHidden
          onCancel={() => setEmailFor(null)}
        >
          <EmailForm accountId={emailFor.id} initial={emailFor.email} onDone={() => setEmailFor(null)} />
        </Modal>
      ) : null}
      {sessionsFor ? (
        <AccountSessionsDrawer account={sessionsFor} onClose={() => setSessionsFor(null)} />
      ) : null}
      {tempPassword ? (
        <TempPasswordModal
          username={tempPassword.username}
          password={tempPassword.password}
          onClose={() => setTempPassword(null)}
        />
      ) : null}
    </Page>
  );
}
