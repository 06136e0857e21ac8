import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Row,
  Select,
  Space,
  Switch,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import { DeleteOutlined, HistoryOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate, useParams } from 'react-router';
import { Page } from '../../shared/components/Page';
import { ErrorState, Loading } from '../../shared/components/States';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { applyFieldErrors } from '../../shared/lib/forms';
import { formatDateTime } from '../../shared/lib/format';
import { StatusTag } from './ArticlesPage';
import { RichTextEditor } from './RichTextEditor';
import { t } from '../../locales';
import {
  newsroomApi,
  REASON_ACTIONS,
  type Media,
  type WorkflowAction,
} from './api';

interface FormValues {
  title: string;
  subtitle?: string | null;
  summary?: string | null;
  bodyHtml?: string;
  author?: string | null;
  source?: string | null;
  schoolId?: string | null;
  columnIds?: string[];
  tags?: string[];
  pinned?: boolean;
  publishAt?: Dayjs | null;
}

const PRIMARY: WorkflowAction[] = ['submit', 'approve', 'signOff'];

/** 写文章 / 编辑文章: content, columns and school, cover and attachments, workflow, revisions. */
export default function ArticleEditPage() {
  const { id } = useParams();
  const isNew = !id || id === 'new';
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [cover, setCover] = useState<{ id: string; url: string } | null>(null);
  const [attachments, setAttachments] = useState<Media[]>([]);
  const [dirty, setDirty] = useState(false);
  const [reasonFor, setReasonFor] = useState<WorkflowAction | null>(null);
  const [reason, setReason] = useState('');
  const [historyOpen, setHistoryOpen] = useState(false);

  const detail = useQuery({
    queryKey: ['portal', 'article', id],
    queryFn: ({ signal }) => newsroomApi.article(id!, signal),
    enabled: !isNew,
  });
  const columns = useQuery({
    queryKey: ['portal', 'columns'],
    queryFn: ({ signal }) => newsroomApi.columns(signal),
  });
  const schools = useQuery({
    queryKey: ['portal', 'schools'],
    queryFn: ({ signal }) => newsroomApi.schools(signal),
  });

  const a = detail.data;
  useEffect(() => {
    if (!a) return;
    form.setFieldsValue({
      title: a.title,
      subtitle: a.subtitle,
      summary: a.summary,
      bodyHtml: a.bodyHtml,
      author: a.author,
      source: a.source,
      schoolId: a.schoolId,
      columnIds: a.columns.map((c) => c.id),
      tags: a.tags,
      pinned: a.pinned,
      publishAt: a.publishAt ? dayjs(a.publishAt) : null,
    });
    setCover(a.coverMediaId ? { id: a.coverMediaId, url: a.coverUrl ?? '' } : null);
    setAttachments(a.attachments);
    setDirty(false);
  }, [a, form]);

  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['portal'] });
  };

  const save = useMutation({
    meta: { quiet: true },
    mutationFn: async (v: FormValues) => {
      const body = {
        ...v,
        publishAt: v.publishAt ? v.publishAt.toISOString() : null,
        coverMediaId: cover?.id ?? null,
        attachmentIds: attachments.map((m) => m.id),
        columnIds: v.columnIds ?? [],
        tags: v.tags ?? [],
      };
      return isNew
        ? newsroomApi.createArticle(body)
        : newsroomApi.updateArticle(id!, { ...body, version: a?.version });
    },
    onSuccess: (saved) => {
      showSuccess('已保存');
      setDirty(false);
      refresh();
      if (isNew) navigate(`/portal/articles/${saved.id}`, { replace: true });
    },
    onError: (e) => {
      const rest = applyFieldErrors(form, e);
      if (rest.length || !(e as { fields?: unknown }).fields) showError(e);
    },
  });

  const transition = useMutation({
    mutationFn: (v: { action: WorkflowAction; reason?: string }) => newsroomApi.transition(id!, v),
    onSuccess: (r) => {
      showSuccess(`操作完成，当前状态：${r.statusLabel}`);
      setReasonFor(null);
      setReason('');
      refresh();
    },
  });

  const remove = useMutation({
    mutationFn: () => newsroomApi.deleteArticle(id!),
    onSuccess: () => {
      showSuccess('已删除');
      refresh();
      navigate('/portal/articles');
    },
  });

  const runAction = (action: WorkflowAction) => {
    if (REASON_ACTIONS.includes(action)) {
      setReasonFor(action);
      return;
    }
    if (dirty) {
      modal.warning({ title: '有未保存的修改', content: '请先保存，再执行流程操作。' });
      return;
    }
    transition.mutate({ action });
  };

  const uploadTo = async (purpose: 'image' | 'attachment', file: File) => {
    try {
      const m = await newsroomApi.upload(purpose, file);
      if (purpose === 'image') setCover({ id: m.id, url: m.urls.medium ?? m.url });
      else setAttachments((xs) => [...xs, m]);
      setDirty(true);
    } catch (e) {
      showError(e);
    }
    return false;
  };

  if (!isNew && detail.isPending) return <Loading height={400} />;
  if (!isNew && detail.isError)
    return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  const editable = isNew || !!a?.canEdit;
  const schoolOptions = (schools.data?.items ?? []).filter((s) => s.mine || s.id === a?.schoolId);

  return (
    <Page
      title={isNew ? '写文章' : a!.title}
      subTitle={
        a ? <StatusTag status={a.status} label={a.statusLabel} /> : '新稿件保存后为草稿，提交后由审核人员审核'
      }
      testId="portal-article-edit"
      extra={
        <>
          {!isNew ? (
            <Button icon={<HistoryOutlined />} onClick={() => setHistoryOpen(true)}>
              版本历史（{a!.revisionCount}）
            </Button>
          ) : null}
          {a?.status === 'published' ? (
            <Button href={`/article/${a.id}`} target="_blank">
              查看网页
            </Button>
          ) : null}
          {(a?.actions ?? []).map((action) => (
            <Button
              key={action}
              type={PRIMARY.includes(action) ? 'primary' : 'default'}
              danger={action === 'takeDown' || action === 'return'}
              loading={transition.isPending && transition.variables?.action === action}
              onClick={() => runAction(action)}
              data-testid={`action-${action}`}
            >
              {t.newsroom.actions[action]}
            </Button>
          ))}
          {editable ? (
            <Button
              type="primary"
              loading={save.isPending}
              onClick={() => form.submit()}
              data-testid="article-save"
            >
              保存
            </Button>
          ) : null}
        </>
      }
    >
      {a?.status === 'returned' && a.returnReason ? (
        <Alert type="warning" showIcon title={`退回原因：${a.returnReason}`} style={{ marginBottom: 12 }} />
      ) : null}
      {a?.status === 'takenDown' && a.takedownReason ? (
        <Alert type="error" showIcon title={`撤下原因：${a.takedownReason}`} style={{ marginBottom: 12 }} />
      ) : null}
      {!editable && a ? (
        <Alert
          type="info"
          showIcon
          title={`文章当前为「${a.statusLabel}」，您不能修改内容`}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Form<FormValues>
        form={form}
        layout="vertical"
        disabled={!editable}
        onFinish={(v) => save.mutate(v)}
        onValuesChange={() => setDirty(true)}
        initialValues={{ pinned: false, columnIds: [], tags: [], bodyHtml: '' }}
      >
        <Row gutter={16}>
          <Col xs={24} lg={17}>
            <Card>
              <Form.Item
                name="title"
                label="标题"
                rules={[{ required: true, message: '请输入标题' }, { max: 200 }]}
              >
                <Input placeholder="文章标题" data-testid="article-title" />
              </Form.Item>
              <Form.Item name="subtitle" label="副标题" rules={[{ max: 200 }]}>
                <Input />
              </Form.Item>
              <Form.Item name="bodyHtml" label="正文">
                <RichTextEditor />
              </Form.Item>
              <Form.Item name="summary" label="摘要（留空则在网站上自动截取正文）" rules={[{ max: 500 }]}>
                <Input.TextArea rows={2} showCount maxLength={500} />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} lg={7}>
            <Card title="发布信息" size="small">
              <Form.Item name="columnIds" label="栏目" rules={[{ required: true, message: '请选择栏目' }]}>
                <Select
                  mode="multiple"
                  placeholder="可选多个"
                  options={(columns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
                  data-testid="article-columns"
                />
              </Form.Item>
              <Form.Item name="schoolId" label="学校" extra="留空表示园区层面的文章">
                <Select allowClear options={schoolOptions.map((s) => ({ value: s.id, label: s.name }))} />
              </Form.Item>
              <Form.Item name="author" label="作者">
                <Input />
              </Form.Item>
              <Form.Item name="source" label="来源">
                <Input placeholder="如：学校党支部" />
              </Form.Item>
              <Form.Item name="tags" label="标签">
                <Select mode="tags" tokenSeparators={[',', '，', ' ']} />
              </Form.Item>
              <Form.Item name="publishAt" label="定时发布" extra="留空则审核通过后立即发布">
                <DatePicker showTime style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="pinned" label="置顶（首页轮播）" valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item label="封面图片">
                <Flex vertical gap={8}>
                  {cover ? (
                    <img src={cover.url} alt="封面" style={{ maxWidth: '100%', borderRadius: 4 }} />
                  ) : null}
                  <Space>
                    <Upload
                      accept="image/jpeg,image/png,image/webp,image/gif"
                      showUploadList={false}
                      beforeUpload={(f) => uploadTo('image', f)}
                    >
                      <Button icon={<UploadOutlined />}>{cover ? '更换' : '上传'}</Button>
                    </Upload>
                    {cover ? (
                      <Button
                        icon={<DeleteOutlined />}
                        onClick={() => {
                          setCover(null);
                          setDirty(true);
                        }}
                      />
                    ) : null}
                  </Space>
                </Flex>
              </Form.Item>
              <Form.Item label="附件" extra="PDF、Word、Excel、PowerPoint 或图片">
                <List
                  size="small"
                  dataSource={attachments}
                  locale={{ emptyText: '无' }}
                  renderItem={(m) => (
                    <List.Item
                      actions={
                        editable
                          ? [
                              <Button
                                key="rm"
                                size="small"
                                type="text"
                                icon={<DeleteOutlined />}
                                onClick={() => {
                                  setAttachments((xs) => xs.filter((x) => x.id !== m.id));
                                  setDirty(true);
                                }}
                              />,
                            ]
                          : []
                      }
                    >
                      <a href={m.url} target="_blank" rel="noreferrer">
                        <PaperClipOutlined /> {m.originalName}
                      </a>
                    </List.Item>
                  )}
                />
                <Upload
                  accept=".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,image/*"
                  showUploadList={false}
                  beforeUpload={(f) => uploadTo('attachment', f)}
                >
                  <Button icon={<UploadOutlined />}>添加附件</Button>
                </Upload>
              </Form.Item>
            </Card>
            {a ? (
              <Card title="流程记录" size="small" style={{ marginTop: 16 }}>
                <Descriptions size="small" column={1}>
                  <Descriptions.Item label="撰稿">{a.createdByName ?? '—'}</Descriptions.Item>
                  {a.approvedByName ? (
                    <Descriptions.Item label="审核">{a.approvedByName}</Descriptions.Item>
                  ) : null}
                  {a.signedOffByName ? (
                    <Descriptions.Item label="签发">{a.signedOffByName}</Descriptions.Item>
                  ) : null}
                  {a.signoffRequired ? <Descriptions.Item label="二级签发">已开启</Descriptions.Item> : null}
                </Descriptions>
                <Timeline
                  items={a.events.map((e) => ({
                    content: (
                      <div>
                        <b>{e.actionLabel}</b> · {e.actorName ?? '系统'}
                        <div style={{ fontSize: 12, color: '#888' }}>{formatDateTime(e.at)}</div>
                        {e.reason ? <div style={{ fontSize: 12 }}>原因：{e.reason}</div> : null}
                      </div>
                    ),
                  }))}
                />
                {['draft', 'returned'].includes(a.status) ? (
                  <Button
                    danger
                    size="small"
                    onClick={() =>
                      modal.confirm({
                        title: '删除这篇草稿？',
                        okText: '删除',
                        cancelText: '取消',
                        onOk: () => remove.mutateAsync(),
                      })
                    }
                  >
                    删除草稿
                  </Button>
                ) : null}
              </Card>
            ) : null}
          </Col>
        </Row>
      </Form>

      <Modal
        title={reasonFor ? t.newsroom.reasonTitle(t.newsroom.actions[reasonFor]) : ''}
        open={!!reasonFor}
        okText={reasonFor ? t.newsroom.actions[reasonFor] : ''}
        cancelText="取消"
        okButtonProps={{ danger: true, disabled: !reason.trim(), loading: transition.isPending }}
        onCancel={() => setReasonFor(null)}
        onOk={() => reasonFor && transition.mutate({ action: reasonFor, reason })}
        destroyOnHidden
      >
        <Input.TextArea
          rows={3}
          maxLength={500}
          showCount
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="将通知撰稿人"
          data-testid="reason-input"
        />
      </Modal>

      {!isNew ? (
        <RevisionsDrawer
          id={id!}
          open={historyOpen}
          onClose={() => setHistoryOpen(false)}
          canRestore={editable}
          onRestored={() => {
            refresh();
            setHistoryOpen(false);
          }}
        />
      ) : null}
    </Page>
  );
}

function RevisionsDrawer(props: {
  id: string;
  open: boolean;
  onClose: () => void;
  canRestore: boolean;
  onRestored: () => void;
}) {
  const [viewing, setViewing] = useState<number | null>(null);
  const list = useQuery({
    queryKey: ['portal', 'revisions', props.id],
    queryFn: ({ signal }) => newsroomApi.revisions(props.id, signal),
    enabled: props.open,
  });
  const one = useQuery({
    queryKey: ['portal', 'revision', props.id, viewing],
    queryFn: ({ signal }) => newsroomApi.revision(props.id, viewing!, signal),
    enabled: viewing !== null,
  });
  const restore = useMutation({
    mutationFn: (n: number) => newsroomApi.restoreRevision(props.id, n),
    onSuccess: () => {
      showSuccess('已恢复（记为新版本）');
      props.onRestored();
    },
  });
  return (
    <Drawer title="版本历史" size={720} open={props.open} onClose={props.onClose} destroyOnHidden>
      <List
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        renderItem={(r) => (
          <List.Item
            actions={[
              <Button key="v" size="small" onClick={() => setViewing(r.number)}>
                查看
              </Button>,
              props.canRestore ? (
                <Button
                  key="r"
                  size="small"
                  loading={restore.isPending}
                  onClick={() => restore.mutate(r.number)}
                >
                  恢复此版本
                </Button>
              ) : null,
            ]}
          >
            <List.Item.Meta
              title={`第 ${r.number} 版 · ${r.title}`}
              description={`${t.newsroom.revisionReasons[r.reason] ?? r.reason}${r.restoredFrom ? `（自第 ${r.restoredFrom} 版）` : ''} · ${r.createdByName ?? ''} · ${formatDateTime(r.createdAt)}`}
            />
          </List.Item>
        )}
      />
      {viewing !== null && one.data ? (
        <Card title={`第 ${viewing} 版：${one.data.title}`} size="small">
          {/* Stored bodies are sanitized on the server. */}
          <Typography>
            <div dangerouslySetInnerHTML={{ __html: one.data.bodyHtml }} />
          </Typography>
        </Card>
      ) : null}
    </Drawer>
  );
}
