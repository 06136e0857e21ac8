import { Button, Col, Input, Row, Select, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { usePermissions } from '../../app/me';
import { DataTable, useTableSearch, useTableState } from '../../shared/components/DataTable';
import { OrgTreeSelect } from '../../shared/components/OrgTreeSelect';
import { Page } from '../../shared/components/Page';
import { formatDate } from '../../shared/lib/format';
import { ofKinds } from '../../shared/lib/orgTree';
import { t } from '../../locales';
import { membersApi, membersKeys, type MemberListItem } from './api';

const KEYS = ['q', 'branchId', 'status', 'joinedMonth'] as const;
const branchKeep = ofKinds('generalBranch', 'school', 'branch');
const branchSelectable = ofKinds('branch');

export default function MembersPage() {
  const { can } = usePermissions();
  const table = useTableState(KEYS);
  const search = useTableSearch(table, 'q');
  const f = table.filters;
  const set = table.set;

  const m = t.membership;
  const columns: TableColumnsType<MemberListItem> = [
    {
      title: t.people.fields.name,
      dataIndex: 'name',
      key: 'name',
      sorter: true,
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
      <DataTable<MemberListItem>
        table={table}
        queryKey={membersKeys.lists}
        fetch={membersApi.list}
        rowKey="id"
        testId="members-table"
        columns={columns}
        toolbar={
          <Row gutter={[8, 8]}>
            <Col xs={24} sm={12} lg={7}>
              <Input.Search
                allowClear
                value={search.value}
                placeholder={t.members.searchPlaceholder}
                onChange={(e) => search.setValue(e.target.value)}
                onSearch={search.commit}
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
        }
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
        {t.membership.partyAge}：{t.members.partyAgeNote}
      </Typography.Paragraph>
    </Page>
  );
}
