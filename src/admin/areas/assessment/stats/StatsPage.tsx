import { useEffect, useMemo, useRef } from 'react';
import { Button, Card, Col, Empty, Row, Table, Tabs, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { FileExcelOutlined, FileWordOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Page } from '../../../shared/components/Page';
import { ErrorState, Loading } from '../../../shared/components/States';
import { YearInput } from '../../../shared/components/YearInput';
import { useDownload } from '../../../shared/hooks/useDownload';
import { t } from '../../../locales';
import { useYear } from '../components/useYear';
import {
  STATS_FIGURES,
  statsApi,
  statsKeys,
  type StatsFigure,
  type StatsFigures,
  type StatsRow,
  type StatsView,
} from './api';
import type { EChartsCoreOption } from './echarts';
import { StatsChart } from './StatsChart';

const s = t.assessmentStats;
type Level = keyof StatsFigures['honouredByLevel'];
const LEVELS_DOWN: Level[] = ['nation', 'province', 'city', 'county', 'school'];

/** Figures the charts draw (the hours are of another scale: they stay in the cards and tables). */
const CHARTED: StatsFigure[] = STATS_FIGURES.filter((k) => k !== 'dedicationHours');
/** Figures compared group by group. */
const BY_GROUP: StatsFigure[] = [
  'honouredMembers',
  'coachedStudents',
  'awardedPapers',
  'titlePromotions',
  'vanguardPosts',
];

const round1 = (n: number) => Math.round(n * 10) / 10;
/** A count as is; hours with their one decimal only when there is one. */
const num = (n: number) => (Number.isInteger(n) ? String(n) : round1(n).toFixed(1));

function Delta(props: { current: number; previous: number; long?: boolean }) {
  const d = round1(props.current - props.previous);
  const words = props.long ? s.change : s.delta;
  const text = d > 0 ? words.up(num(d)) : d < 0 ? words.down(num(-d)) : words.same;
  // Darker than antd's success/error colours: small text keeps a 4.5:1 contrast on white.
  const color = d > 0 ? '#237804' : d < 0 ? '#a8071a' : undefined;
  return (
    <Typography.Text type={d === 0 ? 'secondary' : undefined} style={{ fontSize: 12, color }}>
      {text}
    </Typography.Text>
  );
}

/**
 * 考核统计: the year's figures for the reader's reach (the park, a school, a branch) as cards with
 * the change from the year before, two charts, and the tables by school and by branch; the
 * spreadsheet and the work report's paragraph as downloads. On a phone the cards stack and the
 * tables scroll inside their box.
 */
export default function StatsPage() {
  const [year, setYear] = useYear();
  const { download, busy } = useDownload();
  const stats = useQuery({
    queryKey: statsKeys.stats(year),
    queryFn: ({ signal }) => statsApi.stats(year, signal),
    placeholderData: keepPreviousData,
  });
  const data = stats.data?.year === year ? stats.data : undefined;
  return (
    <Page
      title={s.title}
      subTitle={data ? s.subTitle(data.scopeName) : undefined}
      testId="assessment-stats"
      extra={
        <>
          <YearInput value={year} onChange={setYear} testId="stats-year" />
          <Button
            icon={<FileExcelOutlined />}
            disabled={busy}
            onClick={() =>
              void download({ path: statsApi.xlsxPath, query: { year }, fallbackName: s.fallbackXlsx(year) })
            }
            data-testid="stats-export-xlsx"
          >
            {s.exportXlsx}
          </Button>
          <Button
            icon={<FileWordOutlined />}
            disabled={busy}
            onClick={() =>
              void download({ path: statsApi.docxPath, query: { year }, fallbackName: s.fallbackDocx(year) })
            }
            data-testid="stats-export-docx"
          >
            {s.exportDocx}
          </Button>
        </>
      }
    >
      {stats.isError && !data ? (
        <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />
      ) : !data ? (
        <Loading height={320} />
      ) : (
        <StatsBody view={data} />
      )}
    </Page>
  );
}

function StatsBody({ view }: { view: StatsView }) {
  const { current, previous } = view.total;
  const nothing = STATS_FIGURES.every((k) => current[k] === 0 && previous[k] === 0);
  return (
    <>
      {nothing ? (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Empty description={s.empty(view.year)} />
        </Card>
      ) : null}
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="stats-cards">
        {STATS_FIGURES.map((k) => (
          <Col key={k} xs={24} sm={12} lg={8} xxl={6}>
            <FigureCard figure={k} current={current} previous={previous} />
          </Col>
        ))}
      </Row>
      <Charts view={view} />
      <Card size="small" style={{ marginTop: 16 }}>
        <Tables view={view} />
      </Card>
    </>
  );
}

function FigureCard(props: { figure: StatsFigure; current: StatsFigures; previous: StatsFigures }) {
  const k = props.figure;
  const levels =
    k === 'honouredMembers'
      ? LEVELS_DOWN.filter((l) => props.current.honouredByLevel[l] > 0).map((l) =>
          s.levelPart(s.levels[l], props.current.honouredByLevel[l]),
        )
      : [];
  return (
    <Card size="small" style={{ height: '100%' }} data-testid={`stats-card-${k}`}>
      <Typography.Text type="secondary">{s.figures[k]}</Typography.Text>
      <div style={{ display: 'flex', alignItems: 'baseline', gap: 6, flexWrap: 'wrap' }}>
        <span style={{ fontSize: 28, fontWeight: 600, lineHeight: 1.3 }} data-testid={`stats-value-${k}`}>
          {num(props.current[k])}
        </span>
        <Typography.Text type="secondary">{s.units[k]}</Typography.Text>
      </div>
      <Delta current={props.current[k]} previous={props.previous[k]} long />
      {levels.length ? (
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {s.byLevel(levels)}
          </Typography.Text>
        </div>
      ) : null}
    </Card>
  );
}

function Charts({ view }: { view: StatsView }) {
  const groups = view.schools.length > 1 ? view.schools : view.branches;
  const grouping = view.schools.length > 1 ? s.tabs.schools : s.tabs.branches;
  const { current, previous } = view.total;

  const yoy = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: CHARTED.map((k) => s.short[k]) },
      series: [
        { name: s.charts.yearSeries(view.year), type: 'bar', data: CHARTED.map((k) => current[k]) },
        { name: s.charts.yearSeries(view.previousYear), type: 'bar', data: CHARTED.map((k) => previous[k]) },
      ],
    }),
    [view.year, view.previousYear, current, previous],
  );
  const byGroup = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 56, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: groups.map((g) => g.name),
        axisLabel: { width: 110, overflow: 'truncate' },
      },
      series: BY_GROUP.map((k) => ({
        name: s.short[k],
        type: 'bar',
        data: groups.map((g) => g.current[k]),
      })),
    }),
    [groups],
  );
  const yoySummary = CHARTED.map(
    (k) => `${s.short[k]} ${current[k]}（${view.previousYear} 年 ${previous[k]}）`,
  ).join('，');
  const groupSummary = groups
    .map((g) => `${g.name}：${BY_GROUP.map((k) => `${s.short[k]} ${g.current[k]}`).join('，')}`)
    .join('；');

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <Card size="small" title={s.charts.yearOverYear}>
          <StatsChart option={yoy} height={420} summary={yoySummary} testId="stats-chart-yoy" />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={s.charts.byGroup(grouping)}>
          {groups.length ? (
            <StatsChart
              option={byGroup}
              height={Math.max(260, 72 + groups.length * (BY_GROUP.length * 9 + 18))}
              summary={groupSummary}
              testId="stats-chart-groups"
            />
          ) : (
            <Empty description={s.empty(view.year)} />
          )}
        </Card>
      </Col>
    </Row>
  );
}

/**
 * A table of figures already loaded with the page (not a server list: no paging), scrolling
 * sideways inside its own box when it is wider than the screen. That box is a Tab stop named
 * after the table, so that a keyboard can scroll it too (WCAG 2.1.1; axe scrollable-region-focusable):
 * antd renders it without a way to say so, hence the attributes set on it after rendering.
 */
function FigureTable<T extends object>(props: {
  rows: T[];
  columns: TableColumnsType<T>;
  rowKey: string | ((r: T) => string);
  testId: string;
  label: string;
  emptyText?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const scroller = box.current?.querySelector<HTMLElement>('.ant-table-content');
    if (!scroller) return;
    scroller.tabIndex = 0;
    scroller.setAttribute('role', 'region');
    scroller.setAttribute('aria-label', props.label);
  });
  return (
    <div ref={box}>
      <Table<T>
        rowKey={props.rowKey}
        size="small"
        pagination={false}
        dataSource={props.rows}
        columns={props.columns}
        scroll={{ x: 'max-content' }}
        locale={props.emptyText ? { emptyText: props.emptyText } : undefined}
        data-testid={props.testId}
      />
    </div>
  );
}

interface TotalLine {
  key: string;
  label: string;
  unit: string;
  current: number;
  previous: number;
  level?: boolean;
}

function Tables({ view }: { view: StatsView }) {
  const { current, previous } = view.total;
  const lines: TotalLine[] = STATS_FIGURES.flatMap((k): TotalLine[] => [
    { key: k, label: s.figures[k], unit: s.units[k], current: current[k], previous: previous[k] },
    ...(k === 'honouredMembers'
      ? LEVELS_DOWN.map((l) => ({
          key: `level-${l}`,
          label: s.byLevel([s.levels[l]]),
          unit: s.units.honouredMembers,
          current: current.honouredByLevel[l],
          previous: previous.honouredByLevel[l],
          level: true,
        }))
      : []),
  ]);
  const totalColumns: TableColumnsType<TotalLine> = [
    {
      title: s.col.figure,
      dataIndex: 'label',
      width: 180,
      render: (v: string, r) => (r.level ? <span style={{ paddingLeft: 16 }}>{v}</span> : v),
    },
    { title: s.col.unit, dataIndex: 'unit', width: 64 },
    {
      title: s.col.year(view.year),
      dataIndex: 'current',
      width: 96,
      align: 'right',
      render: (v: number) => <strong>{num(v)}</strong>,
    },
    {
      title: s.col.year(view.previousYear),
      dataIndex: 'previous',
      width: 96,
      align: 'right',
      render: (v: number) => num(v),
    },
    {
      title: s.col.change,
      key: 'change',
      width: 96,
      align: 'right',
      render: (_: unknown, r) => <Delta current={r.current} previous={r.previous} />,
    },
  ];
  const figureColumns: TableColumnsType<StatsRow> = STATS_FIGURES.map((k) => ({
    title: `${s.short[k]}（${s.units[k]}）`,
    key: k,
    width: 104,
    align: 'right' as const,
    render: (_: unknown, r: StatsRow) => (
      <>
        <div>{num(r.current[k])}</div>
        <Delta current={r.current[k]} previous={r.previous[k]} />
      </>
    ),
  }));
  const nameColumn = (title: string): TableColumnsType<StatsRow>[number] => ({
    title,
    dataIndex: 'name',
    width: 160,
    fixed: 'left',
  });
  const schoolColumns: TableColumnsType<StatsRow> = [nameColumn(s.col.school), ...figureColumns];
  const branchColumns: TableColumnsType<StatsRow> = [
    nameColumn(s.col.branch),
    { title: s.col.school, dataIndex: 'schoolName', width: 150 },
    ...figureColumns,
  ];
  const rowKey = (r: StatsRow) => `${r.schoolId ?? ''}|${r.id ?? ''}`;

  return (
    <Tabs
      items={[
        {
          key: 'total',
          label: s.tabs.total,
          children: (
            <FigureTable<TotalLine>
              rowKey="key"
              rows={lines}
              columns={totalColumns}
              label={s.tabs.total}
              testId="stats-total-table"
            />
          ),
        },
        ...(view.schools.length > 1
          ? [
              {
                key: 'schools',
                label: s.tabs.schools,
                children: (
                  <FigureTable<StatsRow>
                    rowKey={rowKey}
                    rows={view.schools}
                    columns={schoolColumns}
                    label={s.tabs.schools}
                    testId="stats-schools-table"
                  />
                ),
              },
            ]
          : []),
        {
          key: 'branches',
          label: s.tabs.branches,
          children: (
            <FigureTable<StatsRow>
              rowKey={rowKey}
              rows={view.branches}
              columns={branchColumns}
              label={s.tabs.branches}
              testId="stats-branches-table"
              emptyText={s.empty(view.year)}
            />
          ),
        },
      ]}
    />
  );
}
