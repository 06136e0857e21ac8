import { useState } from 'react';
import { App, Button, Drawer, Empty, Flex, Pagination, Space, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DataTable, useTableState } from '../../../shared/components/DataTable';
import { OrgTreeSelect } from '../../../shared/components/OrgTreeSelect';
import { Page } from '../../../shared/components/Page';
import { YearInput } from '../../../shared/components/YearInput';
import { ErrorState, Loading } from '../../../shared/components/States';
import { showSuccess } from '../../../shared/lib/feedback';
import { ofKinds } from '../../../shared/lib/orgTree';
import { t } from '../../../locales';
import { assessmentKeys, pts } from '../api';
import { useYear } from '../components/useYear';
import { resultsApi, resultsKeys, type DedicationDayView, type DedicationEntryView } from '../resultsApi';
import { DayModal } from './DayModal';
import { EntryCard } from './EntryCard';
import { EntryModal } from './EntryModal';

const r = t.assessmentResults;
const d = r.dedication;
const ENTRY_PAGE = 20;

const orgKeep = ofKinds('generalBranch', 'school', 'branch');
const orgSelectable = ofKinds('generalBranch', 'branch');

/**
 * 党员奉献日 for reviewers: the year's days at the branches they review and the general branch's
 * (park-wide) days, with how many entries and hours each has; schedule a day, cancel one nobody
 * has logged on yet (the server refuses otherwise and says how many), and open a day's entries.
 */
export default function DedicationPage() {
  const [year, setYear] = useYear();
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const table = useTableState(['orgNodeId']);
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<DedicationDayView | null>(null);
  const cancel = useMutation({
    mutationFn: (id: string) => resultsApi.deleteDedicationDay(id),
    onSuccess: () => {
      showSuccess(d.cancelled);
      void qc.invalidateQueries({ queryKey: assessmentKeys.all });
    },
  });
  const columns: TableColumnsType<DedicationDayView> = [
    { title: d.col.day, dataIndex: 'day', width: 110 },
    {
      title: d.col.title,
      dataIndex: 'title',
      render: (v: string, row) => (
        <Button
          type="link"
          size="small"
          style={{ paddingInline: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
          onClick={() => setOpen(row)}
          data-testid="day-open"
        >
          {v}
        </Button>
      ),
    },
    { title: d.col.org, dataIndex: 'orgNodeName', width: 180 },
    {
      title: d.col.activity,
      dataIndex: 'activityTitle',
      width: 180,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: d.col.entries,
      dataIndex: 'entryCount',
      width: 80,
      align: 'right',
      render: (v: number) => d.entriesOf(v),
    },
    { title: d.col.hours, dataIndex: 'hours', width: 110, align: 'right', render: (v: number) => pts(v) },
    {
      title: t.common.actions,
      key: 'actions',
      width: 140,
      render: (_: unknown, row) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setOpen(row)}>
            {d.open}
          </Button>
          {row.canManage ? (
            <Button
              type="link"
              size="small"
              danger
              data-testid="day-cancel"
              onClick={() =>
                modal.confirm({
                  title: d.cancelTitle(row.title),
                  content: d.cancelContent,
                  okText: d.cancelOk,
                  okButtonProps: { danger: true },
                  cancelText: t.common.close,
                  onOk: () => cancel.mutateAsync(row.id),
                })
              }
            >
              {d.cancel}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];
  return (
    <Page
      title={d.title}
      subTitle={d.subTitle}
      testId="assessment-dedication"
      extra={
        <>
          <YearInput value={year} onChange={setYear} testId="dedication-year" />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="day-create"
          >
            {d.schedule}
          </Button>
        </>
      }
    >
      <DataTable<DedicationDayView>
        rowKey="id"
        table={table}
        columns={columns}
        testId="days-table"
        queryKey={[...resultsKeys.dedicationDays, 'review', year]}
        fetch={(params, signal) => resultsApi.dedicationDays({ ...params, year }, signal)}
        emptyText={d.empty(year)}
        noMatchText={d.noMatch}
        toolbar={
          <Space wrap>
            <OrgTreeSelect
              keep={orgKeep}
              selectable={orgSelectable}
              value={table.filters.orgNodeId ?? null}
              onChange={(v) => table.set({ orgNodeId: v })}
              allowClear
              placeholder={d.allOrgs}
              style={{ width: 240 }}
            />
            {table.hasFilters ? <Button onClick={table.clear}>{r.results.clear}</Button> : null}
          </Space>
        }
      />
      <DayModal open={creating} year={year} onClose={() => setCreating(false)} />
      <DayEntries day={open} year={year} onClose={() => setOpen(null)} />
    </Page>
  );
}

/** One day's entries, as the reviewer may read them (a home visit's details only if they may see the student). */
function DayEntries(props: { day: DedicationDayView | null; year: number; onClose: () => void }) {
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<DedicationEntryView | null>(null);
  const id = props.day?.id ?? null;
  const list = useQuery({
    queryKey: [...resultsKeys.dedicationEntries, 'day', id, page],
    enabled: id !== null,
    queryFn: ({ signal }) =>
      resultsApi.dedicationEntries({ year: props.year, dayId: id!, page, pageSize: ENTRY_PAGE }, signal),
    placeholderData: keepPreviousData,
  });
  return (
    <Drawer
      open={props.day !== null}
      onClose={() => {
        setPage(1);
        props.onClose();
      }}
      title={props.day ? d.drawerTitle(props.day.title, props.day.day) : ''}
      size={560}
      destroyOnHidden
      data-testid="day-drawer"
    >
      {props.day ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {[props.day.orgNodeName, props.day.activityTitle ? r.mine.activity(props.day.activityTitle) : null]
            .filter(Boolean)
            .join(' · ')}
          {props.day.description ? (
            <span style={{ display: 'block', whiteSpace: 'pre-wrap' }}>{props.day.description}</span>
          ) : null}
        </Typography.Paragraph>
      ) : null}
      {list.isPending ? (
        <Loading height={160} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Empty description={d.drawerEmpty} />
      ) : (
        <>
          {list.data.items.map((x, i) => (
            <EntryCard key={x.id ?? `activity-${x.personId}-${i}`} entry={x} showMember onEdit={setEditing} />
          ))}
          {list.data.total > ENTRY_PAGE ? (
            <Flex justify="flex-end">
              <Pagination
                size="small"
                current={page}
                pageSize={ENTRY_PAGE}
                total={list.data.total}
                onChange={setPage}
                showTotal={(n) => t.common.total(n)}
              />
            </Flex>
          ) : null}
        </>
      )}
      <EntryModal open={editing !== null} day={null} entry={editing} onClose={() => setEditing(null)} />
    </Drawer>
  );
}
