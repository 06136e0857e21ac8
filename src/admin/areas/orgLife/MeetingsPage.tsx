import { useState } from 'react';
import {
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { usePermissions } from '../../app/me';
import { OrgTreeSelect } from '../../shared/components/OrgTreeSelect';
import { Page } from '../../shared/components/Page';
import { YearInput } from '../../shared/components/YearInput';
import { ErrorState } from '../../shared/components/States';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { ofKinds } from '../../shared/lib/orgTree';
import { t } from '../../locales';
import {
  orgLifeApi,
  orgLifeKeys,
  thisYear,
  type ComplianceBoard,
  type ComplianceStatus,
  type MeetingKind,
  type MeetingListItem,
} from './api';

const COLORS: Record<ComplianceStatus, string> = {
  green: 'green',
  yellow: 'gold',
  red: 'red',
  notDue: 'default',
};
const m = t.orgLife.meetings;
const LABELS: Record<ComplianceStatus, string> = m.status;
const KINDS = Object.entries(m.kinds).map(([value, label]) => ({ value, label }));
const branchKeep = ofKinds('generalBranch', 'school', 'branch');
const branchSelectable = ofKinds('branch');

const missedOf = (k: ComplianceBoard['branches'][number]['kinds'][number], asOf: string) =>
  k.cells.filter((c) => c.status === 'red' && c.period.start <= asOf).map((c) => c.period.label);

/** 三会一课与主题党日: the red-yellow-green board and the meeting records. */
export default function MeetingsPage() {
  const { can } = usePermissions();
  const qc = useQueryClient();
  const [year, setYear] = useState(thisYear());
  const [creating, setCreating] = useState(false);
  const board = useQuery({
    queryKey: orgLifeKeys.compliance(year),
    queryFn: ({ signal }) => orgLifeApi.compliance({ year }, signal),
  });
  const list = useQuery({
    queryKey: orgLifeKeys.meetings(year),
    queryFn: ({ signal }) =>
      orgLifeApi.meetings({ from: `${year}-01-01`, to: `${year}-12-31`, pageSize: 100 }, signal),
  });
  const kinds = board.data?.branches[0]?.kinds ?? [];
  const boardColumns: TableColumnsType<ComplianceBoard['branches'][number]> = [
    { title: m.col.branch, dataIndex: 'branchName', fixed: 'left', width: 180 },
    {
      title: m.col.overall,
      dataIndex: 'status',
      width: 90,
      render: (v: ComplianceStatus, b) => (
        <Tag color={COLORS[v]} data-testid={`overall-${b.branchName}`}>
          {LABELS[v]}
        </Tag>
      ),
    },
    ...kinds.map((k, i) => ({
      title: k.label,
      key: k.kind,
      render: (_: unknown, b: ComplianceBoard['branches'][number]) => {
        const cell = b.kinds[i]!;
        return (
          <Tooltip title={cell.current.explanation}>
            <Tag color={COLORS[cell.status]} data-testid={`cell-${b.branchName}-${k.kind}`}>
              {LABELS[cell.status]} {cell.current.held}/{cell.current.required}
            </Tag>
            {/* Earlier periods of the year that ended short: the branch is behind all the same. */}
            {missedOf(cell, board.data!.asOf).length && cell.status !== 'red' ? (
              <Tooltip title={m.missedTip(missedOf(cell, board.data!.asOf).join('、'))}>
                <Tag color="red">{m.missed(missedOf(cell, board.data!.asOf).length)}</Tag>
              </Tooltip>
            ) : null}
          </Tooltip>
        );
      },
    })),
  ];
  const listColumns: TableColumnsType<MeetingListItem> = [
    { title: m.col.date, dataIndex: 'date', width: 110 },
    { title: m.col.kind, dataIndex: 'kindLabel', width: 120 },
    { title: m.col.title, dataIndex: 'title' },
    { title: m.col.branch, dataIndex: 'branchName', width: 180 },
    { title: m.col.present, key: 'p', width: 90, render: (_: unknown, r) => `${r.present}/${r.attendees}` },
    { title: m.col.attachments, dataIndex: 'attachments', width: 70 },
  ];
  return (
    <Page
      title={m.title}
      subTitle={m.subTitle}
      testId="orglife-meetings"
      extra={
        <>
          <YearInput value={year} onChange={setYear} />
          {can('members.write') ? (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="new-meeting">
              {m.create}
            </Button>
          ) : null}
        </>
      }
    >
      <Tabs
        items={[
          {
            key: 'board',
            label: m.boardTab,
            children: board.isError ? (
              <ErrorState error={board.error} />
            ) : (
              <Card size="small">
                {board.data ? (
                  <Typography.Paragraph type="secondary" data-testid="board-rules">
                    {board.data.rulesText}
                    {m.boardHint}
                  </Typography.Paragraph>
                ) : null}
                <Table
                  rowKey="branchId"
                  size="small"
                  loading={board.isPending}
                  pagination={false}
                  scroll={{ x: 900 }}
                  columns={boardColumns}
                  dataSource={board.data?.branches ?? []}
                  locale={{ emptyText: <Empty description={m.boardEmpty} /> }}
                />
              </Card>
            ),
          },
          {
            key: 'list',
            label: m.listTab,
            children: (
              <Table
                rowKey="id"
                size="small"
                loading={list.isPending}
                columns={listColumns}
                dataSource={list.data?.items ?? []}
                pagination={false}
                locale={{ emptyText: <Empty description={m.listEmpty} /> }}
              />
            ),
          },
        ]}
      />
      <NewMeetingModal
        open={creating}
        onClose={() => {
          setCreating(false);
          void qc.invalidateQueries({ queryKey: orgLifeKeys.all });
        }}
      />
    </Page>
  );
}

interface MeetingForm {
  branchId: string;
  kind: MeetingKind;
  date: { format(f: string): string };
  title: string;
  place?: string;
  hostName?: string;
  minutes?: string;
}

function NewMeetingModal(props: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<MeetingForm>();
  const save = useMutation({
    mutationFn: (v: MeetingForm) =>
      orgLifeApi.createMeeting({ ...v, date: v.date.format('YYYY-MM-DD'), place: v.place || null }),
    onSuccess: () => {
      showSuccess(m.created);
      form.resetFields();
      props.onClose();
    },
    onError: showError,
  });
  return (
    <Modal
      open={props.open}
      title={m.create}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={620}
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Space.Compact style={{ width: '100%' }}>
          <Form.Item
            name="branchId"
            label={m.form.branch}
            rules={[{ required: true, message: m.form.branchRequired }]}
            style={{ flex: 1 }}
          >
            <OrgTreeSelect keep={branchKeep} selectable={branchSelectable} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="kind" label={m.form.kind} rules={[{ required: true, message: m.form.kindRequired }]}>
          <Select options={KINDS} />
        </Form.Item>
        <Form.Item name="date" label={m.form.date} rules={[{ required: true, message: m.form.dateRequired }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="title"
          label={m.form.title}
          rules={[{ required: true, message: m.form.titleRequired }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="place" label={m.form.place}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="hostName" label={m.form.hostName}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="minutes" label={m.form.minutes}>
          <Input.TextArea rows={5} maxLength={50000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
