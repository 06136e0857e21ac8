import { useState } from 'react';
import { Button, Card, Input, Space, Tabs, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DataTable } from '../../shared/components/DataTable';
import { OrgTreeSelect } from '../../shared/components/OrgTreeSelect';
import { Page } from '../../shared/components/Page';
import { YearInput } from '../../shared/components/YearInput';
import { useDownload } from '../../shared/hooks/useDownload';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { ofKinds } from '../../shared/lib/orgTree';
import { t } from '../../locales';
import {
  MONTH_KEY,
  duesApi,
  duesKeys,
  thisMonthKey,
  thisYear,
  yuan,
  type ArrearsItem,
  type DuesMonthRow,
  type DuesMonthStatus,
  type DuesSummary,
  type ReductionListItem,
} from './api';
import { LedgerDrawer, PayModal } from './DuesDialogs';

const tx = t.dues;
const branchKeep = ofKinds('generalBranch', 'school', 'branch');
const branchSelectable = ofKinds('branch');
const STATUS_COLORS: Record<DuesMonthStatus, string> = { paid: 'green', partial: 'gold', unpaid: 'red' };
type BranchSummary = DuesSummary['branches'][number];

/** 党费 (RULES §4): monthly dues, payments and reversals, arrears, hardship reductions, the yearly summary. */
export default function DuesPage() {
  const qc = useQueryClient();
  const [month, setMonth] = useState(thisMonthKey);
  const [year, setYear] = useState(thisYear);
  const [branchId, setBranchId] = useState<string | null>(null);
  const [paying, setPaying] = useState<DuesMonthRow | null>(null);
  const [ledgerOf, setLedgerOf] = useState<string | null>(null);
  const { download, busy: exporting } = useDownload();
  const refresh = () => void qc.invalidateQueries({ queryKey: duesKeys.all });
  const branch = branchId ?? undefined;
  const months = useQuery({
    queryKey: duesKeys.months(month, branchId),
    // Not while a month is half typed: the API would refuse it.
    enabled: MONTH_KEY.test(month),
    queryFn: ({ signal }) => duesApi.months({ month, branchId: branch, pageSize: 100 }, signal),
  });
  const arrears = useQuery({
    queryKey: duesKeys.arrears(branchId),
    queryFn: ({ signal }) => duesApi.arrears({ branchId: branch }, signal),
  });
  const reductions = useQuery({
    queryKey: duesKeys.reductions(),
    queryFn: ({ signal }) => duesApi.reductions(signal),
  });
  const summary = useQuery({
    queryKey: duesKeys.summary(year),
    queryFn: ({ signal }) => duesApi.summary(year, signal),
    select: (s) => ({ items: s.branches }),
  });
  const compute = useMutation({
    mutationFn: () => duesApi.compute({ month, branchId: branch }),
    onSuccess: (r) => {
      showSuccess(tx.computed(r.created, r.updated, r.skipped.length));
      refresh();
    },
    onError: showError,
  });
  const decide = useMutation({
    mutationFn: (v: { id: string; approve: boolean }) => duesApi.decide(v.id, v.approve),
    onSuccess: refresh,
    onError: showError,
  });

  const monthColumns: TableColumnsType<DuesMonthRow> = [
    {
      title: tx.columns.name,
      dataIndex: 'name',
      width: 100,
      render: (v, r) => <a onClick={() => setLedgerOf(r.personId)}>{v}</a>,
    },
    { title: tx.columns.branch, dataIndex: 'branchName' },
    { title: tx.columns.group, dataIndex: 'groupLabel', width: 110 },
    { title: tx.columns.base, dataIndex: 'baseFen', width: 100, align: 'right', render: (v) => yuan(v) },
    {
      title: tx.columns.rate,
      dataIndex: 'rateBp',
      width: 70,
      render: (v: number | null) => (v === null ? tx.fixedRate : `${v / 100}%`),
    },
    {
      title: tx.columns.due,
      dataIndex: 'dueFen',
      width: 90,
      align: 'right',
      render: (v, r) => (
        <>
          {yuan(v)}
          {r.reduced ? <Tag style={{ marginLeft: 4 }}>{tx.reducedTag}</Tag> : null}
        </>
      ),
    },
    { title: tx.columns.paid, dataIndex: 'paidFen', width: 90, align: 'right', render: (v) => yuan(v) },
    {
      title: tx.columns.status,
      dataIndex: 'status',
      width: 90,
      render: (v: DuesMonthStatus) => <Tag color={STATUS_COLORS[v]}>{tx.status[v]}</Tag>,
    },
    {
      title: '',
      key: 'pay',
      width: 80,
      render: (_: unknown, r) =>
        r.outstandingFen > 0 ? (
          <Button size="small" onClick={() => setPaying(r)} data-testid={`pay-${r.name}`}>
            {tx.pay}
          </Button>
        ) : null,
    },
  ];

  const arrearsColumns: TableColumnsType<ArrearsItem> = [
    { title: tx.columns.name, dataIndex: 'name', width: 100 },
    { title: tx.columns.branch, dataIndex: 'branchName' },
    {
      title: tx.columns.unpaidMonths,
      dataIndex: 'unpaidMonths',
      render: (v: string[]) => v.join(tx.monthsSeparator),
    },
    {
      title: tx.columns.outstanding,
      dataIndex: 'outstandingFen',
      width: 100,
      align: 'right',
      render: (v) => yuan(v),
    },
    {
      title: tx.columns.flag,
      key: 'flag',
      width: 260,
      render: (_: unknown, r) => (r.flagged ? <Tag color="red">{r.flagReason}</Tag> : null),
    },
  ];

  const reductionColumns: TableColumnsType<ReductionListItem> = [
    { title: tx.columns.name, dataIndex: 'name', width: 100 },
    { title: tx.columns.branch, dataIndex: 'branchName' },
    {
      title: tx.columns.period,
      key: 'p',
      width: 170,
      render: (_: unknown, r) => tx.period(r.fromMonth, r.toMonth),
    },
    {
      title: tx.columns.kind,
      key: 'k',
      width: 130,
      render: (_: unknown, r) =>
        r.amountFen === null ? r.kindLabel : tx.reductionAmount(r.kindLabel, yuan(r.amountFen)),
    },
    { title: tx.columns.reason, dataIndex: 'reason' },
    { title: tx.columns.status, dataIndex: 'statusLabel', width: 90 },
    {
      title: '',
      key: 'a',
      width: 150,
      render: (_: unknown, r) =>
        r.canDecide ? (
          <Space size={4}>
            <Button size="small" type="primary" onClick={() => decide.mutate({ id: r.id, approve: true })}>
              {tx.approve}
            </Button>
            <Button size="small" onClick={() => decide.mutate({ id: r.id, approve: false })}>
              {tx.reject}
            </Button>
          </Space>
        ) : null,
    },
  ];

  const summaryColumns: TableColumnsType<BranchSummary> = [
    { title: tx.columns.branch, dataIndex: 'branchName' },
    { title: tx.columns.members, dataIndex: 'members', width: 70 },
    { title: tx.columns.dueYuan, dataIndex: 'dueFen', width: 110, align: 'right', render: (v) => yuan(v) },
    { title: tx.columns.paidYuan, dataIndex: 'paidFen', width: 110, align: 'right', render: (v) => yuan(v) },
    {
      title: tx.columns.outstandingYuan,
      dataIndex: 'outstandingFen',
      width: 110,
      align: 'right',
      render: (v) => yuan(v),
    },
    { title: tx.columns.paidRate, dataIndex: 'paidRate', width: 90, render: (v) => `${v}%` },
  ];

  return (
    <Page
      title={tx.title}
      subTitle={tx.subTitle}
      testId="dues"
      extra={
        <OrgTreeSelect
          value={branchId}
          onChange={(v) => setBranchId(v)}
          keep={branchKeep}
          selectable={branchSelectable}
          placeholder={tx.allBranches}
          allowClear
          style={{ width: 220 }}
        />
      }
    >
      <Tabs
        items={[
          {
            key: 'month',
            label: tx.tabs.month,
            children: (
              <>
                <Space style={{ marginBottom: 12 }}>
                  <Input
                    value={month}
                    onChange={(e) => setMonth(e.target.value)}
                    style={{ width: 110 }}
                    placeholder={tx.monthPlaceholder}
                  />
                  <Button
                    onClick={() => compute.mutate()}
                    loading={compute.isPending}
                    data-testid="dues-compute"
                  >
                    {tx.compute}
                  </Button>
                  <span>
                    {tx.monthTotals(yuan(months.data?.dueFen ?? 0), yuan(months.data?.paidFen ?? 0))}
                  </span>
                </Space>
                <DataTable<DuesMonthRow>
                  rowKey="id"
                  frame="plain"
                  query={months}
                  columns={monthColumns}
                  emptyText={tx.monthEmpty}
                />
              </>
            ),
          },
          {
            key: 'arrears',
            label: tx.tabs.arrears(arrears.data?.flagged ?? 0),
            children: (
              <DataTable<ArrearsItem>
                rowKey="personId"
                frame="plain"
                query={arrears}
                columns={arrearsColumns}
              />
            ),
          },
          {
            key: 'reductions',
            label: tx.tabs.reductions,
            children: (
              <DataTable<ReductionListItem>
                rowKey="id"
                frame="plain"
                query={reductions}
                columns={reductionColumns}
              />
            ),
          },
          {
            key: 'summary',
            label: tx.tabs.summary,
            children: (
              <Card
                size="small"
                title={
                  <Space>
                    <YearInput value={year} onChange={setYear} />
                  </Space>
                }
                extra={
                  <Button loading={exporting} onClick={() => void download(duesApi.exportRequest(year))}>
                    {tx.export}
                  </Button>
                }
              >
                <DataTable<BranchSummary>
                  rowKey="branchId"
                  frame="plain"
                  query={summary}
                  columns={summaryColumns}
                />
              </Card>
            ),
          },
        ]}
      />
      <PayModal row={paying} onClose={() => setPaying(null)} />
      <LedgerDrawer
        personId={ledgerOf}
        year={Number(month.slice(0, 4)) || thisYear()}
        onClose={() => setLedgerOf(null)}
      />
    </Page>
  );
}
