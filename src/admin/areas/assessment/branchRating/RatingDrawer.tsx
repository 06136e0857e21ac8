import { useState } from 'react';
import {
  Alert,
  Button,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Space,
  Tag,
  Typography,
} from 'antd';
import { CrudModal } from '../../../shared/components/CrudModal';
import { formatDateTime } from '../../../shared/lib/format';
import { t } from '../../../locales';
import { pts } from '../api';
import { branchRatingApi, branchRatingKeys, type RatingView } from './api';
import { Stars, statusColor } from './Stars';

const r = t.branchRating;
const d = r.drawer;

type SelfValues = { entries: Record<string, { score: number; statement: string }> };
type RateValues = { entries: Record<string, { score: number; note?: string | null }> };

/**
 * One branch's year: per standard the computed figure (in words), the self score with its
 * statement and the final score with its note; the branch rates itself, the general branch rates
 * what the branch said (never before) and so publishes the stars.
 */
export function RatingDrawer(props: {
  rating: RatingView | null;
  canManage: boolean;
  year: number;
  onClose: () => void;
}) {
  const v = props.rating;
  const [mode, setMode] = useState<'self' | 'rate' | null>(null);
  return (
    <Drawer
      open={v !== null}
      onClose={props.onClose}
      size={760}
      destroyOnHidden
      title={v ? d.title(v.branchName, v.year) : null}
      data-testid="rating-drawer"
    >
      {v ? (
        <>
          <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }}>
            <Tag color={statusColor[v.status]}>{r.status[v.status]}</Tag>
            <Stars n={v.stars} />
            <Typography.Text type="secondary">{d.computedTotal(pts(v.computedTotal))}</Typography.Text>
            {v.selfTotal !== null ? <Typography.Text>{d.selfTotal(pts(v.selfTotal))}</Typography.Text> : null}
            {v.finalTotal !== null ? (
              <Typography.Text strong data-testid="drawer-final-total">
                {d.finalTotal(pts(v.finalTotal))}
              </Typography.Text>
            ) : null}
          </Flex>
          {v.status === 'rated' ? (
            <Alert
              type="success"
              showIcon
              style={{ marginBottom: 12 }}
              title={d.published}
              description={v.figuresAsOf ? d.snapshot(formatDateTime(v.figuresAsOf)) : undefined}
            />
          ) : null}
          {v.status === 'draft' && props.canManage ? (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={d.waitingSelf} />
          ) : null}
          {v.standards.map((s) => (
            <Descriptions
              key={s.key}
              size="small"
              bordered
              column={1}
              style={{ marginBottom: 12 }}
              title={`${s.name}（${d.max(s.max)}）`}
              items={[
                {
                  key: 'computed',
                  label: d.computed,
                  children: s.computed ? (
                    <>
                      <strong>{pts(s.computed.points)}</strong>
                      <Typography.Text type="secondary"> · {s.computed.detail}</Typography.Text>
                    </>
                  ) : (
                    <Typography.Text type="secondary">
                      {s.source === 'manual' ? r.manualNote : d.noFigure}
                    </Typography.Text>
                  ),
                },
                {
                  key: 'self',
                  label: d.selfScore,
                  children:
                    s.selfScore !== null ? (
                      <>
                        <strong>{pts(s.selfScore)}</strong>
                        {s.statement ? <div style={{ whiteSpace: 'pre-wrap' }}>{s.statement}</div> : null}
                      </>
                    ) : (
                      '—'
                    ),
                },
                {
                  key: 'final',
                  label: d.finalScore,
                  children:
                    s.finalScore !== null ? (
                      <>
                        <strong>{pts(s.finalScore)}</strong>
                        {s.note ? <div style={{ whiteSpace: 'pre-wrap' }}>{s.note}</div> : null}
                      </>
                    ) : (
                      '—'
                    ),
                },
              ]}
            />
          ))}
          <Space wrap>
            {v.canSelfRate ? (
              <Button
                type={v.status === 'draft' ? 'primary' : 'default'}
                onClick={() => setMode('self')}
                data-testid="self-rate-open"
              >
                {v.status === 'draft' ? d.selfSubmit : d.selfResubmit}
              </Button>
            ) : null}
            {v.canRate ? (
              <Button type="primary" onClick={() => setMode('rate')} data-testid="rate-open">
                {v.status === 'rated' ? d.rerate : d.rateSubmit}
              </Button>
            ) : null}
          </Space>
          <CrudModal<SelfValues>
            open={mode === 'self'}
            title={`${d.selfTitle} · ${v.branchName}`}
            okText={d.selfSubmit}
            successText={d.selfDone}
            invalidate={[branchRatingKeys.all]}
            onClose={() => setMode(null)}
            width={640}
            testId="self-rate-modal"
            initialValues={{
              entries: Object.fromEntries(
                v.standards.map((s) => [
                  s.key,
                  {
                    score: s.selfScore ?? (s.computed ? s.computed.points : undefined),
                    statement: s.statement ?? '',
                  },
                ]),
              ) as SelfValues['entries'],
            }}
            submit={(values) =>
              branchRatingApi.selfRate(v.branchId, { year: props.year, entries: values.entries })
            }
          >
            {v.standards.map((s) => (
              <div key={s.key} data-testid={`self-${s.key}`}>
                <Typography.Text strong>
                  {s.name}（{d.max(s.max)}）
                </Typography.Text>
                {s.computed ? (
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13 }}>
                    {d.computed} {pts(s.computed.points)} · {s.computed.detail}
                  </Typography.Text>
                ) : null}
                <Form.Item
                  name={['entries', s.key, 'score']}
                  label={d.selfScore}
                  rules={[{ required: true, message: d.scoreRequired }]}
                >
                  <InputNumber
                    min={0}
                    max={s.max}
                    step={0.5}
                    precision={1}
                    data-testid={`self-score-${s.key}`}
                  />
                </Form.Item>
                <Form.Item
                  name={['entries', s.key, 'statement']}
                  label={d.statement}
                  rules={[{ required: true, whitespace: true, message: d.statementRequired }]}
                >
                  <Input.TextArea rows={2} maxLength={500} data-testid={`self-statement-${s.key}`} />
                </Form.Item>
              </div>
            ))}
          </CrudModal>
          <CrudModal<RateValues>
            open={mode === 'rate'}
            title={`${d.rateTitle} · ${v.branchName}`}
            okText={d.rateSubmit}
            successText={d.rated}
            invalidate={[branchRatingKeys.all]}
            onClose={() => setMode(null)}
            width={640}
            testId="rate-modal"
            initialValues={{
              entries: Object.fromEntries(
                v.standards.map((s) => [
                  s.key,
                  {
                    score: s.finalScore ?? s.computed?.points ?? s.selfScore ?? undefined,
                    note: s.note ?? '',
                  },
                ]),
              ) as RateValues['entries'],
            }}
            submit={(values) =>
              branchRatingApi.rate(v.branchId, {
                year: props.year,
                entries: Object.fromEntries(
                  Object.entries(values.entries).map(([k, e]) => [
                    k,
                    { score: e.score, note: e.note || null },
                  ]),
                ),
              })
            }
          >
            {v.standards.map((s) => (
              <div key={s.key} data-testid={`rate-${s.key}`}>
                <Typography.Text strong>
                  {s.name}（{d.max(s.max)}）
                </Typography.Text>
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13 }}>
                  {d.computed}{' '}
                  {s.computed ? `${pts(s.computed.points)} · ${s.computed.detail}` : r.sources.manual}
                  {s.selfScore !== null ? ` ｜ ${d.selfScore} ${pts(s.selfScore)}` : ''}
                </Typography.Text>
                <Form.Item
                  name={['entries', s.key, 'score']}
                  label={d.finalScore}
                  rules={[{ required: true, message: d.scoreRequired }]}
                >
                  <InputNumber
                    min={0}
                    max={s.max}
                    step={0.5}
                    precision={1}
                    data-testid={`rate-score-${s.key}`}
                  />
                </Form.Item>
                <Form.Item name={['entries', s.key, 'note']} label={d.note}>
                  <Input.TextArea rows={1} maxLength={500} />
                </Form.Item>
              </div>
            ))}
          </CrudModal>
        </>
      ) : null}
    </Drawer>
  );
}
