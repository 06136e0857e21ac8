import { useState } from 'react';
import { Button, Input, Modal, Select, Space, Tag, Timeline } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DataTable } from '../../shared/components/DataTable';
import { OrgTreeSelect } from '../../shared/components/OrgTreeSelect';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { formatDateTime } from '../../shared/lib/format';
import { ofKinds } from '../../shared/lib/orgTree';
import { t } from '../../locales';
import { orgLifeApi, orgLifeKeys, type ProposalListItem, type ProposalStep } from './api';

const pr = t.orgLife.proposals;

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
      showSuccess(pr.advanced);
      setText('');
      void qc.invalidateQueries({ queryKey: orgLifeKeys.all });
    },
    onError: showError,
  });
  const columns: TableColumnsType<ProposalListItem> = [
    { title: pr.col.title, dataIndex: 'title', render: (v, r) => <a onClick={() => setOpen(r.id)}>{v}</a> },
    { title: pr.col.name, dataIndex: 'name', width: 100 },
    { title: pr.col.branch, dataIndex: 'branchName', width: 180 },
    {
      title: pr.col.target,
      dataIndex: 'target',
      width: 90,
      render: (v) => (v === 'school' ? pr.targets.school : pr.targets.branch),
    },
    { title: pr.col.department, dataIndex: 'departmentName', width: 120 },
    {
      title: pr.col.status,
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
          placeholder={pr.allStatuses}
          style={{ width: 140 }}
          value={status}
          onChange={setStatus}
          options={[
            { value: 'received', label: pr.statuses.received },
            { value: 'assigned', label: pr.statuses.assigned },
            { value: 'answered', label: pr.statuses.answered },
            { value: 'closed', label: pr.statuses.closed },
          ]}
        />
      </Space>
      <DataTable<ProposalListItem>
        rowKey="id"
        frame="plain"
        query={list}
        columns={columns}
        emptyText={pr.empty}
      />
      <Modal open={open !== null} onCancel={() => setOpen(null)} footer={null} width={620} title={p?.title}>
        {p ? (
          <>
            <p style={{ whiteSpace: 'pre-wrap' }}>{p.content}</p>
            <Timeline
              items={(p.history ?? []).map((h) => ({
                children: `${formatDateTime(h.at)} ${h.byName ?? ''} ${
                  pr.steps[h.status] ?? h.status
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
                  placeholder={pr.departmentPlaceholder}
                  style={{ width: '100%' }}
                />
                <Button disabled={!departmentId} onClick={() => act.mutate('assign')}>
                  {pr.assign}
                </Button>
              </Space.Compact>
            ) : null}
            {p.status !== 'closed' ? (
              <>
                <Input.TextArea
                  rows={2}
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  placeholder={p.status === 'assigned' ? pr.answerPlaceholder : pr.notePlaceholder}
                />
                <Space style={{ marginTop: 8 }}>
                  {p.status === 'assigned' ? (
                    <Button type="primary" disabled={!text.trim()} onClick={() => act.mutate('answer')}>
                      {pr.answer}
                    </Button>
                  ) : null}
                  {p.status === 'answered' || p.status === 'received' ? (
                    <Button onClick={() => act.mutate('close')}>{pr.close}</Button>
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
