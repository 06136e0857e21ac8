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
import type { Dayjs } from 'dayjs';
import { CrudModal, useEditing } from '../../shared/components/CrudModal';
import { Page } from '../../shared/components/Page';
import { t } from '../../locales';
import { ErrorState } from '../../shared/components/States';
import { showError } from '../../shared/lib/feedback';
import { formatDateTime, instantOf, pickerValue } from '../../shared/lib/format';
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
  const tx = t.newsroom.showcase;
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
    startsAt: v.window?.[0] ? instantOf(v.window[0]) : null,
    endsAt: v.window?.[1] ? instantOf(v.window[1]) : null,
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
            item.startsAt || item.endsAt ? [pickerValue(item.startsAt), pickerValue(item.endsAt)] : null,
        }
      : { kind: 'article', active: true, durationSeconds: 12, sortOrder: 0 };

  const columns: TableColumnsType<ShowcaseItem> = [
    { title: tx.colOrder, dataIndex: 'sortOrder', width: 70 },
    {
      title: tx.colContent,
      render: (_: unknown, r) => (
        <span>
          {r.imageUrl ? (
            <img src={r.imageUrl} alt="" style={{ height: 36, marginRight: 8, verticalAlign: 'middle' }} />
          ) : null}
          <Tag>{r.kind === 'article' ? tx.article : tx.photo}</Tag>
          {r.title ?? r.articleTitle}
        </span>
      ),
    },
    { title: tx.colDuration, dataIndex: 'durationSeconds', width: 80, render: (v: number) => tx.seconds(v) },
    {
      title: tx.colWindow,
      width: 300,
      render: (_: unknown, r) =>
        r.startsAt || r.endsAt ? tx.window(formatDateTime(r.startsAt), formatDateTime(r.endsAt)) : tx.always,
    },
    {
      title: tx.colActive,
      dataIndex: 'active',
      width: 70,
      render: (v: boolean) => (v ? <Tag color="green">{tx.yes}</Tag> : <Tag>{tx.no}</Tag>),
    },
    {
      title: '',
      width: 120,
      render: (_: unknown, r) => (
        <>
          <Button type="link" size="small" onClick={() => open(r)}>
            {tx.edit}
          </Button>
          <Button
            type="link"
            size="small"
            danger
            onClick={() =>
              modal.confirm({
                title: tx.confirmDelete,
                okText: tx.delete,
                cancelText: t.common.cancel,
                onOk: () => remove.mutateAsync(r.id),
              })
            }
          >
            {tx.delete}
          </Button>
        </>
      ),
    },
  ];

  return (
    <Page
      title={tx.title}
      subTitle={
        <span>
          {tx.subTitleBefore}{' '}
          <a href="/showcase" target="_blank" rel="noreferrer">
            /showcase
          </a>{' '}
          {tx.subTitleAfter}
        </span>
      }
      testId="portal-showcase"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
          {tx.add}
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
        title={ed.isNew ? tx.createTitle : tx.editTitle}
        form={form}
        initialValues={initialValues(ed.record)}
        submit={(v) =>
          ed.record
            ? newsroomApi.updateShowcase(ed.record.id, toBody(v))
            : newsroomApi.createShowcase(toBody(v))
        }
        invalidate={[newsroomKeys.showcase]}
        successText={tx.saved}
        fieldAliases={{ startsAt: 'window', endsAt: 'window' }}
        onClose={ed.close}
      >
        <Form.Item name="kind" label={tx.kind}>
          <Radio.Group
            options={[
              { value: 'article', label: tx.article },
              { value: 'photo', label: tx.photo },
            ]}
          />
        </Form.Item>
        {kind === 'article' ? (
          <Form.Item
            name="articleId"
            label={tx.article}
            rules={[{ required: true, message: tx.articleRequired }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              options={(articles.data?.items ?? []).map((a) => ({ value: a.id, label: a.title }))}
            />
          </Form.Item>
        ) : null}
        <Form.Item label={kind === 'photo' ? tx.photo : tx.image}>
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
            <Button icon={<UploadOutlined />}>{tx.upload}</Button>
          </Upload>
        </Form.Item>
        <Form.Item name="title" label={tx.itemTitle}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="caption"
          label={tx.caption}
          // A photo's caption is also its text alternative on the screen and the site (GB/T 37668).
          extra={kind === 'photo' ? tx.captionAltHelp : undefined}
          rules={kind === 'photo' ? [{ required: true, whitespace: true, message: tx.captionRequired }] : []}
        >
          <Input.TextArea rows={2} maxLength={300} />
        </Form.Item>
        <Form.Item name="sortOrder" label={tx.sortOrder}>
          <InputNumber min={0} />
        </Form.Item>
        <Form.Item name="durationSeconds" label={tx.duration}>
          <InputNumber min={3} max={300} />
        </Form.Item>
        <Form.Item name="window" label={tx.windowLabel}>
          <DatePicker.RangePicker showTime allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item name="active" label={tx.active} valuePropName="checked">
          <Switch />
        </Form.Item>
      </CrudModal>
    </Page>
  );
}
