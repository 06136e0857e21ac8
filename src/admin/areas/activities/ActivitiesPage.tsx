import { useState } from 'react';
import { Badge, Button, Calendar, Card, Col, Input, Row, Segmented, Select, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { Link, useNavigate } from 'react-router';
import { DataTable, useTableSearch, useTableState } from '../../shared/components/DataTable';
import { Page } from '../../shared/components/Page';
import { ErrorState } from '../../shared/components/States';
import { formatDateTime, nowPicker, shanghaiDay, shanghaiTime } from '../../shared/lib/format';
import { t } from '../../locales';
import { ActivityFormModal } from './ActivityFormModal';
import { activitiesApi, activityKeys, type ActivityListItem } from './api';

const STATUS_COLORS: Record<string, string> = { planned: 'blue', held: 'green', cancelled: 'default' };
const FILTERS = ['q', 'kind', 'status', 'mine'] as const;

/** 活动：list and month calendar of the activities the user may see (GET /activities, /activities/calendar). */
export default function ActivitiesPage() {
  const tx = t.activities;
  const navigate = useNavigate();
  const [view, setView] = useState<'list' | 'calendar'>('list');
  const table = useTableState(FILTERS);
  const search = useTableSearch(table, 'q');
  const f = table.filters;
  const [month, setMonth] = useState<Dayjs>(nowPicker);
  const [creating, setCreating] = useState(false);

  const kinds = useQuery({
    queryKey: activityKeys.kinds,
    queryFn: ({ signal }) => activitiesApi.kinds(signal),
  });
  const from = month.startOf('month').startOf('week').format('YYYY-MM-DD');
  const to = month.endOf('month').endOf('week').format('YYYY-MM-DD');
  const calendar = useQuery({
    queryKey: activityKeys.calendar(from, to),
    queryFn: ({ signal }) => activitiesApi.calendar(from, to, signal),
    enabled: view === 'calendar',
  });

  const columns: TableColumnsType<ActivityListItem> = [
    {
      title: tx.col.title,
      dataIndex: 'title',
      render: (v: string, r) => (
        <Link to={`/activities/${r.id}`} data-testid="activity-link">
          {v}
        </Link>
      ),
    },
    { title: tx.col.kind, dataIndex: 'kindLabel', width: 110 },
    { title: tx.col.theme, dataIndex: 'theme', ellipsis: true, responsive: ['lg'] },
    { title: tx.col.organiser, dataIndex: 'organiserName', width: 160, ellipsis: true },
    { title: tx.col.startsAt, dataIndex: 'startsAt', width: 170, render: (v: string) => formatDateTime(v) },
    { title: tx.col.place, dataIndex: 'place', width: 140, ellipsis: true, responsive: ['xl'] },
    {
      title: tx.col.counts,
      key: 'count',
      width: 100,
      render: (_: unknown, r) => `${r.checkedInCount} / ${r.participantCount}`,
    },
    {
      title: tx.col.status,
      dataIndex: 'status',
      width: 90,
      render: (v: string, r) => <Tag color={STATUS_COLORS[v]}>{r.statusLabel}</Tag>,
    },
  ];

  const byDay = new Map<string, ActivityListItem[]>();
  for (const a of calendar.data?.items ?? []) {
    const key = shanghaiDay(a.startsAt);
    byDay.set(key, [...(byDay.get(key) ?? []), a]);
  }

  const toolbar = (
    <Row gutter={[8, 8]}>
      <Col xs={24} sm={12} lg={7}>
        <Input.Search
          allowClear
          placeholder={tx.searchPlaceholder}
          value={search.value}
          onChange={(e) => search.setValue(e.target.value)}
          onSearch={(v) => search.commit(v)}
        />
      </Col>
      <Col xs={12} sm={6} lg={4}>
        <Select
          allowClear
          placeholder={tx.kind}
          style={{ width: '100%' }}
          value={f.kind}
          onChange={(v?: string) => table.set({ kind: v })}
          options={[
            ...(kinds.data?.builtin.map((k) => ({ value: k.key, label: k.label })) ?? []),
            ...(kinds.data?.custom.map((k) => ({ value: k.id, label: k.name })) ?? []),
          ]}
        />
      </Col>
      <Col xs={12} sm={6} lg={3}>
        <Select
          allowClear
          placeholder={tx.status}
          style={{ width: '100%' }}
          value={f.status}
          onChange={(v?: string) => table.set({ status: v })}
          options={[
            { value: 'planned', label: tx.statusPlanned },
            { value: 'held', label: tx.statusHeld },
            { value: 'cancelled', label: tx.statusCancelled },
          ]}
        />
      </Col>
      <Col xs={12} sm={6} lg={4}>
        <Segmented
          value={f.mine === 'true' ? 'mine' : 'all'}
          onChange={(v) => table.set({ mine: v === 'mine' ? 'true' : null })}
          options={[
            { value: 'all', label: tx.all },
            { value: 'mine', label: tx.mine },
          ]}
        />
      </Col>
    </Row>
  );

  return (
    <Page
      title={tx.title}
      testId="activities-page"
      extra={
        <>
          <Segmented
            value={view}
            onChange={(v) => setView(v as 'list' | 'calendar')}
            options={[
              { value: 'list', label: tx.viewList },
              { value: 'calendar', label: tx.viewCalendar },
            ]}
          />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="activity-new"
          >
            {tx.create}
          </Button>
        </>
      }
    >
      {view === 'list' ? (
        <DataTable<ActivityListItem>
          rowKey="id"
          size="middle"
          table={table}
          queryKey={[...activityKeys.all, 'list']}
          fetch={(params, signal) => activitiesApi.list(params, signal)}
          columns={columns}
          toolbar={toolbar}
        />
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
                      {shanghaiTime(a.startsAt)} {a.title}
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
