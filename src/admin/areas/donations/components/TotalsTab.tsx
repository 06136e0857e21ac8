import { Card, Col, Row, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { t } from '../../../locales';
import type { DriveTotals, GroupTotal } from '../api';

const m = t.donations;

/** Net totals by donor kind, school, class and branch. */
export function TotalsTab(props: { totals: DriveTotals }) {
  const tot = props.totals;
  const cols: TableColumnsType<GroupTotal> = [
    { title: m.totals.name, dataIndex: 'name' },
    { title: m.totals.donors, dataIndex: 'donorCount', width: 120 },
    { title: m.totals.net, dataIndex: 'total', width: 140, align: 'right' },
  ];
  const block = (title: string, rows: GroupTotal[]) => (
    <Col xs={24} lg={8}>
      <Card size="small" title={title}>
        <Table
          rowKey={(r) => r.id ?? 'none'}
          size="small"
          pagination={false}
          columns={cols}
          dataSource={rows}
        />
      </Card>
    </Col>
  );
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Tag>{m.totals.staff(tot.byDonorKind.staff.total)}</Tag>
        <Tag>{m.totals.student(tot.byDonorKind.student.total)}</Tag>
        <Tag>{m.totals.class(tot.byDonorKind.class.total)}</Tag>
        <Tag color="red">{m.totals.members(tot.byDonorKind.members.total)}</Tag>
      </Space>
      <Row gutter={[12, 12]}>
        {block(m.totals.bySchool, tot.bySchool)}
        {block(m.totals.byClass, tot.byClass)}
        {block(m.totals.byBranch, tot.byBranch)}
      </Row>
    </>
  );
}
