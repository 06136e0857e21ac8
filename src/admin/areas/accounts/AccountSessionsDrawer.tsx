import { App, Button, Drawer, Empty, Flex, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorState } from '../../shared/components/States';
import { showSuccess } from '../../shared/lib/feedback';
import { formatDateTime } from '../../shared/lib/format';
import { t } from '../../locales';
import { accountKeys, accountsApi, type Account, type AccountSession } from './api';

const ts = t.accountSessions;

/** An account's live sessions, with a button to end each one or all of them (accounts.write). */
export function AccountSessionsDrawer(props: { account: Account; onClose: () => void }) {
  const { account } = props;
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const sessions = useQuery({
    queryKey: accountKeys.sessions(account.id),
    queryFn: ({ signal }) => accountsApi.sessions(account.id, signal),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: accountKeys.sessions(account.id) });

  const endOne = useMutation({
    mutationFn: (s: AccountSession) => accountsApi.endSession(account.id, s.id),
    onSuccess: async () => {
      showSuccess(ts.ended);
      await refresh();
    },
  });
  const endAll = useMutation({
    mutationFn: () => accountsApi.endSessions(account.id),
    onSuccess: async (r) => {
      showSuccess(ts.endedAll(r?.sessionsEnded ?? 0));
      await refresh();
    },
  });

  const columns: TableColumnsType<AccountSession> = [
    {
      title: ts.createdAt,
      dataIndex: 'createdAt',
      width: 160,
      render: (v: string, s) => (
        <Flex vertical gap={2}>
          <span>{formatDateTime(v)}</span>
          {s.current ? (
            <Tag color="green" style={{ width: 'fit-content' }} data-testid="session-current">
              {ts.current}
            </Tag>
          ) : null}
        </Flex>
      ),
    },
    { title: ts.lastSeenAt, dataIndex: 'lastSeenAt', width: 160, render: (v: string) => formatDateTime(v) },
    {
      title: ts.idleExpiresAt,
      dataIndex: 'idleExpiresAt',
      width: 160,
      responsive: ['lg'],
      render: (v: string) => formatDateTime(v),
    },
    {
      title: ts.ip,
      dataIndex: 'ip',
      width: 130,
      render: (v: string | null) => <span className="mono">{v ?? ts.unknown}</span>,
    },
    {
      title: ts.userAgent,
      dataIndex: 'userAgent',
      ellipsis: true,
      render: (v: string | null) =>
        v ? (
          <Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: 260 }}>
            {v}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">{ts.unknown}</Typography.Text>
        ),
    },
    {
      title: t.common.actions,
      key: 'actions',
      width: 80,
      render: (_: unknown, s: AccountSession) => (
        <Button
          size="small"
          danger
          data-testid="session-end"
          onClick={() =>
            modal.confirm({
              title: ts.end,
              content: s.current ? ts.endCurrentConfirm : ts.endConfirm,
              okButtonProps: { danger: true },
              onOk: () => endOne.mutateAsync(s).catch(() => undefined),
            })
          }
        >
          {ts.end}
        </Button>
      ),
    },
  ];

  const items = sessions.data?.items ?? [];
  return (
    <Drawer
      open
      size={900}
      title={ts.title(account.displayName || account.username)}
      onClose={props.onClose}
      destroyOnHidden
      extra={
        <Button
          danger
          disabled={items.length === 0}
          loading={endAll.isPending}
          data-testid="sessions-end-all"
          onClick={() =>
            modal.confirm({
              title: ts.endAll,
              content: ts.endAllConfirm,
              okButtonProps: { danger: true },
              onOk: () => endAll.mutateAsync().catch(() => undefined),
            })
          }
        >
          {ts.endAll}
        </Button>
      }
      drawerRender={(node) => (
        <div data-testid="account-sessions" style={{ height: '100%' }}>
          {node}
        </div>
      )}
    >
      <Typography.Paragraph type="secondary">{ts.intro}</Typography.Paragraph>
      {sessions.isError ? (
        <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : (
        <Table<AccountSession>
          rowKey="id"
          size="middle"
          loading={sessions.isPending}
          columns={columns}
          dataSource={items}
          pagination={false}
          scroll={{ x: 760 }}
          locale={{ emptyText: <Empty description={ts.empty} /> }}
          data-testid="sessions-table"
        />
      )}
    </Drawer>
  );
}
