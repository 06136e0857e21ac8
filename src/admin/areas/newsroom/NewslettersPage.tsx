import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { usePermissions } from '../../app/me';
import { CrudModal, useEditing } from '../../shared/components/CrudModal';
import { Page } from '../../shared/components/Page';
import { ErrorState } from '../../shared/components/States';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { t } from '../../locales';
import { newsroomApi, newsroomKeys, type NewsletterIssueListItem as NewsletterIssue } from './api';

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
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const ed = useEditing<NewsletterIssue>();
  const list = useQuery({
    queryKey: [...newsroomKeys.newsletters, page],
    queryFn: ({ signal }) => newsroomApi.newsletters(page, signal),
    placeholderData: keepPreviousData,
  });
  const published = useQuery({
    queryKey: ['portal', 'articles', 'published-for-newsletter'],
    queryFn: ({ signal }) => newsroomApi.articles({ status: 'published', pageSize: 100 }, signal),
    enabled: ed.open,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: newsroomKeys.newsletters });
  const publish = useMutation({
    mutationFn: (v: { id: string; on: boolean }) => newsroomApi.setNewsletterPublished(v.id, v.on),
    onSuccess: () => {
      showSuccess('已更新');
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
    { title: '期号', dataIndex: 'number', width: 80, render: (v: number) => `第 ${v} 期` },
    { title: '日期', dataIndex: 'issueDate', width: 120 },
    { title: '文章', dataIndex: 'articleCount', width: 80 },
    {
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (v: string) => (v === 'published' ? <Tag color="green">已发布</Tag> : <Tag>草稿</Tag>),
    },
    {
      title: '',
      render: (_: unknown, r) => (
        <Space wrap size={0}>
          <Button type="link" size="small" onClick={() => ed.edit(r)}>
            编辑
          </Button>
          <Button
            type="link"
            size="small"
            onClick={() =>
              void newsroomApi.exportNewsletter(r.id, `简讯第${r.number}期.docx`).catch(showError)
            }
          >
            导出 Word
          </Button>
          <Button type="link" size="small" href={`/api/portal/newsletters/${r.id}/print`} target="_blank">
            打印版
          </Button>
          {can('portal.review') || can('portal.signoff') ? (
            <Button
              type="link"
              size="small"
              onClick={() => publish.mutate({ id: r.id, on: r.status !== 'published' })}
            >
              {r.status === 'published' ? '撤回' : '发布到网站'}
            </Button>
          ) : null}
          {r.status === 'draft' ? (
            <Button
              type="link"
              size="small"
              danger
              onClick={() =>
                modal.confirm({
                  title: `删除第 ${r.number} 期？`,
                  okText: '删除',
                  cancelText: t.common.cancel,
                  onOk: () => remove.mutateAsync(r.id),
                })
              }
            >
              删除
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <Page
      title="「校园党建」简讯"
      testId="portal-newsletters"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={ed.create}>
          新建一期
        </Button>
      }
    >
      <Card>
        {list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table
            rowKey="id"
            loading={list.isFetching}
            columns={columns}
            dataSource={list.data?.items ?? []}
            pagination={{
              current: page.page,
              pageSize: page.pageSize,
              total: list.data?.total,
              onChange: (p, s) => setPage({ page: p, pageSize: s }),
            }}
          />
        )}
      </Card>
      <CrudModal<IssueForm>
        open={ed.open}
        title={ed.isNew ? '新建一期简讯' : '编辑简讯'}
        width={720}
        initialValues={ed.record ? () => loadForm(ed.record!.id) : { issueDate: dayjs(), articleIds: [] }}
        submit={(v) =>
          ed.record
            ? newsroomApi.updateNewsletter(ed.record.id, toBody(v))
            : newsroomApi.createNewsletter(toBody(v))
        }
        invalidate={[newsroomKeys.newsletters]}
        onClose={ed.close}
      >
        <Space>
          <Form.Item name="number" label="期号" extra="留空自动顺延">
            <InputNumber min={1} />
          </Form.Item>
          <Form.Item name="issueDate" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Form.Item name="editorNote" label="编者按">
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item
          name="articleIds"
          label="文章（按选择顺序排列，只能选已发布的文章）"
          rules={[{ required: true, message: '请选择文章' }]}
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
