import { App, Button, Card, Form, Input, InputNumber, Select, Switch, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { SLUG_PATTERN, type ColumnInput } from '../../../common/contracts/newsroom';
import { usePermissions } from '../../app/me';
import { CrudModal, useEditing } from '../../shared/components/CrudModal';
import { Page } from '../../shared/components/Page';
import { ErrorState } from '../../shared/components/States';
import { showSuccess } from '../../shared/lib/feedback';
import { t } from '../../locales';
import { newsroomApi, newsroomKeys, type PortalColumn } from './api';

type ColumnForm = Pick<ColumnInput, 'name' | 'slug' | 'kind' | 'sortOrder' | 'visible' | 'description'>;

/** 栏目: name, URL path, order, visibility and kind of the portal's columns. */
export default function ColumnsPage() {
  const tc = t.newsroom.columns;
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const { can } = usePermissions();
  const manage = can('portal.site');
  const ed = useEditing<PortalColumn>();
  const list = useQuery({
    queryKey: newsroomKeys.columns,
    queryFn: ({ signal }) => newsroomApi.columns(signal),
  });
  const remove = useMutation({
    mutationFn: (id: string) => newsroomApi.deleteColumn(id),
    onSuccess: () => {
      showSuccess(tc.deleted);
      void qc.invalidateQueries({ queryKey: newsroomKeys.columns });
    },
  });
  const kinds = (Object.keys(tc.kinds) as (keyof typeof tc.kinds)[]).map((value) => ({
    value,
    label: tc.kinds[value],
  }));

  const columns: TableColumnsType<PortalColumn> = [
    { title: tc.colOrder, dataIndex: 'sortOrder', width: 70 },
    { title: tc.colName, dataIndex: 'name' },
    {
      title: tc.colPath,
      dataIndex: 'slug',
      render: (v: string) => <span className="mono">/column/{v}</span>,
    },
    { title: tc.colKind, dataIndex: 'kindLabel', width: 110 },
    {
      title: tc.colVisible,
      dataIndex: 'visible',
      width: 80,
      render: (v: boolean) => (v ? <Tag color="green">{tc.visible}</Tag> : <Tag>{tc.hidden}</Tag>),
    },
    { title: tc.colArticles, dataIndex: 'articleCount', width: 80, align: 'right' },
    {
      title: '',
      width: 140,
      render: (_: unknown, r) =>
        manage ? (
          <>
            <Button type="link" size="small" onClick={() => ed.edit(r)}>
              {tc.editButton}
            </Button>
            <Button
              type="link"
              size="small"
              danger
              disabled={r.articleCount > 0}
              onClick={() =>
                modal.confirm({
                  title: tc.confirmDelete(r.name),
                  okText: tc.deleteButton,
                  cancelText: t.common.cancel,
                  onOk: () => remove.mutateAsync(r.id),
                })
              }
            >
              {tc.deleteButton}
            </Button>
          </>
        ) : null,
    },
  ];

  return (
    <Page
      title={tc.title}
      subTitle={tc.subTitle}
      testId="portal-columns"
      extra={
        manage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={ed.create}>
            {tc.create}
          </Button>
        ) : null
      }
    >
      <Card>
        {list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table
            rowKey="id"
            loading={list.isPending}
            columns={columns}
            dataSource={list.data?.items ?? []}
            pagination={false}
          />
        )}
      </Card>
      <CrudModal<ColumnForm>
        open={ed.open}
        title={ed.isNew ? tc.create : tc.edit}
        initialValues={ed.record ?? { kind: 'articleList', visible: true, sortOrder: 200 }}
        submit={(v) => (ed.record ? newsroomApi.updateColumn(ed.record.id, v) : newsroomApi.createColumn(v))}
        invalidate={[newsroomKeys.columns]}
        onClose={ed.close}
      >
        <Form.Item
          name="name"
          label={tc.name}
          rules={[{ required: true, message: tc.nameRequired }, { max: 30 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="slug"
          label={tc.slug}
          extra={tc.slugExtra}
          rules={[
            { required: true, message: tc.slugRequired },
            { pattern: SLUG_PATTERN, message: tc.slugPattern },
          ]}
        >
          <Input addonBefore="/column/" />
        </Form.Item>
        <Form.Item name="kind" label={tc.kind} rules={[{ required: true }]}>
          <Select options={kinds} />
        </Form.Item>
        <Form.Item name="sortOrder" label={tc.sortOrder}>
          <InputNumber min={0} max={100000} />
        </Form.Item>
        <Form.Item name="visible" label={tc.showOnSite} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="description" label={tc.description}>
          <Input.TextArea rows={2} maxLength={200} />
        </Form.Item>
      </CrudModal>
    </Page>
  );
}
