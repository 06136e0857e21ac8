import { useState } from 'react';
import { Alert, Card, Empty, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Page } from '../../shared/components/Page';
import { YearInput } from '../../shared/components/YearInput';
import { ErrorState, Loading } from '../../shared/components/States';
import { usePermissions } from '../../app/me';
import { t } from '../../locales';
import { duesApi, duesKeys, yuan, type DuesMonthRow, type LedgerEntry } from './api';
import { thisYear } from '../orgLife/api';

const m = t.myDues;
const d = t.dues;
const STATUS_COLOR = { paid: 'green', partial: 'orange', unpaid: 'red' } as const;
const monthLabel = (key: string) => `${Number(key.slice(0, 4))}年${Number(key.slice(5, 7))}月`;

/** 我的党费: the member's own months, arrears and payments for a year (read-only: the branch records). */
export default function MyDuesPage() {
  const { me } = usePermissions();
  const [year, setYear] = useState(thisYear());
  const personId = me?.personId ?? null;
  const mine = useQuery({
    queryKey: duesKeys.member(personId, year),
    enabled: personId !== null,
    queryFn: ({ signal }) => duesApi.member(personId!, year, signal),
  });
  const head = (children: React.ReactNode) => (
    <Page
      title={m.title}
      subTitle={m.subTitle}
      testId="my-dues"
      extra={<YearInput value={year} onChange={setYear} />}
    >
      {children}
    </Page>
  );
  if (!personId) return head(<Empty description={m.noPerson} />);
  if (mine.isPending) return head(<Loading />);
  if (mine.isError) return head(<ErrorState error={mine.error} onRetry={() => void mine.refetch()} />);
  const x = mine.data;
  const a = x.arrears;
  return head(
    <>
      {a.unpaidMonths.length ? (
        <Alert
          type={a.flagged ? 'error' : 'warning'}
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="my-dues-arrears"
          message={m.arrears(a.unpaidMonths.map(monthLabel).join('、'), yuan(a.outstandingFen))}
          description={a.flagged ? m.flagged(a.longestRun) : undefined}
        />
      ) : x.months.length ? (
        <Alert type="success" showIcon style={{ marginBottom: 12 }} message={m.allPaid} />
      ) : null}
      <Card size="small" title={m.months} style={{ marginBottom: 12 }}>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {x.monthlyFen !== null ? `${m.monthly(yuan(x.monthlyFen))}。` : ''}
          {x.explanation}
        </Typography.Paragraph>
        <Table<DuesMonthRow>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={x.months}
          locale={{ emptyText: <Empty description={m.notComputed} /> }}
          columns={[
            { title: d.columns.period, dataIndex: 'month', render: (v: string) => monthLabel(v) },
            { title: d.columns.due, dataIndex: 'dueFen', align: 'right', render: (v: number) => yuan(v) },
            { title: d.columns.paid, dataIndex: 'paidFen', align: 'right', render: (v: number) => yuan(v) },
            {
              title: d.columns.status,
              dataIndex: 'status',
              render: (v: DuesMonthRow['status']) => <Tag color={STATUS_COLOR[v]}>{d.status[v]}</Tag>,
            },
          ]}
        />
      </Card>
      <Card size="small" title={m.ledger}>
        <Table<LedgerEntry>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={x.ledger}
          locale={{ emptyText: <Empty description={m.ledgerEmpty} /> }}
          columns={[
            { title: d.columns.period, dataIndex: 'month', render: (v: string) => monthLabel(v) },
            { title: d.columns.paid, dataIndex: 'amountFen', align: 'right', render: (v: number) => yuan(v) },
            { title: d.columns.date, dataIndex: 'paidOn' },
            { title: d.columns.kind, dataIndex: 'methodLabel' },
          ]}
        />
      </Card>
    </>,
  );
}
