import { useState } from 'react';
import { Button, Card, Empty, Flex, Pagination, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { todayInShanghai } from '../../../../common/dates';
import { usePermissions } from '../../../app/me';
import { Page } from '../../../shared/components/Page';
import { YearInput } from '../../../shared/components/YearInput';
import { ErrorState, Loading } from '../../../shared/components/States';
import { t } from '../../../locales';
import { pts } from '../api';
import { useYear } from '../components/useYear';
import { resultsApi, resultsKeys, type DedicationDayView, type DedicationEntryView } from '../resultsApi';
import { EntryCard } from './EntryCard';
import { EntryModal } from './EntryModal';

const r = t.assessmentResults;
const m = r.mine;
const PAGE_SIZE = 20;

/**
 * 我的奉献日: the days a member may log on (their branch's and the general branch's) and what they
 * logged, with their photos; activity sign-ins on a day that is an activity count by themselves.
 * Members log on their phones: cards, no tables, nothing wider than 375 px.
 */
export default function MyDedicationPage() {
  const { me } = usePermissions();
  const [year, setYear] = useYear();
  const personId = me?.personId ?? null;
  const [logging, setLogging] = useState<DedicationDayView | null>(null);
  const [editing, setEditing] = useState<DedicationEntryView | null>(null);
  return (
    <Page
      title={m.title}
      subTitle={m.subTitle}
      testId="my-dedication"
      extra={<YearInput value={year} onChange={setYear} testId="my-dedication-year" />}
    >
      {personId ? (
        <>
          <Days year={year} onLog={setLogging} />
          <Entries year={year} personId={personId} onEdit={setEditing} />
        </>
      ) : (
        <Empty description={m.noPerson} />
      )}
      <EntryModal
        open={logging !== null || editing !== null}
        day={logging}
        entry={editing}
        onClose={() => {
          setLogging(null);
          setEditing(null);
        }}
      />
    </Page>
  );
}

function Days(props: { year: number; onLog: (day: DedicationDayView) => void }) {
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: [...resultsKeys.dedicationDays, 'mine', props.year, page],
    queryFn: ({ signal }) => resultsApi.dedicationDays({ year: props.year, page, pageSize: 100 }, signal),
    placeholderData: keepPreviousData,
  });
  // A reviewer sees the days of every branch they review; here only those they log on themselves.
  const days = (list.data?.items ?? []).filter((x) => x.canLog);
  const today = todayInShanghai();
  return (
    <Card size="small" title={m.days} style={{ marginBottom: 12 }} data-testid="my-days">
      {list.isPending ? (
        <Loading height={120} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : days.length === 0 ? (
        <Empty description={m.daysEmpty(props.year)} data-testid="my-days-empty" />
      ) : (
        <>
          {days.map((x) => (
            <Card key={x.id} size="small" style={{ marginBottom: 8 }} data-testid="my-day" data-day-id={x.id}>
              <Flex justify="space-between" align="flex-start" gap={8} wrap>
                <div style={{ minWidth: 0, flex: '1 1 180px' }}>
                  <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
                    {x.title}
                  </Typography.Text>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                      {x.day} · {x.orgNodeName}
                      <br />
                      {m.dayMeta(x.entryCount, pts(x.hours))}
                    </Typography.Text>
                  </div>
                  {x.activityTitle ? (
                    <div style={{ fontSize: 13, overflowWrap: 'anywhere' }}>
                      {m.activity(x.activityTitle)}
                    </div>
                  ) : null}
                  {x.description ? (
                    <div style={{ fontSize: 13, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
                      {x.description}
                    </div>
                  ) : null}
                </div>
                <Flex vertical gap={4} align="flex-end">
                  {x.myEntries ? <Tag color="green">{m.myEntries(x.myEntries)}</Tag> : null}
                  {x.day > today ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {m.ahead(x.day)}
                    </Typography.Text>
                  ) : (
                    <Button
                      type="primary"
                      size="small"
                      icon={<PlusOutlined />}
                      onClick={() => props.onLog(x)}
                      data-testid="day-log"
                    >
                      {m.log}
                    </Button>
                  )}
                </Flex>
              </Flex>
            </Card>
          ))}
          {(list.data?.total ?? 0) > 100 ? (
            <Pagination
              size="small"
              current={page}
              pageSize={100}
              total={list.data?.total ?? 0}
              onChange={setPage}
            />
          ) : null}
        </>
      )}
    </Card>
  );
}

function Entries(props: { year: number; personId: string; onEdit: (x: DedicationEntryView) => void }) {
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: [...resultsKeys.dedicationEntries, 'mine', props.year, page],
    queryFn: ({ signal }) =>
      resultsApi.dedicationEntries(
        { year: props.year, personId: props.personId, page, pageSize: PAGE_SIZE },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
  const items = list.data?.items ?? [];
  return (
    <Card size="small" title={m.entries} style={{ marginBottom: 12 }} data-testid="my-entries">
      {list.isPending ? (
        <Loading height={120} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <Empty description={m.entriesEmpty(props.year)} data-testid="my-entries-empty" />
      ) : (
        <>
          {items.map((x, i) => (
            <EntryCard key={x.id ?? `activity-${x.dayId}-${i}`} entry={x} showDay onEdit={props.onEdit} />
          ))}
          {(list.data?.total ?? 0) > PAGE_SIZE ? (
            <Pagination
              size="small"
              current={page}
              pageSize={PAGE_SIZE}
              total={list.data?.total ?? 0}
              onChange={setPage}
              showTotal={(n) => t.common.total(n)}
            />
          ) : null}
        </>
      )}
    </Card>
  );
}
