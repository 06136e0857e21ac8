import { useState } from 'react';
import { Alert, Button, Card, Empty, Flex, Form, Input, Result, Space, Tag, Typography } from 'antd';
import { CopyOutlined, PrinterOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { usePermissions } from '../../../app/me';
import { Page } from '../../../shared/components/Page';
import { ErrorState, Loading } from '../../../shared/components/States';
import { showError, showSuccess } from '../../../shared/lib/feedback';
import { formatDateTime } from '../../../shared/lib/format';
import { t } from '../../../locales';
import { appraisalApi, appraisalKeys, type CastAnswer, type PaperView, type ReceiptAnswer } from './api';
import { BallotPaper } from './BallotPaper';

const a = t.appraisal;
const m = a.mine;
const STATE_COLOR = { open: 'orange', voted: 'green', excluded: 'default', missed: 'default' } as const;

/**
 * 我的评议票: the member's rounds — the ballot paper of each open round they may vote in, the
 * receipt once cast (shown once), a form to check a receipt, and after the committee's grading
 * their own grade and the round's 优秀 list. Built for a 375 px phone: cards, large buttons.
 */
export default function MyPapersPage() {
  const { me } = usePermissions();
  const papers = useQuery({
    queryKey: appraisalKeys.papers,
    queryFn: ({ signal }) => appraisalApi.papers(signal),
    enabled: !!me?.personId,
  });
  const head = (children: React.ReactNode) => (
    <Page title={m.title} subTitle={a.secrecy} testId="my-papers">
      {children}
    </Page>
  );
  if (!me?.personId) return head(<Empty description={m.noPerson} />);
  if (papers.isPending) return head(<Loading />);
  if (papers.isError) return head(<ErrorState error={papers.error} onRetry={() => void papers.refetch()} />);
  if (!papers.data.items.length) return head(<Empty description={m.empty} data-testid="my-papers-empty" />);
  return head(
    <Flex vertical gap={12}>
      {papers.data.items.map((p) => (
        <PaperCard key={p.roundId} paper={p} />
      ))}
    </Flex>,
  );
}

function PaperCard(props: { paper: PaperView }) {
  const p = props.paper;
  const qc = useQueryClient();
  const [cast, setCast] = useState<CastAnswer | null>(null);
  return (
    <Card
      data-testid={`paper-${p.roundId}`}
      title={
        <div style={{ whiteSpace: 'normal', padding: '8px 0' }}>
          <div style={{ fontSize: 16 }}>{p.title}</div>
          <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal' }}>
            {p.orgNodeName} · {p.modeLabel}
            {p.closesAt && p.status === 'open' ? ` · ${m.closesAt(formatDateTime(p.closesAt))}` : ''}
          </Typography.Text>
        </div>
      }
      extra={
        <Tag color={cast ? 'green' : STATE_COLOR[p.state]} data-testid="paper-state">
          {cast
            ? m.state.voted
            : p.status === 'finalized' && p.state !== 'open'
              ? a.status.finalized
              : m.state[p.state]}
        </Tag>
      }
    >
      {cast ? (
        <ReceiptView
          answer={cast}
          onDone={() => {
            setCast(null);
            void qc.invalidateQueries({ queryKey: appraisalKeys.all });
          }}
        />
      ) : p.state === 'open' ? (
        <BallotPaper paper={p} onCast={setCast} />
      ) : (
        <Flex vertical gap={12}>
          {p.state === 'excluded' ? (
            <Alert type="info" showIcon title={m.excluded(p.exclusion ?? '')} />
          ) : null}
          {p.state === 'missed' ? <Alert type="warning" showIcon title={m.missed} /> : null}
          {p.state === 'voted' ? <Alert type="success" showIcon title={m.voted} /> : null}
          {p.result ? <ResultBlock paper={p} /> : null}
          {p.state === 'voted' ? <ReceiptCheck roundId={p.roundId} /> : null}
        </Flex>
      )}
    </Card>
  );
}

/** The receipt code, once: large, copyable, printable. */
function ReceiptView(props: { answer: CastAnswer; onDone: () => void }) {
  const code = props.answer.receipt;
  return (
    <Result
      status="success"
      title={m.castTitle}
      style={{ padding: '16px 0' }}
      subTitle={m.receiptNote}
      extra={
        <Flex vertical gap={12} align="center">
          <Typography.Text type="secondary">{m.receipt}</Typography.Text>
          <Typography.Text
            data-testid="receipt-code"
            copyable={false}
            style={{
              fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
              fontSize: 18,
              letterSpacing: 1,
              wordBreak: 'break-all',
              padding: '8px 12px',
              border: '1px dashed #d9d9d9',
              borderRadius: 8,
            }}
          >
            {code}
          </Typography.Text>
          <Space wrap>
            <Button
              size="large"
              icon={<CopyOutlined />}
              onClick={() =>
                void navigator.clipboard?.writeText(code).then(
                  () => showSuccess(m.copied),
                  () => undefined,
                )
              }
            >
              {m.copy}
            </Button>
            <Button size="large" icon={<PrinterOutlined />} onClick={() => window.print()}>
              {m.print}
            </Button>
            <Button size="large" type="primary" onClick={props.onDone} data-testid="receipt-done">
              {m.done}
            </Button>
          </Space>
        </Flex>
      }
    />
  );
}

function ResultBlock(props: { paper: PaperView }) {
  const r = props.paper.result!;
  return (
    <div data-testid="paper-result">
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 0 }}>
        {m.result}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 15 }} data-testid="my-grade">
        {r.myGradeLabel ? m.myGrade(r.myGradeLabel) : m.notGraded}
      </Typography.Paragraph>
      <Typography.Text strong>{m.excellent}</Typography.Text>
      {r.excellent.length ? (
        <Flex wrap gap={8} style={{ marginTop: 8 }} data-testid="excellent-list">
          {r.excellent.map((x) => (
            <Tag key={`${x.name}-${x.branchName}`} color="red" style={{ fontSize: 14, padding: '2px 8px' }}>
              {x.name}
            </Tag>
          ))}
        </Flex>
      ) : (
        <Typography.Paragraph type="secondary">{m.noExcellent}</Typography.Paragraph>
      )}
    </div>
  );
}

/** Checks a receipt code: counted or not, and how many ballots the paper holds — never its content. */
export function ReceiptCheck(props: { roundId: string }) {
  const [answer, setAnswer] = useState<ReceiptAnswer | null>(null);
  const check = useMutation({
    mutationFn: (code: string) => appraisalApi.checkReceipt(props.roundId, code),
    onSuccess: setAnswer,
    onError: showError,
  });
  return (
    <div data-testid="receipt-check">
      <Typography.Text strong>{m.check}</Typography.Text>
      <Form
        layout="vertical"
        style={{ marginTop: 8 }}
        onFinish={(v: { code: string }) => check.mutate(v.code)}
        onValuesChange={() => setAnswer(null)}
      >
        <Flex gap={8} wrap>
          <Form.Item
            name="code"
            style={{ flex: 1, minWidth: 200, marginBottom: 8 }}
            rules={[{ required: true, whitespace: true, message: m.checkRequired }]}
          >
            <Input
              size="large"
              placeholder={m.checkPlaceholder}
              aria-label={m.check}
              autoComplete="off"
              maxLength={64}
              data-testid="receipt-input"
            />
          </Form.Item>
          <Button size="large" htmlType="submit" loading={check.isPending} data-testid="receipt-submit">
            {m.checkButton}
          </Button>
        </Flex>
      </Form>
      {answer ? (
        <Alert
          data-testid="receipt-answer"
          type={answer.counted ? 'success' : 'warning'}
          showIcon
          title={answer.counted ? m.counted(answer.ballots) : m.notCounted}
        />
      ) : null}
    </div>
  );
}
