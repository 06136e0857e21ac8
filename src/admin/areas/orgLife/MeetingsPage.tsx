import { useState } from 'react';
import {
  Button,
  Card,
  DatePicker,
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
  Tooltip,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api/client';
import { usePermissions } from '../../app/me';
import { OrgTreeSelect } from '../../shared/components/OrgTreeSelect';
import { Page } from '../../shared/components/Page';
import { ErrorState } from '../../shared/components/States';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { ofKinds } from '../../shared/lib/orgTree';
import { thisYear, type ComplianceBoard, type ComplianceStatus, type MeetingListItem } from './types';

const COLORS: Record<ComplianceStatus, string> = {
  green: 'green',
  yellow: 'gold',
  red: 'red',
  notDue: 'default',
};
const LABELS: Record<ComplianceStatus, string> = {
  green: '达标',
  yellow: '待召开',
  red: '未达标',
  notDue: '未开始',
};
const KINDS = [
  { value: 'generalMeeting', label: '支部党员大会' },
  { value: 'committeeMeeting', label: '支部委员会' },
  { value: 'groupMeeting', label: '党小组会' },
  { value: 'partyLecture', label: '党课' },
  { value: 'themedDay', label: '主题党日' },
  { value: 'orgLifeMeeting', label: '组织生活会' },
];
const branchKeep = ofKinds('generalBranch', 'school', 'branch');
const branchSelectable = ofKinds('branch');

/** 三会一课与主题党日: the red-yellow-green board and the meeting records. */
export default function MeetingsPage() {
  const { can } = usePermissions();
  const qc = useQueryClient();
  const [year, setYear] = useState(thisYear());
  const [creating, setCreating] = useState(false);
  const board = useQuery({
    queryKey: ['orglife', 'compliance', year],
    queryFn: ({ signal }) => api.get<ComplianceBoard>('/orglife/meetings/compliance', { year }, signal),
  });
  const list = useQuery({
    queryKey: ['orglife', 'meetings', year],
    queryFn: ({ signal }) =>
      api.get<{ items: MeetingListItem[] }>(
        '/orglife/meetings',
        { from: `${year}-01-01`, to: `${year}-12-31`, pageSize: 100 },
        signal,
      ),
  });
  const kinds = board.data?.branches[0]?.kinds ?? [];
  const boardColumns: TableColumnsType<ComplianceBoard['branches'][number]> = [
    { title: '党支部', dataIndex: 'branchName', fixed: 'left', width: 180 },
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
          </Tooltip>
        );
      },
    })),
  ];
  const listColumns: TableColumnsType<MeetingListItem> = [
    { title: '日期', dataIndex: 'date', width: 110 },
    { title: '类型', dataIndex: 'kindLabel', width: 120 },
    { title: '主题', dataIndex: 'title' },
    { title: '党支部', dataIndex: 'branchName', width: 180 },
    { title: '出席', key: 'p', width: 90, render: (_: unknown, r) => `${r.present}/${r.attendees}` },
    { title: '附件', dataIndex: 'attachments', width: 70 },
  ];
  return (
    <Page
      title="三会一课"
      subTitle="支部党员大会、支部委员会、党小组会、党课、主题党日、组织生活会"
      testId="orglife-meetings"
      extra={
        <>
          <InputNumber value={year} min={1990} max={2100} onChange={(v) => v && setYear(v)} suffix="年" />
          {can('members.write') ? (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="new-meeting">
              登记会议
            </Button>
          ) : null}
        </>
      }
    >
      <Tabs
        items={[
          {
            key: 'board',
            label: '落实情况',
            children: board.isError ? (
              <ErrorState error={board.error} />
            ) : (
              <Card
                size="small"
                extra={
                  <span style={{ color: '#888' }}>
                    规则版本 {board.data?.ruleVersion ?? ''}；鼠标移到格子上看依据
                  </span>
                }
              >
                <Table
                  rowKey="branchId"
                  size="small"
                  loading={board.isPending}
                  pagination={false}
                  scroll={{ x: 900 }}
                  columns={boardColumns}
                  dataSource={board.data?.branches ?? []}
                  locale={{ emptyText: <Empty description="没有可查看的党支部" /> }}
                />
              </Card>
            ),
          },
          {
            key: 'list',
            label: '会议记录',
            children: (
              <Table
                rowKey="id"
                size="small"
                loading={list.isPending}
                columns={listColumns}
                dataSource={list.data?.items ?? []}
                pagination={false}
                locale={{ emptyText: <Empty description="暂无会议记录" /> }}
              />
            ),
          },
        ]}
      />
      <NewMeetingModal
        open={creating}
        onClose={() => {
          setCreating(false);
          void qc.invalidateQueries({ queryKey: ['orglife'] });
        }}
      />
    </Page>
  );
}

interface MeetingForm {
  branchId: string;
  kind: string;
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
      api.post('/orglife/meetings', { ...v, date: v.date.format('YYYY-MM-DD'), place: v.place || null }),
    onSuccess: () => {
      showSuccess('已登记');
      form.resetFields();
      props.onClose();
    },
    onError: showError,
  });
  return (
    <Modal
      open={props.open}
      title="登记会议"
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
            label="党支部"
            rules={[{ required: true, message: '请选择党支部' }]}
            style={{ flex: 1 }}
          >
            <OrgTreeSelect keep={branchKeep} selectable={branchSelectable} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择会议类型' }]}>
          <Select options={KINDS} />
        </Form.Item>
        <Form.Item name="date" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="title" label="主题" rules={[{ required: true, message: '请填写会议主题' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="place" label="地点">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="hostName" label="主持人">
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="minutes" label="会议记录">
          <Input.TextArea rows={5} maxLength={50000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
