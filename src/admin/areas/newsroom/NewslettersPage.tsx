import { App, Button, DatePicker, Form, Input, InputNumber, Select, Space, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { usePermissions } from '../../app/me';
import { CrudModal, useEditing } from '../../shared/components/CrudModal';
import { DataTable, useTableState } from '../../shared/components/DataTable';
import { Page } from '../../shared/components/Page';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { t } from '../../locales';
import { newsroomApi, newsroomKeys, type NewsletterIssueListItem as NewsletterIssue } from './api';
import { nowPicker } from '../../shared/lib/format';

interface IssueForm {
  number?: number;
  issueDate: Dayjs;
  editorNote?: string;
  articleIds: string[];
}

/** 简讯: numbered issues made of published articles; Word export and a printable page. */
export default function NewslettersPage() {
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const { can } = usePermissions();
  const tx = t.newsroom.newsletters;
  const table = useTableState([]);
  const ed = useEditing<NewsletterIssue>();
  const published = useQuery({
    queryKey: ['portal', 'articles', 'published-for-newsletter'],
    queryFn: ({ signal }) => newsroomApi.articles({ status: 'published', pageSize: 100 }, signal),
    enabled: ed.open,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: newsroomKeys.newsletters });
  const publish = useMutation({
    mutationFn: (v: { id: string; on: boolean }) => newsroomApi.setNewsletterPublished(v.id, v.on),
    onSuccess: () => {
      showSuccess(tx.updated);
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => newsroomApi.deleteNewsletter(id),
    onSuccess: refresh,
  });
  const toBody = (v: IssueForm) => ({ ...v, issueDate: v.issueDate.format('YYYY-MM-DD') });
  const loadForm = async (id: string): Promise<Partial<IssueForm>> => {
    const full = await newsroomApi.newsletter(id);
    return {
      number: full.number,
      issueDate: dayjs(full.issueDate),
      editorNote: full.editorNote ?? undefined,
      articleIds: full.articles.map((a) => a.id),
    };
  };

  const columns: TableColumnsType<NewsletterIssue> = [
    { title: tx.colNumber, dataIndex: 'number', width: 80, render: (v: number) => tx.issue(v) },
    { title: tx.colDate, dataIndex: 'issueDate', width: 120 },
    { title: tx.colArticles, dataIndex: 'articleCount', width: 80 },
    {
      title: tx.colStatus,
      dataIndex: 'status',
      width: 90,
      render: (v: string) =>
        v === 'published' ? <Tag color="green">{tx.published}</Tag> : <Tag>{tx.draft}</Tag>,
    },
    {
      title: '',
      render: (_: unknown, r) => (
        <Space wrap size={0}>
          <Button type="link" size="small" onClick={() => ed.edit(r)}>
            {tx.edit}
          </Button>
          <Button
            type="link"
            size="small"
            onClick={() => void newsroomApi.exportNewsletter(r.id, tx.exportName(r.number)).catch(showError)}
          >
            {tx.exportWord}
          </Button>
          <Button type="link" size="small" href={`/api/portal/newsletters/${r.id}/print`} target="_blank">
            {tx.print}
          </Button>
          {can('portal.site') ? (
            <Button
              type="link"
              size="small"
              onClick={() => publish.mutate({ id: r.id, on: r.status !== 'published' })}
            >
              {r.status === 'published' ? tx.unpublish : tx.publish}
            </Button>
          ) : null}
          {r.status === 'draft' ? (
            <Button
              type="link"
              size="small"
              danger
              onClick={() =>
                modal.confirm({
                  title: tx.confirmDelete(r.number),
                  okText: tx.delete,
                  cancelText: t.common.cancel,
                  onOk: () => remove.mutateAsync(r.id),
                })
              }
            >
              {tx.delete}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <Page
      title={tx.title}
      testId="portal-newsletters"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={ed.create}>
          {tx.create}
        </Button>
      }
    >
      <DataTable<NewsletterIssue>
        rowKey="id"
        table={table}
        columns={columns}
        queryKey={newsroomKeys.newsletters}
        fetch={(params, signal) => newsroomApi.newsletters(params, signal)}
      />
      <CrudModal<IssueForm>
        open={ed.open}
        title={ed.isNew ? tx.createTitle : tx.editTitle}
        width={720}
        initialValues={ed.record ? () => loadForm(ed.record!.id) : { issueDate: nowPicker(), articleIds: [] }}
        submit={(v) =>
          ed.record
            ? newsroomApi.updateNewsletter(ed.record.id, toBody(v))
            : newsroomApi.createNewsletter(toBody(v))
        }
        invalidate={[newsroomKeys.newsletters]}
        onClose={ed.close}
      >
        <Space>
          <Form.Item name="number" label={tx.number} extra={tx.numberExtra}>
            <InputNumber min={1} />
          </Form.Item>
          <Form.Item name="issueDate" label={tx.date} rules={[{ required: true, message: tx.dateRequired }]}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Form.Item name="editorNote" label={tx.editorNote}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item
          name="articleIds"
          label={tx.articles}
          rules={[{ required: true, message: tx.articlesRequired }]}
        >
          <Select
            mode="multiple"
            loading={published.isPending}
            optionFilterProp="label"
            options={(published.data?.items ?? []).map((a) => ({ value: a.id, label: a.title }))}
          />
        </Form.Item>
      </CrudModal>
    </Page>
  );
}
