import { Card, Empty, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api/client';
import { Page } from '../../shared/components/Page';
import { ErrorState, Loading } from '../../shared/components/States';
import type { Entry } from './types';

/** 我的捐款: the signed-in person's gifts; donations and special dues listed apart. */
export default function MyGiftsPage() {
  const mine = useQuery({
    queryKey: ['donations', 'mine'],
    queryFn: ({ signal }) =>
      api.get<{ donations: Entry[]; specialDues: Entry[] }>('/donations/mine', undefined, signal),
  });
  if (mine.isPending) return <Loading />;
  if (mine.isError) return <ErrorState error={mine.error} onRetry={() => void mine.refetch()} />;
  const columns: TableColumnsType<Entry> = [
    { title: '活动', dataIndex: 'driveTitle' },
    {
      title: '收据号',
      dataIndex: 'receiptNo',
      width: 140,
      render: (v: string) => <span className="mono">{v}</span>,
    },
    { title: '金额（元）', dataIndex: 'amount', width: 110, align: 'right' },
    { title: '方式', dataIndex: 'methodLabel', width: 90 },
    { title: '日期', dataIndex: 'givenOn', width: 110 },
    {
      title: '说明',
      key: 'note',
      render: (_: unknown, r) =>
        r.isReversal ? (
          <Tag color="red">
            冲正 {r.reversesReceiptNo}：{r.reversalReason}
          </Tag>
        ) : (
          r.note
        ),
    },
  ];
  const table = (rows: Entry[]) => (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={rows}
      locale={{ emptyText: <Empty description="暂无记录" /> }}
    />
  );
  return (
    <Page title="我的捐款" testId="my-gifts">
      <Card size="small" title="爱心捐款" style={{ marginBottom: 12 }}>
        {table(mine.data.donations)}
      </Card>
      <Card size="small" title="特殊党费（自愿交纳）">
        {table(mine.data.specialDues)}
      </Card>
    </Page>
  );
}
