import { useState } from 'react';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Switch,
  Table,
  Tag,
  Upload,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { CrudModal, useEditing } from '../../shared/components/CrudModal';
import { Page } from '../../shared/components/Page';
import { t } from '../../locales';
import { ErrorState } from '../../shared/components/States';
import { showError } from '../../shared/lib/feedback';
import { formatDateTime } from '../../shared/lib/format';
import { newsroomApi, newsroomKeys, type ShowcaseItem } from './api';

interface ItemForm {
  kind: 'article' | 'photo';
  articleId?: string;
  title?: string;
  caption?: string;
  sortOrder?: number;
  durationSeconds?: number;
  active?: boolean;
  window?: [Dayjs | null, Dayjs | null] | null;
}

/** 宣传橱窗: the slides of the hallway screen (/showcase), articles and photos, in order. */
export default function ShowcasePage() {
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const ed = useEditing<ShowcaseItem>();
  const [photo, setPhoto] = useState<{ id: string; url: string } | null>(null);
  const [form] = Form.useForm<ItemForm>();
  const kind = Form.useWatch('kind', form);
  const list = useQuery({
    queryKey: newsroomKeys.showcase,
    queryFn: ({ signal }) => newsroomApi.showcase(signal),
  });
  const articles = useQuery({
    queryKey: ['portal', 'articles', 'published-for-showcase'],
    queryFn: ({ signal }) => newsroomApi.articles({ status: 'published', pageSize: 100 }, signal),
    enabled: ed.open,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: newsroomKeys.showcase });
  const toBody = (v: ItemForm) => ({
    kind: v.kind,
    articleId: v.kind === 'article' ? v.articleId : null,
    mediaId: photo?.id ?? null,
    title: v.title ?? null,
    caption: v.caption ?? null,
    sortOrder: v.sortOrder ?? 0,
    durationSeconds: v.durationSeconds ?? 12,
    active: v.active ?? true,
    startsAt: v.window?.[0]?.toISOString() ?? null,
    endsAt: v.window?.[1]?.toISOString() ?? null,
  });
  const remove = useMutation({
    mutationFn: (id: string) => newsroomApi.deleteShowcase(id),
    onSuccess: refresh,
  });
  const open = (item: ShowcaseItem | 'new') => {
    if (item === 'new') {
      setPhoto(null);
      ed.create();
    } else {
      setPhoto(item.mediaId ? { id: item.mediaId, url: item.imageUrl ?? '' } : null);
      ed.edit(item);
    }
  };
  const initialValues = (item: ShowcaseItem | null): Partial<ItemForm> =>
    item
      ? {
          kind: item.kind,
          articleId: item.articleId ?? undefined,
          title: item.title ?? undefined,
          caption: item.caption ?? undefined,
          sortOrder: item.sortOrder,
          durationSeconds: item.durationSeconds,
          active: item.active,
          window:
            item.startsAt || item.endsAt
              ? [item.startsAt ? dayjs(item.startsAt) : null, item.endsAt ? dayjs(item.endsAt) : null]
              : null,
        }
      : { kind: 'article', active: true, durationSeconds: 12, sortOrder: 0 };

  const columns: TableColumnsType<ShowcaseItem> = [
    { title: '顺序', dataIndex: 'sortOrder', width: 70 },
    {
      title: '内容',
      render: (_: unknown, r) => (
        <span>
          {r.imageUrl ? (
            <img src={r.imageUrl} alt="" style={{ height: 36, marginRight: 8, verticalAlign: 'middle' }} />
          ) : null}
          <Tag>{r.kind === 'article' ? '文章' : '照片'}</Tag>
          {r.title ?? r.articleTitle}
        </span>
      ),
    },
    { title: '停留', dataIndex: 'durationSeconds', width: 80, render: (v: number) => `${v} 秒` },
    {
      title: '时段',
      width: 300,
      render: (_: unknown, r) =>
        r.startsAt || r.endsAt
          ? `${formatDateTime(r.startsAt) || '—'} 至 ${formatDateTime(r.endsAt) || '—'}`
          : '一直',
    },
    {
      title: '启用',
      dataIndex: 'active',
      width: 70,
      render: (v: boolean) => (v ? <Tag color="green">是</Tag> : <Tag>否</Tag>),
    },
    {
      title: '',
      width: 120,
      render: (_: unknown, r) => (
        <>
          <Button type="link" size="small" onClick={() => open(r)}>
            编辑
          </Button>
          <Button
            type="link"
            size="small"
            danger
            onClick={() =>
              modal.confirm({
                title: '删除该条目？',
                okText: '删除',
                cancelText: t.common.cancel,
                onOk: () => remove.mutateAsync(r.id),
              })
            }
          >
            删除
          </Button>
        </>
      ),
    },
  ];

  return (
    <Page
      title="宣传橱窗"
      subTitle={
        <span>
          走廊大屏打开{' '}
          <a href="/showcase" target="_blank" rel="noreferrer">
            /showcase
          </a>{' '}
          全屏播放，内容更新后自动刷新
        </span>
      }
      testId="portal-showcase"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
          添加
        </Button>
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
      <CrudModal<ItemForm>
        open={ed.open}
        title={ed.isNew ? '添加橱窗条目' : '编辑橱窗条目'}
        form={form}
        initialValues={initialValues(ed.record)}
        submit={(v) =>
          ed.record
            ? newsroomApi.updateShowcase(ed.record.id, toBody(v))
            : newsroomApi.createShowcase(toBody(v))
        }
        invalidate={[newsroomKeys.showcase]}
        successText="已保存，橱窗将自动更新"
        fieldAliases={{ startsAt: 'window', endsAt: 'window' }}
        onClose={ed.close}
      >
        <Form.Item name="kind" label="类型">
          <Radio.Group
            options={[
              { value: 'article', label: '文章' },
              { value: 'photo', label: '照片' },
            ]}
          />
        </Form.Item>
        {kind === 'article' ? (
          <Form.Item name="articleId" label="文章" rules={[{ required: true, message: '请选择文章' }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={(articles.data?.items ?? []).map((a) => ({ value: a.id, label: a.title }))}
            />
          </Form.Item>
        ) : null}
        <Form.Item label={kind === 'photo' ? '照片' : '配图（留空用文章封面）'}>
          {photo?.url ? (
            <img src={photo.url} alt="" style={{ maxWidth: 240, display: 'block', marginBottom: 8 }} />
          ) : null}
          <Upload
            accept="image/jpeg,image/png,image/webp"
            showUploadList={false}
            beforeUpload={async (f) => {
              try {
                const m = await newsroomApi.upload('image', f);
                setPhoto({ id: m.id, url: m.urls.large ?? m.url });
              } catch (e) {
                showError(e);
              }
              return false;
            }}
          >
            <Button icon={<UploadOutlined />}>上传</Button>
          </Upload>
        </Form.Item>
        <Form.Item name="title" label="标题（留空用文章标题）">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="caption" label="说明">
          <Input.TextArea rows={2} maxLength={300} />
        </Form.Item>
        <Form.Item name="sortOrder" label="顺序">
          <InputNumber min={0} />
        </Form.Item>
        <Form.Item name="durationSeconds" label="每页停留（秒）">
          <InputNumber min={3} max={300} />
        </Form.Item>
        <Form.Item name="window" label="展示时段（可不填）">
          <DatePicker.RangePicker showTime allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item name="active" label="启用" valuePropName="checked">
          <Switch />
        </Form.Item>
      </CrudModal>
    </Page>
  );
}
