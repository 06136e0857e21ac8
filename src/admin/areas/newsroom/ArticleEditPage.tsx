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
import type { Dayjs } from 'dayjs';
import { useNavigate, useParams } from 'react-router';
import { Page } from '../../shared/components/Page';
import { ErrorState, Loading } from '../../shared/components/States';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { applyFieldErrors } from '../../shared/lib/forms';
import { formatDateTime, instantOf, pickerValue } from '../../shared/lib/format';
import { StatusTag } from './ArticlesPage';
import { imagesWithoutAlt, RichTextEditor } from './RichTextEditor';
import { t } from '../../locales';
import { newsroomApi, newsroomKeys, REASON_ACTIONS, type Media, type WorkflowAction } from './api';

interface FormValues {
  title: string;
  subtitle?: string | null;
  summary?: string | null;
  bodyHtml?: string;
  author?: string | null;
  source?: string | null;
  coverAlt?: string | null;
  schoolId?: string | null;
  columnIds?: string[];
  tags?: string[];
  pinned?: boolean;
  publishAt?: Dayjs | null;
}

const PRIMARY: WorkflowAction[] = ['submit', 'approve', 'signOff'];

/** 写文章 / 编辑文章: content, columns and school, cover and attachments, workflow, revisions. */
export default function ArticleEditPage() {
  const tx = t.newsroom.edit;
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
    queryKey: newsroomKeys.article(id ?? 'new'),
    queryFn: ({ signal }) => newsroomApi.article(id!, signal),
    enabled: !isNew,
  });
  const columns = useQuery({
    queryKey: newsroomKeys.columns,
    queryFn: ({ signal }) => newsroomApi.columns(signal),
  });
  const schools = useQuery({
    queryKey: newsroomKeys.schools,
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
      coverAlt: a.coverAlt,
      schoolId: a.schoolId,
      columnIds: a.columns.map((c) => c.id),
      tags: a.tags,
      pinned: a.pinned,
      publishAt: pickerValue(a.publishAt),
    });
    setCover(a.coverMediaId ? { id: a.coverMediaId, url: a.coverUrl ?? '' } : null);
    setAttachments(a.attachments);
    setDirty(false);
  }, [a, form]);

  const refresh = () => {
    void qc.invalidateQueries({ queryKey: newsroomKeys.all });
  };

  // A live article's placement, outside the read-only form (areas/newsroom/rules.ts LIVE_ADJUSTABLE).
  const pin = useMutation({
    mutationFn: (pinned: boolean) => newsroomApi.updateArticle(id!, { pinned, version: a?.version }),
    onSuccess: () => {
      showSuccess(tx.saved);
      refresh();
    },
  });

  const save = useMutation({
    meta: { quiet: true },
    mutationFn: async (v: FormValues) => {
      const body = {
        ...v,
        publishAt: v.publishAt ? instantOf(v.publishAt) : null,
        coverMediaId: cover?.id ?? null,
        coverAlt: cover ? (v.coverAlt ?? null) : null,
        attachmentIds: attachments.map((m) => m.id),
        columnIds: v.columnIds ?? [],
        tags: v.tags ?? [],
      };
      return isNew
        ? newsroomApi.createArticle(body)
        : newsroomApi.updateArticle(id!, { ...body, version: a?.version });
    },
    onSuccess: (saved) => {
      showSuccess(tx.saved);
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
      showSuccess(tx.transitioned(r.statusLabel));
      setReasonFor(null);
      setReason('');
      refresh();
    },
  });

  const remove = useMutation({
    mutationFn: () => newsroomApi.deleteArticle(id!),
    onSuccess: () => {
      showSuccess(tx.deleted);
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
      modal.warning({ title: tx.unsavedTitle, content: tx.unsavedContent });
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
      title={isNew ? tx.newTitle : a!.title}
      subTitle={a ? <StatusTag status={a.status} label={a.statusLabel} /> : tx.newSubTitle}
      testId="portal-article-edit"
      extra={
        <>
          {!isNew ? (
            <Button icon={<HistoryOutlined />} onClick={() => setHistoryOpen(true)}>
              {tx.history(a!.revisionCount)}
            </Button>
          ) : null}
          {a?.status === 'published' ? (
            <Button href={`/article/${a.id}`} target="_blank">
              {tx.viewOnSite}
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
              {tx.save}
            </Button>
          ) : null}
        </>
      }
    >
      {a?.status === 'returned' && a.returnReason ? (
        <Alert type="warning" showIcon title={tx.returnReason(a.returnReason)} style={{ marginBottom: 12 }} />
      ) : null}
      {a?.status === 'takenDown' && a.takedownReason ? (
        <Alert
          type="error"
          showIcon
          title={tx.takedownReason(a.takedownReason)}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      {!editable && a ? (
        <Alert
          type="info"
          showIcon
          title={a.canAdjustLive ? tx.liveReadOnly(a.statusLabel) : tx.readOnly(a.statusLabel)}
          action={
            a.canAdjustLive ? (
              <Flex align="center" gap={8}>
                <span>{tx.pinned}</span>
                <Switch
                  checked={a.pinned}
                  loading={pin.isPending}
                  onChange={(on) => pin.mutate(on)}
                  data-testid="article-live-pin"
                />
              </Flex>
            ) : null
          }
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
                label={tx.title}
                rules={[{ required: true, message: tx.titleRequired }, { max: 200 }]}
              >
                <Input placeholder={tx.titlePlaceholder} data-testid="article-title" />
              </Form.Item>
              <Form.Item name="subtitle" label={tx.subtitle} rules={[{ max: 200 }]}>
                <Input />
              </Form.Item>
              <Form.Item
                name="bodyHtml"
                label={tx.body}
                rules={[
                  {
                    // Every image needs a text alternative; the editor asks when one is inserted, this
                    // catches a pasted image or an older article's.
                    validator: async (_r, html: string | undefined) => {
                      const n = imagesWithoutAlt(html);
                      if (n) throw new Error(t.newsroom.editor.missingAlt(n));
                    },
                  },
                ]}
              >
                <RichTextEditor />
              </Form.Item>
              <Form.Item name="summary" label={tx.summary} rules={[{ max: 500 }]}>
                <Input.TextArea rows={2} showCount maxLength={500} />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} lg={7}>
            <Card title={tx.publishing} size="small">
              <Form.Item
                name="columnIds"
                label={tx.columns}
                rules={[{ required: true, message: tx.columnsRequired }]}
              >
                <Select
                  mode="multiple"
                  placeholder={tx.columnsPlaceholder}
                  options={(columns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
                  data-testid="article-columns"
                />
              </Form.Item>
              <Form.Item name="schoolId" label={tx.school} extra={tx.schoolExtra}>
                <Select allowClear options={schoolOptions.map((s) => ({ value: s.id, label: s.name }))} />
              </Form.Item>
              <Form.Item name="author" label={tx.author}>
                <Input />
              </Form.Item>
              <Form.Item name="source" label={tx.source}>
                <Input placeholder={tx.sourcePlaceholder} />
              </Form.Item>
              <Form.Item name="tags" label={tx.tags}>
                <Select mode="tags" tokenSeparators={[',', '，', ' ']} />
              </Form.Item>
              <Form.Item name="publishAt" label={tx.publishAt} extra={tx.publishAtExtra}>
                <DatePicker showTime style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="pinned" label={tx.pinned} valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item label={tx.cover}>
                <Flex vertical gap={8}>
                  {cover ? (
                    <img src={cover.url} alt={tx.coverAlt} style={{ maxWidth: '100%', borderRadius: 4 }} />
                  ) : null}
                  <Space>
                    <Upload
                      accept="image/jpeg,image/png,image/webp,image/gif"
                      showUploadList={false}
                      beforeUpload={(f) => uploadTo('image', f)}
                    >
                      <Button icon={<UploadOutlined />} data-testid="article-cover-upload">
                        {cover ? tx.replace : tx.upload}
                      </Button>
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
              {cover ? (
                <Form.Item
                  name="coverAlt"
                  label={tx.coverAltLabel}
                  extra={tx.coverAltHelp}
                  rules={[{ required: true, whitespace: true, message: tx.coverAltRequired }, { max: 200 }]}
                >
                  <Input placeholder={tx.coverAltPlaceholder} data-testid="article-cover-alt" />
                </Form.Item>
              ) : null}
              <Form.Item label={tx.attachments} extra={tx.attachmentsExtra}>
                <List
                  size="small"
                  dataSource={attachments}
                  locale={{ emptyText: tx.none }}
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
                  <Button icon={<UploadOutlined />}>{tx.addAttachment}</Button>
                </Upload>
              </Form.Item>
            </Card>
            {a ? (
              <Card title={tx.workflow} size="small" style={{ marginTop: 16 }}>
                <Descriptions size="small" column={1}>
                  <Descriptions.Item label={tx.createdBy}>{a.createdByName ?? '—'}</Descriptions.Item>
                  {a.approvedByName ? (
                    <Descriptions.Item label={tx.approvedBy}>{a.approvedByName}</Descriptions.Item>
                  ) : null}
                  {a.signedOffByName ? (
                    <Descriptions.Item label={tx.signedOffBy}>{a.signedOffByName}</Descriptions.Item>
                  ) : null}
                  {a.signoffRequired ? (
                    <Descriptions.Item label={tx.signoff}>{tx.signoffOn}</Descriptions.Item>
                  ) : null}
                </Descriptions>
                <Timeline
                  items={a.events.map((e) => ({
                    content: (
                      <div>
                        <b>{e.actionLabel}</b> · {e.actorName ?? tx.system}
                        <div style={{ fontSize: 12, color: '#888' }}>{formatDateTime(e.at)}</div>
                        {e.reason ? <div style={{ fontSize: 12 }}>{tx.reason(e.reason)}</div> : null}
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
                        title: tx.confirmDelete,
                        okText: tx.delete,
                        cancelText: tx.cancel,
                        onOk: () => remove.mutateAsync(),
                      })
                    }
                  >
                    {tx.deleteDraft}
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
        cancelText={tx.cancel}
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
          placeholder={tx.reasonPlaceholder}
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
  const tr = t.newsroom.revisions;
  const [viewing, setViewing] = useState<number | null>(null);
  const list = useQuery({
    queryKey: newsroomKeys.revisions(props.id),
    queryFn: ({ signal }) => newsroomApi.revisions(props.id, signal),
    enabled: props.open,
  });
  const one = useQuery({
    queryKey: newsroomKeys.revision(props.id, viewing),
    queryFn: ({ signal }) => newsroomApi.revision(props.id, viewing!, signal),
    enabled: viewing !== null,
  });
  const restore = useMutation({
    mutationFn: (n: number) => newsroomApi.restoreRevision(props.id, n),
    onSuccess: () => {
      showSuccess(tr.restored);
      props.onRestored();
    },
  });
  return (
    <Drawer title={tr.title} size={720} open={props.open} onClose={props.onClose} destroyOnHidden>
      <List
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        renderItem={(r) => (
          <List.Item
            actions={[
              <Button key="v" size="small" onClick={() => setViewing(r.number)}>
                {tr.view}
              </Button>,
              props.canRestore ? (
                <Button
                  key="r"
                  size="small"
                  loading={restore.isPending}
                  onClick={() => restore.mutate(r.number)}
                >
                  {tr.restore}
                </Button>
              ) : null,
            ]}
          >
            <List.Item.Meta
              title={tr.item(r.number, r.title)}
              description={`${t.newsroom.revisionReasons[r.reason] ?? r.reason}${r.restoredFrom ? tr.restoredFrom(r.restoredFrom) : ''} · ${r.createdByName ?? ''} · ${formatDateTime(r.createdAt)}`}
            />
          </List.Item>
        )}
      />
      {viewing !== null && one.data ? (
        <Card title={tr.viewing(viewing, one.data.title)} size="small">
          {/* Stored bodies are sanitized on the server. */}
          <Typography>
            <div dangerouslySetInnerHTML={{ __html: one.data.bodyHtml }} />
          </Typography>
        </Card>
      ) : null}
    </Drawer>
  );
}
