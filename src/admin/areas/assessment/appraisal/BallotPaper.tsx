import { useMemo, useState } from 'react';
import { Alert, Button, Card, Flex, InputNumber, Radio, Tag, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import type { AppraisalGrade } from '../../../../common/contracts/assessment';
import { showError } from '../../../shared/lib/feedback';
import { t } from '../../../locales';
import { appraisalApi, type CastAnswer, type PaperView } from './api';

const m = t.appraisal.mine;

/** Touch targets of at least 48 px (GB/T 37668, 适老化): two by two on a 375 px phone, four across wider. */
const GRADE_GRID = {
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fit, minmax(120px, 1fr))',
  gap: 8,
  width: '100%',
} as const;
const GRADE_BUTTON = {
  height: 48,
  lineHeight: '46px',
  textAlign: 'center' as const,
  paddingInline: 4,
  borderRadius: 8,
  borderInlineStartWidth: 1,
  fontSize: 16,
};

type Scores = Record<string, number | null>;

/**
 * The ballot paper of one round: every member appraised (the voter among them), one grade each —
 * or points per aspect in a 'scores' round; then a confirmation step that shows the paper back;
 * only "确认投出" sends it (confirm: true). The answer's receipt code goes to `onCast`.
 */
export function BallotPaper(props: { paper: PaperView; onCast: (answer: CastAnswer) => void }) {
  const p = props.paper;
  const [grades, setGrades] = useState<Record<string, AppraisalGrade>>({});
  const [scores, setScores] = useState<Record<string, Scores>>({});
  const [reviewing, setReviewing] = useState(false);
  const byScores = p.mode === 'scores';
  const filled = (id: string) =>
    byScores ? p.aspects.every((a) => typeof scores[id]?.[a.key] === 'number') : grades[id] !== undefined;
  const done = p.subjects.filter((s) => filled(s.personId)).length;
  const left = p.subjects.length - done;
  const qualified = p.grades.find((g) => g.key === 'qualified');
  // A park-wide paper names each member's branch; a branch's own paper need not.
  const showBranch = new Set(p.subjects.map((s) => s.branchName)).size > 1;

  const cast = useMutation({
    mutationFn: () =>
      appraisalApi.cast(p.roundId, {
        confirm: true,
        ballots: p.subjects.map((s) =>
          byScores
            ? {
                subjectId: s.personId,
                scores: Object.fromEntries(
                  p.aspects.map((a) => [a.key, scores[s.personId]![a.key] as number]),
                ),
              }
            : { subjectId: s.personId, grade: grades[s.personId]! },
        ),
      }),
    onSuccess: props.onCast,
    onError: (e) => {
      showError(e);
      setReviewing(false);
    },
  });

  const counts = useMemo(
    () => p.grades.map((g) => ({ ...g, n: Object.values(grades).filter((x) => x === g.key).length })),
    [p.grades, grades],
  );

  if (reviewing)
    return (
      <div data-testid="ballot-review">
        <Typography.Title level={2} style={{ fontSize: 18 }}>
          {m.reviewTitle}
        </Typography.Title>
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={m.reviewIntro} />
        {byScores ? null : (
          <Flex wrap gap={8} style={{ marginBottom: 12 }}>
            {counts.map((c) => (
              <Tag
                key={c.key}
                style={{ fontSize: 15, padding: '4px 10px' }}
                color={c.key === 'excellent' ? 'red' : undefined}
              >
                {m.reviewCount(c.label, c.n)}
              </Tag>
            ))}
          </Flex>
        )}
        <ol style={{ paddingInlineStart: 24, fontSize: 15, lineHeight: 1.9 }} data-testid="review-list">
          {p.subjects.map((s) => (
            <li key={s.personId}>
              {s.name}
              {s.self ? `（${m.self}）` : ''}：
              {byScores
                ? p.aspects.map((a) => `${a.name} ${scores[s.personId]?.[a.key]}`).join('，')
                : p.grades.find((g) => g.key === grades[s.personId])?.label}
            </li>
          ))}
        </ol>
        <Flex
          gap={12}
          wrap
          style={{
            position: 'sticky',
            bottom: 0,
            background: 'var(--ant-color-bg-container, #fff)',
            padding: '12px 0',
          }}
        >
          <Button size="large" style={{ minHeight: 48, flex: 1 }} onClick={() => setReviewing(false)}>
            {m.back}
          </Button>
          <Button
            size="large"
            type="primary"
            danger
            style={{ minHeight: 48, flex: 1 }}
            loading={cast.isPending}
            data-testid="ballot-cast"
            onClick={() => cast.mutate()}
          >
            {m.cast}
          </Button>
        </Flex>
      </div>
    );

  return (
    <div data-testid="ballot-paper">
      <Typography.Paragraph style={{ fontSize: 15 }}>
        {byScores ? m.introScores(p.subjects.length) : m.intro(p.subjects.length)}
      </Typography.Paragraph>
      <Flex vertical gap={8}>
        {p.subjects.map((s) => (
          <Card
            key={s.personId}
            size="small"
            data-testid="ballot-line"
            styles={{ body: { padding: 12 } }}
            style={
              filled(s.personId) ? undefined : { borderColor: 'var(--ant-color-warning-border, #ffd591)' }
            }
          >
            <div style={{ marginBottom: 8 }} id={`subject-${s.personId}`}>
              <Typography.Text strong style={{ fontSize: 16 }}>
                {s.name}
              </Typography.Text>
              {s.self ? (
                <Tag color="blue" style={{ marginInlineStart: 8 }}>
                  {m.self}
                </Tag>
              ) : null}
              {showBranch ? (
                <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 13 }}>
                  {s.branchName}
                </Typography.Text>
              ) : null}
            </div>
            {byScores ? (
              <Flex vertical gap={8}>
                {p.aspects.map((a) => (
                  <Flex key={a.key} align="center" justify="space-between" gap={8}>
                    <span style={{ fontSize: 15 }}>
                      {a.name}
                      <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 4 }}>
                        {m.points(a.max)}
                      </Typography.Text>
                    </span>
                    <InputNumber
                      size="large"
                      min={0}
                      max={a.max}
                      step={0.5}
                      inputMode="decimal"
                      style={{ width: 110 }}
                      aria-label={`${s.name} ${a.name}`}
                      value={scores[s.personId]?.[a.key] ?? null}
                      onChange={(v) =>
                        setScores((x) => ({ ...x, [s.personId]: { ...x[s.personId], [a.key]: v ?? null } }))
                      }
                    />
                  </Flex>
                ))}
              </Flex>
            ) : (
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                aria-labelledby={`subject-${s.personId}`}
                style={GRADE_GRID}
                value={grades[s.personId]}
                onChange={(e) => setGrades((g) => ({ ...g, [s.personId]: e.target.value as AppraisalGrade }))}
              >
                {p.grades.map((g) => (
                  <Radio.Button key={g.key} value={g.key} style={GRADE_BUTTON} data-grade={g.key}>
                    {g.label}
                  </Radio.Button>
                ))}
              </Radio.Group>
            )}
          </Card>
        ))}
      </Flex>
      <div
        style={{
          position: 'sticky',
          bottom: 0,
          background: 'var(--ant-color-bg-container, #fff)',
          padding: '12px 0',
          marginTop: 8,
          zIndex: 2,
        }}
      >
        <Flex wrap gap={8} align="center">
          <Typography.Text strong data-testid="ballot-progress" style={{ fontSize: 15 }}>
            {m.progress(done, p.subjects.length)}
          </Typography.Text>
          {!byScores && qualified && left > 0 ? (
            <Button
              size="large"
              style={{ minHeight: 48 }}
              onClick={() =>
                setGrades((g) =>
                  Object.fromEntries(p.subjects.map((s) => [s.personId, g[s.personId] ?? qualified.key])),
                )
              }
            >
              {m.fillRest(qualified.label)}
            </Button>
          ) : null}
          <Button
            size="large"
            type="primary"
            style={{ minHeight: 48, flex: 1, minWidth: 160 }}
            disabled={left > 0}
            data-testid="ballot-next"
            onClick={() => {
              setReviewing(true);
              window.scrollTo({ top: 0 });
            }}
          >
            {left > 0 ? m.incomplete(left) : m.next}
          </Button>
        </Flex>
      </div>
    </div>
  );
}
