import { useState } from 'react';
import { Alert, Button, Progress, Select, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { DataTable, useTableState } from '../../../shared/components/DataTable';
import { Page } from '../../../shared/components/Page';
import { YearInput } from '../../../shared/components/YearInput';
import { formatDateTime } from '../../../shared/lib/format';
import { t } from '../../../locales';
import { appraisalApi, appraisalKeys, type RoundListItem, type RoundStatus } from './api';
import { OpenRoundModal } from './OpenRoundModal';

const m = t.appraisal;
const STATUS_COLOR: Record<RoundStatus, string> = { open: 'green', closed: 'orange', finalized: 'default' };
const thisYear = () =>
  Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

export const RoundStatusTag = (props: { status: RoundStatus }) => (
  <Tag color={STATUS_COLOR[props.status]}>{m.status[props.status]}</Tag>
);

/** 民主评议党员: the rounds of the branches the user runs (GET /assessment/appraisal/rounds). */
export default function RoundsPage() {
  const navigate = useNavigate();
  const table = useTableState(['year', 'status']);
  const year = table.filters.year ? Number(table.filters.year) : thisYear();
  const status = (table.filters.status || undefined) as RoundStatus | undefined;
  const [opening, setOpening] = useState(false);
  const columns: TableColumnsType<RoundListItem> = [
    {
      title: m.rounds.col.title,
      dataIndex: 'title',
      render: (v: string, r) => (
        <Link to={`/assessment/appraisal/rounds/${r.id}`} data-testid="round-link">
          {v}
        </Link>
      ),
    },
    { title: m.rounds.col.node, dataIndex: 'orgNodeName', width: 180, ellipsis: true },
    { title: m.rounds.col.mode, dataIndex: 'modeLabel', width: 110 },
    {
      title: m.rounds.col.status,
      dataIndex: 'status',
      width: 150,
      render: (v: RoundStatus) => <RoundStatusTag status={v} />,
    },
    {
      title: m.rounds.col.turnout,
      key: 'turnout',
      width: 200,
      render: (_: unknown, r) => (
        <div style={{ minWidth: 160 }}>
          <Progress
            percent={r.turnout.eligible ? Math.round((r.turnout.voted / r.turnout.eligible) * 100) : 0}
            size="small"
            showInfo={false}
            status={r.turnout.quorumMet ? 'success' : 'active'}
          />
          {m.rounds.turnout(r.turnout.voted, r.turnout.eligible)}
        </div>
      ),
    },
    {
      title: m.rounds.col.openedAt,
      dataIndex: 'openedAt',
      width: 150,
      render: (v: string) => formatDateTime(v),
    },
  ];
  return (
    <Page
      title={m.rounds.title}
      testId="appraisal-rounds"
      extra={
        <>
          <YearInput value={year} onChange={(y) => table.set({ year: y === thisYear() ? null : y })} />
          <Select<RoundStatus | ''>
            style={{ width: 160 }}
            value={status ?? ''}
            aria-label={m.rounds.status}
            onChange={(v) => table.set({ status: v || null })}
            options={[
              { value: '', label: t.common.all },
              { value: 'open', label: m.status.open },
              { value: 'closed', label: m.status.closed },
              { value: 'finalized', label: m.status.finalized },
            ]}
          />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setOpening(true)}
            data-testid="open-round"
          >
            {m.rounds.open}
          </Button>
        </>
      }
    >
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={m.secrecy} />
      <DataTable<RoundListItem>
        rowKey="id"
        size="middle"
        table={table}
        testId="rounds-table"
        columns={columns}
        emptyText={m.rounds.empty}
        noMatchText={m.rounds.noMatch}
        queryKey={appraisalKeys.rounds}
        fetch={(params, signal) => appraisalApi.rounds({ ...params, year, status }, signal)}
      />
      <OpenRoundModal
        open={opening}
        year={year}
        onClose={() => setOpening(false)}
        onOpened={(id) => void navigate(`/assessment/appraisal/rounds/${id}`)}
      />
    </Page>
  );
}
