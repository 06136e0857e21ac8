import { useEffect, useState } from 'react';
import { Button, Card, Col, Empty, Input, Row, Select, Table, Tag, Typography } from 'antd';
import type { TableColumnsType, TableProps } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../shared/api/client';
import type { MemberListItem, Page as PageOf } from '../../shared/api/types';
import { usePermissions } from '../../app/me';
import { OrgTreeSelect } from '../../shared/components/OrgTreeSelect';
import { Page } from '../../shared/components/Page';
import { ErrorState } from '../../shared/components/States';
import { formatDate } from '../../shared/lib/format';
import { ofKinds } from '../../shared/lib/orgTree';
import { useDebounced } from '../../shared/lib/useDebounced';
import { useUrlState } from '../../shared/lib/urlState';
import { t } from '../../locales';

const KEYS = ['q', 'branchId', 'status', 'joinedMonth', 'sort', 'order'] as const;
const branchKeep = ofKinds('generalBranch', 'school', 'branch');
const branchSelectable = ofKinds('branch');

export default function MembersPage() {
  const { can } = usePermissions();
  const { values: f, set, page, pageSize } = useUrlState(KEYS);
  const [search, setSearch] = useState(f.q ?? '');
  const debounced = useDebounced(search.trim(), 400);

  useEffect(() => {
    if ((f.q ?? '') !== debounced) set({ q: debounced });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);

  const query = {
    q: f.q,
    branchId: f.branchId,
    status: f.status,
    joinedMonth: f.joinedMonth,
    sort: f.sort,
    order: f.sort ? (f.order ?? 'asc') : undefined,
  };
  const sortOrder = (key: string) =>
    f.sort === key ? (f.order === 'desc' ? ('descend' as const) : ('ascend' as const)) : null;
  const onTableChange: TableProps<MemberListItem>['onChange'] = (pagination, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const key = s?.order ? String(s.columnKey ?? '') : '';
    const order = s?.order === 'descend' ? 'desc' : 'asc';
    const changed = (key || undefined) !== f.sort || (key && order !== (f.order ?? 'asc'));
    set(
      {
        sort: key || null,
        order: key ? order : null,
        page: changed ? 1 : pagination.current,
        pageSize: pagination.pageSize,
      },
      true,
    );
  };
  const list = useQuery({
    queryKey: ['members', 'list', query, page, pageSize],
    queryFn: ({ signal }) =>
      api.get<PageOf<MemberListItem>>('/members', { ...query, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });

  const m = t.membership;
  const columns: TableColumnsType<MemberListItem> = [
    {
      title: t.people.fields.name,
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      sortOrder: sortOrder('name'),
      width: 100,
      render: (v: string, r) => (
        <Link to={`/people/${r.id}`} data-testid="member-link">
          {v}
        </Link>
      ),
    },
    {
      title: t.people.fields.number,
      dataIndex: 'number',
      key: 'number',
      sorter: true,
      sortOrder: sortOrder('number'),
      width: 120,
      render: (v: string) => <span className="mono">{v}</span>,
    },
    {
      title: t.members.kind,
      dataIndex: 'kind',
      width: 80,
      responsive: ['xxl'],
      render: (v: string) => t.people.kindLabel[v] ?? v,
    },
    {
      title: t.people.fields.school,
      dataIndex: 'schoolName',
      width: 140,
      ellipsis: true,
      responsive: ['xxl'],
    },
    {
      title: m.branch,
      key: 'branch',
      width: 160,
      ellipsis: true,
      render: (_: unknown, r) => r.membership?.branchName ?? r.branchName,
    },
    {
      title: m.partyGroup,
      key: 'group',
      width: 120,
      responsive: ['xl'],
      render: (_: unknown, r) => r.membership?.partyGroupName ?? '',
    },
    {
      title: m.status,
      key: 'status',
      width: 100,
      render: (_: unknown, r) => {
        const s = r.membership?.status ?? r.memberStatus;
        return s ? <Tag color={s === 'full' ? 'red' : 'orange'}>{m.statusLabel[s]}</Tag> : null;
      },
    },
    {
      title: m.joinedOn,
      key: 'joinedOn',
      sorter: true,
      sortOrder: sortOrder('joinedOn'),
      width: 110,
      render: (_: unknown, r) => formatDate(r.membership?.joinedOn),
    },
    {
      title: m.probationEndsOn,
      key: 'probation',
      width: 110,
      responsive: ['md'],
      render: (_: unknown, r) =>
        r.membership?.status === 'probationary' ? formatDate(r.membership.probationEndsOn) : '',
    },
    {
      title: m.fullOn,
      key: 'full',
      width: 110,
      responsive: ['md'],
      render: (_: unknown, r) => formatDate(r.membership?.fullOn),
    },
    {
      title: m.partyAge,
      key: 'age',
      width: 80,
      render: (_: unknown, r) =>
        r.membership?.status === 'full' && r.membership.partyAgeYears !== null
          ? m.partyAgeYears(r.membership.partyAgeYears)
          : '',
    },
    ...(can('members.write')
      ? [
          {
            title: t.common.actions,
            key: 'actions',
            width: 80,
            render: (_: unknown, r: MemberListItem) => (
              <Link to={`/people/${r.id}`}>
                <Button size="small" type="link" style={{ padding: 0 }}>
                  {t.members.editOnPerson}
                </Button>
              </Link>
            ),
          },
        ]
      : []),
  ];

  return (
    <Page title={t.members.title} testId="members-page">
      <Card size="small" className="toolbar">
        <Row gutter={[8, 8]}>
          <Col xs={24} sm={12} lg={7}>
            <Input.Search
              allowClear
              value={search}
              placeholder={t.members.searchPlaceholder}
              onChange={(e) => setSearch(e.target.value)}
              onSearch={(v) => {
                setSearch(v);
                set({ q: v.trim() });
              }}
              data-testid="members-search"
            />
          </Col>
          {can('org.read') ? (
            <Col xs={24} sm={12} lg={6}>
              <OrgTreeSelect
                value={f.branchId ?? null}
                onChange={(v) => set({ branchId: v })}
                keep={branchKeep}
                selectable={branchSelectable}
                placeholder={t.members.branch}
                allowClear
                style={{ width: '100%' }}
                testId="members-filter-branch"
              />
            </Col>
          ) : null}
          <Col xs={12} sm={6} lg={4}>
            <Select
              allowClear
              value={f.status}
              onChange={(v) => set({ status: v })}
              placeholder={t.members.status}
              style={{ width: '100%' }}
              options={(['probationary', 'full'] as const).map((s) => ({
                value: s,
                label: m.statusLabel[s],
              }))}
              data-testid="members-filter-status"
            />
          </Col>
          <Col xs={12} sm={6} lg={4}>
            <Select
              allowClear
              value={f.joinedMonth}
              onChange={(v) => set({ joinedMonth: v })}
              placeholder={t.members.joinedMonth}
              style={{ width: '100%' }}
              options={Array.from({ length: 12 }, (_, i) => ({
                value: String(i + 1),
                label: t.members.month(i + 1),
              }))}
              data-testid="members-filter-month"
            />
          </Col>
        </Row>
      </Card>
      {list.isError && !list.data ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Card size="small" styles={{ body: { padding: 0 } }}>
          <Table<MemberListItem>
            rowKey="id"
            size="small"
            data-testid="members-table"
            columns={columns}
            dataSource={list.data?.items}
            loading={list.isFetching}
            scroll={{ x: 'max-content' }}
            onChange={onTableChange}
            locale={{ emptyText: <Empty description={t.common.empty} /> }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (n) => t.common.total(n),
            }}
          />
        </Card>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
        {t.membership.partyAge}：{t.members.partyAgeNote}
      </Typography.Paragraph>
    </Page>
  );
}
