import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Pagination,
  Row,
  Switch,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { usePermissions } from '../../app/me';
import { Page } from '../../shared/components/Page';
import { YearInput } from '../../shared/components/YearInput';
import { ErrorState, Loading } from '../../shared/components/States';
import { isApiError } from '../../shared/api/client';
import { applyFieldErrors } from '../../shared/lib/forms';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { formatDateTime } from '../../shared/lib/format';
import { t } from '../../locales';
import {
  assessmentApi,
  assessmentKeys,
  pts,
  type EvidenceView,
  type PostView,
  type ScoreView,
  type SelfEvaluationView,
} from './api';
import { EvidenceCard } from './components/EvidenceCard';
import { EvidenceModal } from './components/EvidenceModal';
import { ScoreBreakdown, ScoreSummary } from './components/ScoreBreakdown';
import { isSchemeMissing, SchemeMissing } from './components/SchemeMissing';
import { PostStatusTag } from './components/StatusTag';
import { useYear } from './components/useYear';

const a = t.assessment;
const m = a.mine;
const PAGE_SIZE = 20;

/**
 * 我的先锋岗与考核: a member's own year — the vanguard post they declare (亮身份、亮职责、亮承诺),
 * the evidence they file with its proof, the running score by the scheme with every item's rule,
 * and the self-evaluation beside the verified record. Built for a 375 px phone: cards, no tables.
 */
export default function MyAssessmentPage() {
  const { me } = usePermissions();
  const [year, setYear] = useYear();
  const personId = me?.personId ?? null;
  const post = useQuery({
    queryKey: assessmentKeys.myPost(year),
    enabled: personId !== null,
    queryFn: ({ signal }) => assessmentApi.myPost(year, signal),
  });
  const head = (children: React.ReactNode) => (
    <Page
      title={m.title}
      subTitle={m.subTitle}
      testId="my-assessment"
      extra={<YearInput value={year} onChange={setYear} testId="my-assessment-year" />}
    >
      {children}
    </Page>
  );
  if (!personId) return head(<Empty description={m.noPerson} />);
  if (post.isPending) return head(<Loading />);
  if (post.isError) return head(<ErrorState error={post.error} onRetry={() => void post.refetch()} />);
  if (!post.data.isMember)
    return head(<Empty description={m.notMember} data-testid="my-assessment-not-member" />);
  return head(
    <>
      <PostSection key={`${year}-${post.data.post?.updatedAt ?? 'none'}`} year={year} post={post.data.post} />
      <EvidenceSection year={year} personId={personId} />
      <ScoreAndSelf year={year} />
    </>,
  );
}

interface PostForm {
  post: string;
  duties: string;
  pledge: string;
  showOnPortal: boolean;
}

function PostSection(props: { year: number; post: PostView | null }) {
  const p = props.post;
  const qc = useQueryClient();
  const [editing, setEditing] = useState(p === null);
  const [form] = Form.useForm<PostForm>();
  const declare = useMutation({
    meta: { quiet: true },
    mutationFn: (v: PostForm) =>
      assessmentApi.declarePost({
        year: props.year,
        post: v.post.trim(),
        duties: v.duties.trim(),
        pledge: v.pledge.trim(),
        showOnPortal: v.showOnPortal ?? false,
      }),
    onSuccess: () => {
      showSuccess(m.post.declared);
      void qc.invalidateQueries({ queryKey: assessmentKeys.all });
    },
    onError: (e) => {
      const rest = applyFieldErrors(form, e);
      if (rest.length || !isApiError(e) || !e.fields) showError(e);
    },
  });
  return (
    <Card
      size="small"
      title={m.post.title}
      style={{ marginBottom: 12 }}
      data-testid="my-post"
      extra={p ? <PostStatusTag status={p.status} label={p.statusLabel} /> : null}
    >
      {p?.status === 'returned' ? (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={m.post.returned(p.returnReason)} />
      ) : null}
      {!p ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {m.post.none}
        </Typography.Paragraph>
      ) : null}
      {p && !editing ? (
        <>
          <Descriptions size="small" column={1} layout="vertical">
            <Descriptions.Item label={m.post.post}>{p.post}</Descriptions.Item>
            <Descriptions.Item label={m.post.duties}>
              <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{p.duties}</span>
            </Descriptions.Item>
            <Descriptions.Item label={m.post.pledge}>
              <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{p.pledge}</span>
            </Descriptions.Item>
            <Descriptions.Item label={m.post.portal}>
              {p.showOnPortal ? m.post.portalYes : m.post.portalNo}
            </Descriptions.Item>
            {p.decidedAt ? (
              <Descriptions.Item label={m.post.decidedAt}>{formatDateTime(p.decidedAt)}</Descriptions.Item>
            ) : null}
          </Descriptions>
          <Button onClick={() => setEditing(true)} data-testid="post-edit">
            {m.post.edit}
          </Button>
        </>
      ) : (
        <Form<PostForm>
          form={form}
          layout="vertical"
          initialValues={
            p
              ? { post: p.post, duties: p.duties, pledge: p.pledge, showOnPortal: p.showOnPortal }
              : { showOnPortal: false }
          }
          onFinish={(v) => declare.mutate(v)}
          data-testid="post-form"
        >
          {p?.status === 'approved' ? (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={m.post.editApprovedNote} />
          ) : null}
          <Form.Item
            name="post"
            label={m.post.post}
            rules={[{ required: true, whitespace: true, message: m.post.postRequired }]}
          >
            <Input maxLength={40} placeholder={m.post.postPlaceholder} data-testid="post-name" />
          </Form.Item>
          <Form.Item
            name="duties"
            label={m.post.duties}
            rules={[{ required: true, whitespace: true, message: m.post.dutiesRequired }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount data-testid="post-duties" />
          </Form.Item>
          <Form.Item
            name="pledge"
            label={m.post.pledge}
            rules={[{ required: true, whitespace: true, message: m.post.pledgeRequired }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount data-testid="post-pledge" />
          </Form.Item>
          <Form.Item
            name="showOnPortal"
            label={m.post.showOnPortal}
            extra={m.post.showOnPortalHint}
            valuePropName="checked"
          >
            <Switch data-testid="post-portal" />
          </Form.Item>
          <Flex gap={8} wrap>
            <Button type="primary" htmlType="submit" loading={declare.isPending} data-testid="post-submit">
              {p ? m.post.resubmit : m.post.declare}
            </Button>
            {p ? <Button onClick={() => setEditing(false)}>{m.post.cancel}</Button> : null}
          </Flex>
        </Form>
      )}
    </Card>
  );
}

function EvidenceSection(props: { year: number; personId: string }) {
  const { year, personId } = props;
  const { modal } = App.useApp();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<EvidenceView | 'new' | null>(null);
  const list = useQuery({
    queryKey: [...assessmentKeys.myEvidence(year), page],
    queryFn: ({ signal }) => assessmentApi.evidence({ year, personId, page, pageSize: PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });
  const withdraw = useMutation({
    mutationFn: (id: string) => assessmentApi.withdrawEvidence(id),
    onSuccess: () => {
      showSuccess(m.evidence.withdrawn);
      void qc.invalidateQueries({ queryKey: assessmentKeys.all });
    },
  });
  const items = list.data?.items ?? [];
  const pending = items.filter((e) => e.status === 'submitted').length;
  return (
    <Card
      size="small"
      title={m.evidence.title}
      style={{ marginBottom: 12 }}
      data-testid="my-evidence"
      extra={
        <Button
          type="primary"
          size="small"
          icon={<PlusOutlined />}
          onClick={() => setEditing('new')}
          data-testid="evidence-add"
        >
          {m.evidence.add}
        </Button>
      }
    >
      {list.isPending ? (
        <Loading height={120} />
      ) : list.isError ? (
        isSchemeMissing(list.error) ? (
          <SchemeMissing error={list.error} year={year} />
        ) : (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        )
      ) : items.length === 0 ? (
        <Empty description={m.evidence.none} data-testid="my-evidence-empty" />
      ) : (
        <>
          {pending ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
              {m.evidence.pendingNote(pending)}
            </Typography.Paragraph>
          ) : null}
          {items.map((e) => (
            <EvidenceCard
              key={e.id}
              evidence={e}
              actions={
                <>
                  {e.canEdit ? (
                    <Button size="small" onClick={() => setEditing(e)} data-testid="evidence-edit">
                      {m.evidence.edit}
                    </Button>
                  ) : null}
                  {e.status === 'submitted' || e.status === 'returned' ? (
                    <Button
                      size="small"
                      danger
                      data-testid="evidence-withdraw"
                      onClick={() =>
                        modal.confirm({
                          title: m.evidence.withdrawTitle(e.title),
                          content: m.evidence.withdrawContent,
                          okText: m.evidence.withdraw,
                          okButtonProps: { danger: true },
                          cancelText: t.common.cancel,
                          onOk: () => withdraw.mutateAsync(e.id),
                        })
                      }
                    >
                      {m.evidence.withdraw}
                    </Button>
                  ) : null}
                </>
              }
            />
          ))}
          {(list.data?.total ?? 0) > PAGE_SIZE ? (
            <Pagination
              size="small"
              current={page}
              pageSize={PAGE_SIZE}
              total={list.data?.total ?? 0}
              onChange={setPage}
              showTotal={(n) => t.common.total(n)}
            />
          ) : null}
        </>
      )}
      <EvidenceModal
        open={editing !== null}
        year={year}
        evidence={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
      />
    </Card>
  );
}

function ScoreAndSelf(props: { year: number }) {
  const { year } = props;
  const score = useQuery({
    queryKey: assessmentKeys.myScore(year),
    queryFn: ({ signal }) => assessmentApi.myScore(year, signal),
  });
  const self = useQuery({
    queryKey: assessmentKeys.mySelfEvaluation(year),
    queryFn: ({ signal }) => assessmentApi.mySelfEvaluation(year, signal),
  });
  const body = score.isPending ? (
    <Loading height={120} />
  ) : score.isError ? (
    isSchemeMissing(score.error) ? (
      <SchemeMissing error={score.error} year={year} />
    ) : (
      <ErrorState error={score.error} onRetry={() => void score.refetch()} />
    )
  ) : (
    <>
      <Typography.Paragraph type="secondary" style={{ marginTop: 0, fontSize: 13 }}>
        {score.data.schemeStatus === 'frozen'
          ? m.score.frozenNote(score.data.schemeVersion)
          : m.score.draftNote(score.data.schemeVersion)}
        {score.data.pendingEvidence ? ` ${m.score.pending(score.data.pendingEvidence)}` : ''}
      </Typography.Paragraph>
      <ScoreSummary score={score.data} />
      <ScoreBreakdown score={score.data} />
    </>
  );
  return (
    <>
      <Card size="small" title={m.score.title} style={{ marginBottom: 12 }} data-testid="my-score">
        {body}
      </Card>
      {score.data ? (
        <Card size="small" title={m.self.title} style={{ marginBottom: 12 }} data-testid="my-self">
          {self.isPending ? (
            <Loading height={120} />
          ) : self.isError ? (
            <ErrorState error={self.error} onRetry={() => void self.refetch()} />
          ) : (
            <SelfForm
              key={`${year}-${self.data.selfEvaluation?.updatedAt ?? 'none'}`}
              year={year}
              score={score.data}
              self={self.data.selfEvaluation}
            />
          )}
        </Card>
      ) : null}
    </>
  );
}

interface SelfValues {
  entries: Record<string, { score: number | null; statement: string }>;
  summary?: string;
}

/** One score and statement per aspect the member judges (the appraisal's are others' to judge). */
function SelfForm(props: { year: number; score: ScoreView; self: SelfEvaluationView | null }) {
  const aspects = props.score.aspects.filter((x) => x.source !== 'appraisal');
  const qc = useQueryClient();
  const [form] = Form.useForm<SelfValues>();
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: SelfValues) =>
      assessmentApi.putSelfEvaluation({
        year: props.year,
        entries: Object.fromEntries(
          aspects.map((x) => [
            x.key,
            { score: v.entries[x.key]?.score ?? 0, statement: (v.entries[x.key]?.statement ?? '').trim() },
          ]),
        ),
        summary: v.summary?.trim() ? v.summary.trim() : null,
      }),
    onSuccess: () => {
      showSuccess(m.self.saved);
      void qc.invalidateQueries({ queryKey: assessmentKeys.all });
    },
    onError: (e) => {
      const aliases = Object.fromEntries(aspects.map((x) => [`entries.${x.key}`, `entries.${x.key}.score`]));
      const rest = applyFieldErrors(form, e, aliases);
      if (rest.length || !isApiError(e) || !e.fields) showError(e);
    },
  });
  if (!aspects.length) return <Empty description={m.self.noAspects} />;
  const initial: SelfValues = {
    entries: Object.fromEntries(
      aspects.map((x) => [
        x.key,
        {
          score: props.self?.entries[x.key]?.score ?? null,
          statement: props.self?.entries[x.key]?.statement ?? '',
        },
      ]),
    ),
    summary: props.self?.summary ?? '',
  };
  return (
    <Form<SelfValues>
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={(v) => save.mutate(v)}
      data-testid="self-form"
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0, fontSize: 13 }}>
        {m.self.intro}
        {props.self ? ` ${m.self.submittedAt(formatDateTime(props.self.updatedAt))}` : ''}
      </Typography.Paragraph>
      {aspects.map((x) => (
        <Card size="small" type="inner" key={x.key} style={{ marginBottom: 8 }} data-testid={`self-${x.key}`}>
          <Flex justify="space-between" gap={8} wrap style={{ marginBottom: 8 }}>
            <Typography.Text strong>{x.name}</Typography.Text>
            <Typography.Text type="secondary">{m.self.verified(pts(x.points), pts(x.max))}</Typography.Text>
          </Flex>
          <Row gutter={12}>
            <Col xs={24} sm={8}>
              <Form.Item
                name={['entries', x.key, 'score']}
                label={m.self.score}
                rules={[{ required: true, message: m.self.scoreRequired }]}
              >
                <InputNumber min={0} max={x.max} step={0.5} style={{ width: '100%' }} suffix={a.unit} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={16}>
              <Form.Item
                name={['entries', x.key, 'statement']}
                label={m.self.statement}
                rules={[{ required: true, whitespace: true, message: m.self.statementRequired }]}
              >
                <Input.TextArea rows={2} maxLength={300} showCount />
              </Form.Item>
            </Col>
          </Row>
        </Card>
      ))}
      <Form.Item name="summary" label={m.self.summary}>
        <Input.TextArea rows={3} maxLength={1000} showCount />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="self-submit">
        {m.self.submit}
      </Button>
    </Form>
  );
}
