import { useState } from 'react';
import { Button, Empty, Input, Modal, Select, Space, Table, Tag, Timeline } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { OrgTreeSelect } from '../../shared/components/OrgTreeSelect';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { formatDateTime } from '../../shared/lib/format';
import { ofKinds } from '../../shared/lib/orgTree';
import { orgLifeApi, orgLifeKeys, type ProposalListItem, type ProposalStep } from './api';

const STATUS_COLORS: Record<string, string> = {
  received: 'blue',
  assigned: 'orange',
  answered: 'cyan',
  closed: 'green',
};
const deptKeep = ofKinds('generalBranch', 'school', 'department');
const deptSelectable = ofKinds('department');

/** 合理化建议: received → assigned to an office → answered → closed. */
export function ProposalsTab(props: { year: number }) {
  const qc = useQueryClient();
  const [status, setStatus] = useState<string | undefined>(undefined);
  const [open, setOpen] = useState<string | null>(null);
  const [departmentId, setDepartmentId] = useState<string | null>(null);
  const [text, setText] = useState('');
  const list = useQuery({
    queryKey: orgLifeKeys.proposals({ year: props.year, status }),
    queryFn: ({ signal }) => orgLifeApi.proposals({ year: props.year, status, pageSize: 100 }, signal),
  });
  const detail = useQuery({
    queryKey: orgLifeKeys.proposal(open),
    enabled: open !== null,
    queryFn: ({ signal }) => orgLifeApi.proposal(open!, signal),
  });
  const act = useMutation({
    mutationFn: (a: ProposalStep) =>
      orgLifeApi.advanceProposal(
        open!,
        a,
        a === 'assign' ? { departmentId } : a === 'answer' ? { answer: text } : { note: text || null },
      ),
    onSuccess: () => {
      showSuccess('已办理');
      setText('');
      void qc.invalidateQueries({ queryKey: orgLifeKeys.all });
    },
    onError: showError,
  });
  const columns: TableColumnsType<ProposalListItem> = [
    { title: '标题', dataIndex: 'title', render: (v, r) => <a onClick={() => setOpen(r.id)}>{v}</a> },
    { title: '提出人', dataIndex: 'name', width: 100 },
    { title: '党支部', dataIndex: 'branchName', width: 180 },
    {
      title: '对象',
      dataIndex: 'target',
      width: 90,
      render: (v) => (v === 'school' ? '学校发展' : '支部建设'),
    },
    { title: '承办科室', dataIndex: 'departmentName', width: 120 },
    {
      title: '状态',
      dataIndex: 'statusLabel',
      width: 110,
      render: (v, r) => <Tag color={STATUS_COLORS[r.status]}>{v}</Tag>,
    },
  ];
  const p = detail.data;
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder="全部状态"
          style={{ width: 140 }}
          value={status}
          onChange={setStatus}
          options={[
            { value: 'received', label: '已受理' },
            { value: 'assigned', label: '已转交科室' },
            { value: 'answered', label: '已答复' },
            { value: 'closed', label: '已办结' },
          ]}
        />
      </Space>
      <Table
        rowKey="id"
        size="small"
        loading={list.isPending}
        columns={columns}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description="暂无建议" /> }}
      />
      <Modal open={open !== null} onCancel={() => setOpen(null)} footer={null} width={620} title={p?.title}>
        {p ? (
          <>
            <p style={{ whiteSpace: 'pre-wrap' }}>{p.content}</p>
            <Timeline
              items={(p.history ?? []).map((h) => ({
                children: `${formatDateTime(h.at)} ${h.byName ?? ''} ${
                  { received: '受理', assigned: '转交', answered: '答复', closed: '办结' }[h.status] ??
                  h.status
                }${h.note ? `：${h.note}` : ''}`,
              }))}
            />
            {p.status === 'received' || p.status === 'assigned' ? (
              <Space.Compact style={{ width: '100%', marginBottom: 8 }}>
                <OrgTreeSelect
                  value={departmentId}
                  onChange={(v) => setDepartmentId(v)}
                  keep={deptKeep}
                  selectable={deptSelectable}
                  placeholder="选择承办科室"
                  style={{ width: '100%' }}
                />
                <Button disabled={!departmentId} onClick={() => act.mutate('assign')}>
                  转交
                </Button>
              </Space.Compact>
            ) : null}
            {p.status !== 'closed' ? (
              <>
                <Input.TextArea
                  rows={2}
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  placeholder={p.status === 'assigned' ? '科室答复' : '办结说明（可不填）'}
                />
                <Space style={{ marginTop: 8 }}>
                  {p.status === 'assigned' ? (
                    <Button type="primary" disabled={!text.trim()} onClick={() => act.mutate('answer')}>
                      登记答复
                    </Button>
                  ) : null}
                  {p.status === 'answered' || p.status === 'received' ? (
                    <Button onClick={() => act.mutate('close')}>办结</Button>
                  ) : null}
                </Space>
              </>
            ) : null}
          </>
        ) : null}
      </Modal>
    </>
  );
}
