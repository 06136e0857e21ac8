import { useState } from 'react';
import { Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { ErrorState } from '../../../shared/components/States';
import { formatDateTime } from '../../../shared/lib/format';
import { t } from '../../../locales';
import { resultsApi, resultsKeys, type ObjectionView } from '../resultsApi';
import { HandleObjectionModal } from './modals';

const o = t.assessmentResults.objections;
const COLOR: Record<ObjectionView['status'], string> = { open: 'gold', upheld: 'red', dismissed: 'default' };

/**
 * The objections sent from the portal's 公示 page (anyone may send one while it runs), for the
 * general branch to answer: upheld takes the nomination off the list, dismissed keeps it. Closing
 * the 公示 waits until none is open.
 */
export function ObjectionsCard(props: { year: number }) {
  const [handling, setHandling] = useState<{ o: ObjectionView; decision: 'uphold' | 'dismiss' } | null>(null);
  const list = useQuery({
    queryKey: resultsKeys.objections(props.year),
    queryFn: ({ signal }) => resultsApi.objections(props.year, signal),
  });
  const columns: TableColumnsType<ObjectionView> = [
    { title: o.col.name, dataIndex: 'name', width: 100 },
    {
      title: o.col.content,
      dataIndex: 'content',
      render: (v: string) => (
        <Typography.Paragraph
          ellipsis={{ rows: 3, expandable: true, symbol: t.common.detail }}
          style={{ marginBottom: 0, maxWidth: 420, whiteSpace: 'pre-wrap' }}
        >
          {v}
        </Typography.Paragraph>
      ),
    },
    { title: o.col.contact, dataIndex: 'contact', width: 140, render: (v: string | null) => v ?? '—' },
    {
      title: o.col.createdAt,
      dataIndex: 'createdAt',
      width: 150,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: o.col.status,
      dataIndex: 'status',
      width: 110,
      render: (v: ObjectionView['status'], x) => (
        <Tag color={COLOR[v]} data-testid="objection-status">
          {x.statusLabel || t.assessmentResults.objectionStatus[v]}
        </Tag>
      ),
    },
    {
      title: o.col.response,
      dataIndex: 'response',
      width: 200,
      render: (v: string | null) => (v ? <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span> : '—'),
    },
    {
      title: t.common.actions,
      key: 'actions',
      width: 170,
      render: (_: unknown, x) =>
        x.status === 'open' ? (
          <Space size={0}>
            <Button
              type="link"
              size="small"
              danger
              onClick={() => setHandling({ o: x, decision: 'uphold' })}
              data-testid="objection-uphold"
            >
              {o.uphold}
            </Button>
            <Button
              type="link"
              size="small"
              onClick={() => setHandling({ o: x, decision: 'dismiss' })}
              data-testid="objection-dismiss"
            >
              {o.dismiss}
            </Button>
          </Space>
        ) : null,
    },
  ];
  return (
    <Card
      size="small"
      title={o.title}
      style={{ marginTop: 12 }}
      styles={{ body: { padding: 0 } }}
      data-testid="objections-card"
    >
      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<ObjectionView>
          rowKey="id"
          size="small"
          scroll={{ x: 'max-content' }}
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          pagination={false}
          locale={{ emptyText: list.isFetching ? ' ' : <Empty description={o.empty} /> }}
          data-testid="objections-table"
        />
      )}
      <HandleObjectionModal
        objection={handling?.o ?? null}
        decision={handling?.decision ?? 'dismiss'}
        onClose={() => setHandling(null)}
      />
    </Card>
  );
}
