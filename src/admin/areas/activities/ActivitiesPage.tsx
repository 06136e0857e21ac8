import { useState } from 'react';
import { Badge, Button, Calendar, Card, Col, Input, Row, Segmented, Select, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useNavigate } from 'react-router';
import { api } from '../../shared/api/client';
import type { Page as PageOf } from '../../shared/api/types';
import { Page } from '../../shared/components/Page';
import { ErrorState } from '../../shared/components/States';
import { formatDateTime } from '../../shared/lib/format';
import { ActivityFormModal } from './ActivityFormModal';
import type { ActivityListItem, Kinds } from './types';

const STATUS_COLORS: Record<string, string> = { planned: 'blue', held: 'green', cancelled: 'default' };

/** 活动：list and month calendar of the activities the user may see (GET /activities, /activities/calendar). */
export default function ActivitiesPage() {
  const navigate = useNavigate();
  const [view, setView] = useState<'list' | 'calendar'>('list');
  const [filters, setFilters] = useState<{ q?: string; kind?: string; status?: string; mine?: boolean }>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const [creating, setCreating] = useState(false);

  const kinds = useQuery({
    queryKey: ['activities', 'kinds'],
    queryFn: ({ signal }) => api.get<Kinds>('/activities/kinds', undefined, signal),
  });
  const list = useQuery({
    queryKey: ['activities', 'list', filters, page],
    queryFn: ({ signal }) =>
      api.get<PageOf<ActivityListItem>>(
        '/activities',
        { ...filters, mine: filters.mine ? 'true' : undefined, ...page },
        signal,
      ),
    placeholderData: keepPreviousData,
    enabled: view === 'list',
  });
  const from = month.startOf('month').startOf('week').format('YYYY-MM-DD');
  const to = month.endOf('month').endOf('week').format('YYYY-MM-DD');
  const calendar = useQuery({
    queryKey: ['activities', 'calendar', from, to],
    queryFn: ({ signal }) =>
      api.get<{ items: ActivityListItem[] }>('/activities/calendar', { from, to }, signal),
    enabled: view === 'calendar',
  });

  const columns: TableColumnsType<ActivityListItem> = [
    {
      title: '活动名称',
      dataIndex: 'title',
      render: (v: string, r) => (
        <Link to={`/activities/${r.id}`} data-testid="activity-link">
          {v}
        </Link>
      ),
    },
    { title: '类型', dataIndex: 'kindLabel', width: 110 },
    { title: '主题', dataIndex: 'theme', ellipsis: true, responsive: ['lg'] },
    { title: '组织单位', dataIndex: 'organiserName', width: 160, ellipsis: true },
    { title: '开始时间', dataIndex: 'startsAt', width: 170, render: (v: string) => formatDateTime(v) },
    { title: '地点', dataIndex: 'place', width: 140, ellipsis: true, responsive: ['xl'] },
    {
      title: '签到 / 名单',
      key: 'count',
      width: 100,
      render: (_: unknown, r) => `${r.checkedInCount} / ${r.participantCount}`,
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (v: string, r) => <Tag color={STATUS_COLORS[v]}>{r.statusLabel}</Tag>,
    },
  ];

  const byDay = new Map<string, ActivityListItem[]>();
  for (const a of calendar.data?.items ?? []) {
    const key = dayjs(a.startsAt).format('YYYY-MM-DD');
    byDay.set(key, [...(byDay.get(key) ?? []), a]);
  }

  return (
    <Page
      title="活动与主题党日"
      testId="activities-page"
      extra={
        <>
          <Segmented
            value={view}
            onChange={(v) => setView(v as 'list' | 'calendar')}
            options={[
              { value: 'list', label: '列表' },
              { value: 'calendar', label: '日历' },
            ]}
          />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="activity-new"
          >
            新建活动
          </Button>
        </>
      }
    >
      {view === 'list' ? (
        <>
          <Card size="small" className="toolbar">
            <Row gutter={[8, 8]}>
              <Col xs={24} sm={12} lg={7}>
                <Input.Search
                  allowClear
                  placeholder="搜索活动名称或主题"
                  onSearch={(v) => {
                    setFilters({ ...filters, q: v.trim() || undefined });
                    setPage({ ...page, page: 1 });
                  }}
                />
              </Col>
              <Col xs={12} sm={6} lg={4}>
                <Select
                  allowClear
                  placeholder="类型"
                  style={{ width: '100%' }}
                  value={filters.kind}
                  onChange={(v) => setFilters({ ...filters, kind: v })}
                  options={[
                    ...(kinds.data?.builtin.map((k) => ({ value: k.key, label: k.label })) ?? []),
                    ...(kinds.data?.custom.map((k) => ({ value: k.id, label: k.name })) ?? []),
                  ]}
                />
              </Col>
              <Col xs={12} sm={6} lg={3}>
                <Select
                  allowClear
                  placeholder="状态"
                  style={{ width: '100%' }}
                  value={filters.status}
                  onChange={(v) => setFilters({ ...filters, status: v })}
                  options={[
                    { value: 'planned', label: '筹备中' },
                    { value: 'held', label: '已举办' },
                    { value: 'cancelled', label: '已取消' },
                  ]}
                />
              </Col>
              <Col xs={12} sm={6} lg={4}>
                <Segmented
                  value={filters.mine ? 'mine' : 'all'}
                  onChange={(v) => setFilters({ ...filters, mine: v === 'mine' })}
                  options={[
                    { value: 'all', label: '全部' },
                    { value: 'mine', label: '我参加的' },
                  ]}
                />
              </Col>
            </Row>
          </Card>
          {list.isError ? (
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          ) : (
            <Table
              rowKey="id"
              size="middle"
              loading={list.isFetching}
              columns={columns}
              dataSource={list.data?.items ?? []}
              pagination={{
                current: page.page,
                pageSize: page.pageSize,
                total: list.data?.total ?? 0,
                showTotal: (n) => `共 ${n} 项`,
                onChange: (p, s) => setPage({ page: p, pageSize: s }),
              }}
            />
          )}
        </>
      ) : calendar.isError ? (
        <ErrorState error={calendar.error} onRetry={() => void calendar.refetch()} />
      ) : (
        <Card size="small">
          <Calendar
            value={month}
            onPanelChange={(d) => setMonth(d)}
            onSelect={(d, info) => {
              if (info.source === 'date') setMonth(d);
            }}
            cellRender={(d, info) => {
              if (info.type !== 'date') return info.originNode;
              const items = byDay.get(d.format('YYYY-MM-DD')) ?? [];
              return (
                <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                  {items.map((a) => (
                    <li
                      key={a.id}
                      onClick={() => void navigate(`/activities/${a.id}`)}
                      style={{
                        cursor: 'pointer',
                        whiteSpace: 'nowrap',
                        overflow: 'hidden',
                        textOverflow: 'ellipsis',
                      }}
                    >
                      <Badge
                        status={
                          a.status === 'cancelled'
                            ? 'default'
                            : a.status === 'held'
                              ? 'success'
                              : 'processing'
                        }
                      />{' '}
                      {dayjs(a.startsAt).format('HH:mm')} {a.title}
                    </li>
                  ))}
                </ul>
              );
            }}
          />
        </Card>
      )}
      <ActivityFormModal
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(a) => void navigate(`/activities/${a.id}`)}
      />
    </Page>
  );
}
