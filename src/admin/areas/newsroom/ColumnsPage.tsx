import { useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Switch, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api/client';
import { usePermissions } from '../../app/me';
import { Page } from '../../shared/components/Page';
import { ErrorState } from '../../shared/components/States';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { applyFieldErrors } from '../../shared/lib/forms';
import type { PortalColumn } from './types';

const KINDS = [
  { value: 'articleList', label: '文章列表' },
  { value: 'singlePage', label: '单页（如园区概况）' },
  { value: 'downloadList', label: '下载列表' },
];

type ColumnForm = Pick<PortalColumn, 'name' | 'slug' | 'kind' | 'sortOrder' | 'visible' | 'description'>;

/** 栏目: name, URL path, order, visibility and kind of the portal's columns. */
export default function ColumnsPage() {
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const { can } = usePermissions();
  const manage = can('portal.signoff') || can('portal.review');
  const [editing, setEditing] = useState<PortalColumn | 'new' | null>(null);
  const [form] = Form.useForm<ColumnForm>();
  const list = useQuery({
    queryKey: ['portal', 'columns'],
    queryFn: ({ signal }) => api.get<{ items: PortalColumn[] }>('/portal/columns', undefined, signal),
  });
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: ColumnForm) =>
      editing === 'new'
        ? api.post('/portal/columns', v)
        : api.patch(`/portal/columns/${(editing as PortalColumn).id}`, v),
    onSuccess: () => {
      showSuccess('已保存');
      setEditing(null);
      void qc.invalidateQueries({ queryKey: ['portal', 'columns'] });
    },
    onError: (e) => {
      if (applyFieldErrors(form, e).length || !(e as { fields?: unknown }).fields) showError(e);
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.del(`/portal/columns/${id}`),
    onSuccess: () => {
      showSuccess('已删除');
      void qc.invalidateQueries({ queryKey: ['portal', 'columns'] });
    },
  });

  const columns: TableColumnsType<PortalColumn> = [
    { title: '顺序', dataIndex: 'sortOrder', width: 70 },
    { title: '名称', dataIndex: 'name' },
    { title: '路径', dataIndex: 'slug', render: (v: string) => <span className="mono">/column/{v}</span> },
    { title: '类型', dataIndex: 'kindLabel', width: 110 },
    {
      title: '显示',
      dataIndex: 'visible',
      width: 80,
      render: (v: boolean) => (v ? <Tag color="green">显示</Tag> : <Tag>隐藏</Tag>),
    },
    { title: '文章数', dataIndex: 'articleCount', width: 80, align: 'right' },
    {
      title: '',
      width: 140,
      render: (_: unknown, r) =>
        manage ? (
          <>
            <Button
              type="link"
              size="small"
              onClick={() => {
                form.setFieldsValue(r);
                setEditing(r);
              }}
            >
              编辑
            </Button>
            <Button
              type="link"
              size="small"
              danger
              disabled={r.articleCount > 0}
              onClick={() =>
                modal.confirm({
                  title: `删除栏目「${r.name}」？`,
                  okText: '删除',
                  cancelText: '取消',
                  onOk: () => remove.mutateAsync(r.id),
                })
              }
            >
              删除
            </Button>
          </>
        ) : null,
    },
  ];

  return (
    <Page
      title="栏目"
      subTitle="网站的栏目：名称、路径、顺序、是否显示、类型"
      testId="portal-columns"
      extra={
        manage ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              form.resetFields();
              form.setFieldsValue({ kind: 'articleList', visible: true, sortOrder: 200 });
              setEditing('new');
            }}
          >
            新增栏目
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
      <Modal
        title={editing === 'new' ? '新增栏目' : '编辑栏目'}
        open={!!editing}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okText="保存"
        cancelText="取消"
        confirmLoading={save.isPending}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item
            name="name"
            label="名称"
            rules={[{ required: true, message: '请输入栏目名称' }, { max: 30 }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="slug"
            label="路径"
            extra="小写字母、数字和连字符，如 party-news"
            rules={[
              { required: true, message: '请输入路径' },
              {
                pattern: /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/,
                message: '只能包含小写字母、数字和连字符',
              },
            ]}
          >
            <Input addonBefore="/column/" />
          </Form.Item>
          <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
            <Select options={KINDS} />
          </Form.Item>
          <Form.Item name="sortOrder" label="顺序（小的在前）">
            <InputNumber min={0} max={100000} />
          </Form.Item>
          <Form.Item name="visible" label="在网站上显示" valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="description" label="说明">
            <Input.TextArea rows={2} maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Page>
  );
}
