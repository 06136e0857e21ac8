import { useState } from 'react';
import { App, Button, Input, Select, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DataTable, useTableSearch, useTableState } from '../../shared/components/DataTable';
import { OrgTreeSelect } from '../../shared/components/OrgTreeSelect';
import { Page } from '../../shared/components/Page';
import { YearInput } from '../../shared/components/YearInput';
import { showSuccess } from '../../shared/lib/feedback';
import { formatDateTime } from '../../shared/lib/format';
import { t } from '../../locales';
import { assessmentApi, assessmentKeys, POST_STATUSES, type PostStatus, type PostView } from './api';
import { ReasonModal } from './components/ReasonModal';
import { PostStatusTag } from './components/StatusTag';
import { useYear } from './components/useYear';
import { branchKeep, branchSelectable } from './components/branches';

const a = t.assessment;
const p = a.posts;

const clip = (s: string) => (
  <Typography.Paragraph ellipsis={{ rows: 2, tooltip: s }} style={{ marginBottom: 0, maxWidth: 260 }}>
    {s}
  </Typography.Paragraph>
);

/** 先锋岗审核: the members' declared vanguard posts the reviewer reaches, to approve or return. */
export default function PostsPage() {
  const [year, setYear] = useYear();
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const table = useTableState(['branchId', 'status', 'q']);
  const search = useTableSearch(table, 'q');
  const [returning, setReturning] = useState<PostView | null>(null);
  const approve = useMutation({
    mutationFn: (id: string) => assessmentApi.decidePost(id, { decision: 'approve' }),
    onSuccess: () => {
      showSuccess(p.approved);
      void qc.invalidateQueries({ queryKey: assessmentKeys.all });
    },
  });
  const columns: TableColumnsType<PostView> = [
    { title: p.col.name, dataIndex: 'name', width: 100 },
    { title: p.col.branch, dataIndex: 'branchName', width: 160 },
    { title: p.col.post, dataIndex: 'post', width: 160 },
    { title: p.col.duties, dataIndex: 'duties', render: clip },
    { title: p.col.pledge, dataIndex: 'pledge', render: clip },
    {
      title: p.col.portal,
      dataIndex: 'showOnPortal',
      width: 90,
      render: (v: boolean) => (v ? <Tag color="blue">{a.mine.post.portalYes}</Tag> : a.mine.post.portalNo),
    },
    {
      title: p.col.status,
      dataIndex: 'status',
      width: 150,
      render: (v: PostStatus, r) => (
        <>
          <PostStatusTag status={v} label={r.statusLabel} />
          {r.status === 'returned' && r.returnReason ? (
            <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>{r.returnReason}</div>
          ) : null}
        </>
      ),
    },
    {
      title: p.col.decidedAt,
      dataIndex: 'decidedAt',
      width: 150,
      render: (v: string | null) => formatDateTime(v),
    },
    {
      title: t.common.actions,
      key: 'actions',
      width: 130,
      fixed: 'right',
      render: (_: unknown, r) =>
        r.canDecide ? (
          <Space size={0}>
            <Button
              type="link"
              size="small"
              data-testid="post-approve"
              onClick={() =>
                modal.confirm({
                  title: p.approveTitle(r.name, r.post),
                  content: p.approveContent,
                  okText: p.approve,
                  cancelText: t.common.cancel,
                  onOk: () => approve.mutateAsync(r.id),
                })
              }
            >
              {p.approve}
            </Button>
            <Button type="link" size="small" danger onClick={() => setReturning(r)} data-testid="post-return">
              {p.return}
            </Button>
          </Space>
        ) : null,
    },
  ];
  return (
    <Page
      title={p.title}
      subTitle={p.subTitle}
      testId="assessment-posts"
      extra={<YearInput value={year} onChange={setYear} testId="posts-year" />}
    >
      <DataTable<PostView>
        rowKey="id"
        table={table}
        columns={columns}
        testId="posts-table"
        queryKey={[...assessmentKeys.posts, year]}
        fetch={(params, signal) => assessmentApi.posts({ ...params, year }, signal)}
        emptyText={p.empty(year)}
        noMatchText={p.noMatch}
        toolbar={
          <Space wrap>
            <OrgTreeSelect
              keep={branchKeep}
              selectable={branchSelectable}
              value={table.filters.branchId ?? null}
              onChange={(v) => table.set({ branchId: v })}
              allowClear
              placeholder={p.allBranches}
              style={{ width: 220 }}
            />
            <Select<PostStatus>
              allowClear
              placeholder={p.allStatuses}
              value={(table.filters.status as PostStatus | undefined) ?? undefined}
              onChange={(v) => table.set({ status: v ?? null })}
              options={POST_STATUSES.map((s) => ({ value: s, label: a.postStatus[s] }))}
              style={{ width: 130 }}
              aria-label={p.col.status}
            />
            <Input.Search
              allowClear
              value={search.value}
              onChange={(e) => search.setValue(e.target.value)}
              onSearch={search.commit}
              placeholder={p.search}
              style={{ width: 200 }}
            />
            {table.hasFilters ? <Button onClick={table.clear}>{p.clear}</Button> : null}
          </Space>
        }
      />
      <ReasonModal
        open={returning !== null}
        title={returning ? p.returnTitle(returning.name) : ''}
        intro={returning ? <Typography.Paragraph>「{returning.post}」</Typography.Paragraph> : null}
        label={p.reason}
        requiredText={p.reasonRequired}
        okText={p.return}
        successText={p.returned}
        submit={(reason) => assessmentApi.decidePost(returning!.id, { decision: 'return', reason })}
        onClose={() => setReturning(null)}
      />
    </Page>
  );
}
