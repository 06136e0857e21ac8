import { Col, DatePicker, Input, Row, Select, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { AUDIT_ACTIONS, currentAuditAction } from '../../../common/auditActions';
import { Page } from '../../shared/components/Page';
import { DataTable, useTableSearch, useTableState } from '../../shared/components/DataTable';
import { formatDateTime } from '../../shared/lib/format';
import { t } from '../../locales';
import { auditApi, auditKeys, type AuditEntry } from './api';
import { diffRows } from './diff';

const KEYS = ['actor', 'action', 'entityType', 'entityId', 'from', 'to'] as const;

/** The areas of the registry (`people`, `accounts` …), in the labels' order. */
export const AUDIT_AREAS = [...new Set(AUDIT_ACTIONS.map((a) => a.split('.')[0]!))];

/**
 * The action filter's choices in words: per area, all of it (the server matches by prefix) and
 * each action. The stored names are shown nowhere but in a tooltip.
 */
const ACTION_OPTIONS = AUDIT_AREAS.map((area) => {
  const name = t.audit.areas[area] ?? area;
  return {
    label: name,
    options: [
      { value: `${area}.`, label: t.audit.allOfArea(name) },
      ...AUDIT_ACTIONS.filter((a) => a.startsWith(`${area}.`)).map((a) => ({
        value: a,
        label: t.audit.actions[a] ?? a,
      })),
    ],
  };
});

/** Rows written before the registry carry older names; the server maps them, this is a fallback. */
const actionLabel = (a: string) => t.audit.actions[currentAuditAction(a)];
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
  const table = useTableState(KEYS);
  const actor = useTableSearch(table, 'actor');
  const action = useTableSearch(table, 'action');
  const entityId = useTableSearch(table, 'entityId');
  const f = table.filters;

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
      render: (v: string | null, r) => {
        if (v) return v;
        const typed = (r.after as { username?: unknown } | null)?.username;
        return (
          <Typography.Text type="secondary">
            {!r.action.startsWith('auth.')
              ? t.audit.system
              : typeof typed === 'string'
                ? t.audit.triedAs(typed)
                : t.audit.anonymous}
          </Typography.Text>
        );
      },
    },
    {
      title: t.audit.action,
      dataIndex: 'action',
      width: 200,
      // The label alone; the stored name in the tooltip (an unregistered one is shown as it is).
      render: (v: string) => <span title={v}>{actionLabel(v) ?? v}</span>,
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
              // Filters to this record's history; the entity-id input follows the URL.
              onClick={() => table.set({ entityId: r.entityId, entityType: r.entityType })}
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
    label,
  }));

  const toolbar = (
    <Row gutter={[8, 8]}>
      <Col xs={12} sm={8} lg={4}>
        <Input
          allowClear
          value={actor.value}
          onChange={(e) => actor.setValue(e.target.value)}
          placeholder={t.audit.actorPlaceholder}
          data-testid="audit-filter-actor"
        />
      </Col>
      <Col xs={12} sm={8} lg={5}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          value={action.value || undefined}
          onChange={(v?: string) => action.setValue(v ?? '')}
          options={ACTION_OPTIONS}
          placeholder={t.audit.actionPlaceholder}
          style={{ width: '100%' }}
          popupMatchSelectWidth={false}
          data-testid="audit-filter-action"
        />
      </Col>
      <Col xs={12} sm={8} lg={4}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          value={f.entityType || undefined}
          onChange={(v?: string) => table.set({ entityType: v || null })}
          options={entityTypeOptions}
          placeholder={t.audit.entityType}
          style={{ width: '100%' }}
          data-testid="audit-filter-entity-type"
        />
      </Col>
      <Col xs={12} sm={8} lg={4}>
        <Input
          allowClear
          value={entityId.value}
          onChange={(e) => entityId.setValue(e.target.value)}
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
            table.set({
              from: v?.[0]?.format('YYYY-MM-DD') ?? null,
              to: v?.[1]?.format('YYYY-MM-DD') ?? null,
            })
          }
          data-testid="audit-filter-dates"
        />
      </Col>
    </Row>
  );

  return (
    <Page title={t.audit.title} testId="audit-page">
      <DataTable<AuditEntry>
        table={table}
        queryKey={auditKeys.searches}
        fetch={auditApi.search}
        rowKey="id"
        testId="audit-table"
        columns={columns}
        toolbar={toolbar}
        tableProps={{
          expandable: {
            expandedRowRender: (r) => <AuditDiff entry={r} />,
            rowExpandable: (r) => r.before != null || r.after != null,
          },
        }}
      />
    </Page>
  );
}
