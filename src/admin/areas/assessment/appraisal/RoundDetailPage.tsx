import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Progress,
  Select,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import type { AppraisalGrade } from '../../../../common/contracts/assessment';
import { Page } from '../../../shared/components/Page';
import { ErrorState, Loading } from '../../../shared/components/States';
import { showError, showSuccess } from '../../../shared/lib/feedback';
import { formatDateTime } from '../../../shared/lib/format';
import { t } from '../../../locales';
import { appraisalApi, appraisalKeys, type RoundView, type SubjectRow, type VoterRow } from './api';
import { RoundStatusTag } from './RoundsPage';

const m = t.appraisal;
const d = m.detail;

/**
 * One round, for whoever runs it: the live turnout and the roll (who votes, who has — never what),
 * closing the vote, then the count per member and the committee's final grades under the 优秀 cap.
 */
export default function RoundDetailPage() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const round = useQuery({
    queryKey: appraisalKeys.round(id),
    queryFn: ({ signal }) => appraisalApi.round(id, signal),
  });
  const open = round.data?.status === 'open';
  // While voting is open the turnout is polled (a light call); the roll follows it.
  const turnout = useQuery({
    queryKey: appraisalKeys.turnout(id),
    queryFn: ({ signal }) => appraisalApi.turnout(id, signal),
    enabled: open,
    refetchInterval: open ? 5_000 : false,
  });
  const votedNow = turnout.data?.voted;
  const seen = round.data?.turnout.voted;
  useEffect(() => {
    if (votedNow !== undefined && seen !== undefined && votedNow !== seen)
      void qc.invalidateQueries({ queryKey: appraisalKeys.round(id), exact: true });
  }, [votedNow, seen, qc, id]);

  const head = (children: React.ReactNode, r?: RoundView) => (
    <Page
      title={r?.title ?? m.rounds.title}
      subTitle={r ? <RoundStatusTag status={r.status} /> : undefined}
      testId="appraisal-round"
      extra={
        <Link to="/assessment/appraisal">
          <Button icon={<ArrowLeftOutlined />}>{d.back}</Button>
        </Link>
      }
    >
      {children}
    </Page>
  );
  if (round.isPending) return head(<Loading />);
  if (round.isError) return head(<ErrorState error={round.error} onRetry={() => void round.refetch()} />);
  const r = round.data;
  const live = turnout.data ?? { ...r.turnout };
  return head(
    <>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={m.secrecy} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, md: 3 }}
          items={[
            { key: 'node', label: d.node, children: r.orgNodeName },
            { key: 'mode', label: d.mode, children: r.modeLabel },
            { key: 'opened', label: d.openedAt, children: formatDateTime(r.openedAt) },
            ...(r.closesAt
              ? [{ key: 'closes', label: d.closesAt, children: formatDateTime(r.closesAt) }]
              : []),
            ...(r.closedAt
              ? [{ key: 'closed', label: d.closedAt, children: formatDateTime(r.closedAt) }]
              : []),
            ...(r.finalizedAt
              ? [{ key: 'final', label: d.finalizedAt, children: formatDateTime(r.finalizedAt) }]
              : []),
          ]}
        />
      </Card>
      <TurnoutCard round={r} live={live} />
      {r.status === 'open' ? (
        <Card size="small" title={d.results} style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary">{d.resultsHidden}</Typography.Text>
        </Card>
      ) : (
        <ResultsCard round={r} />
      )}
      <RollCard voters={r.voters} />
    </>,
    r,
  );
}

function TurnoutCard(props: {
  round: RoundView;
  live: {
    eligible: number;
    voted: number;
    excluded: number;
    subjects: number;
    quorum: number;
    quorumMet: boolean;
  };
}) {
  const { round: r, live } = props;
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const close = useMutation({
    mutationFn: () => appraisalApi.close(r.id),
    onSuccess: async (next) => {
      qc.setQueryData(appraisalKeys.round(r.id), next);
      showSuccess(d.closed);
      await qc.invalidateQueries({ queryKey: appraisalKeys.all });
    },
    onError: showError,
  });
  const percent = live.eligible ? Math.round((live.voted / live.eligible) * 100) : 0;
  return (
    <Card
      size="small"
      title={d.turnoutTitle}
      style={{ marginBottom: 12 }}
      data-testid="turnout"
      extra={r.status === 'open' ? <Typography.Text type="secondary">{d.live}</Typography.Text> : null}
    >
      <Flex wrap gap={24} align="center">
        <Progress
          type="circle"
          size={96}
          percent={percent}
          status={live.quorumMet ? 'success' : 'active'}
          format={() => `${live.voted}/${live.eligible}`}
        />
        <Statistic title={d.eligible} value={live.eligible} />
        <Statistic title={d.voted} value={live.voted} data-testid="turnout-voted" />
        <Statistic title={d.excluded} value={live.excluded} />
        <Statistic title={d.subjects} value={live.subjects} />
        <div>
          <div>{d.quorum(live.quorum)}</div>
          <Typography.Text type={live.quorumMet ? 'success' : 'warning'}>
            {live.quorumMet ? d.quorumMet : d.quorumNotMet(live.quorum, live.voted)}
          </Typography.Text>
        </div>
        {r.canClose ? (
          <Button
            type="primary"
            danger
            loading={close.isPending}
            disabled={!live.quorumMet}
            data-testid="close-round"
            onClick={() =>
              modal.confirm({
                title: d.closeConfirmTitle,
                content: d.closeConfirm(live.voted, live.eligible),
                okText: d.close,
                cancelText: t.common.cancel,
                onOk: () => close.mutateAsync(),
              })
            }
          >
            {d.close}
          </Button>
        ) : null}
      </Flex>
    </Card>
  );
}

/** The grade with the most ballots (ties: the lower grade, so 优秀 is never suggested on a tie). */
function plurality(row: SubjectRow, keys: readonly AppraisalGrade[]): AppraisalGrade | null {
  const g = row.tally?.grades;
  if (!g) return null;
  let best: AppraisalGrade | null = null;
  for (const k of keys) if (best === null || (g[k] ?? 0) >= (g[best] ?? 0)) best = k;
  return best;
}

function ResultsCard(props: { round: RoundView }) {
  const r = props.round;
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const keys = r.grades.map((g) => g.key);
  const [chosen, setChosen] = useState<Record<string, AppraisalGrade>>({});
  const finals = useMemo(
    () =>
      Object.fromEntries(
        r.subjects.map((s) => [
          s.personId,
          (chosen[s.personId] ?? s.finalGrade ?? undefined) as AppraisalGrade | undefined,
        ]),
      ),
    [r.subjects, chosen],
  );
  const excellent = Object.values(finals).filter((g) => g === 'excellent').length;
  const missing = r.subjects.filter((s) => !finals[s.personId]).length;
  const finalize = useMutation({
    mutationFn: () =>
      appraisalApi.finalize(r.id, {
        grades: r.subjects.map((s) => ({ personId: s.personId, grade: finals[s.personId]! })),
      }),
    onSuccess: async (next) => {
      qc.setQueryData(appraisalKeys.round(r.id), next);
      showSuccess(d.finalized);
      await qc.invalidateQueries({ queryKey: appraisalKeys.all });
    },
    onError: showError,
  });
  const columns: TableColumnsType<SubjectRow> = [
    { title: d.col.name, dataIndex: 'name', fixed: 'left', width: 110 },
    { title: d.col.branch, dataIndex: 'branchName', width: 160, ellipsis: true },
    ...(r.mode === 'grades'
      ? r.grades.map((g) => ({
          title: g.label,
          key: g.key,
          width: 80,
          align: 'right' as const,
          render: (_: unknown, s: SubjectRow) => s.tally?.grades?.[g.key] ?? 0,
        }))
      : r.aspects.map((a) => ({
          title: d.mean(a.name),
          key: a.key,
          width: 110,
          align: 'right' as const,
          render: (_: unknown, s: SubjectRow) => s.tally?.means?.[a.key] ?? '',
        }))),
    {
      title: d.ballots,
      key: 'ballots',
      width: 70,
      align: 'right',
      render: (_: unknown, s) => s.tally?.ballots ?? 0,
    },
    {
      title: d.value,
      dataIndex: 'value',
      width: 90,
      align: 'right',
      sorter: (a, b) => (a.value ?? 0) - (b.value ?? 0),
      render: (v: number | null) => (v === null ? '' : v.toFixed(2)),
    },
    {
      title: d.finalGrade,
      key: 'final',
      width: 150,
      fixed: 'right',
      render: (_: unknown, s) =>
        r.canFinalize ? (
          <Select<AppraisalGrade>
            size="middle"
            style={{ width: 130 }}
            placeholder={d.pick}
            aria-label={`${s.name} ${d.finalGrade}`}
            data-testid={`final-${s.personId}`}
            value={finals[s.personId]}
            onChange={(v) => setChosen((c) => ({ ...c, [s.personId]: v }))}
            options={r.grades.map((g) => ({ value: g.key, label: g.label }))}
          />
        ) : s.finalGrade ? (
          <Tag color={s.finalGrade === 'excellent' ? 'red' : 'default'}>{s.finalGradeLabel}</Tag>
        ) : (
          ''
        ),
    },
  ];
  return (
    <Card size="small" title={d.results} style={{ marginBottom: 12 }} data-testid="results">
      {r.canFinalize ? (
        <Flex wrap gap={12} align="center" style={{ marginBottom: 12 }}>
          <Typography.Text type={excellent > r.excellentCap ? 'danger' : undefined}>
            {d.capInfo(r.excellentCap, r.subjects.length, excellent)}
          </Typography.Text>
          {r.mode === 'grades' ? (
            <Button
              onClick={() =>
                setChosen(
                  Object.fromEntries(
                    r.subjects
                      .map((s) => [s.personId, plurality(s, keys)] as const)
                      .filter((x): x is [string, AppraisalGrade] => x[1] !== null),
                  ),
                )
              }
            >
              {d.suggest}
            </Button>
          ) : null}
          <Button
            type="primary"
            data-testid="finalize"
            loading={finalize.isPending}
            disabled={missing > 0 || excellent > r.excellentCap}
            onClick={() =>
              modal.confirm({
                title: d.finalizeConfirmTitle,
                content: d.finalizeConfirm,
                okText: d.finalize,
                cancelText: t.common.cancel,
                onOk: () => finalize.mutateAsync(),
              })
            }
          >
            {d.finalize}
          </Button>
          {missing > 0 ? (
            <Typography.Text type="secondary">{d.missingGrades(missing)}</Typography.Text>
          ) : null}
          {excellent > r.excellentCap ? (
            <Typography.Text type="danger">{d.capOver(r.excellentCap)}</Typography.Text>
          ) : null}
        </Flex>
      ) : null}
      <Table<SubjectRow>
        rowKey="personId"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={r.subjects}
        columns={columns}
        data-testid="results-table"
      />
    </Card>
  );
}

function RollCard(props: { voters: VoterRow[] }) {
  const columns: TableColumnsType<VoterRow> = [
    { title: d.col.name, dataIndex: 'name', width: 120 },
    { title: d.col.branch, dataIndex: 'branchName', width: 180, ellipsis: true },
    {
      title: d.col.right,
      key: 'right',
      render: (_: unknown, v) =>
        v.eligible ? (
          d.votes
        ) : (
          <Typography.Text type="secondary">{d.notVoting(v.exclusion ?? '')}</Typography.Text>
        ),
    },
    {
      title: d.col.voted,
      dataIndex: 'voted',
      width: 80,
      filters: [
        { text: d.hasVoted, value: true },
        { text: d.notVoted, value: false },
      ],
      onFilter: (value, v) => v.eligible && v.voted === value,
      render: (voted: boolean, v) =>
        v.eligible ? <Tag color={voted ? 'green' : 'default'}>{voted ? d.hasVoted : d.notVoted}</Tag> : '—',
    },
  ];
  return (
    <Card
      size="small"
      title={d.roll}
      extra={<Typography.Text type="secondary">{d.rollHint}</Typography.Text>}
    >
      <Table<VoterRow>
        rowKey="personId"
        size="small"
        pagination={props.voters.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        dataSource={props.voters}
        columns={columns}
        data-testid="roll-table"
      />
    </Card>
  );
}
