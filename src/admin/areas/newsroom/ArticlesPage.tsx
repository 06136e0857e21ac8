import { Button, Card, Input, Select, Space, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined, PushpinFilled } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { ARTICLE_STATUSES } from '../../../common/contracts/newsroom';
import { usePermissions } from '../../app/me';
import { DataTable, useTableSearch, useTableState } from '../../shared/components/DataTable';
import { Page } from '../../shared/components/Page';
import { formatDateTime } from '../../shared/lib/format';
import { t } from '../../locales';
import {
  newsroomApi,
  newsroomKeys,
  STATUS_COLORS,
  type ArticleListItem,
  type ArticleStatus,
  type SearchHit,
} from './api';

const FILTERS = ['queue', 'q', 'status', 'columnId'] as const;

export function StatusTag(props: { status: ArticleStatus; label: string }) {
  return <Tag color={STATUS_COLORS[props.status]}>{props.label}</Tag>;
}

/** 稿件：the newsroom's queues (mine / to review / to sign off / all), filters and full-text search. */
export default function ArticlesPage() {
  const tx = t.newsroom.articles;
  const navigate = useNavigate();
  const { can } = usePermissions();
  const table = useTableState(FILTERS);
  const search = useTableSearch(table, 'q');
  const f = table.filters;
  // Each person opens on the queue where their work is: a reviewer's queue, an author's own pieces,
  // the sign-off queue for whoever only signs off.
  const queue =
    f.queue ??
    (can('portal.review')
      ? 'review'
      : can('portal.edit')
        ? 'mine'
        : can('portal.signoff')
          ? 'signoff'
          : 'all');
  const q = f.q ?? '';

  const columns = useQuery({
    queryKey: newsroomKeys.columns,
    queryFn: ({ signal }) => newsroomApi.columns(signal),
  });

  const tableColumns: TableColumnsType<ArticleListItem> = [
    {
      title: tx.colTitle,
      dataIndex: 'title',
      render: (v: string, r) => (
        <Space size={4}>
          {r.pinned ? <PushpinFilled style={{ color: '#c00000' }} title={tx.pinned} /> : null}
          <Link to={`/portal/articles/${r.id}`} data-testid="article-link">
            {v}
          </Link>
        </Space>
      ),
    },
    {
      title: tx.colStatus,
      dataIndex: 'status',
      width: 150,
      render: (_: unknown, r) => (
        <div>
          <StatusTag status={r.status} label={r.statusLabel} />
          {r.status === 'returned' && r.returnReason ? (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {r.returnReason}
            </Typography.Text>
          ) : null}
        </div>
      ),
    },
    {
      title: tx.colColumns,
      dataIndex: 'columns',
      width: 180,
      render: (v: ArticleListItem['columns']) => v.map((c) => c.name).join(tx.columnSeparator),
    },
    { title: tx.colSchool, dataIndex: 'schoolName', width: 120, render: (v: string | null) => v ?? tx.park },
    { title: tx.colAuthor, dataIndex: 'createdByName', width: 100 },
    {
      title: tx.colPublishedAt,
      dataIndex: 'publishedAt',
      width: 170,
      render: (v: string | null, r) => formatDateTime(v ?? r.publishAt),
    },
    { title: tx.colViews, dataIndex: 'viewCount', width: 70, align: 'right' },
    { title: tx.colUpdated, dataIndex: 'updatedAt', width: 170, render: (v: string) => formatDateTime(v) },
  ];

  const searchColumns: TableColumnsType<SearchHit> = [
    {
      title: tx.colTitle,
      dataIndex: 'titleHtml',
      render: (v: string, r) => (
        <div>
          {/* The server escapes the text and adds only <mark> around hits. */}
          <Link to={`/portal/articles/${r.id}`} dangerouslySetInnerHTML={{ __html: v }} />
          <div style={{ color: '#666', fontSize: 12 }} dangerouslySetInnerHTML={{ __html: r.snippetHtml }} />
        </div>
      ),
    },
    {
      title: tx.colStatus,
      dataIndex: 'status',
      width: 110,
      render: (_: unknown, r) => <StatusTag status={r.status} label={r.statusLabel} />,
    },
    { title: tx.colUpdated, dataIndex: 'updatedAt', width: 170, render: (v: string) => formatDateTime(v) },
  ];

  const tabs = [
    ...(can('portal.edit') ? [{ key: 'mine', label: tx.queues.mine }] : []),
    ...(can('portal.review') ? [{ key: 'review', label: tx.queues.review }] : []),
    ...(can('portal.signoff') ? [{ key: 'signoff', label: tx.queues.signoff }] : []),
    { key: 'scheduled', label: tx.queues.scheduled },
    { key: 'all', label: tx.queues.all },
  ];

  const toolbar = (
    <>
      {/* A full-text search spans every queue, so the tabs step aside while it is on. */}
      {q ? null : <Tabs activeKey={queue} items={tabs} onChange={(k) => table.set({ queue: k })} />}
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={tx.searchPlaceholder}
          style={{ width: 280 }}
          value={search.value}
          onChange={(e) => search.setValue(e.target.value)}
          onSearch={(v) => search.commit(v)}
          data-testid="article-search"
        />
        <Select
          allowClear
          placeholder={tx.status}
          style={{ width: 130 }}
          options={ARTICLE_STATUSES.map((value) => ({ value, label: t.newsroom.statuses[value] }))}
          value={f.status}
          onChange={(v?: string) => table.set({ status: v })}
        />
        <Select
          allowClear
          placeholder={tx.column}
          style={{ width: 160 }}
          options={(columns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          value={f.columnId}
          onChange={(v?: string) => table.set({ columnId: v })}
        />
      </Space>
    </>
  );

  return (
    <Page
      title={tx.title}
      subTitle={tx.subTitle}
      testId="portal-articles"
      extra={
        can('portal.edit') ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => navigate('/portal/articles/new')}
            data-testid="article-new"
          >
            {tx.write}
          </Button>
        ) : null
      }
    >
      {/* Outside DataTable: the search box stays mounted (and focused) when the list below switches. */}
      <Card size="small" className="toolbar">
        {toolbar}
      </Card>
      {q ? (
        <DataTable<SearchHit>
          rowKey="id"
          table={table}
          columns={searchColumns}
          queryKey={newsroomKeys.search}
          fetch={({ queue: _queue, ...params }, signal) => newsroomApi.search(params, signal)}
          emptyText={tx.emptySearch}
          totalText={(n, data) =>
            data && 'totalExact' in data && data.totalExact === false
              ? tx.searchTotalApprox(n)
              : t.common.total(n)
          }
        />
      ) : (
        <DataTable<ArticleListItem>
          rowKey="id"
          table={table}
          columns={tableColumns}
          queryKey={[...newsroomKeys.articles, queue]}
          fetch={(params, signal) => newsroomApi.articles({ ...params, queue }, signal)}
          emptyText={tx.emptyQueue[queue as keyof typeof tx.emptyQueue] ?? tx.emptyQueue.all}
          noMatchText={tx.noMatch}
          tableProps={{ scroll: { x: 1000 } }}
        />
      )}
    </Page>
  );
}
