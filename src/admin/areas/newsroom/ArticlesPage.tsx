import { useState } from 'react';
import { Button, Card, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined, PushpinFilled } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { usePermissions } from '../../app/me';
import { Page } from '../../shared/components/Page';
import { ErrorState } from '../../shared/components/States';
import { formatDateTime } from '../../shared/lib/format';
import { newsroomApi, STATUS_COLORS, type ArticleListItem, type ArticleStatus, type SearchHit } from './api';

const STATUS_OPTIONS: { value: ArticleStatus; label: string }[] = [
  { value: 'draft', label: '草稿' },
  { value: 'submitted', label: '待审核' },
  { value: 'approved', label: '待签发' },
  { value: 'scheduled', label: '定时发布' },
  { value: 'published', label: '已发布' },
  { value: 'returned', label: '已退回' },
  { value: 'takenDown', label: '已撤下' },
];

export function StatusTag(props: { status: ArticleStatus; label: string }) {
  return <Tag color={STATUS_COLORS[props.status]}>{props.label}</Tag>;
}

/** 稿件：the newsroom's queues (mine / to review / to sign off / all), filters and full-text search. */
export default function ArticlesPage() {
  const navigate = useNavigate();
  const { can } = usePermissions();
  const [queue, setQueue] = useState(can('portal.review') ? 'review' : 'mine');
  const [status, setStatus] = useState<ArticleStatus | undefined>();
  const [columnId, setColumnId] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });

  const columns = useQuery({
    queryKey: ['portal', 'columns'],
    queryFn: ({ signal }) => newsroomApi.columns(signal),
  });
  const list = useQuery({
    queryKey: ['portal', 'articles', queue, status, columnId, page],
    queryFn: ({ signal }) => newsroomApi.articles({ queue, status, columnId, ...page }, signal),
    placeholderData: keepPreviousData,
    enabled: !q,
  });
  const search = useQuery({
    queryKey: ['portal', 'search', q, status, columnId, page],
    queryFn: ({ signal }) => newsroomApi.search({ q, status, columnId, ...page }, signal),
    placeholderData: keepPreviousData,
    enabled: !!q,
  });

  const tableColumns: TableColumnsType<ArticleListItem> = [
    {
      title: '标题',
      dataIndex: 'title',
      render: (v: string, r) => (
        <Space size={4}>
          {r.pinned ? <PushpinFilled style={{ color: '#c00000' }} title="置顶" /> : null}
          <Link to={`/portal/articles/${r.id}`} data-testid="article-link">
            {v}
          </Link>
        </Space>
      ),
    },
    {
      title: '状态',
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
      title: '栏目',
      dataIndex: 'columns',
      width: 180,
      render: (v: ArticleListItem['columns']) => v.map((c) => c.name).join('、'),
    },
    { title: '学校', dataIndex: 'schoolName', width: 120, render: (v: string | null) => v ?? '园区' },
    { title: '撰稿', dataIndex: 'createdByName', width: 100 },
    {
      title: '发布时间',
      dataIndex: 'publishedAt',
      width: 170,
      render: (v: string | null, r) => formatDateTime(v ?? r.publishAt),
    },
    { title: '浏览', dataIndex: 'viewCount', width: 70, align: 'right' },
    { title: '更新', dataIndex: 'updatedAt', width: 170, render: (v: string) => formatDateTime(v) },
  ];

  const searchColumns: TableColumnsType<SearchHit> = [
    {
      title: '标题',
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
      title: '状态',
      dataIndex: 'status',
      width: 110,
      render: (_: unknown, r) => <StatusTag status={r.status} label={r.statusLabel} />,
    },
    { title: '更新', dataIndex: 'updatedAt', width: 170, render: (v: string) => formatDateTime(v) },
  ];

  const filters = (
    <Space wrap style={{ marginBottom: 12 }}>
      <Input.Search
        allowClear
        placeholder="全文检索标题和正文（含草稿）"
        style={{ width: 280 }}
        onSearch={(v) => {
          setQ(v.trim());
          setPage((p) => ({ ...p, page: 1 }));
        }}
        data-testid="article-search"
      />
      <Select
        allowClear
        placeholder="状态"
        style={{ width: 130 }}
        options={STATUS_OPTIONS}
        value={status}
        onChange={(v) => {
          setStatus(v);
          setPage((p) => ({ ...p, page: 1 }));
        }}
      />
      <Select
        allowClear
        placeholder="栏目"
        style={{ width: 160 }}
        options={(columns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
        value={columnId}
        onChange={(v) => {
          setColumnId(v);
          setPage((p) => ({ ...p, page: 1 }));
        }}
      />
    </Space>
  );

  const tabs = [
    { key: 'mine', label: '我的稿件' },
    ...(can('portal.review') ? [{ key: 'review', label: '待审核' }] : []),
    ...(can('portal.signoff') ? [{ key: 'signoff', label: '待签发' }] : []),
    { key: 'scheduled', label: '定时发布' },
    { key: 'all', label: '全部' },
  ];

  const pagination = (total: number | undefined) => ({
    current: page.page,
    pageSize: page.pageSize,
    total,
    showSizeChanger: true,
    onChange: (p: number, s: number) => setPage({ page: p, pageSize: s }),
  });

  return (
    <Page
      title="稿件"
      subTitle="编辑撰稿 → 提交 → 审核（→ 党总支签发）→ 发布；任何人不能独自发布自己的稿件"
      testId="portal-articles"
      extra={
        can('portal.edit') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/portal/articles/new')}>
            写文章
          </Button>
        ) : null
      }
    >
      <Card>
        {q ? null : (
          <Tabs
            activeKey={queue}
            items={tabs}
            onChange={(k) => {
              setQueue(k);
              setPage((p) => ({ ...p, page: 1 }));
            }}
          />
        )}
        {filters}
        {q ? (
          search.isError ? (
            <ErrorState error={search.error} onRetry={() => void search.refetch()} />
          ) : (
            <Table
              rowKey="id"
              loading={search.isFetching}
              columns={searchColumns}
              dataSource={search.data?.items ?? []}
              pagination={pagination(search.data?.total)}
            />
          )
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table
            rowKey="id"
            loading={list.isFetching}
            columns={tableColumns}
            dataSource={list.data?.items ?? []}
            pagination={pagination(list.data?.total)}
            scroll={{ x: 1000 }}
          />
        )}
      </Card>
    </Page>
  );
}
