import { useState } from 'react';
import { Alert, Button, Card, Empty, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { Page } from '../../../shared/components/Page';
import { YearInput } from '../../../shared/components/YearInput';
import { ErrorState, Loading } from '../../../shared/components/States';
import { showSuccess } from '../../../shared/lib/feedback';
import { t } from '../../../locales';
import { pts } from '../api';
import { useYear } from '../components/useYear';
import { branchRatingApi, branchRatingKeys, type RatingBoard, type RatingView } from './api';
import { EvidenceTab } from './EvidenceTab';
import { RatingDrawer } from './RatingDrawer';
import { SchemeTab } from './SchemeTab';
import { Stars, statusColor } from './Stars';

const r = t.branchRating;

/**
 * 支部评星: the board of every branch the reader reaches (the general branch all, a school admin
 * their school's, a secretary their own) with each standard's computed figure, self score and final
 * score, total and stars; the branch's evidence; and the year's rating scheme.
 */
export default function BranchRatingPage() {
  const [year, setYear] = useYear();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'board';
  const board = useQuery({
    queryKey: branchRatingKeys.board(year),
    queryFn: ({ signal }) => branchRatingApi.board(year, signal),
  });
  const setTab = (k: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        next.set('tab', k);
        return next;
      },
      { replace: true },
    );
  let body: React.ReactNode;
  if (board.isPending) body = <Loading />;
  else if (board.isError) body = <ErrorState error={board.error} onRetry={() => void board.refetch()} />;
  else if (!board.data.scheme) body = <NoScheme year={year} canManage={board.data.canManage} />;
  else
    body = (
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'board', label: r.tabs.board, children: <BoardTab board={board.data} /> },
          {
            key: 'evidence',
            label: r.tabs.evidence,
            children: <EvidenceTab year={year} board={board.data} />,
          },
          { key: 'scheme', label: r.tabs.scheme, children: <SchemeTab year={year} /> },
        ]}
      />
    );
  return (
    <Page
      title={r.title}
      subTitle={r.subTitle}
      testId="branch-rating"
      extra={<YearInput value={year} onChange={setYear} testId="branch-rating-year" />}
    >
      {body}
    </Page>
  );
}

function NoScheme(props: { year: number; canManage: boolean }) {
  const qc = useQueryClient();
  const create = useMutation({
    mutationFn: (from: 'default' | 'lastYear') => branchRatingApi.createScheme({ year: props.year, from }),
    onSuccess: () => {
      showSuccess(r.created);
      void qc.invalidateQueries({ queryKey: branchRatingKeys.all });
    },
  });
  return (
    <Card size="small">
      <Empty description={r.noScheme(props.year)}>
        {props.canManage ? (
          <Space wrap>
            <Button
              type="primary"
              loading={create.isPending && create.variables === 'default'}
              onClick={() => create.mutate('default')}
              data-testid="rating-scheme-create-default"
            >
              {r.createDefault}
            </Button>
            <Button
              loading={create.isPending && create.variables === 'lastYear'}
              onClick={() => create.mutate('lastYear')}
            >
              {r.createLastYear}
            </Button>
          </Space>
        ) : (
          <Typography.Text type="secondary">{r.noSchemeHint}</Typography.Text>
        )}
      </Empty>
    </Card>
  );
}

function BoardTab(props: { board: RatingBoard }) {
  const { board } = props;
  const [open, setOpen] = useState<string | null>(null);
  const current = board.items.find((i) => i.branchId === open) ?? null;
  const standards = board.scheme?.config.standards ?? [];
  const columns: TableColumnsType<RatingView> = [
    {
      title: r.col.branch,
      dataIndex: 'branchName',
      fixed: 'left',
      width: 170,
      render: (v: string, row) => (
        <Button
          type="link"
          size="small"
          style={{ paddingInline: 0, whiteSpace: 'normal', textAlign: 'left' }}
          onClick={() => setOpen(row.branchId)}
          data-testid="rating-open"
        >
          {v}
        </Button>
      ),
    },
    ...standards.map((s) => ({
      key: s.key,
      title: `${s.name}（${s.max}）`,
      width: 130,
      render: (_: unknown, row: RatingView) => {
        const x = row.standards.find((y) => y.key === s.key);
        if (!x) return null;
        return (
          <div style={{ fontSize: 13, lineHeight: 1.5 }} data-testid={`rating-cell-${s.key}`}>
            <div>
              <Typography.Text type="secondary">{r.col.computed} </Typography.Text>
              {x.computed ? pts(x.computed.points) : '—'}
            </div>
            <div>
              <Typography.Text type="secondary">{r.col.self} </Typography.Text>
              {x.selfScore !== null ? pts(x.selfScore) : '—'}
            </div>
            <div>
              <Typography.Text type="secondary">{r.col.final} </Typography.Text>
              <strong>{x.finalScore !== null ? pts(x.finalScore) : '—'}</strong>
            </div>
          </div>
        );
      },
    })),
    {
      title: r.col.total,
      key: 'total',
      width: 120,
      render: (_: unknown, row) => (
        <div style={{ fontSize: 13, lineHeight: 1.5 }}>
          <div>
            <Typography.Text type="secondary">{r.col.computed} </Typography.Text>
            {pts(row.computedTotal)}
          </div>
          <div>
            <Typography.Text type="secondary">{r.col.self} </Typography.Text>
            {row.selfTotal !== null ? pts(row.selfTotal) : '—'}
          </div>
          <div>
            <Typography.Text type="secondary">{r.col.final} </Typography.Text>
            <strong data-testid="rating-final-total">
              {row.finalTotal !== null ? pts(row.finalTotal) : '—'}
            </strong>
          </div>
        </div>
      ),
    },
    {
      title: r.col.stars,
      dataIndex: 'stars',
      width: 110,
      render: (v: number | null) => <Stars n={v} />,
    },
    {
      title: r.col.status,
      dataIndex: 'status',
      width: 130,
      render: (v: RatingView['status']) => (
        <Tag color={statusColor[v]} data-testid="rating-status">
          {r.status[v]}
        </Tag>
      ),
    },
  ];
  return (
    <>
      {board.scheme?.config.standards.some((s) => s.source === 'manual') ? (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={r.manualNote} />
      ) : null}
      <Table<RatingView>
        rowKey="branchId"
        size="small"
        columns={columns}
        dataSource={board.items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: r.noBranches }}
        data-testid="rating-board"
        onRow={(row) => ({ 'data-branch-id': row.branchId }) as React.HTMLAttributes<HTMLElement>}
      />
      <RatingDrawer
        rating={current}
        canManage={board.canManage}
        year={board.year}
        onClose={() => setOpen(null)}
      />
    </>
  );
}
