import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Statistic,
  Switch,
  Table,
  Tabs,
  Tag,
  Upload,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, download, upload } from '../../shared/api/client';
import type { Page as PageOf } from '../../shared/api/types';
import { OrgTreeSelect } from '../../shared/components/OrgTreeSelect';
import { Page } from '../../shared/components/Page';
import { PersonPicker } from '../../shared/components/PersonPicker';
import { ErrorState, Loading } from '../../shared/components/States';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { applyFieldErrors } from '../../shared/lib/forms';
import { ofKinds } from '../../shared/lib/orgTree';
import { parseYuan } from '../../../common/money';
import {
  METHOD_OPTIONS,
  type Drive,
  type Entry,
  type GroupTotal,
  type ImportReport,
  type Totals,
} from './types';

const classKeep = ofKinds('park', 'generalBranch', 'school', 'grade', 'class');
const classSelectable = ofKinds('class');

/** One drive's ledger: totals, entries, recording, reversals, bulk entry, closing. */
export default function DriveDetailPage() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const drive = useQuery({
    queryKey: ['donations', 'drive', id],
    queryFn: ({ signal }) => api.get<Drive>(`/donations/drives/${id}`, undefined, signal),
  });
  const totals = useQuery({
    queryKey: ['donations', 'totals', id],
    queryFn: ({ signal }) => api.get<Totals>(`/donations/drives/${id}/totals`, undefined, signal),
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['donations'] });
  const [recording, setRecording] = useState(false);
  const close = useMutation({
    mutationFn: () => api.post<Drive>(`/donations/drives/${id}/close`),
    onSuccess: () => {
      showSuccess('已封账');
      refresh();
    },
  });
  const settings = useMutation({
    mutationFn: (patch: Partial<Pick<Drive, 'publicThanks' | 'publicAmounts'>>) =>
      api.patch<Drive>(`/donations/drives/${id}`, patch),
    onSuccess: refresh,
  });

  if (drive.isPending) return <Loading />;
  if (drive.isError) return <ErrorState error={drive.error} onRetry={() => void drive.refetch()} />;
  const d = drive.data;
  const t = totals.data;

  return (
    <Page
      title={d.title}
      subTitle={
        <Space size={4}>
          <Link to="/donations">{d.typeLabel}</Link>/<span>收据前缀 {d.receiptPrefix}</span>
        </Space>
      }
      testId="drive-detail"
      extra={
        <>
          {d.canRecord ? (
            <Button type="primary" onClick={() => setRecording(true)} data-testid="entry-new">
              登记
            </Button>
          ) : null}
          {d.canManage && d.status === 'open' ? (
            <Button
              danger
              loading={close.isPending}
              onClick={() =>
                modal.confirm({
                  title: '结束并封账？',
                  content: '封账后不能再登记、修改或删除，只能对已有记录登记冲正。此操作不可撤销。',
                  okText: '封账',
                  okButtonProps: { danger: true },
                  onOk: () => close.mutateAsync(),
                })
              }
            >
              结束并封账
            </Button>
          ) : null}
        </>
      }
    >
      {d.status === 'closed' ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title="已封账：不能再登记或修改；如需更正，请对原记录登记冲正（红冲）。"
        />
      ) : null}
      {d.type === 'specialDues' ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="特殊党费由党员自愿交纳：不设定额、不列未交名单、不催缴；本账单独统计，不与爱心捐款合并。"
        />
      ) : null}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label="用途">{d.purpose}</Descriptions.Item>
          <Descriptions.Item label="发起单位">{d.organiserName}</Descriptions.Item>
          <Descriptions.Item label="时间">
            {d.startsOn} 至 {d.endsOn ?? '（未定）'}
          </Descriptions.Item>
          <Descriptions.Item label="对象">{d.eligibleLabels.join('、')}</Descriptions.Item>
          <Descriptions.Item label="状态">
            <Tag color={d.status === 'open' ? 'green' : 'default'}>{d.statusLabel}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label="公开致谢">
            <Space>
              <Switch
                size="small"
                checked={d.publicThanks}
                disabled={!d.canManage}
                onChange={(v) => settings.mutate({ publicThanks: v })}
              />
              显示金额
              <Switch
                size="small"
                checked={d.publicAmounts}
                disabled={!d.canManage}
                onChange={(v) => settings.mutate({ publicAmounts: v })}
              />
            </Space>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {t ? (
        <Row gutter={12} style={{ marginBottom: 12 }}>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title="净额（元）" value={t.total} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title="人次 / 冲正" value={`${t.giftCount} / ${t.reversalCount}`} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title="捐款人（含集体）" value={t.donorCount} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title="其中党员（元）" value={t.byDonorKind.members.total} />
            </Card>
          </Col>
        </Row>
      ) : null}
      <Card size="small">
        <Tabs
          items={[
            { key: 'entries', label: '明细', children: <EntriesTab drive={d} onChange={refresh} /> },
            {
              key: 'totals',
              label: '分类合计',
              children: t ? <TotalsTab totals={t} /> : <Loading height={120} />,
            },
            ...(d.canRecord
              ? [{ key: 'import', label: '批量登记', children: <ImportTab drive={d} onChange={refresh} /> }]
              : []),
          ]}
        />
      </Card>
      <RecordModal open={recording} drive={d} onClose={() => setRecording(false)} onSaved={refresh} />
    </Page>
  );
}

function EntriesTab(props: { drive: Drive; onChange: () => void }) {
  const d = props.drive;
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [q, setQ] = useState('');
  const [reversing, setReversing] = useState<Entry | null>(null);
  const list = useQuery({
    queryKey: ['donations', 'entries', d.id, q, page],
    queryFn: ({ signal }) =>
      api.get<PageOf<Entry> & { netTotal: string }>(
        `/donations/drives/${d.id}/entries`,
        { q, ...page },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
  const columns: TableColumnsType<Entry> = [
    {
      title: '收据号',
      dataIndex: 'receiptNo',
      width: 130,
      render: (v: string) => <span className="mono">{v}</span>,
    },
    {
      title: '捐款方',
      dataIndex: 'donorName',
      render: (v: string, r) => (
        <Space size={4}>
          {v}
          {r.donorType === 'class' ? <Tag>集体</Tag> : null}
          {r.isMember ? <Tag color="red">党员</Tag> : null}
          {r.anonymous ? <Tag>匿名</Tag> : null}
        </Space>
      ),
    },
    {
      title: '班级 / 支部',
      key: 'unit',
      render: (_: unknown, r) => r.className ?? r.branchName ?? r.schoolName,
    },
    {
      title: '金额（元）',
      dataIndex: 'amount',
      width: 110,
      align: 'right',
      render: (v: string, r) => <span style={{ color: r.amountFen < 0 ? '#cf1322' : undefined }}>{v}</span>,
    },
    { title: '方式', dataIndex: 'methodLabel', width: 80 },
    { title: '日期', dataIndex: 'givenOn', width: 110 },
    {
      title: '说明',
      key: 'note',
      render: (_: unknown, r) =>
        r.isReversal
          ? `冲正 ${r.reversesReceiptNo}：${r.reversalReason}`
          : r.reversedBy
            ? `已被 ${r.reversedBy.receiptNo} 冲正`
            : r.note,
    },
    {
      title: '操作',
      key: 'actions',
      width: 80,
      render: (_: unknown, r) =>
        !r.isReversal && !r.reversedBy && d.canReverse ? (
          <Button size="small" type="link" danger onClick={() => setReversing(r)}>
            冲正
          </Button>
        ) : null,
    },
  ];
  if (list.isError) return <ErrorState error={list.error} />;
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Input.Search
          allowClear
          placeholder="姓名、班级或收据号"
          onSearch={(v) => setQ(v.trim())}
          style={{ width: 240 }}
        />
        <span>本页范围净额：{list.data?.netTotal ?? '—'} 元</span>
        <span style={{ color: '#888' }}>登记后的记录不能修改或删除；如有错误，请“冲正”后重新登记。</span>
      </Space>
      <Table
        rowKey="id"
        size="small"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.items ?? []}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: list.data?.total ?? 0,
          onChange: (p, s) => setPage({ page: p, pageSize: s }),
        }}
      />
      <ReverseModal entry={reversing} onClose={() => setReversing(null)} onSaved={props.onChange} />
    </>
  );
}

function ReverseModal(props: { entry: Entry | null; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const reverse = useMutation({
    meta: { quiet: true },
    mutationFn: (v: { reason: string }) =>
      api.post<Entry>(`/donations/entries/${props.entry!.id}/reverse`, v),
    onSuccess: (r) => {
      showSuccess(`已登记冲正 ${r.receiptNo}`);
      form.resetFields();
      props.onClose();
      props.onSaved();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e).length && !(e as { fields?: unknown }).fields) showError(e);
    },
  });
  const e = props.entry;
  return (
    <Modal
      open={!!e}
      title="冲正（红冲）"
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={reverse.isPending}
      okText="登记冲正"
      okButtonProps={{ danger: true }}
      destroyOnHidden
    >
      {e ? (
        <p>
          将登记一笔 <b>-{e.amount}</b> 元的冲正记录，抵消 {e.receiptNo}（{e.donorName}）。原记录保留不变。
        </p>
      ) : null}
      <Form form={form} layout="vertical" onFinish={(v) => reverse.mutate(v)}>
        <Form.Item
          name="reason"
          label="冲正原因"
          rules={[{ required: true, min: 2, message: '请填写冲正原因' }]}
        >
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface RecordForm {
  donorType: 'person' | 'class';
  personId?: string;
  classId?: string;
  amount: string;
  method: string;
  note?: string;
  anonymous?: boolean;
}

function RecordModal(props: { open: boolean; drive: Drive; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<RecordForm>();
  const donorType = Form.useWatch('donorType', form);
  const record = useMutation({
    meta: { quiet: true },
    mutationFn: (v: RecordForm) =>
      api.post<Entry>(`/donations/drives/${props.drive.id}/entries`, {
        donorType: v.donorType,
        personId: v.donorType === 'person' ? v.personId : undefined,
        classId: v.donorType === 'class' ? v.classId : undefined,
        amount: v.amount,
        method: v.method,
        note: v.note || null,
        anonymous: v.anonymous ?? false,
      }),
    onSuccess: (r) => {
      showSuccess(`已登记，收据号 ${r.receiptNo}`);
      form.resetFields(['personId', 'classId', 'amount', 'note', 'anonymous']);
      props.onSaved();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e).length && !(e as { fields?: unknown }).fields) showError(e);
    },
  });
  const classAllowed = props.drive.type === 'donation' && props.drive.eligible.includes('class');
  return (
    <Modal
      open={props.open}
      title={`登记${props.drive.typeLabel}`}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={record.isPending}
      okText="登记"
      destroyOnHidden
    >
      <Alert
        type="info"
        style={{ marginBottom: 12 }}
        title="登记后不能修改或删除；如有错误，请冲正后重新登记。"
      />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ donorType: 'person', method: 'cash' }}
        onFinish={(v) => record.mutate(v)}
      >
        {classAllowed ? (
          <Form.Item name="donorType" label="捐款方">
            <Radio.Group
              options={[
                { value: 'person', label: '个人' },
                { value: 'class', label: '班级集体' },
              ]}
            />
          </Form.Item>
        ) : null}
        {donorType === 'class' ? (
          <Form.Item name="classId" label="班级" rules={[{ required: true, message: '请选择班级' }]}>
            <OrgTreeSelect keep={classKeep} selectable={classSelectable} />
          </Form.Item>
        ) : (
          <Form.Item
            name="personId"
            label={props.drive.type === 'specialDues' ? '党员' : '捐款人'}
            rules={[{ required: true, message: '请选择捐款人' }]}
          >
            <PersonPicker />
          </Form.Item>
        )}
        <Form.Item
          name="amount"
          label="金额（元）"
          rules={[
            {
              validator: (_r, v: string | undefined) => {
                const r = parseYuan(v ?? '');
                return r.ok ? Promise.resolve() : Promise.reject(new Error(r.message));
              },
            },
          ]}
        >
          <Input inputMode="decimal" placeholder="如 100 或 35.50" />
        </Form.Item>
        <Form.Item name="method" label="方式">
          <Select options={METHOD_OPTIONS} />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="anonymous" valuePropName="checked">
          <Checkbox>在公开致谢名单中匿名</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

function TotalsTab(props: { totals: Totals }) {
  const t = props.totals;
  const cols: TableColumnsType<GroupTotal> = [
    { title: '名称', dataIndex: 'name' },
    { title: '人数（含集体）', dataIndex: 'donorCount', width: 120 },
    { title: '净额（元）', dataIndex: 'total', width: 140, align: 'right' },
  ];
  const block = (title: string, rows: GroupTotal[]) => (
    <Col xs={24} lg={8}>
      <Card size="small" title={title}>
        <Table
          rowKey={(r) => r.id ?? 'none'}
          size="small"
          pagination={false}
          columns={cols}
          dataSource={rows}
        />
      </Card>
    </Col>
  );
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Tag>教职工 {t.byDonorKind.staff.total} 元</Tag>
        <Tag>学生 {t.byDonorKind.student.total} 元</Tag>
        <Tag>班级集体 {t.byDonorKind.class.total} 元</Tag>
        <Tag color="red">其中党员 {t.byDonorKind.members.total} 元</Tag>
      </Space>
      <Row gutter={[12, 12]}>
        {block('按学校', t.bySchool)}
        {block('按班级', t.byClass)}
        {block('按支部', t.byBranch)}
      </Row>
    </>
  );
}

function ImportTab(props: { drive: Drive; onChange: () => void }) {
  const d = props.drive;
  const [report, setReport] = useState<ImportReport | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    try {
      const r = await upload<ImportReport>(`/donations/drives/${d.id}/import?dryRun=${dryRun}`, file);
      setReport(r);
      if (r.status === 'committed') {
        showSuccess(`已登记 ${r.created} 笔，收据号 ${r.firstReceiptNo} 至 ${r.lastReceiptNo}`);
        setFile(null);
        props.onChange();
      }
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert
        type="info"
        title="先下载模板填写。上传后逐行校验：只要有一行有误，整个文件都不会写入；全部无误才一次写入，收据号连续编排。"
      />
      <Space wrap>
        <Button
          onClick={() =>
            void download(`/donations/drives/${d.id}/import-template`, undefined, '捐款登记模板.xlsx').catch(
              showError,
            )
          }
        >
          下载模板
        </Button>
        <Upload
          accept=".xlsx"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            setReport(null);
            return false;
          }}
          onRemove={() => setFile(null)}
        >
          <Button>选择 .xlsx 文件</Button>
        </Upload>
        <Button disabled={!file} loading={busy} onClick={() => void run(true)}>
          只校验
        </Button>
        <Button type="primary" disabled={!file} loading={busy} onClick={() => void run(false)}>
          校验并登记
        </Button>
      </Space>
      {report ? (
        report.status === 'invalid' ? (
          <>
            <Alert
              type="error"
              title={`共 ${report.totalRows} 行，发现 ${report.errors.length} 处错误，未写入任何记录。请修改后重新上传。`}
            />
            <Table
              rowKey={(r) => `${r.row}-${r.column}-${r.message}`}
              size="small"
              pagination={{ pageSize: 20 }}
              dataSource={report.errors}
              columns={[
                { title: '行', dataIndex: 'row', width: 70 },
                { title: '列', dataIndex: 'column', width: 120 },
                { title: '问题', dataIndex: 'message' },
              ]}
            />
          </>
        ) : (
          <Alert
            type="success"
            title={
              report.status === 'validated'
                ? `校验通过：${report.validRows} 行，合计 ${report.total} 元。确认无误后点击“校验并登记”。`
                : `已登记 ${report.created} 笔，合计 ${report.total} 元。`
            }
          />
        )
      ) : null}
    </Space>
  );
}
