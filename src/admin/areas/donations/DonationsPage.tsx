import { useState } from 'react';
import { Alert, Button, Checkbox, DatePicker, Form, Input, Modal, Segmented, Switch, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { Link, useNavigate } from 'react-router';
import { api } from '../../shared/api/client';
import type { Page as PageOf } from '../../shared/api/types';
import { OrgTreeSelect } from '../../shared/components/OrgTreeSelect';
import { Page } from '../../shared/components/Page';
import { ErrorState } from '../../shared/components/States';
import { showError } from '../../shared/lib/feedback';
import { applyFieldErrors } from '../../shared/lib/forms';
import { ofKinds } from '../../shared/lib/orgTree';
import { CATEGORY_OPTIONS, type Drive, type DriveType } from './types';

const organiserKeep = ofKinds('park', 'generalBranch', 'school', 'branch');
const organiserSelectable = ofKinds('generalBranch', 'school', 'branch');

/** 爱心捐款 / 特殊党费: the drives, each its own ledger (GET /donations/drives). */
export default function DonationsPage() {
  const navigate = useNavigate();
  const [type, setType] = useState<DriveType>('donation');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: ['donations', 'drives', type, page],
    queryFn: ({ signal }) => api.get<PageOf<Drive>>('/donations/drives', { type, ...page }, signal),
    placeholderData: keepPreviousData,
  });
  const columns: TableColumnsType<Drive> = [
    {
      title: '名称',
      dataIndex: 'title',
      render: (v: string, r) => (
        <Link to={`/donations/${r.id}`} data-testid="drive-link">
          {v}
        </Link>
      ),
    },
    { title: '发起单位', dataIndex: 'organiserName', width: 160, ellipsis: true },
    { title: '开始', dataIndex: 'startsOn', width: 110 },
    { title: '结束', dataIndex: 'endsOn', width: 110 },
    { title: '对象', dataIndex: 'eligibleLabels', width: 200, render: (v: string[]) => v.join('、') },
    { title: '笔数', dataIndex: 'entryCount', width: 70 },
    { title: '合计（元）', dataIndex: 'total', width: 120, align: 'right' },
    {
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (v: string, r) => <Tag color={v === 'open' ? 'green' : 'default'}>{r.statusLabel}</Tag>,
    },
  ];
  return (
    <Page
      title="爱心捐款与特殊党费"
      testId="donations-page"
      extra={
        <>
          <Segmented
            value={type}
            onChange={(v) => {
              setType(v as DriveType);
              setPage({ ...page, page: 1 });
            }}
            options={[
              { value: 'donation', label: '爱心捐款' },
              { value: 'specialDues', label: '特殊党费' },
            ]}
          />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            发起{type === 'donation' ? '捐款' : '特殊党费'}
          </Button>
        </>
      }
    >
      {type === 'specialDues' ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="特殊党费由党员自愿交纳：不设定额，不统计、不公布未交名单，不催缴。每次活动单独记账，与爱心捐款分开统计。"
        />
      ) : null}
      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          columns={columns}
          dataSource={list.data?.items ?? []}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: list.data?.total ?? 0,
            onChange: (p, s) => setPage({ page: p, pageSize: s }),
          }}
        />
      )}
      <CreateDriveModal
        open={creating}
        type={type}
        onClose={() => setCreating(false)}
        onCreated={(d) => void navigate(`/donations/${d.id}`)}
      />
    </Page>
  );
}

interface DriveForm {
  title: string;
  purpose?: string;
  period: [Dayjs, Dayjs | null];
  organiserId: string;
  eligible: string[];
  publicThanks?: boolean;
  publicAmounts?: boolean;
}

function CreateDriveModal(props: {
  open: boolean;
  type: DriveType;
  onClose: () => void;
  onCreated: (d: Drive) => void;
}) {
  const [form] = Form.useForm<DriveForm>();
  const qc = useQueryClient();
  const create = useMutation({
    meta: { quiet: true },
    mutationFn: (v: DriveForm) =>
      api.post<Drive>('/donations/drives', {
        type: props.type,
        title: v.title,
        purpose: v.purpose || null,
        startsOn: v.period[0].format('YYYY-MM-DD'),
        endsOn: v.period[1] ? v.period[1].format('YYYY-MM-DD') : null,
        organiserId: v.organiserId,
        eligible: props.type === 'specialDues' ? ['member'] : v.eligible,
        publicThanks: v.publicThanks ?? false,
        publicAmounts: v.publicAmounts ?? false,
      }),
    onSuccess: (d) => {
      void qc.invalidateQueries({ queryKey: ['donations'] });
      props.onClose();
      props.onCreated(d);
    },
    onError: (e) => {
      const rest = applyFieldErrors(form, e, { startsOn: 'period', endsOn: 'period' });
      if (rest.length || !(e as { fields?: unknown }).fields) showError(e);
    },
  });
  return (
    <Modal
      open={props.open}
      title={props.type === 'donation' ? '发起爱心捐款' : '发起特殊党费'}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      destroyOnHidden
      width={600}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ eligible: ['staff', 'student', 'member', 'class'] }}
        onFinish={(v) => create.mutate(v)}
      >
        <Form.Item name="title" label="名称" rules={[{ required: true, message: '请输入名称' }]}>
          <Input maxLength={200} placeholder="如：支援灾区重建爱心捐款" />
        </Form.Item>
        <Form.Item name="purpose" label="用途">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="period" label="时间" rules={[{ required: true, message: '请选择开始日期' }]}>
          <DatePicker.RangePicker allowEmpty={[false, true]} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="organiserId"
          label="发起单位"
          rules={[{ required: true, message: '请选择发起单位' }]}
        >
          <OrgTreeSelect keep={organiserKeep} selectable={organiserSelectable} showKind />
        </Form.Item>
        {props.type === 'donation' ? (
          <Form.Item name="eligible" label="捐款对象" rules={[{ required: true, message: '请至少选择一类' }]}>
            <Checkbox.Group options={CATEGORY_OPTIONS} />
          </Form.Item>
        ) : (
          <Alert type="info" style={{ marginBottom: 16 }} title="特殊党费只由党员本人自愿交纳。" />
        )}
        <Form.Item name="publicThanks" label="在网站公开致谢名单" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="publicAmounts" label="致谢名单显示金额" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
