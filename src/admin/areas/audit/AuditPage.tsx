import { useEffect, useState } from 'react';
import { AutoComplete, Card, Col, DatePicker, Empty, Input, Row, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api } from '../../shared/api/client';
import type { AuditEntry, Page as PageOf } from '../../shared/api/types';
import { Page } from '../../shared/components/Page';
import { ErrorState } from '../../shared/components/States';
import { formatDateTime } from '../../shared/lib/format';
import { useDebounced } from '../../shared/lib/useDebounced';
import { useUrlState } from '../../shared/lib/urlState';
import { t } from '../../locales';
import { diffRows } from './diff';

const KEYS = ['actor', 'action', 'entityType', 'entityId', 'from', 'to'] as const;

const ACTION_PREFIXES = ['auth.', 'org.', 'people.', 'members.', 'account.', 'role.'];

const actionLabel = (a: string) => t.audit.actions[a];
const entityLabel = (e: string | null) => (e ? (t.audit.entityTypes[e] ?? e) : '');

const show = (v: unknown): string => {
  if (v === undefined) return '';
  if (v === null) return 'null';
  if (typeof v === 'string') return v;
  return JSON.stringify(v, null, 2);
};

/** Before → after, one row per field; changed fields highlighted. */
export function AuditDiff({ entry }: { entry: AuditEntry }) {
  const rows = diffRows(entry.before, entry.after);
  if (rows.length === 0) return <Typography.Text type="secondary">{t.audit.noChanges}</Typography.Text>;
  return (
    <Table
      className="diff-table"
      size="small"
      pagination={false}
      rowKey="key"
      dataSource={rows}
      data-testid="audit-diff"
      rowClassName={(r) => (r.changed ? 'diff-changed' : '')}
      columns={[
        {
          title: t.audit.field,
          dataIndex: 'key',
          width: 180,
          render: (k: string) => <span className="mono">{k}</span>,
        },
        {
          title: t.audit.before,
          dataIndex: 'before',
          render: (v: unknown, r) => (
            <div className={`diff-value ${r.changed ? 'diff-before' : ''}`}>{show(v)}</div>
          ),
        },
        {
          title: t.audit.after,
          dataIndex: 'after',
          render: (v: unknown, r) => (
            <div className={`diff-value ${r.changed ? 'diff-after' : ''}`}>{show(v)}</div>
          ),
        },
      ]}
    />
  );
}

export default function AuditPage() {
  const { values: f, set, page, pageSize } = useUrlState(KEYS);
  const [actor, setActor] = useState(f.actor ?? '');
  const [action, setAction] = useState(f.action ?? '');
  const [entityId, setEntityId] = useState(f.entityId ?? '');
  const dActor = useDebounced(actor.trim(), 400);
  const dAction = useDebounced(action.trim(), 400);
  const dEntityId = useDebounced(entityId.trim(), 400);

  useEffect(() => {
    const patch: Record<string, string> = {};
    if ((f.actor ?? '') !== dActor) patch.actor = dActor;
    if ((f.action ?? '') !== dAction) patch.action = dAction;
    if ((f.entityId ?? '') !== dEntityId) patch.entityId = dEntityId;
    if (Object.keys(patch).length) set(patch);
    // The typed text drives the URL, not the other way round.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dActor, dAction, dEntityId]);

  const query = {
    actor: f.actor,
    action: f.action,
    entityType: f.entityType,
    entityId: f.entityId,
    from: f.from,
    to: f.to,
  };
  const list = useQuery({
    queryKey: ['audit', query, page, pageSize],
    queryFn: ({ signal }) => api.get<PageOf<AuditEntry>>('/audit', { ...query, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });

  const columns: TableColumnsType<AuditEntry> = [
    {
      title: t.audit.at,
      dataIndex: 'at',
      width: 170,
      render: (v: string) => <span className="mono">{formatDateTime(v)}</span>,
    },
    {
      title: t.audit.actor,
      dataIndex: 'actorName',
      width: 130,
      render: (v: string | null, r) =>
        v || (
          <Typography.Text type="secondary">
            {r.action.startsWith('auth.') ? t.audit.anonymous : t.audit.system}
          </Typography.Text>
        ),
    },
    {
      title: t.audit.action,
      dataIndex: 'action',
      width: 200,
      render: (v: string) => (
        <span>
          {actionLabel(v) ? <span>{actionLabel(v)} </span> : null}
          <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
            {v}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t.audit.entityType,
      dataIndex: 'entityType',
      width: 180,
      render: (v: string | null, r) => (
        <span>
          {v ? <Tag>{entityLabel(v)}</Tag> : null}
          {r.entityId ? (
            <Typography.Text
              type="secondary"
              className="mono"
              style={{ fontSize: 12, cursor: 'pointer' }}
              title={r.entityId}
              onClick={() => {
                setEntityId(r.entityId ?? '');
                set({ entityId: r.entityId, entityType: r.entityType });
              }}
            >
              {r.entityId.length > 12 ? `${r.entityId.slice(0, 8)}…` : r.entityId}
            </Typography.Text>
          ) : null}
        </span>
      ),
    },
    {
      title: t.audit.ip,
      dataIndex: 'ip',
      width: 130,
      responsive: ['lg'],
      render: (v: string | null) => <span className="mono">{v}</span>,
    },
    {
      title: t.audit.requestId,
      dataIndex: 'requestId',
      width: 120,
      responsive: ['xl'],
      render: (v: string | null) =>
        v ? (
          <Typography.Text className="mono" style={{ fontSize: 12 }} copyable={{ text: v }} title={v}>
            {v.slice(0, 8)}
          </Typography.Text>
        ) : null,
    },
  ];

  const entityTypeOptions = Object.entries(t.audit.entityTypes).map(([value, label]) => ({
    value,
    label: `${label}（${value}）`,
  }));

  return (
    <Page title={t.audit.title} testId="audit-page">
      <Card size="small" className="toolbar">
        <Row gutter={[8, 8]}>
          <Col xs={12} sm={8} lg={4}>
            <Input
              allowClear
              value={actor}
              onChange={(e) => setActor(e.target.value)}
              placeholder={t.audit.actorPlaceholder}
              data-testid="audit-filter-actor"
            />
          </Col>
          <Col xs={12} sm={8} lg={5}>
            <AutoComplete
              allowClear
              value={action}
              onChange={(v) => setAction(v ?? '')}
              options={ACTION_PREFIXES.map((p) => ({ value: p }))}
              placeholder={t.audit.actionPlaceholder}
              style={{ width: '100%' }}
              data-testid="audit-filter-action"
            />
          </Col>
          <Col xs={12} sm={8} lg={4}>
            <AutoComplete
              allowClear
              value={f.entityType ?? ''}
              onChange={(v) => set({ entityType: v || null })}
              options={entityTypeOptions}
              placeholder={t.audit.entityType}
              style={{ width: '100%' }}
              data-testid="audit-filter-entity-type"
            />
          </Col>
          <Col xs={12} sm={8} lg={4}>
            <Input
              allowClear
              value={entityId}
              onChange={(e) => setEntityId(e.target.value)}
              placeholder={t.audit.entityId}
              data-testid="audit-filter-entity-id"
            />
          </Col>
          <Col xs={24} sm={16} lg={7}>
            <DatePicker.RangePicker
              style={{ width: '100%' }}
              value={[f.from ? dayjs(f.from) : null, f.to ? dayjs(f.to) : null]}
              allowEmpty={[true, true]}
              onChange={(v) =>
                set({ from: v?.[0]?.format('YYYY-MM-DD') ?? null, to: v?.[1]?.format('YYYY-MM-DD') ?? null })
              }
              data-testid="audit-filter-dates"
            />
          </Col>
        </Row>
      </Card>
      {list.isError && !list.data ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Card size="small" styles={{ body: { padding: 0 } }}>
          <Table<AuditEntry>
            rowKey="id"
            size="small"
            data-testid="audit-table"
            columns={columns}
            dataSource={list.data?.items}
            loading={list.isFetching}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t.common.empty} /> }}
            expandable={{
              expandedRowRender: (r) => <AuditDiff entry={r} />,
              rowExpandable: (r) => r.before != null || r.after != null,
            }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (n) => t.common.total(n),
              onChange: (p, s) => set({ page: p, pageSize: s }, true),
            }}
          />
        </Card>
      )}
    </Page>
  );
}
