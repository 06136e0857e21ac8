import { useEffect, useState } from 'react';
import {
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { OrgTreeSelect } from '../../shared/components/OrgTreeSelect';
import { Page } from '../../shared/components/Page';
import { ErrorState } from '../../shared/components/States';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { ofKinds } from '../../shared/lib/orgTree';
import { ChecklistDrawer } from './ChecklistDrawer';
import { ProposalsTab } from './ProposalsTab';
import { orgLifeApi, orgLifeKeys, thisMonth, thisYear, type RosterEntry, type Symposium } from './api';

const branchKeep = ofKinds('generalBranch', 'school', 'branch');
const hostSelectable = ofKinds('generalBranch', 'branch');
const branchSelectable = ofKinds('branch');
const MONTHS = Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: `${i + 1}月` }));

/** 政治生日: the month's roster, completion, the symposium, cards and the checklist of each member. */
export default function BirthdaysPage() {
  const qc = useQueryClient();
  const [year, setYear] = useState(thisYear());
  const [month, setMonth] = useState(thisMonth());
  const [branchId, setBranchId] = useState<string | null>(null);
  const [checklistOf, setChecklistOf] = useState<string | null>(null);
  const [cardOf, setCardOf] = useState<RosterEntry | null>(null);
  const [symposium, setSymposium] = useState<string | 'new' | null>(null);
  const [batchId, setBatchId] = useState<string | null>(null);
  const q = { year, month, branchId: branchId ?? undefined };

  const roster = useQuery({
    queryKey: orgLifeKeys.roster(q),
    queryFn: ({ signal }) => orgLifeApi.roster(q, signal),
  });
  const completion = useQuery({
    queryKey: orgLifeKeys.completion(q),
    queryFn: ({ signal }) => orgLifeApi.completion(q, signal),
  });
  const symposiums = useQuery({
    queryKey: orgLifeKeys.symposiums(year, month),
    queryFn: ({ signal }) => orgLifeApi.symposiums({ year, month }, signal),
  });
  const batch = useQuery({
    queryKey: orgLifeKeys.batch(batchId),
    enabled: batchId !== null,
    queryFn: ({ signal }) => orgLifeApi.batch(batchId!, signal),
    refetchInterval: (query) =>
      query.state.data && (query.state.data.status === 'done' || query.state.data.status === 'failed')
        ? false
        : 700,
  });
  const startBatch = useMutation({
    mutationFn: () => orgLifeApi.startBatch({ year, month, branchId: branchId ?? undefined }),
    onSuccess: (b) => setBatchId(b.id),
    onError: showError,
  });

  const columns: TableColumnsType<RosterEntry> = [
    { title: '姓名', dataIndex: 'name', width: 100 },
    { title: '党支部', dataIndex: 'branchName' },
    { title: '入党时间', dataIndex: 'joinedOn', width: 110 },
    { title: '政治生日', dataIndex: 'birthdayOn', width: 110 },
    { title: '第几个', dataIndex: 'years', width: 80, align: 'right' },
    {
      title: '清单',
      key: 'checklist',
      width: 160,
      render: (_: unknown, r) => (
        <Progress
          size="small"
          percent={Math.round((r.checklist.done * 100) / Math.max(1, r.checklist.total))}
          format={() => `${r.checklist.done}/${r.checklist.total}`}
          status={r.checklist.complete ? 'success' : 'normal'}
        />
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 150,
      render: (_: unknown, r) => (
        <Space size={4}>
          <Button
            size="small"
            type="link"
            onClick={() => setChecklistOf(r.personId)}
            data-testid={`checklist-${r.name}`}
          >
            清单
          </Button>
          <Button size="small" type="link" onClick={() => setCardOf(r)} data-testid={`card-${r.name}`}>
            贺卡
          </Button>
        </Space>
      ),
    },
  ];

  const c = completion.data;
  return (
    <Page
      title="政治生日"
      subTitle="按入党之月组织：座谈会、贺卡、红色书籍、重温誓词、思想汇报、下年目标、合理化建议"
      testId="orglife-birthdays"
      extra={
        <>
          <InputNumber value={year} min={1990} max={2100} onChange={(v) => v && setYear(v)} suffix="年" />
          <Select
            value={month}
            options={MONTHS}
            onChange={setMonth}
            style={{ width: 90 }}
            data-testid="month-select"
          />
          <OrgTreeSelect
            value={branchId}
            onChange={(v) => setBranchId(v)}
            keep={branchKeep}
            selectable={branchSelectable}
            placeholder="全部党支部"
            allowClear
            style={{ width: 220 }}
          />
        </>
      }
    >
      <Tabs
        items={[
          {
            key: 'roster',
            label: '本月名单',
            children: (
              <>
                <Row gutter={12} style={{ marginBottom: 12 }}>
                  <Col xs={12} md={6}>
                    <Card size="small">
                      <Statistic
                        title={`${month}月过政治生日`}
                        value={c?.monthly.total.roster ?? 0}
                        suffix="人"
                      />
                    </Card>
                  </Col>
                  <Col xs={12} md={6}>
                    <Card size="small">
                      <Statistic title="本月清单完成率" value={c?.monthly.total.rate ?? 0} suffix="%" />
                    </Card>
                  </Col>
                  <Col xs={12} md={6}>
                    <Card size="small">
                      <Statistic
                        title={`1–${month}月累计完成率`}
                        value={c?.yearToDate.total.rate ?? 0}
                        suffix="%"
                      />
                    </Card>
                  </Col>
                  <Col xs={12} md={6}>
                    <Card size="small">
                      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                        <Button
                          onClick={() => startBatch.mutate()}
                          loading={startBatch.isPending}
                          disabled={!roster.data?.items.length}
                          data-testid="batch-cards"
                        >
                          生成本月全部贺卡（PDF）
                        </Button>
                        {batch.data ? (
                          batch.data.status === 'done' ? (
                            <Button
                              type="link"
                              size="small"
                              onClick={() => void orgLifeApi.downloadBatch(batch.data!.id).catch(showError)}
                            >
                              下载（{batch.data.total} 张）
                            </Button>
                          ) : (
                            <Progress
                              size="small"
                              percent={batch.data.percent}
                              status={batch.data.status === 'failed' ? 'exception' : 'active'}
                              format={() => `${batch.data!.done}/${batch.data!.total}`}
                            />
                          )
                        ) : null}
                      </Space>
                    </Card>
                  </Col>
                </Row>
                <Card
                  size="small"
                  title="座谈会"
                  style={{ marginBottom: 12 }}
                  data-testid="symposium-list"
                  extra={
                    <Button size="small" onClick={() => setSymposium('new')} data-testid="new-symposium">
                      安排座谈会
                    </Button>
                  }
                >
                  {symposiums.data?.items.length ? (
                    symposiums.data.items.map((s) => (
                      <Space key={s.id} style={{ marginRight: 24 }}>
                        <a onClick={() => setSymposium(s.id)} data-testid="symposium-open">
                          {s.hostName}
                        </a>
                        <Tag>{s.statusLabel}</Tag>
                        <span>
                          出席 {s.attended}/{s.invited}
                        </span>
                      </Space>
                    ))
                  ) : (
                    <Empty description="本月尚未安排" image={Empty.PRESENTED_IMAGE_SIMPLE} />
                  )}
                </Card>
                {roster.isError ? (
                  <ErrorState error={roster.error} onRetry={() => void roster.refetch()} />
                ) : (
                  <Table
                    rowKey="personId"
                    size="small"
                    loading={roster.isPending}
                    columns={columns}
                    dataSource={roster.data?.items ?? []}
                    pagination={{ pageSize: 50, hideOnSinglePage: true }}
                    locale={{ emptyText: <Empty description={`${month}月没有过政治生日的党员`} /> }}
                  />
                )}
              </>
            ),
          },
          {
            key: 'completion',
            label: '各支部完成率',
            children: (
              <Table
                rowKey="branchId"
                size="small"
                pagination={false}
                dataSource={(c?.yearToDate.branches ?? []).map((y) => ({
                  ...y,
                  monthRate: c?.monthly.branches.find((m) => m.branchId === y.branchId)?.rate ?? null,
                  monthRoster: c?.monthly.branches.find((m) => m.branchId === y.branchId)?.roster ?? 0,
                }))}
                columns={[
                  { title: '党支部', dataIndex: 'branchName' },
                  { title: `${month}月人数`, dataIndex: 'monthRoster', width: 100 },
                  {
                    title: `${month}月完成率`,
                    dataIndex: 'monthRate',
                    width: 120,
                    render: (v) => (v === null ? '—' : `${v}%`),
                  },
                  { title: '累计人数', dataIndex: 'roster', width: 100 },
                  { title: '累计完成率', dataIndex: 'rate', width: 120, render: (v) => `${v}%` },
                ]}
              />
            ),
          },
          { key: 'proposals', label: '合理化建议', children: <ProposalsTab year={year} /> },
        ]}
      />
      <ChecklistDrawer personId={checklistOf} year={year} onClose={() => setChecklistOf(null)} />
      <CardModal entry={cardOf} year={year} onClose={() => setCardOf(null)} />
      <SymposiumModal
        id={symposium}
        year={year}
        month={month}
        roster={roster.data?.items ?? []}
        onClose={() => {
          setSymposium(null);
          void qc.invalidateQueries({ queryKey: orgLifeKeys.all });
        }}
      />
    </Page>
  );
}

function CardModal(props: { entry: RosterEntry | null; year: number; onClose: () => void }) {
  const e = props.entry;
  const src = e ? orgLifeApi.cardUrl(e.personId, props.year) : '';
  return (
    <Modal
      open={e !== null}
      onCancel={props.onClose}
      width={680}
      title={e ? `${e.name}的政治生日贺卡` : ''}
      footer={
        e ? (
          <Space>
            <Button
              onClick={() => void orgLifeApi.downloadCard(e.personId, props.year, 'png').catch(showError)}
            >
              下载 PNG
            </Button>
            <Button
              type="primary"
              onClick={() => void orgLifeApi.downloadCard(e.personId, props.year, 'pdf').catch(showError)}
            >
              下载 PDF（打印）
            </Button>
          </Space>
        ) : null
      }
    >
      {e ? <img src={src} alt="政治生日贺卡" style={{ width: '100%' }} data-testid="card-preview" /> : null}
    </Modal>
  );
}

interface SymposiumForm {
  hostNodeId?: string;
  scheduledAt?: { toISOString(): string } | null;
  place?: string;
  cardMessage?: string;
  status?: Symposium['status'];
  minutes?: string;
  attended?: string[];
}

function SymposiumModal(props: {
  id: string | 'new' | null;
  year: number;
  month: number;
  roster: RosterEntry[];
  onClose: () => void;
}) {
  const [form] = Form.useForm<SymposiumForm>();
  const isNew = props.id === 'new';
  const detail = useQuery({
    queryKey: orgLifeKeys.symposium(props.id),
    enabled: props.id !== null && !isNew,
    queryFn: ({ signal }) => orgLifeApi.symposium(props.id!, signal),
  });
  useEffect(() => {
    if (detail.data) {
      form.setFieldsValue({
        place: detail.data.place ?? undefined,
        cardMessage: detail.data.cardMessage ?? undefined,
        status: detail.data.status,
        minutes: detail.data.minutes ?? undefined,
        attended: detail.data.attendees.filter((a) => a.attended).map((a) => a.personId),
      });
    } else if (isNew) form.resetFields();
  }, [detail.data, isNew, form]);
  const save = useMutation({
    mutationFn: async (v: SymposiumForm) => {
      const common = {
        scheduledAt: v.scheduledAt ? v.scheduledAt.toISOString() : undefined,
        place: v.place || null,
        cardMessage: v.cardMessage || null,
      };
      if (isNew) {
        return orgLifeApi.createSymposium({
          hostNodeId: v.hostNodeId!,
          year: props.year,
          month: props.month,
          ...common,
        });
      }
      await orgLifeApi.updateSymposium(props.id!, {
        ...common,
        status: v.status,
        minutes: v.minutes || null,
      });
      return orgLifeApi.putAttendees(
        props.id!,
        (detail.data?.attendees ?? []).map((a) => ({
          personId: a.personId,
          attended: v.status === 'held' ? (v.attended ?? []).includes(a.personId) : null,
        })),
      );
    },
    onSuccess: () => {
      showSuccess('已保存');
      props.onClose();
    },
    onError: showError,
  });
  return (
    <Modal
      open={props.id !== null}
      title={
        isNew ? `安排${props.year}年${props.month}月政治生日座谈会` : `座谈会：${detail.data?.hostName ?? ''}`
      }
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={620}
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="symposium-form">
        {isNew ? (
          <Form.Item
            name="hostNodeId"
            label="主办"
            rules={[{ required: true, message: '请选择党支部或党总支' }]}
          >
            <OrgTreeSelect keep={branchKeep} selectable={hostSelectable} placeholder="党支部 / 党总支" />
          </Form.Item>
        ) : null}
        <Form.Item name="scheduledAt" label="时间">
          <DatePicker showTime format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="place" label="地点">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="cardMessage" label="贺卡寄语（印在本月贺卡上）">
          <Input.TextArea rows={2} maxLength={200} showCount />
        </Form.Item>
        {isNew ? (
          <div style={{ color: '#888' }}>参加人员默认取本月政治生日名单（{props.roster.length} 人）。</div>
        ) : (
          <>
            <Form.Item name="status" label="状态">
              <Select
                options={[
                  { value: 'planned', label: '已安排' },
                  { value: 'held', label: '已召开' },
                  { value: 'cancelled', label: '已取消' },
                ]}
              />
            </Form.Item>
            <Form.Item name="attended" label="出席（召开后勾选）">
              <Checkbox.Group
                options={(detail.data?.attendees ?? []).map((a) => ({ value: a.personId, label: a.name }))}
              />
            </Form.Item>
            <Form.Item name="minutes" label="纪要">
              <Input.TextArea rows={4} maxLength={20000} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
