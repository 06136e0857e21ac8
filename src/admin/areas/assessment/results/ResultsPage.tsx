import { useState } from 'react';
import { Badge, Button, Select, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { usePermissions } from '../../../app/me';
import { DataTable, useTableState } from '../../../shared/components/DataTable';
import { OrgTreeSelect } from '../../../shared/components/OrgTreeSelect';
import { Page } from '../../../shared/components/Page';
import { YearInput } from '../../../shared/components/YearInput';
import { useDownload } from '../../../shared/hooks/useDownload';
import { t } from '../../../locales';
import { pts } from '../api';
import { branchKeep, branchSelectable } from '../components/branches';
import { useYear } from '../components/useYear';
import {
  NOMINATION_STATUSES,
  resultsApi,
  resultsKeys,
  type NominationStatus,
  type NominationView,
} from '../resultsApi';
import { DecideModal, NominateModal, SemesterModal } from './modals';
import { ObjectionsCard } from './ObjectionsCard';
import { PublicityCard } from './PublicityCard';

const r = t.assessmentResults;
const c = r.results;

export const NOMINATION_COLOR: Record<NominationStatus, string> = {
  proposed: 'gold',
  approved: 'blue',
  rejected: 'red',
  awarded: 'green',
  withdrawn: 'default',
};

const note = (s: string) => (
  <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)', overflowWrap: 'anywhere', maxWidth: 220 }}>{s}</div>
);

/**
 * 评选结果: the year's recommendations of the branches the reviewer reaches, with the score and
 * band each had when proposed; the general branch (assessment.manage) approves or rejects them,
 * opens and closes the 公示 and answers its objections. Awarded vanguards get their certificate
 * and go on the plaque list; each semester's score is recorded, and one below the scheme's line
 * withdraws the plaque (RULES.md §6). Manage-only actions are hidden from branches.
 */
export default function ResultsPage() {
  const [year, setYear] = useYear();
  const { can } = usePermissions();
  const manages = can('assessment.manage');
  const table = useTableState(['status', 'branchId']);
  const [nominating, setNominating] = useState(false);
  const [deciding, setDeciding] = useState<{ n: NominationView; decision: 'approve' | 'reject' } | null>(
    null,
  );
  const [scoring, setScoring] = useState<NominationView | null>(null);
  const { download, busy } = useDownload();
  const list = useQuery({
    queryKey: [...resultsKeys.nominations, year, table.params],
    queryFn: ({ signal }) => resultsApi.nominations({ ...table.params, year }, signal),
    placeholderData: keepPreviousData,
  });
  // undefined while the first answer is on its way; null when the year has no 公示 yet.
  const publicity = list.data ? list.data.publicity : undefined;
  const certificate = (n: NominationView) =>
    void download({
      path: resultsApi.certificatesPath,
      query: { year, id: n.id },
      fallbackName: c.certificateFallback(year, n.name),
    });
  const columns: TableColumnsType<NominationView> = [
    {
      title: c.col.name,
      dataIndex: 'name',
      width: 120,
      render: (v: string, n) => (
        <>
          <Typography.Text strong>{v}</Typography.Text>
          <Typography.Paragraph
            type="secondary"
            ellipsis={{ rows: 2, tooltip: n.reason }}
            style={{ fontSize: 12, marginBottom: 0, maxWidth: 220 }}
          >
            {n.reason}
          </Typography.Paragraph>
        </>
      ),
    },
    { title: c.col.branch, dataIndex: 'branchName', width: 140 },
    { title: c.col.post, dataIndex: 'post', width: 120 },
    {
      title: c.col.score,
      dataIndex: 'score',
      width: 60,
      align: 'right',
      render: (v: number) => pts(v),
    },
    { title: c.col.band, dataIndex: 'band', width: 60 },
    {
      title: c.col.status,
      dataIndex: 'status',
      width: 150,
      render: (v: NominationStatus, n) => (
        <>
          <Tag color={NOMINATION_COLOR[v]} data-testid="nomination-status">
            {n.statusLabel || r.status[v]}
          </Tag>
          {n.status === 'withdrawn' && n.withdrawReason ? (
            <span data-testid="nomination-withdraw-reason">{note(n.withdrawReason)}</span>
          ) : n.decisionNote ? (
            note(c.decisionNote(n.decisionNote))
          ) : null}
        </>
      ),
    },
    {
      title: c.col.objections,
      dataIndex: 'openObjections',
      width: 90,
      align: 'right',
      render: (v: number) => (v ? <Badge count={v} /> : '0'),
    },
    {
      title: c.col.semesters,
      dataIndex: 'semesterScores',
      width: 130,
      render: (v: NominationView['semesterScores']) =>
        v.length
          ? v.map((s) => (
              <div key={s.semester} style={{ whiteSpace: 'nowrap' }} data-testid="nomination-semester">
                {s.semester}：{pts(s.score)}
              </div>
            ))
          : '—',
    },
    {
      title: t.common.actions,
      key: 'actions',
      width: 170,
      render: (_: unknown, n) => (
        <Space size={0} wrap>
          {n.canDecide ? (
            <>
              <Button
                type="link"
                size="small"
                onClick={() => setDeciding({ n, decision: 'approve' })}
                data-testid="nomination-approve"
              >
                {c.approve}
              </Button>
              <Button
                type="link"
                size="small"
                danger
                onClick={() => setDeciding({ n, decision: 'reject' })}
                data-testid="nomination-reject"
              >
                {c.reject}
              </Button>
            </>
          ) : null}
          {n.status === 'awarded' ? (
            <>
              <Button
                type="link"
                size="small"
                icon={<DownloadOutlined />}
                disabled={busy}
                onClick={() => certificate(n)}
                data-testid="nomination-certificate"
              >
                {c.certificate}
              </Button>
              <Button
                type="link"
                size="small"
                onClick={() => setScoring(n)}
                data-testid="nomination-semester-add"
              >
                {c.semester}
              </Button>
            </>
          ) : null}
        </Space>
      ),
    },
  ];
  return (
    <Page
      title={c.title}
      subTitle={c.subTitle}
      testId="assessment-results"
      extra={
        <>
          <YearInput value={year} onChange={setYear} testId="results-year" />
          <Button
            icon={<DownloadOutlined />}
            loading={busy}
            onClick={() =>
              void download({
                path: resultsApi.certificatesPath,
                query: { year },
                fallbackName: c.certificatesFallback(year),
              })
            }
            data-testid="results-certificates"
          >
            {c.certificates}
          </Button>
          {manages ? (
            <Button
              icon={<DownloadOutlined />}
              loading={busy}
              onClick={() =>
                void download({
                  path: resultsApi.plaquesPath,
                  query: { year },
                  fallbackName: c.plaquesFallback(year),
                })
              }
              data-testid="results-plaques"
            >
              {c.plaques}
            </Button>
          ) : null}
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setNominating(true)}
            data-testid="results-nominate"
          >
            {c.nominate}
          </Button>
        </>
      }
    >
      <PublicityCard year={year} publicity={publicity} manages={manages} />
      <DataTable<NominationView>
        rowKey="id"
        table={table}
        columns={columns}
        query={list}
        testId="nominations-table"
        emptyText={c.empty(year)}
        noMatchText={c.noMatch}
        toolbar={
          <Space wrap>
            <OrgTreeSelect
              keep={branchKeep}
              selectable={branchSelectable}
              value={table.filters.branchId ?? null}
              onChange={(v) => table.set({ branchId: v })}
              allowClear
              placeholder={c.allBranches}
              style={{ width: 220 }}
            />
            <Select<NominationStatus>
              allowClear
              placeholder={c.allStatuses}
              value={(table.filters.status as NominationStatus | undefined) ?? undefined}
              onChange={(v) => table.set({ status: v ?? null })}
              options={NOMINATION_STATUSES.map((s) => ({ value: s, label: r.status[s] }))}
              style={{ width: 140 }}
              aria-label={c.col.status}
            />
            {table.hasFilters ? <Button onClick={table.clear}>{c.clear}</Button> : null}
          </Space>
        }
      />
      {manages && publicity ? <ObjectionsCard year={year} /> : null}
      <NominateModal open={nominating} year={year} onClose={() => setNominating(false)} />
      <DecideModal
        nomination={deciding?.n ?? null}
        decision={deciding?.decision ?? 'approve'}
        onClose={() => setDeciding(null)}
      />
      <SemesterModal nomination={scoring} onClose={() => setScoring(null)} />
    </Page>
  );
}
