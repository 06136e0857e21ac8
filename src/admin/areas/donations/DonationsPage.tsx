import { useState } from 'react';
import { Alert, Button, Checkbox, DatePicker, Form, Input, Segmented, Switch, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { Link, useNavigate } from 'react-router';
import { CrudModal } from '../../shared/components/CrudModal';
import { DataTable, useTableState } from '../../shared/components/DataTable';
import { OrgTreeSelect } from '../../shared/components/OrgTreeSelect';
import { Page } from '../../shared/components/Page';
import { ofKinds } from '../../shared/lib/orgTree';
import { t } from '../../locales';
import {
  donationKeys,
  donationsApi,
  type DonorCategory,
  type DriveListItem,
  type DriveType,
  type DriveView,
} from './api';

const organiserKeep = ofKinds('park', 'generalBranch', 'school', 'branch');
const organiserSelectable = ofKinds('generalBranch', 'school', 'branch');
const CATEGORIES: DonorCategory[] = ['staff', 'student', 'member', 'class'];

/** 爱心捐款 / 特殊党费: the drives, each its own ledger (GET /donations/drives). */
export default function DonationsPage() {
  const m = t.donations;
  const navigate = useNavigate();
  const table = useTableState(['type']);
  const type: DriveType = table.filters.type === 'specialDues' ? 'specialDues' : 'donation';
  const [creating, setCreating] = useState(false);
  const columns: TableColumnsType<DriveListItem> = [
    {
      title: m.col.title,
      dataIndex: 'title',
      render: (v: string, r) => (
        <Link to={`/donations/${r.id}`} data-testid="drive-link">
          {v}
        </Link>
      ),
    },
    { title: m.col.organiser, dataIndex: 'organiserName', width: 160, ellipsis: true },
    { title: m.col.startsOn, dataIndex: 'startsOn', width: 110 },
    { title: m.col.endsOn, dataIndex: 'endsOn', width: 110 },
    { title: m.col.eligible, dataIndex: 'eligibleLabels', width: 200, render: (v: string[]) => m.labels(v) },
    { title: m.col.entryCount, dataIndex: 'entryCount', width: 70 },
    { title: m.col.total, dataIndex: 'total', width: 120, align: 'right' },
    {
      title: m.col.status,
      dataIndex: 'status',
      width: 90,
      render: (v: string, r) => <Tag color={v === 'open' ? 'green' : 'default'}>{r.statusLabel}</Tag>,
    },
  ];
  return (
    <Page
      title={m.title}
      testId="donations-page"
      extra={
        <>
          <Segmented
            value={type}
            onChange={(v) => table.set({ type: v === 'donation' ? null : v })}
            options={[
              { value: 'donation', label: m.types.donation },
              { value: 'specialDues', label: m.types.specialDues },
            ]}
          />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {m.start(type)}
          </Button>
        </>
      }
    >
      {type === 'specialDues' ? (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={m.specialDuesNote} />
      ) : null}
      <DataTable<DriveListItem>
        rowKey="id"
        size="middle"
        table={table}
        columns={columns}
        queryKey={donationKeys.drives(type)}
        fetch={(params, signal) => donationsApi.drives({ ...params, type }, signal)}
      />
      <CreateDriveModal
        open={creating}
        type={type}
        onClose={() => setCreating(false)}
        onCreated={(id) => void navigate(`/donations/${id}`)}
      />
    </Page>
  );
}

interface DriveForm {
  title: string;
  purpose?: string;
  period: [Dayjs, Dayjs | null];
  organiserId: string;
  eligible: DonorCategory[];
  publicThanks?: boolean;
  publicAmounts?: boolean;
}

function CreateDriveModal(props: {
  open: boolean;
  type: DriveType;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const m = t.donations.create;
  return (
    <CrudModal<DriveForm, DriveView>
      open={props.open}
      title={m.title(props.type)}
      width={600}
      initialValues={{ eligible: CATEGORIES }}
      successText={false}
      fieldAliases={{ startsOn: 'period', endsOn: 'period' }}
      invalidate={[donationKeys.all]}
      okText={t.common.ok}
      onClose={props.onClose}
      onSaved={(d) => props.onCreated(d.id)}
      submit={(v) =>
        donationsApi.createDrive({
          type: props.type,
          title: v.title,
          purpose: v.purpose || null,
          startsOn: v.period[0].format('YYYY-MM-DD'),
          endsOn: v.period[1] ? v.period[1].format('YYYY-MM-DD') : null,
          organiserId: v.organiserId,
          eligible: props.type === 'specialDues' ? ['member'] : v.eligible,
          publicThanks: v.publicThanks ?? false,
          publicAmounts: v.publicAmounts ?? false,
        })
      }
    >
      <Form.Item name="title" label={m.name} rules={[{ required: true, message: m.nameRequired }]}>
        <Input maxLength={200} placeholder={m.namePlaceholder} />
      </Form.Item>
      <Form.Item name="purpose" label={m.purpose}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Form.Item name="period" label={m.period} rules={[{ required: true, message: m.periodRequired }]}>
        <DatePicker.RangePicker allowEmpty={[false, true]} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item
        name="organiserId"
        label={m.organiser}
        rules={[{ required: true, message: m.organiserRequired }]}
      >
        <OrgTreeSelect keep={organiserKeep} selectable={organiserSelectable} showKind />
      </Form.Item>
      {props.type === 'donation' ? (
        <Form.Item
          name="eligible"
          label={m.eligible}
          rules={[{ required: true, message: m.eligibleRequired }]}
        >
          <Checkbox.Group options={CATEGORIES.map((c) => ({ value: c, label: t.donations.categories[c] }))} />
        </Form.Item>
      ) : (
        <Alert type="info" style={{ marginBottom: 16 }} title={m.specialDuesOnlyMembers} />
      )}
      <Form.Item name="publicThanks" label={m.publicThanks} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item name="publicAmounts" label={m.publicAmounts} valuePropName="checked">
        <Switch />
      </Form.Item>
    </CrudModal>
  );
}
