import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button, Card, Col, Empty, Progress, Row, Select, Space, Statistic, Table, Tabs, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { OrgTreeSelect } from '../../shared/components/OrgTreeSelect';
import { Page } from '../../shared/components/Page';
import { YearInput } from '../../shared/components/YearInput';
import { ErrorState } from '../../shared/components/States';
import { showError } from '../../shared/lib/feedback';
import { ofKinds } from '../../shared/lib/orgTree';
import { CardModal } from './CardModal';
import { ChecklistDrawer } from './ChecklistDrawer';
import { ProposalsTab } from './ProposalsTab';
import { SymposiumModal } from './SymposiumModal';
import { t } from '../../locales';
import { orgLifeApi, orgLifeKeys, thisMonth, thisYear, type RosterEntry } from './api';

const branchKeep = ofKinds('generalBranch', 'school', 'branch');
const branchSelectable = ofKinds('branch');
const b = t.orgLife.birthdays;
const MONTHS = Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: b.monthLabel(i + 1) }));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const whole = (v: string | null, min: number, max: number) => {
  const n = Number(v);
  return v !== null && Number.isInteger(n) && n >= min && n <= max ? n : null;
};

/**
 * 政治生日: the month's roster, completion, the symposium, cards and the checklist of each member.
 * The workbench links here with `year`, `month`, and `person` (open that member's checklist),
 * `symposium` (an id, or `new` to schedule one) or `tab` (`proposals`).
 */
export default function BirthdaysPage() {
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const asked = (key: string) => {
    const v = params.get(key);
    return v && UUID.test(v) ? v : null;
  };
  const [year, setYear] = useState(whole(params.get('year'), 1990, 2100) ?? thisYear());
  const [month, setMonth] = useState(whole(params.get('month'), 1, 12) ?? thisMonth());
  const [tab, setTab] = useState(params.get('tab') === 'proposals' ? 'proposals' : 'roster');
  const [branchId, setBranchId] = useState<string | null>(null);
  const [checklistOf, setChecklistOf] = useState<string | null>(asked('person'));
  const [cardOf, setCardOf] = useState<RosterEntry | null>(null);
  const [symposium, setSymposium] = useState<string | 'new' | null>(
    params.get('symposium') === 'new' ? 'new' : asked('symposium'),
  );
  const [batchId, setBatchId] = useState<string | null>(null);
  const q = { year, month, branchId: branchId ?? undefined };

  const roster = useQuery({
    queryKey: orgLifeKeys.roster(q),
    queryFn: ({ signal }) => orgLifeApi.roster(q, signal),
  });
  const completion = useQuery({
    queryKey: orgLifeKeys.completion(q),
    queryFn: ({ signal }) => orgLifeApi.completion(q, signal),
  });
  const symposiums = useQuery({
    queryKey: orgLifeKeys.symposiums(year, month),
    queryFn: ({ signal }) => orgLifeApi.symposiums({ year, month }, signal),
  });
  const batch = useQuery({
    queryKey: orgLifeKeys.batch(batchId),
    enabled: batchId !== null,
    queryFn: ({ signal }) => orgLifeApi.batch(batchId!, signal),
    refetchInterval: (query) =>
      query.state.data && (query.state.data.status === 'done' || query.state.data.status === 'failed')
        ? false
        : 700,
  });
  const startBatch = useMutation({
    mutationFn: () => orgLifeApi.startBatch({ year, month, branchId: branchId ?? undefined }),
    onSuccess: (b) => setBatchId(b.id),
    onError: showError,
  });

  const columns: TableColumnsType<RosterEntry> = [
    { title: b.col.name, dataIndex: 'name', width: 100 },
    { title: b.col.branch, dataIndex: 'branchName' },
    { title: b.col.joinedOn, dataIndex: 'joinedOn', width: 110 },
    { title: b.col.birthdayOn, dataIndex: 'birthdayOn', width: 110 },
    { title: b.col.years, dataIndex: 'years', width: 80, align: 'right' },
    {
      title: b.col.checklist,
      key: 'checklist',
      width: 160,
      render: (_: unknown, r) => (
        <Progress
          size="small"
          percent={Math.round((r.checklist.done * 100) / Math.max(1, r.checklist.total))}
          format={() => `${r.checklist.done}/${r.checklist.total}`}
          status={r.checklist.complete ? 'success' : 'normal'}
        />
      ),
    },
    {
      title: b.col.actions,
      key: 'actions',
      width: 150,
      render: (_: unknown, r) => (
        <Space size={4}>
          <Button
            size="small"
            type="link"
            onClick={() => setChecklistOf(r.personId)}
            data-testid={`checklist-${r.name}`}
          >
            {b.checklist}
          </Button>
          <Button size="small" type="link" onClick={() => setCardOf(r)} data-testid={`card-${r.name}`}>
            {b.card}
          </Button>
        </Space>
      ),
    },
  ];

  const c = completion.data;
  return (
    <Page
      title={b.title}
      subTitle={b.subTitle}
      testId="orglife-birthdays"
      extra={
        <>
          <YearInput value={year} onChange={setYear} />
          <Select
            value={month}
            options={MONTHS}
            onChange={setMonth}
            style={{ width: 90 }}
            data-testid="month-select"
          />
          <OrgTreeSelect
            value={branchId}
            onChange={(v) => setBranchId(v)}
            keep={branchKeep}
            selectable={branchSelectable}
            placeholder={b.allBranches}
            allowClear
            style={{ width: 220 }}
          />
        </>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'roster',
            label: b.rosterTab,
            children: (
              <>
                <Row gutter={12} style={{ marginBottom: 12 }}>
                  <Col xs={12} md={6}>
                    <Card size="small">
                      <Statistic
                        title={b.monthRoster(month)}
                        value={c?.monthly.total.roster ?? 0}
                        suffix={b.peopleSuffix}
                      />
                    </Card>
                  </Col>
                  <Col xs={12} md={6}>
                    <Card size="small">
                      <Statistic title={b.monthRate} value={c?.monthly.total.rate ?? 0} suffix="%" />
                    </Card>
                  </Col>
                  <Col xs={12} md={6}>
                    <Card size="small">
                      <Statistic
                        title={b.yearToDateRate(month)}
                        value={c?.yearToDate.total.rate ?? 0}
                        suffix="%"
                      />
                    </Card>
                  </Col>
                  <Col xs={12} md={6}>
                    <Card size="small">
                      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                        <Button
                          onClick={() => startBatch.mutate()}
                          loading={startBatch.isPending}
                          disabled={!roster.data?.items.length}
                          data-testid="batch-cards"
                        >
                          {b.batchCards}
                        </Button>
                        {batch.data ? (
                          batch.data.status === 'done' ? (
                            <Button
                              type="link"
                              size="small"
                              onClick={() => void orgLifeApi.downloadBatch(batch.data!.id).catch(showError)}
                            >
                              {b.batchDownload(batch.data.total)}
                            </Button>
                          ) : (
                            <Progress
                              size="small"
                              percent={batch.data.percent}
                              status={batch.data.status === 'failed' ? 'exception' : 'active'}
                              format={() => `${batch.data!.done}/${batch.data!.total}`}
                            />
                          )
                        ) : null}
                      </Space>
                    </Card>
                  </Col>
                </Row>
                <Card
                  size="small"
                  title={b.symposiums}
                  style={{ marginBottom: 12 }}
                  data-testid="symposium-list"
                  extra={
                    <Button size="small" onClick={() => setSymposium('new')} data-testid="new-symposium">
                      {b.newSymposium}
                    </Button>
                  }
                >
                  {symposiums.data?.items.length ? (
                    symposiums.data.items.map((s) => (
                      <Space key={s.id} style={{ marginRight: 24 }}>
                        <a onClick={() => setSymposium(s.id)} data-testid="symposium-open">
                          {s.hostName}
                        </a>
                        <Tag>{s.statusLabel}</Tag>
                        <span>{b.symposiumAttended(s.attended, s.invited)}</span>
                      </Space>
                    ))
                  ) : (
                    <Empty description={b.noSymposium} image={Empty.PRESENTED_IMAGE_SIMPLE} />
                  )}
                </Card>
                {roster.isError ? (
                  <ErrorState error={roster.error} onRetry={() => void roster.refetch()} />
                ) : (
                  <Table
                    rowKey="personId"
                    size="small"
                    loading={roster.isPending}
                    columns={columns}
                    dataSource={roster.data?.items ?? []}
                    pagination={{ pageSize: 50, hideOnSinglePage: true }}
                    locale={{ emptyText: <Empty description={b.rosterEmpty(month)} /> }}
                  />
                )}
              </>
            ),
          },
          {
            key: 'completion',
            label: b.completionTab,
            children: (
              <Table
                rowKey="branchId"
                size="small"
                pagination={false}
                dataSource={(c?.yearToDate.branches ?? []).map((y) => ({
                  ...y,
                  monthRate: c?.monthly.branches.find((m) => m.branchId === y.branchId)?.rate ?? null,
                  monthRoster: c?.monthly.branches.find((m) => m.branchId === y.branchId)?.roster ?? 0,
                }))}
                columns={[
                  { title: b.completionCol.branch, dataIndex: 'branchName' },
                  { title: b.completionCol.monthRoster(month), dataIndex: 'monthRoster', width: 100 },
                  {
                    title: b.completionCol.monthRate(month),
                    dataIndex: 'monthRate',
                    width: 120,
                    render: (v) => (v === null ? '—' : `${v}%`),
                  },
                  { title: b.completionCol.roster, dataIndex: 'roster', width: 100 },
                  { title: b.completionCol.rate, dataIndex: 'rate', width: 120, render: (v) => `${v}%` },
                ]}
              />
            ),
          },
          { key: 'proposals', label: b.proposalsTab, children: <ProposalsTab year={year} /> },
        ]}
      />
      <ChecklistDrawer personId={checklistOf} year={year} onClose={() => setChecklistOf(null)} />
      <CardModal entry={cardOf} year={year} onClose={() => setCardOf(null)} />
      <SymposiumModal
        id={symposium}
        year={year}
        month={month}
        roster={roster.data?.items ?? []}
        onClose={() => {
          setSymposium(null);
          void qc.invalidateQueries({ queryKey: orgLifeKeys.all });
        }}
      />
    </Page>
  );
}
