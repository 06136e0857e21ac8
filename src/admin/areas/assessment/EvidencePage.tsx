import { useState } from 'react';
import { App, Button, Drawer, Input, Select, Space, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DataTable, useTableSearch, useTableState } from '../../shared/components/DataTable';
import { OrgTreeSelect } from '../../shared/components/OrgTreeSelect';
import { Page } from '../../shared/components/Page';
import { YearInput } from '../../shared/components/YearInput';
import { ErrorState, Loading } from '../../shared/components/States';
import { showSuccess } from '../../shared/lib/feedback';
import { t } from '../../locales';
import {
  assessmentApi,
  assessmentKeys,
  EVIDENCE_KINDS,
  EVIDENCE_STATUSES,
  pts,
  type EvidenceKind,
  type EvidenceStatus,
  type EvidenceView,
} from './api';
import { EvidenceCard } from './components/EvidenceCard';
import { EvidenceModal } from './components/EvidenceModal';
import { ReasonModal } from './components/ReasonModal';
import { EvidenceStatusTag } from './components/StatusTag';
import { useYear } from './components/useYear';
import { branchKeep, branchSelectable } from './components/branches';

const a = t.assessment;
const r = a.evidenceReview;

/**
 * 佐证材料审核: the evidence of the members the reviewer reaches — verify (it then scores, and the
 * first verification of the year freezes the scheme), return with a reason, withdraw a verified
 * item found wrong, and record an item on a member's behalf.
 */
export default function EvidencePage() {
  const [year, setYear] = useYear();
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const table = useTableState(['branchId', 'status', 'kind', 'q']);
  const search = useTableSearch(table, 'q');
  const [returning, setReturning] = useState<EvidenceView | null>(null);
  const [detail, setDetail] = useState<string | null>(null);
  const [editing, setEditing] = useState<EvidenceView | 'new' | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: assessmentKeys.all });
  const verify = useMutation({
    mutationFn: (id: string) => assessmentApi.verifyEvidence(id),
    onSuccess: () => {
      showSuccess(r.verified);
      refresh();
    },
  });
  const withdraw = useMutation({
    mutationFn: (id: string) => assessmentApi.withdrawEvidence(id),
    onSuccess: () => {
      showSuccess(a.mine.evidence.withdrawn);
      refresh();
    },
  });
  const confirmVerify = (e: EvidenceView) =>
    modal.confirm({
      title: r.verifyTitle(e.name, e.title),
      content: r.verifyContent,
      okText: r.verify,
      cancelText: t.common.cancel,
      onOk: () => verify.mutateAsync(e.id),
    });
  const confirmWithdraw = (e: EvidenceView) =>
    modal.confirm({
      title: a.mine.evidence.withdrawTitle(e.title),
      content: r.withdrawVerifiedContent,
      okText: a.mine.evidence.withdraw,
      okButtonProps: { danger: true },
      cancelText: t.common.cancel,
      onOk: () => withdraw.mutateAsync(e.id),
    });
  const actions = (e: EvidenceView, size: 'small' | 'middle' = 'small', link = true) => (
    <>
      {e.canVerify && e.status === 'submitted' ? (
        <>
          <Button
            type={link ? 'link' : 'primary'}
            size={size}
            onClick={() => confirmVerify(e)}
            data-testid="evidence-verify"
          >
            {r.verify}
          </Button>
          <Button
            type={link ? 'link' : 'default'}
            size={size}
            danger
            onClick={() => setReturning(e)}
            data-testid="evidence-return"
          >
            {r.return}
          </Button>
        </>
      ) : null}
      {e.canVerify && e.status === 'verified' ? (
        <Button type={link ? 'link' : 'default'} size={size} danger onClick={() => confirmWithdraw(e)}>
          {a.mine.evidence.withdraw}
        </Button>
      ) : null}
    </>
  );
  const columns: TableColumnsType<EvidenceView> = [
    { title: r.col.name, dataIndex: 'name', width: 90 },
    { title: r.col.branch, dataIndex: 'branchName', width: 140, ellipsis: true },
    { title: r.col.kind, dataIndex: 'kindLabel', width: 110, render: (v: string, e) => v || a.kinds[e.kind] },
    {
      title: r.col.title,
      dataIndex: 'title',
      render: (v: string, e) => (
        <>
          <Button
            type="link"
            size="small"
            style={{ paddingInline: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
            onClick={() => setDetail(e.id)}
            data-testid="evidence-open"
          >
            {v}
          </Button>
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>
            {r.col.files}：{r.files(e.files.length)}
          </div>
        </>
      ),
    },
    {
      title: r.col.level,
      key: 'level',
      width: 120,
      render: (_: unknown, e) => [e.levelLabel, e.rankLabel].filter(Boolean).join(' · '),
    },
    { title: r.col.occurredOn, dataIndex: 'occurredOn', width: 105 },
    {
      title: r.col.points,
      dataIndex: 'points',
      width: 60,
      align: 'right',
      render: (v: number | null) => pts(v),
    },
    {
      title: r.col.status,
      dataIndex: 'status',
      width: 90,
      render: (v: EvidenceStatus, e) => <EvidenceStatusTag status={v} label={e.statusLabel} />,
    },
    {
      title: t.common.actions,
      key: 'actions',
      width: 120,
      render: (_: unknown, e) => <Space size={0}>{actions(e)}</Space>,
    },
  ];
  return (
    <Page
      title={r.title}
      subTitle={r.subTitle}
      testId="assessment-evidence"
      extra={
        <>
          <YearInput value={year} onChange={setYear} testId="evidence-year" />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="evidence-record"
          >
            {r.record}
          </Button>
        </>
      }
    >
      <DataTable<EvidenceView>
        rowKey="id"
        table={table}
        columns={columns}
        testId="evidence-table"
        queryKey={[...assessmentKeys.evidence, year]}
        fetch={(params, signal) => assessmentApi.evidence({ ...params, year }, signal)}
        emptyText={r.empty(year)}
        noMatchText={r.noMatch}
        toolbar={
          <Space wrap>
            <OrgTreeSelect
              keep={branchKeep}
              selectable={branchSelectable}
              value={table.filters.branchId ?? null}
              onChange={(v) => table.set({ branchId: v })}
              allowClear
              placeholder={a.posts.allBranches}
              style={{ width: 220 }}
            />
            <Select<EvidenceStatus>
              allowClear
              placeholder={a.posts.allStatuses}
              value={(table.filters.status as EvidenceStatus | undefined) ?? undefined}
              onChange={(v) => table.set({ status: v ?? null })}
              options={EVIDENCE_STATUSES.map((s) => ({ value: s, label: a.evidenceStatus[s] }))}
              style={{ width: 120 }}
              aria-label={r.col.status}
              data-testid="evidence-status-filter"
            />
            <Select<EvidenceKind>
              allowClear
              placeholder={r.allKinds}
              value={(table.filters.kind as EvidenceKind | undefined) ?? undefined}
              onChange={(v) => table.set({ kind: v ?? null })}
              options={EVIDENCE_KINDS.map((k) => ({ value: k, label: a.kinds[k] }))}
              style={{ width: 140 }}
              aria-label={r.col.kind}
            />
            <Input.Search
              allowClear
              value={search.value}
              onChange={(e) => search.setValue(e.target.value)}
              onSearch={search.commit}
              placeholder={r.search}
              style={{ width: 220 }}
            />
            {table.hasFilters ? <Button onClick={table.clear}>{a.posts.clear}</Button> : null}
          </Space>
        }
      />
      <EvidenceDrawer
        id={detail}
        onClose={() => setDetail(null)}
        actions={(e) => actions(e, 'middle', false)}
      />
      <ReasonModal
        open={returning !== null}
        title={returning ? r.returnTitle(returning.name, returning.title) : ''}
        label={a.posts.reason}
        requiredText={a.posts.reasonRequired}
        okText={r.return}
        successText={r.returned}
        submit={(reason) => assessmentApi.returnEvidence(returning!.id, reason)}
        onClose={() => setReturning(null)}
      />
      <EvidenceModal
        open={editing !== null}
        year={year}
        forMember
        evidence={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
      />
    </Page>
  );
}

/** One item in full: its facts, the proof files to open, and the same actions as the row. */
function EvidenceDrawer(props: {
  id: string | null;
  onClose: () => void;
  actions: (e: EvidenceView) => React.ReactNode;
}) {
  const item = useQuery({
    queryKey: [...assessmentKeys.evidence, 'item', props.id],
    enabled: props.id !== null,
    queryFn: ({ signal }) => assessmentApi.evidenceItem(props.id!, signal),
  });
  return (
    <Drawer
      open={props.id !== null}
      onClose={props.onClose}
      title={r.detail}
      size={520}
      destroyOnHidden
      data-testid="evidence-drawer"
    >
      {item.isPending ? (
        <Loading height={160} />
      ) : item.isError ? (
        <ErrorState error={item.error} onRetry={() => void item.refetch()} />
      ) : (
        <>
          <EvidenceCard evidence={item.data} showMember actions={props.actions(item.data)} />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {r.verifyContent}
          </Typography.Paragraph>
        </>
      )}
    </Drawer>
  );
}
