import { useState } from 'react';
import { Button, Card, Drawer, Input, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { usePermissions } from '../../app/me';
import { DataTable, useTableSearch, useTableState } from '../../shared/components/DataTable';
import { OrgTreeSelect } from '../../shared/components/OrgTreeSelect';
import { Page } from '../../shared/components/Page';
import { YearInput } from '../../shared/components/YearInput';
import { ErrorState, Loading } from '../../shared/components/States';
import { formatDateTime } from '../../shared/lib/format';
import { t } from '../../locales';
import { assessmentApi, assessmentKeys, pts, type PostStatus, type ScoreRow } from './api';
import { ScoreBreakdown, ScoreSummary } from './components/ScoreBreakdown';
import { isSchemeMissing, SchemeMissing } from './components/SchemeMissing';
import { PostStatusTag } from './components/StatusTag';
import { useYear } from './components/useYear';
import { branchKeep, branchSelectable } from './components/branches';

const a = t.assessment;
const c = a.scores;

/**
 * 考核得分: the members the reviewer reaches with their running total, band and rank by the year's
 * scheme, what is still pending, and each member's breakdown beside their self-evaluation.
 */
export default function ScoresPage() {
  const [year, setYear] = useYear();
  const { canUse } = usePermissions();
  const table = useTableState(['branchId', 'q']);
  const search = useTableSearch(table, 'q');
  const [open, setOpen] = useState<ScoreRow | null>(null);
  const list = useQuery({
    queryKey: [...assessmentKeys.scores, year, table.params],
    queryFn: ({ signal }) => assessmentApi.scores({ ...table.params, year }, signal),
    placeholderData: keepPreviousData,
  });
  const parkRanks = (list.data?.items ?? []).some((x) => x.rankInPark !== null);
  const vetoes = (list.data?.items ?? []).some((x) => x.vetoed !== null);
  const columns: TableColumnsType<ScoreRow> = [
    { title: c.col.rank, dataIndex: 'rankInBranch', width: 80, align: 'right' },
    ...(parkRanks
      ? [{ title: c.col.parkRank, dataIndex: 'rankInPark', width: 80, align: 'right' as const }]
      : []),
    {
      title: c.col.name,
      dataIndex: 'name',
      width: 110,
      render: (v: string, row) => (
        <Button
          type="link"
          size="small"
          style={{ paddingInline: 0 }}
          onClick={() => setOpen(row)}
          data-testid="score-open"
        >
          {v}
        </Button>
      ),
    },
    { title: c.col.branch, dataIndex: 'branchName', width: 170 },
    {
      title: c.col.total,
      dataIndex: 'total',
      width: 80,
      align: 'right',
      render: (v: number) => <strong data-testid="score-row-total">{pts(v)}</strong>,
    },
    { title: c.col.band, dataIndex: 'band', width: 80 },
    ...(vetoes
      ? [
          {
            title: c.col.vetoed,
            dataIndex: 'vetoed',
            width: 160,
            render: (v: string | null) => (v ? <Tag color="red">{v}</Tag> : null),
          },
        ]
      : []),
    { title: c.col.verified, dataIndex: 'verifiedEvidence', width: 80, align: 'right' },
    {
      title: c.col.pending,
      dataIndex: 'pendingEvidence',
      width: 80,
      align: 'right',
      render: (v: number) => (v ? <Tag color="gold">{v}</Tag> : 0),
    },
    {
      title: c.col.post,
      dataIndex: 'postStatus',
      width: 100,
      render: (v: PostStatus | null) => (v ? <PostStatusTag status={v} /> : <Tag>{c.noPost}</Tag>),
    },
    {
      title: c.col.self,
      dataIndex: 'selfEvaluated',
      width: 90,
      render: (v: boolean) => (v ? <Tag color="green">{c.selfDone}</Tag> : <Tag>{c.selfNone}</Tag>),
    },
  ];
  return (
    <Page
      title={c.title}
      subTitle={c.subTitle}
      testId="assessment-scores"
      extra={<YearInput value={year} onChange={setYear} testId="scores-year" />}
    >
      {list.isError && isSchemeMissing(list.error) ? (
        <Card size="small">
          <SchemeMissing
            error={list.error}
            year={year}
            linkToScheme={canUse('assessment.manage') || canUse('assessment.review')}
          />
        </Card>
      ) : (
        <DataTable<ScoreRow>
          rowKey="personId"
          table={table}
          query={list}
          columns={columns}
          testId="scores-table"
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
                placeholder={a.posts.allBranches}
                style={{ width: 220 }}
              />
              <Input.Search
                allowClear
                value={search.value}
                onChange={(e) => search.setValue(e.target.value)}
                onSearch={search.commit}
                placeholder={c.search}
                style={{ width: 200 }}
              />
              {table.hasFilters ? <Button onClick={table.clear}>{a.posts.clear}</Button> : null}
            </Space>
          }
        />
      )}
      <ScoreDrawer row={open} year={year} onClose={() => setOpen(null)} />
    </Page>
  );
}

function ScoreDrawer(props: { row: ScoreRow | null; year: number; onClose: () => void }) {
  const personId = props.row?.personId ?? null;
  const score = useQuery({
    queryKey: assessmentKeys.personScore(personId ?? '', props.year),
    enabled: personId !== null,
    queryFn: ({ signal }) => assessmentApi.personScore(personId!, props.year, signal),
  });
  const self = useQuery({
    queryKey: assessmentKeys.personSelfEvaluation(personId ?? '', props.year),
    enabled: personId !== null,
    queryFn: ({ signal }) => assessmentApi.personSelfEvaluation(personId!, props.year, signal),
  });
  const s = self.data?.selfEvaluation ?? null;
  return (
    <Drawer
      open={personId !== null}
      onClose={props.onClose}
      size={760}
      destroyOnHidden
      title={props.row ? c.detailTitle(props.row.name, props.year) : ''}
      data-testid="score-drawer"
    >
      {score.isPending ? (
        <Loading height={200} />
      ) : score.isError ? (
        <ErrorState error={score.error} onRetry={() => void score.refetch()} />
      ) : (
        <>
          <ScoreSummary score={score.data} />
          <Card size="small" style={{ marginBottom: 12 }} data-testid="self-summary">
            <Typography.Text type="secondary">{c.selfSummary}：</Typography.Text>
            {self.isError ? (
              <ErrorState error={self.error} />
            ) : s ? (
              <>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
                  {s.summary || t.common.notSet}
                </Typography.Paragraph>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.selfSubmittedAt(formatDateTime(s.updatedAt))}
                </Typography.Text>
              </>
            ) : (
              <Typography.Text type="secondary">
                {self.isPending ? t.common.loading : c.selfNoneYet}
              </Typography.Text>
            )}
          </Card>
          <ScoreBreakdown score={score.data} withSelf />
        </>
      )}
    </Drawer>
  );
}
