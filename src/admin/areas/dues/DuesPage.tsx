import { useState } from 'react';
import {
  Button,
  Card,
  DatePicker,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, download } from '../../shared/api/client';
import { OrgTreeSelect } from '../../shared/components/OrgTreeSelect';
import { Page } from '../../shared/components/Page';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { ofKinds } from '../../shared/lib/orgTree';
import {
  thisMonth,
  thisYear,
  yuan,
  type ArrearsItem,
  type DuesMonthRow,
  type DuesSummary,
  type LedgerEntry,
  type Reduction,
} from '../orgLife/types';

const branchKeep = ofKinds('generalBranch', 'school', 'branch');
const branchSelectable = ofKinds('branch');
const STATUS: Record<DuesMonthRow['status'], { color: string; label: string }> = {
  paid: { color: 'green', label: '已缴清' },
  partial: { color: 'gold', label: '部分缴纳' },
  unpaid: { color: 'red', label: '未缴' },
};
const METHODS = [
  { value: 'cash', label: '现金' },
  { value: 'transfer', label: '银行转账' },
  { value: 'wechat', label: '微信' },
  { value: 'alipay', label: '支付宝' },
  { value: 'other', label: '其他' },
];
const monthKey = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}`;

/** 党费: monthly dues, payments and reversals, arrears, hardship reductions, the yearly summary. */
export default function DuesPage() {
  const qc = useQueryClient();
  const [month, setMonth] = useState(monthKey(thisYear(), thisMonth()));
  const [year, setYear] = useState(thisYear());
  const [branchId, setBranchId] = useState<string | null>(null);
  const [paying, setPaying] = useState<DuesMonthRow | null>(null);
  const [ledgerOf, setLedgerOf] = useState<string | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['dues'] });
  const months = useQuery({
    queryKey: ['dues', 'months', month, branchId],
    queryFn: ({ signal }) =>
      api.get<{ items: DuesMonthRow[]; dueFen: number; paidFen: number; total: number }>(
        '/dues/months',
        { month, branchId: branchId ?? undefined, pageSize: 100 },
        signal,
      ),
  });
  const arrears = useQuery({
    queryKey: ['dues', 'arrears', branchId],
    queryFn: ({ signal }) =>
      api.get<{ items: ArrearsItem[]; flagged: number }>(
        '/dues/arrears',
        { branchId: branchId ?? undefined },
        signal,
      ),
  });
  const reductions = useQuery({
    queryKey: ['dues', 'reductions'],
    queryFn: ({ signal }) => api.get<{ items: Reduction[] }>('/dues/reductions', undefined, signal),
  });
  const summary = useQuery({
    queryKey: ['dues', 'summary', year],
    queryFn: ({ signal }) => api.get<DuesSummary>('/dues/summary', { year }, signal),
  });
  const compute = useMutation({
    mutationFn: () =>
      api.post<{ created: number; updated: number; skipped: { name: string; reason: string }[] }>(
        '/dues/compute',
        {
          month,
          branchId: branchId ?? undefined,
        },
      ),
    onSuccess: (r) => {
      showSuccess(
        `已核定：新增 ${r.created}，更新 ${r.updated}${r.skipped.length ? `；${r.skipped.length} 人未登记基数` : ''}`,
      );
      refresh();
    },
    onError: showError,
  });
  const decide = useMutation({
    mutationFn: (v: { id: string; approve: boolean }) =>
      api.post(`/dues/reductions/${v.id}/decide`, { approve: v.approve }),
    onSuccess: refresh,
    onError: showError,
  });

  const monthColumns: TableColumnsType<DuesMonthRow> = [
    {
      title: '姓名',
      dataIndex: 'name',
      width: 100,
      render: (v, r) => <a onClick={() => setLedgerOf(r.personId)}>{v}</a>,
    },
    { title: '党支部', dataIndex: 'branchName' },
    { title: '类别', dataIndex: 'groupLabel', width: 110 },
    { title: '月基数', dataIndex: 'baseFen', width: 100, align: 'right', render: (v) => yuan(v) },
    { title: '比例', dataIndex: 'rateBp', width: 70, render: (v) => (v === null ? '定额' : `${v / 100}%`) },
    {
      title: '应缴',
      dataIndex: 'dueFen',
      width: 90,
      align: 'right',
      render: (v, r) => (
        <>
          {yuan(v)}
          {r.reduced ? <Tag style={{ marginLeft: 4 }}>减免</Tag> : null}
        </>
      ),
    },
    { title: '已缴', dataIndex: 'paidFen', width: 90, align: 'right', render: (v) => yuan(v) },
    {
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (v: DuesMonthRow['status']) => <Tag color={STATUS[v].color}>{STATUS[v].label}</Tag>,
    },
    {
      title: '',
      key: 'pay',
      width: 80,
      render: (_: unknown, r) =>
        r.outstandingFen > 0 ? (
          <Button size="small" onClick={() => setPaying(r)} data-testid={`pay-${r.name}`}>
            收缴
          </Button>
        ) : null,
    },
  ];

  return (
    <Page
      title="党费"
      subTitle="按中组发〔2008〕3号：以月基数全额按一个比例计交（不累进），学生党员每月 0.20 元"
      testId="dues"
      extra={
        <OrgTreeSelect
          value={branchId}
          onChange={(v) => setBranchId(v)}
          keep={branchKeep}
          selectable={branchSelectable}
          placeholder="全部党支部"
          allowClear
          style={{ width: 220 }}
        />
      }
    >
      <Tabs
        items={[
          {
            key: 'month',
            label: '月度收缴',
            children: (
              <>
                <Space style={{ marginBottom: 12 }}>
                  <Input
                    value={month}
                    onChange={(e) => setMonth(e.target.value)}
                    style={{ width: 110 }}
                    placeholder="YYYY-MM"
                  />
                  <Button
                    onClick={() => compute.mutate()}
                    loading={compute.isPending}
                    data-testid="dues-compute"
                  >
                    核定本月党费
                  </Button>
                  <span>
                    应缴 {yuan(months.data?.dueFen ?? 0)} 元，已缴 {yuan(months.data?.paidFen ?? 0)} 元
                  </span>
                </Space>
                <Table
                  rowKey="id"
                  size="small"
                  loading={months.isPending}
                  columns={monthColumns}
                  dataSource={months.data?.items ?? []}
                  pagination={false}
                  locale={{ emptyText: <Empty description="本月党费尚未核定" /> }}
                />
              </>
            ),
          },
          {
            key: 'arrears',
            label: `欠缴${arrears.data?.flagged ? `（${arrears.data.flagged} 人连续 6 个月）` : ''}`,
            children: (
              <Table
                rowKey="personId"
                size="small"
                loading={arrears.isPending}
                pagination={false}
                dataSource={arrears.data?.items ?? []}
                columns={[
                  { title: '姓名', dataIndex: 'name', width: 100 },
                  { title: '党支部', dataIndex: 'branchName' },
                  { title: '欠缴月份', dataIndex: 'unpaidMonths', render: (v: string[]) => v.join('、') },
                  {
                    title: '欠缴金额',
                    dataIndex: 'outstandingFen',
                    width: 100,
                    align: 'right',
                    render: (v) => yuan(v),
                  },
                  {
                    title: '标记',
                    key: 'flag',
                    width: 260,
                    render: (_: unknown, r: ArrearsItem) =>
                      r.flagged ? <Tag color="red">{r.flagReason}</Tag> : null,
                  },
                ]}
              />
            ),
          },
          {
            key: 'reductions',
            label: '减免审批',
            children: (
              <Table
                rowKey="id"
                size="small"
                loading={reductions.isPending}
                pagination={false}
                dataSource={reductions.data?.items ?? []}
                columns={[
                  { title: '姓名', dataIndex: 'name', width: 100 },
                  { title: '党支部', dataIndex: 'branchName' },
                  {
                    title: '期间',
                    key: 'p',
                    width: 170,
                    render: (_: unknown, r: Reduction) => `${r.fromMonth} 至 ${r.toMonth}`,
                  },
                  {
                    title: '方式',
                    key: 'k',
                    width: 130,
                    render: (_: unknown, r: Reduction) =>
                      r.amountFen === null ? r.kindLabel : `${r.kindLabel} ${yuan(r.amountFen)} 元/月`,
                  },
                  { title: '理由', dataIndex: 'reason' },
                  { title: '状态', dataIndex: 'statusLabel', width: 90 },
                  {
                    title: '',
                    key: 'a',
                    width: 150,
                    render: (_: unknown, r: Reduction) =>
                      r.canDecide ? (
                        <Space size={4}>
                          <Button
                            size="small"
                            type="primary"
                            onClick={() => decide.mutate({ id: r.id, approve: true })}
                          >
                            批准
                          </Button>
                          <Button size="small" onClick={() => decide.mutate({ id: r.id, approve: false })}>
                            不批准
                          </Button>
                        </Space>
                      ) : null,
                  },
                ]}
              />
            ),
          },
          {
            key: 'summary',
            label: '年度汇总',
            children: (
              <Card
                size="small"
                title={
                  <Space>
                    <InputNumber
                      value={year}
                      min={1990}
                      max={2100}
                      onChange={(v) => v && setYear(v)}
                      suffix="年"
                    />
                  </Space>
                }
                extra={
                  <Button
                    onClick={() =>
                      void download('/dues/summary/export', { year }, `dues-${year}.xlsx`).catch(showError)
                    }
                  >
                    导出 Excel
                  </Button>
                }
              >
                <Table
                  rowKey="branchId"
                  size="small"
                  pagination={false}
                  dataSource={summary.data?.branches ?? []}
                  columns={[
                    { title: '党支部', dataIndex: 'branchName' },
                    { title: '党员', dataIndex: 'members', width: 70 },
                    {
                      title: '应缴（元）',
                      dataIndex: 'dueFen',
                      width: 110,
                      align: 'right',
                      render: (v) => yuan(v),
                    },
                    {
                      title: '实缴（元）',
                      dataIndex: 'paidFen',
                      width: 110,
                      align: 'right',
                      render: (v) => yuan(v),
                    },
                    {
                      title: '欠缴（元）',
                      dataIndex: 'outstandingFen',
                      width: 110,
                      align: 'right',
                      render: (v) => yuan(v),
                    },
                    { title: '缴清率', dataIndex: 'paidRate', width: 90, render: (v) => `${v}%` },
                  ]}
                />
              </Card>
            ),
          },
        ]}
      />
      <PayModal
        row={paying}
        onClose={() => {
          setPaying(null);
          refresh();
        }}
      />
      <LedgerDrawer
        personId={ledgerOf}
        year={Number(month.slice(0, 4)) || thisYear()}
        onClose={() => setLedgerOf(null)}
      />
    </Page>
  );
}

function PayModal(props: { row: DuesMonthRow | null; onClose: () => void }) {
  const [form] = Form.useForm<{
    amount?: string;
    paidOn: { format(f: string): string };
    method: string;
    receiptNo?: string;
  }>();
  const r = props.row;
  const pay = useMutation({
    mutationFn: (v: {
      amount?: string;
      paidOn: { format(f: string): string };
      method: string;
      receiptNo?: string;
    }) =>
      api.post('/dues/payments', {
        personId: r!.personId,
        months: [r!.month],
        amount: v.amount?.trim() ? v.amount.trim() : undefined,
        paidOn: v.paidOn.format('YYYY-MM-DD'),
        method: v.method,
        receiptNo: v.receiptNo || null,
      }),
    onSuccess: () => {
      showSuccess('已登记');
      form.resetFields();
      props.onClose();
    },
    onError: showError,
  });
  return (
    <Modal
      open={r !== null}
      title={r ? `收缴 ${r.name} ${r.month} 党费（还应缴 ${yuan(r.outstandingFen)} 元）` : ''}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={pay.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ method: 'cash' }} onFinish={(v) => pay.mutate(v)}>
        <Form.Item
          name="amount"
          label="金额（元，不填则按应缴）"
          rules={[{ pattern: /^\d+(\.\d{1,2})?$/, message: '请输入金额，最多两位小数，例如 12.50' }]}
        >
          <Input placeholder={r ? yuan(r.outstandingFen) : ''} inputMode="decimal" />
        </Form.Item>
        <Form.Item name="paidOn" label="缴纳日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="method" label="方式">
          <Select options={METHODS} />
        </Form.Item>
        <Form.Item name="receiptNo" label="收据号">
          <Input maxLength={50} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function LedgerDrawer(props: { personId: string | null; year: number; onClose: () => void }) {
  const qc = useQueryClient();
  const data = useQuery({
    queryKey: ['dues', 'member', props.personId, props.year],
    enabled: props.personId !== null,
    queryFn: ({ signal }) =>
      api.get<{ name: string; explanation: string; ledger: LedgerEntry[] }>(
        `/dues/members/${props.personId}`,
        { year: props.year },
        signal,
      ),
  });
  const reverse = useMutation({
    mutationFn: (v: { id: string; reason: string }) =>
      api.post(`/dues/payments/${v.id}/reverse`, { reason: v.reason }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['dues'] }),
    onError: showError,
  });
  return (
    <Drawer
      open={props.personId !== null}
      onClose={props.onClose}
      size={640}
      title={data.data ? `${data.data.name} 的缴费台账` : '缴费台账'}
    >
      <p style={{ color: '#666' }}>{data.data?.explanation}</p>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={data.data?.ledger ?? []}
        columns={[
          { title: '月份', dataIndex: 'month', width: 80 },
          { title: '金额', dataIndex: 'amountFen', width: 80, align: 'right', render: (v) => yuan(v) },
          { title: '日期', dataIndex: 'paidOn', width: 100 },
          { title: '方式', dataIndex: 'methodLabel', width: 80 },
          {
            title: '说明',
            key: 'n',
            render: (_: unknown, e: LedgerEntry) =>
              e.kind === 'reversal' ? (
                <Tag color="red">冲正：{e.note}</Tag>
              ) : e.reversedById ? (
                <Tag>已冲正</Tag>
              ) : (
                e.note
              ),
          },
          {
            title: '',
            key: 'r',
            width: 70,
            render: (_: unknown, e: LedgerEntry) =>
              e.kind === 'payment' && !e.reversedById ? (
                <Button
                  size="small"
                  danger
                  onClick={() => {
                    let reason = '';
                    Modal.confirm({
                      title: '冲正这笔缴费？原记录保留，另记一笔金额相反的冲正记录。',
                      content: <Input placeholder="冲正原因" onChange={(ev) => (reason = ev.target.value)} />,
                      onOk: () => reverse.mutateAsync({ id: e.id, reason: reason.trim() || '登记有误' }),
                    });
                  }}
                >
                  冲正
                </Button>
              ) : null,
          },
        ]}
      />
    </Drawer>
  );
}
