import { Card, Empty, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Page } from '../../shared/components/Page';
import { ErrorState, Loading } from '../../shared/components/States';
import { t } from '../../locales';
import { donationKeys, donationsApi, type MyGift } from './api';

/** 我的捐款: the signed-in person's gifts; donations and special dues listed apart. */
export default function MyGiftsPage() {
  const m = t.donations;
  const mine = useQuery({ queryKey: donationKeys.mine, queryFn: ({ signal }) => donationsApi.mine(signal) });
  if (mine.isPending) return <Loading />;
  if (mine.isError) return <ErrorState error={mine.error} onRetry={() => void mine.refetch()} />;
  const columns: TableColumnsType<MyGift> = [
    { title: m.myGifts.drive, dataIndex: 'driveTitle' },
    {
      title: m.entries.receiptNo,
      dataIndex: 'receiptNo',
      width: 140,
      render: (v: string) => <span className="mono">{v}</span>,
    },
    { title: m.entries.amount, dataIndex: 'amount', width: 110, align: 'right' },
    { title: m.entries.method, dataIndex: 'methodLabel', width: 90 },
    { title: m.entries.givenOn, dataIndex: 'givenOn', width: 110 },
    {
      title: m.entries.note,
      key: 'note',
      render: (_: unknown, r) =>
        r.isReversal ? (
          <Tag color="red">{m.entries.reversalOf(r.reversesReceiptNo, r.reversalReason)}</Tag>
        ) : (
          r.note
        ),
    },
  ];
  // Two short, unpaged lists (one person's gifts): a plain table each, not a DataTable.
  const table = (rows: MyGift[], empty: string) => (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={rows}
      locale={{ emptyText: <Empty description={empty} /> }}
    />
  );
  return (
    <Page title={m.myGifts.title} testId="my-gifts">
      <Card size="small" title={m.myGifts.donations} style={{ marginBottom: 12 }}>
        {table(mine.data.donations, m.myGifts.noDonations)}
      </Card>
      <Card size="small" title={m.myGifts.specialDues}>
        {table(mine.data.specialDues, m.myGifts.noSpecialDues)}
      </Card>
    </Page>
  );
}
