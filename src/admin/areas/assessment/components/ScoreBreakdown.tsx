import { Alert, Card, Col, Flex, Row, Statistic, Tag, Typography } from 'antd';
import { t } from '../../../locales';
import { pts, type AspectScore, type ScoreView } from '../api';

const a = t.assessment;
const b = a.breakdown;

/** The total, the band and a veto of the whole record. */
export function ScoreSummary(props: { score: ScoreView }) {
  const s = props.score;
  return (
    <>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={8}>
          <Card size="small" data-testid="score-total">
            <Statistic title={a.mine.score.total} value={pts(s.total)} suffix={a.unit} />
          </Card>
        </Col>
        <Col xs={12} md={8}>
          <Card size="small" data-testid="score-band">
            <Statistic title={a.mine.score.band} value={s.band} />
          </Card>
        </Col>
      </Row>
      {s.vetoed ? (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={b.totalVetoed(s.vetoed)} />
      ) : null}
    </>
  );
}

function AspectRecord(props: { aspect: AspectScore; appraisalValue: number | null }) {
  const x = props.aspect;
  return (
    <>
      <Flex justify="space-between" align="baseline" gap={8} wrap>
        <Typography.Text strong>
          {x.name} <Tag style={{ marginInlineStart: 4 }}>{a.sources[x.source]}</Tag>
        </Typography.Text>
        <Typography.Text strong data-testid="aspect-points">
          {a.outOf(pts(x.points), pts(x.max))}
        </Typography.Text>
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {[b.base(pts(x.base)), b.bonus(pts(x.bonus)), b.deductions(pts(x.deductions))].join('，')}
      </Typography.Text>
      {x.vetoed ? <Alert type="error" showIcon style={{ marginTop: 6 }} title={b.vetoed(x.vetoed)} /> : null}
      {x.source === 'appraisal' && !x.items.length ? (
        <div style={{ fontSize: 13, marginTop: 4 }}>
          {props.appraisalValue === null ? b.appraisalPending : b.appraisalValue(pts(props.appraisalValue))}
        </div>
      ) : null}
      {x.items.length ? (
        <Flex vertical gap={4} style={{ marginTop: 6 }}>
          {x.items.map((i, n) => (
            <div
              key={i.evidenceId ?? `${i.title}-${n}`}
              data-testid="score-item"
              style={{ fontSize: 13, borderInlineStart: '2px solid #f0f0f0', paddingInlineStart: 8 }}
            >
              <Flex justify="space-between" gap={8}>
                <span style={{ overflowWrap: 'anywhere', minWidth: 0 }} data-testid="score-item-title">
                  {i.title}
                </span>
                <span style={{ whiteSpace: 'nowrap' }} data-testid="score-item-points">
                  {a.points(pts(i.points))}
                  {i.capped ? (
                    <Tag color="orange" style={{ marginInlineStart: 4 }}>
                      {b.capped}
                    </Tag>
                  ) : null}
                </span>
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="score-item-rule">
                {i.rule}
              </Typography.Text>
            </div>
          ))}
        </Flex>
      ) : x.source !== 'appraisal' ? (
        <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)', marginTop: 4 }}>{b.noItems}</div>
      ) : null}
    </>
  );
}

/**
 * Each aspect's points out of its maximum with the items that gave them and the worded rule of
 * each (so the member can follow the score), vetoes, and — for a reviewer — the member's own
 * score and statement beside the verified record.
 */
export function ScoreBreakdown(props: { score: ScoreView; withSelf?: boolean }) {
  const s = props.score;
  return (
    <Flex vertical gap={8} data-testid="score-breakdown">
      {s.aspects.map((x) => (
        <Card size="small" key={x.key} data-testid={`aspect-${x.key}`}>
          {props.withSelf ? (
            <Row gutter={[16, 8]}>
              <Col xs={24} md={14}>
                <AspectRecord aspect={x} appraisalValue={s.appraisalValue} />
              </Col>
              <Col xs={24} md={10} data-testid="aspect-self">
                <Typography.Text type="secondary">{b.self}：</Typography.Text>
                {x.selfScore === null ? (
                  <Typography.Text type="secondary">{b.noSelf}</Typography.Text>
                ) : (
                  <>
                    <Typography.Text strong>{a.points(pts(x.selfScore))}</Typography.Text>
                    <Typography.Paragraph style={{ marginBottom: 0, fontSize: 13, whiteSpace: 'pre-wrap' }}>
                      {x.selfStatement}
                    </Typography.Paragraph>
                  </>
                )}
              </Col>
            </Row>
          ) : (
            <AspectRecord aspect={x} appraisalValue={s.appraisalValue} />
          )}
        </Card>
      ))}
    </Flex>
  );
}
