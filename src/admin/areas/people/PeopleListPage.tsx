import { useState } from 'react';
import { Button, Checkbox, Col, Flex, Input, Modal, Row, Select, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CloudUploadOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { usePermissions } from '../../app/me';
import { DataTable, useTableSearch, useTableState } from '../../shared/components/DataTable';
import { OrgTreeSelect } from '../../shared/components/OrgTreeSelect';
import { Page } from '../../shared/components/Page';
import { showSuccess } from '../../shared/lib/feedback';
import { ofKinds, type TreeNode } from '../../shared/lib/orgTree';
import { t } from '../../locales';
import { peopleApi, peopleKeys, type PersonKind, type PersonListItem } from './api';
import { MemberStatusTag, PersonStatusTag, genderLabel } from './tags';

const FILTER_KEYS = [
  'q',
  'schoolId',
  'gradeId',
  'unitId',
  'branchId',
  'memberStatus',
  'isCadre',
  'isLeagueMember',
  'status',
] as const;

const staffUnitKeep = ofKinds('school', 'department');
const studentUnitKeep = ofKinds('school', 'grade', 'class');
const anySelectable = () => true;
const branchKeep = ofKinds('generalBranch', 'school', 'branch');
const branchSelectable = ofKinds('branch');

/** The filter's tree node decides which query parameter it becomes. */
function unitParam(node: TreeNode | undefined) {
  if (!node) return { schoolId: null, gradeId: null, unitId: null };
  if (node.kind === 'school') return { schoolId: node.id, gradeId: null, unitId: null };
  if (node.kind === 'grade') return { schoolId: null, gradeId: node.id, unitId: null };
  return { schoolId: null, gradeId: null, unitId: node.id };
}

function boolOptions() {
  return [
    { value: 'true', label: t.common.yes },
    { value: 'false', label: t.common.no },
  ];
}

export default function PeopleListPage({ kind }: { kind: PersonKind }) {
  const { can } = usePermissions();
  const navigate = useNavigate();
  const table = useTableState(FILTER_KEYS);
  const search = useTableSearch(table, 'q');
  const { filters: f, set } = table;
  const [exportOpen, setExportOpen] = useState(false);

  // The kind comes from the page, not the URL; the cadre filter is for staff, League for students.
  const { isCadre, isLeagueMember, ...rest } = table.params;
  const params: Record<string, string | number> = {
    ...rest,
    kind,
    ...(kind === 'staff' && isCadre !== undefined ? { isCadre } : {}),
    ...(kind === 'student' && isLeagueMember !== undefined ? { isLeagueMember } : {}),
  };
  // The page runs the list query itself: the export dialog shows its total.
  const list = useQuery({
    queryKey: peopleKeys.list(params),
    queryFn: ({ signal }) => peopleApi.list(params, signal),
    placeholderData: keepPreviousData,
  });

  const exporter = useMutation({
    mutationFn: (reveal: boolean) => {
      // Export takes the filters, not the paging or the sort.
      const { page: _p, pageSize: _s, sort: _o, order: _d, ...filters } = params;
      return peopleApi.export(
        { ...filters, reveal: reveal ? 'true' : undefined },
        `${kind === 'staff' ? t.people.staff : t.people.students}.xlsx`,
      );
    },
    onSuccess: () => {
      showSuccess(t.people.exportDone);
      setExportOpen(false);
    },
  });

  const columns: TableColumnsType<PersonListItem> = [
    {
      title: kind === 'staff' ? t.people.fields.staffNumber : t.people.fields.studentNumber,
      dataIndex: 'number',
      key: 'number',
      sorter: true,
      width: 120,
      render: (v: string) => <span className="mono">{v}</span>,
    },
    {
      title: t.people.fields.name,
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      width: 110,
      render: (v: string, r) => (
        <Link to={`/people/${r.id}`} data-testid="person-link">
          {v}
        </Link>
      ),
    },
    {
      title: t.people.fields.gender,
      dataIndex: 'gender',
      width: 64,
      render: genderLabel,
      responsive: ['xl'],
    },
    {
      title: t.people.fields.school,
      dataIndex: 'schoolName',
      width: 140,
      ellipsis: true,
      responsive: ['lg'],
    },
    {
      title: kind === 'staff' ? t.people.fields.department : t.people.fields.class,
      dataIndex: 'unitName',
      width: 130,
      ellipsis: true,
      responsive: ['sm'],
    },
    ...((kind === 'staff'
      ? [
          {
            title: t.people.fields.title,
            dataIndex: 'title',
            width: 110,
            ellipsis: true,
            responsive: ['xxl'],
          },
          {
            title: t.people.fields.isCadre,
            dataIndex: 'isCadre',
            width: 100,
            responsive: ['lg'],
            render: (v: boolean) => (v ? <Tag color="gold">{t.people.cadreTag}</Tag> : null),
          },
        ]
      : [
          {
            title: t.people.fields.isLeagueMember,
            dataIndex: 'isLeagueMember',
            width: 90,
            responsive: ['lg'],
            render: (v: boolean) => (v ? <Tag color="blue">{t.people.leagueTag}</Tag> : null),
          },
        ]) as TableColumnsType<PersonListItem>),
    {
      title: t.people.fields.memberStatus,
      dataIndex: 'memberStatus',
      width: 100,
      render: (v: PersonListItem['memberStatus']) => <MemberStatusTag status={v} />,
      responsive: ['sm'],
    },
    {
      title: t.people.fields.branch,
      dataIndex: 'branchName',
      width: 140,
      ellipsis: true,
      responsive: ['xl'],
    },
    {
      title: t.people.fields.phone,
      dataIndex: 'phoneMasked',
      width: 130,
      responsive: ['md'],
      render: (v: string | null) => <span className="mono">{v}</span>,
    },
    {
      title: t.people.fields.idNumber,
      dataIndex: 'idNumberMasked',
      width: 190,
      responsive: ['xxl'],
      render: (v: string | null) => <span className="mono">{v}</span>,
    },
    {
      title: t.people.fields.status,
      dataIndex: 'status',
      width: 80,
      render: (v: string) => <PersonStatusTag status={v} kind={kind} />,
      responsive: ['md'],
    },
  ];

  const kindLabel = kind === 'staff' ? t.people.staff : t.people.students;

  return (
    <Page
      title={kindLabel}
      subTitle={t.people.title}
      testId={`people-page-${kind}`}
      extra={
        <>
          {can('people.import') ? (
            <Button
              icon={<CloudUploadOutlined />}
              onClick={() => navigate(`/imports?kind=${kind}`)}
              data-testid="people-import"
            >
              {t.people.import}
            </Button>
          ) : null}
          {can('people.export') ? (
            <Button
              icon={<DownloadOutlined />}
              onClick={() => setExportOpen(true)}
              data-testid="people-export"
            >
              {t.people.export}
            </Button>
          ) : null}
          {can('people.write') ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate(`/people/new?kind=${kind}`)}
              data-testid="people-create"
            >
              {t.people.create(kindLabel)}
            </Button>
          ) : null}
        </>
      }
    >
      <DataTable<PersonListItem>
        table={table}
        query={list}
        rowKey="id"
        testId="people-table"
        columns={columns}
        emptyText={can('people.write') ? t.people.emptyList : t.people.emptyListReadOnly}
        noMatchText={t.people.noMatch}
        // Past 1,000 matches the server estimates the total (contracts/people.ts): say so.
        totalText={(n) => (list.data?.totalExact === false ? t.people.approxTotal(n) : t.common.total(n))}
        tableProps={{ onRow: (r) => ({ onDoubleClick: () => navigate(`/people/${r.id}`) }) }}
        toolbar={
          <>
            <Row gutter={[8, 8]}>
              <Col xs={24} sm={12} lg={6}>
                <Input.Search
                  allowClear
                  value={search.value}
                  placeholder={t.people.searchPlaceholder[kind]}
                  onChange={(e) => search.setValue(e.target.value)}
                  onSearch={search.commit}
                  data-testid="people-search"
                />
              </Col>
              {can('org.read') ? (
                <Col xs={24} sm={12} lg={6} xl={5}>
                  <OrgTreeSelect
                    value={f.unitId ?? f.gradeId ?? f.schoolId ?? null}
                    onChange={(_v, node) => set(unitParam(node))}
                    keep={kind === 'staff' ? staffUnitKeep : studentUnitKeep}
                    selectable={anySelectable}
                    placeholder={kind === 'staff' ? t.people.filters.unitStaff : t.people.filters.unitStudent}
                    allowClear
                    style={{ width: '100%' }}
                    testId="people-filter-unit"
                  />
                </Col>
              ) : null}
              {can('org.read') ? (
                <Col xs={12} sm={8} lg={4}>
                  <OrgTreeSelect
                    value={f.branchId ?? null}
                    onChange={(v) => set({ branchId: v })}
                    keep={branchKeep}
                    selectable={branchSelectable}
                    placeholder={t.people.filters.branch}
                    allowClear
                    style={{ width: '100%' }}
                    testId="people-filter-branch"
                  />
                </Col>
              ) : null}
              <Col xs={12} sm={8} lg={4} xl={3}>
                <Select
                  allowClear
                  value={f.memberStatus}
                  onChange={(v) => set({ memberStatus: v })}
                  placeholder={t.people.filters.memberStatus}
                  style={{ width: '100%' }}
                  data-testid="people-filter-member-status"
                  options={(['full', 'probationary', 'none'] as const).map((s) => ({
                    value: s,
                    label: t.people.memberStatus[s],
                  }))}
                />
              </Col>
              <Col xs={12} sm={8} lg={4} xl={3}>
                {kind === 'staff' ? (
                  <Select
                    allowClear
                    value={f.isCadre}
                    onChange={(v) => set({ isCadre: v })}
                    placeholder={t.people.filters.cadre}
                    style={{ width: '100%' }}
                    options={boolOptions()}
                    popupMatchSelectWidth={false}
                    data-testid="people-filter-cadre"
                  />
                ) : (
                  <Select
                    allowClear
                    value={f.isLeagueMember}
                    onChange={(v) => set({ isLeagueMember: v })}
                    placeholder={t.people.filters.league}
                    style={{ width: '100%' }}
                    options={boolOptions()}
                    popupMatchSelectWidth={false}
                    data-testid="people-filter-league"
                  />
                )}
              </Col>
              <Col xs={12} sm={8} lg={6} xl={3}>
                <Select
                  allowClear
                  value={f.status}
                  onChange={(v) => set({ status: v })}
                  placeholder={t.people.filters.status}
                  style={{ width: '100%' }}
                  data-testid="people-filter-status"
                  options={(['active', 'left'] as const).map((s) => ({
                    value: s,
                    label: t.people.statusByKind[kind]?.[s] ?? s,
                  }))}
                />
              </Col>
            </Row>
            {table.hasFilters ? (
              <Flex justify="flex-end" style={{ marginTop: 8 }}>
                <Button size="small" type="link" onClick={table.clear}>
                  {t.people.filters.clear}
                </Button>
              </Flex>
            ) : null}
          </>
        }
      />

      <Modal
        open={exportOpen}
        title={t.people.exportTitle}
        onCancel={() => setExportOpen(false)}
        footer={null}
        destroyOnHidden
        modalRender={(node) => <div data-testid="people-export-modal">{node}</div>}
      >
        <ExportForm
          total={list.data?.total ?? 0}
          totalExact={list.data?.totalExact ?? true}
          canReveal={can('people.reveal')}
          loading={exporter.isPending}
          onExport={(reveal) => exporter.mutate(reveal)}
        />
      </Modal>
    </Page>
  );
}

function ExportForm(props: {
  total: number;
  totalExact: boolean;
  canReveal: boolean;
  loading: boolean;
  onExport: (reveal: boolean) => void;
}) {
  const [reveal, setReveal] = useState(false);
  return (
    <>
      <Typography.Paragraph>
        {props.totalExact ? t.people.exportText(props.total) : t.people.exportTextApprox(props.total)}
      </Typography.Paragraph>
      {props.canReveal ? (
        <>
          <Checkbox
            checked={reveal}
            onChange={(e) => setReveal(e.target.checked)}
            data-testid="people-export-reveal"
          >
            {t.people.exportReveal}
          </Checkbox>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 4 }}>
            {t.people.exportRevealHint}
          </Typography.Paragraph>
        </>
      ) : null}
      <Flex justify="flex-end" gap={8} style={{ marginTop: 16 }}>
        <Button
          type="primary"
          icon={<DownloadOutlined />}
          loading={props.loading}
          onClick={() => props.onExport(reveal)}
          data-testid="people-export-confirm"
        >
          {t.people.export}
        </Button>
      </Flex>
    </>
  );
}
