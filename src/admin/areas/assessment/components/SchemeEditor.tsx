import type { ReactNode } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { FormInstance } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { t } from '../../../locales';
import {
  APPRAISAL_GRADES,
  ASPECT_SOURCES,
  EVIDENCE_KINDS,
  EVIDENCE_REQUIREMENTS,
  LEVELS,
  RANKS,
  pts,
  type EvidenceKind,
  type SchemeAspect,
  type SchemeConfig,
  type ScoringRule,
} from '../api';

const a = t.assessment;
const s = a.scheme;

/** The editor's values: the config as the contract has it, but a veto of the total is '' (a Select holds no null). */
export interface SchemeFormValues {
  name: string;
  config: Omit<SchemeConfig, 'vetoes'> & {
    vetoes: { kind: 'duesArrears'; months: number; aspect: string }[];
  };
}

export const toFormValues = (name: string, c: SchemeConfig): SchemeFormValues => ({
  name,
  config: { ...c, vetoes: c.vetoes.map((v) => ({ ...v, aspect: v.aspect ?? '' })) },
});

const num = (v: number | null | undefined) => (v === undefined || v === null ? null : v);
/** A record of optional numbers without the empty ones; undefined when none is left. */
function filled<K extends string>(r: Partial<Record<K, number | null>> | undefined) {
  if (!r) return undefined;
  const out = Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null && v !== undefined));
  return Object.keys(out).length ? (out as Partial<Record<K, number>>) : undefined;
}

/** The editor's values as the contract's config: empty inputs dropped, a total veto back to null. */
export function toConfig(v: SchemeFormValues): SchemeConfig {
  const c = v.config;
  return {
    ...c,
    aspects: c.aspects.map((x) => ({
      ...x,
      description: x.description?.trim() ? x.description.trim() : null,
    })),
    rules: (c.rules ?? []).map((r): ScoringRule => {
      const passRate = (r.byPassRate ?? []).filter((b) => b && b.min !== null && b.points !== null);
      return {
        kind: r.kind,
        aspect: r.aspect,
        fixed: num(r.fixed),
        byLevel: filled(r.byLevel),
        byRankPercent: filled(r.byRankPercent),
        byPassRate: passRate.length ? passRate : undefined,
        perStudent: r.perStudent ? true : undefined,
        itemCap: num(r.itemCap),
        cap: num(r.cap),
      };
    }),
    vetoes: (c.vetoes ?? []).map((x) => ({
      kind: 'duesArrears',
      months: x.months,
      aspect: x.aspect || null,
    })),
  };
}

/** The sum of the maxima in tenths, so 0.1 + 0.2 adds up. */
const maxSum = (aspects: Partial<SchemeAspect>[] | undefined) =>
  (aspects ?? []).reduce((sum, x) => sum + Math.round((Number(x?.max) || 0) * 10), 0) / 10;

const cell = { style: { marginBottom: 0 } };
const required = [{ required: true, message: s.required }];

function Section(props: {
  title: string;
  hint?: string;
  extra?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Card
      size="small"
      title={props.title}
      extra={props.extra}
      style={{ marginBottom: 12 }}
      data-testid={props.testId}
    >
      {props.hint ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 0, fontSize: 13 }}>
          {props.hint}
        </Typography.Paragraph>
      ) : null}
      {props.children}
    </Card>
  );
}

/**
 * The scheme as a form: aspects (with the running sum of maxima), one scoring rule per kind of
 * evidence, vetoes, bands, the appraisal's grades and 优秀 cap, dedication points, 公示 days and
 * the withdrawal line. Read-only (`editable` false) it is the same form, disabled. The names of the
 * inputs are the contract's paths (`config.aspects.0.base`), so the server's `fields` land on them.
 */
export function SchemeEditor(props: {
  form: FormInstance<SchemeFormValues>;
  initial: SchemeFormValues;
  editable: boolean;
  onChange?: () => void;
  onFinish?: () => void;
}) {
  const { form, editable } = props;
  const aspects = Form.useWatch(['config', 'aspects'], form) as Partial<SchemeAspect>[] | undefined;
  const rules = Form.useWatch(['config', 'rules'], form) as Partial<ScoringRule>[] | undefined;
  const sum = maxSum(aspects ?? props.initial.config.aspects);
  const aspectOptions = (aspects ?? props.initial.config.aspects)
    .filter((x) => x && x.key)
    .map((x) => ({ value: x.key!, label: `${x.name || x.key}（${x.key}）`, source: x.source }));
  const evidenceAspects = aspectOptions.filter((o) => o.source === 'evidence');
  const removeButton = (label: string, onClick: () => void) =>
    editable ? (
      <Button
        type="text"
        danger
        icon={<DeleteOutlined />}
        aria-label={label}
        title={label}
        onClick={onClick}
      />
    ) : null;

  return (
    <Form<SchemeFormValues>
      form={form}
      layout="vertical"
      disabled={!editable}
      initialValues={props.initial}
      onValuesChange={props.onChange}
      onFinish={props.onFinish}
      data-testid="scheme-form"
    >
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form.Item
          name="name"
          label={s.name}
          rules={[{ required: true, whitespace: true, message: s.nameRequired }]}
          style={{ marginBottom: 0, maxWidth: 480 }}
        >
          <Input maxLength={60} data-testid="scheme-name" />
        </Form.Item>
      </Card>

      <Section
        title={s.sections.aspects}
        hint={s.aspectsHint}
        testId="scheme-aspects"
        extra={
          <Tag color={Math.round(sum * 10) === 1000 ? 'green' : 'red'} data-testid="scheme-sum">
            {Math.round(sum * 10) === 1000 ? s.sum(pts(sum)) : s.sumWrong(pts(sum))}
          </Tag>
        }
      >
        <Form.List name={['config', 'aspects']}>
          {(fields, { add, remove }, { errors }) => (
            <>
              <Table
                size="small"
                pagination={false}
                rowKey="key"
                dataSource={fields}
                scroll={{ x: 'max-content' }}
                columns={[
                  {
                    title: s.aspect.key,
                    key: 'key',
                    render: (_: unknown, f) => (
                      <Form.Item
                        name={[f.name, 'key']}
                        rules={[{ required: true, message: s.aspect.keyRequired }]}
                        {...cell}
                      >
                        <Input
                          aria-label={s.aspect.key}
                          placeholder={s.aspect.keyHint}
                          style={{ width: 140 }}
                          maxLength={32}
                        />
                      </Form.Item>
                    ),
                  },
                  {
                    title: s.aspect.name,
                    key: 'name',
                    render: (_: unknown, f) => (
                      <Form.Item
                        name={[f.name, 'name']}
                        rules={[{ required: true, whitespace: true, message: s.aspect.nameRequired }]}
                        {...cell}
                      >
                        <Input aria-label={s.aspect.name} style={{ width: 140 }} maxLength={20} />
                      </Form.Item>
                    ),
                  },
                  {
                    title: s.aspect.max,
                    key: 'max',
                    render: (_: unknown, f) => (
                      <Form.Item name={[f.name, 'max']} rules={required} {...cell}>
                        <InputNumber
                          aria-label={s.aspect.max}
                          min={0}
                          max={100}
                          step={0.5}
                          style={{ width: 90 }}
                          data-testid={`aspect-max-${f.name}`}
                        />
                      </Form.Item>
                    ),
                  },
                  {
                    title: s.aspect.base,
                    key: 'base',
                    render: (_: unknown, f) => (
                      <Form.Item name={[f.name, 'base']} rules={required} {...cell}>
                        <InputNumber
                          aria-label={s.aspect.base}
                          min={0}
                          max={100}
                          step={0.5}
                          style={{ width: 90 }}
                        />
                      </Form.Item>
                    ),
                  },
                  {
                    title: s.aspect.source,
                    key: 'source',
                    render: (_: unknown, f) => (
                      <Form.Item name={[f.name, 'source']} rules={required} {...cell}>
                        <Select
                          aria-label={s.aspect.source}
                          style={{ width: 120 }}
                          options={ASPECT_SOURCES.map((x) => ({ value: x, label: a.sources[x] }))}
                        />
                      </Form.Item>
                    ),
                  },
                  {
                    title: s.aspect.description,
                    key: 'description',
                    render: (_: unknown, f) => (
                      <Form.Item name={[f.name, 'description']} {...cell}>
                        <Input aria-label={s.aspect.description} style={{ width: 200 }} maxLength={200} />
                      </Form.Item>
                    ),
                  },
                  {
                    title: '',
                    key: 'remove',
                    render: (_: unknown, f) => removeButton(s.aspect.remove, () => remove(f.name)),
                  },
                ]}
              />
              <ListErrors errors={errors} />
              {editable ? (
                <Button
                  icon={<PlusOutlined />}
                  style={{ marginTop: 8 }}
                  onClick={() =>
                    add({ key: '', name: '', max: 0, base: 0, source: 'evidence', description: null })
                  }
                >
                  {s.aspect.add}
                </Button>
              ) : null}
            </>
          )}
        </Form.List>
      </Section>

      <Section title={s.sections.rules} hint={s.rulesHint} testId="scheme-rules">
        <Form.List name={['config', 'rules']}>
          {(fields, { add, remove }, { errors }) => {
            const used = new Set((rules ?? []).map((r) => r?.kind).filter(Boolean) as EvidenceKind[]);
            const free = EVIDENCE_KINDS.filter((k) => !used.has(k));
            return (
              <>
                {fields.map((f) => {
                  const r = rules?.[f.name] ?? props.initial.config.rules[f.name];
                  const kind = r?.kind;
                  const req = kind ? EVIDENCE_REQUIREMENTS[kind] : null;
                  const isDeduction = kind === 'deduction';
                  const showRank = (req?.rank ?? false) || Boolean(filledAny(r?.byRankPercent));
                  const showPassRate = (req?.passRate ?? false) || Boolean(r?.byPassRate?.length);
                  const showPerStudent = (req?.students ?? false) || Boolean(r?.perStudent);
                  return (
                    <Card
                      key={f.key}
                      size="small"
                      type="inner"
                      style={{ marginBottom: 8 }}
                      data-testid={`rule-${kind ?? f.name}`}
                      title={
                        <Flex gap={8} wrap align="center" style={{ padding: '4px 0' }}>
                          <Form.Item name={[f.name, 'kind']} rules={required} {...cell}>
                            <Select
                              aria-label={s.rule.kind}
                              style={{ width: 150 }}
                              options={EVIDENCE_KINDS.map((k) => ({
                                value: k,
                                label: a.kinds[k],
                                disabled: k !== kind && used.has(k),
                              }))}
                            />
                          </Form.Item>
                          <Typography.Text type="secondary">→</Typography.Text>
                          <Form.Item
                            name={[f.name, 'aspect']}
                            rules={[{ required: true, message: s.rule.aspectRequired }]}
                            {...cell}
                          >
                            <Select
                              aria-label={s.rule.aspect}
                              style={{ width: 190 }}
                              options={evidenceAspects}
                              placeholder={s.rule.aspect}
                            />
                          </Form.Item>
                        </Flex>
                      }
                      extra={removeButton(s.rule.remove, () => remove(f.name))}
                    >
                      {isDeduction ? (
                        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
                          {s.rule.deductionHint}
                        </Typography.Paragraph>
                      ) : (
                        <>
                          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                            {s.rule.byLevel}
                          </Typography.Text>
                          <Flex gap={8} wrap style={{ marginBottom: 8 }}>
                            {LEVELS.map((l) => (
                              <Form.Item key={l} name={[f.name, 'byLevel', l]} label={a.levels[l]} {...cell}>
                                <InputNumber
                                  min={0}
                                  max={100}
                                  step={0.5}
                                  style={{ width: 96 }}
                                  data-testid={`rule-${kind}-level-${l}`}
                                />
                              </Form.Item>
                            ))}
                          </Flex>
                          {showRank ? (
                            <>
                              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                                {s.rule.byRankPercent}
                              </Typography.Text>
                              <Flex gap={8} wrap style={{ marginBottom: 8 }}>
                                {RANKS.map((x) => (
                                  <Form.Item
                                    key={x}
                                    name={[f.name, 'byRankPercent', x]}
                                    label={a.ranks[x]}
                                    {...cell}
                                  >
                                    <InputNumber
                                      min={0}
                                      max={100}
                                      step={5}
                                      style={{ width: 96 }}
                                      suffix="%"
                                    />
                                  </Form.Item>
                                ))}
                              </Flex>
                            </>
                          ) : null}
                          {showPassRate ? (
                            <Form.List name={[f.name, 'byPassRate']}>
                              {(bands, ops) => (
                                <div style={{ marginBottom: 8 }}>
                                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                                    {s.rule.byPassRate}
                                  </Typography.Text>
                                  {bands.map((band) => (
                                    <Flex
                                      key={band.key}
                                      gap={8}
                                      wrap
                                      align="flex-end"
                                      style={{ marginBottom: 4 }}
                                    >
                                      <Form.Item
                                        name={[band.name, 'min']}
                                        label={s.rule.passRateMin}
                                        rules={required}
                                        {...cell}
                                      >
                                        <InputNumber min={0} max={100} style={{ width: 110 }} />
                                      </Form.Item>
                                      <Form.Item
                                        name={[band.name, 'points']}
                                        label={s.rule.passRatePoints}
                                        rules={required}
                                        {...cell}
                                      >
                                        <InputNumber min={0} max={100} step={0.5} style={{ width: 96 }} />
                                      </Form.Item>
                                      {removeButton(s.band.remove, () => ops.remove(band.name))}
                                    </Flex>
                                  ))}
                                  {editable ? (
                                    <Button
                                      size="small"
                                      icon={<PlusOutlined />}
                                      onClick={() => ops.add({ min: 0, points: 0 })}
                                    >
                                      {s.rule.addPassRate}
                                    </Button>
                                  ) : null}
                                </div>
                              )}
                            </Form.List>
                          ) : null}
                        </>
                      )}
                      <Flex gap={8} wrap>
                        {isDeduction ? null : (
                          <Form.Item
                            name={[f.name, 'fixed']}
                            label={s.rule.fixed}
                            tooltip={s.rule.fixedHint}
                            {...cell}
                          >
                            <InputNumber min={0} max={100} step={0.5} style={{ width: 110 }} />
                          </Form.Item>
                        )}
                        <Form.Item name={[f.name, 'itemCap']} label={s.rule.itemCap} {...cell}>
                          <InputNumber min={0} max={100} step={0.5} style={{ width: 110 }} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'cap']} label={s.rule.cap} {...cell}>
                          <InputNumber min={0} max={100} step={0.5} style={{ width: 110 }} />
                        </Form.Item>
                        {showPerStudent && !isDeduction ? (
                          <Form.Item
                            name={[f.name, 'perStudent']}
                            label={s.rule.perStudent}
                            valuePropName="checked"
                            {...cell}
                          >
                            <Switch />
                          </Form.Item>
                        ) : null}
                      </Flex>
                    </Card>
                  );
                })}
                <ListErrors errors={errors} />
                {editable ? (
                  <Button
                    icon={<PlusOutlined />}
                    disabled={!free.length}
                    title={free.length ? undefined : s.rule.allKindsUsed}
                    onClick={() =>
                      add({
                        kind: free[0],
                        aspect: evidenceAspects[0]?.value,
                        fixed: null,
                        itemCap: null,
                        cap: null,
                      })
                    }
                  >
                    {s.rule.add}
                  </Button>
                ) : null}
              </>
            );
          }}
        </Form.List>
      </Section>

      <Row gutter={12}>
        <Col xs={24} lg={12}>
          <Section title={s.sections.vetoes} hint={s.vetoesHint} testId="scheme-vetoes">
            <Form.List name={['config', 'vetoes']}>
              {(fields, { add, remove }, { errors }) => (
                <>
                  <Table
                    size="small"
                    pagination={false}
                    rowKey="key"
                    dataSource={fields}
                    scroll={{ x: 'max-content' }}
                    locale={{ emptyText: <Empty description={s.veto.none} /> }}
                    columns={[
                      {
                        title: s.veto.months,
                        key: 'months',
                        render: (_: unknown, f) => (
                          <Form.Item name={[f.name, 'months']} rules={required} {...cell}>
                            <InputNumber aria-label={s.veto.months} min={1} max={12} style={{ width: 90 }} />
                          </Form.Item>
                        ),
                      },
                      {
                        title: s.veto.aspect,
                        key: 'aspect',
                        render: (_: unknown, f) => (
                          <Form.Item name={[f.name, 'aspect']} {...cell}>
                            <Select
                              aria-label={s.veto.aspect}
                              style={{ width: 200 }}
                              options={[{ value: '', label: s.veto.total }, ...aspectOptions]}
                            />
                          </Form.Item>
                        ),
                      },
                      {
                        title: '',
                        key: 'remove',
                        render: (_: unknown, f) => removeButton(s.veto.remove, () => remove(f.name)),
                      },
                    ]}
                  />
                  <ListErrors errors={errors} />
                  {editable ? (
                    <Button
                      icon={<PlusOutlined />}
                      style={{ marginTop: 8 }}
                      onClick={() => add({ kind: 'duesArrears', months: 6, aspect: '' })}
                    >
                      {s.veto.add}
                    </Button>
                  ) : null}
                </>
              )}
            </Form.List>
          </Section>
        </Col>
        <Col xs={24} lg={12}>
          <Section title={s.sections.bands} hint={s.bandsHint} testId="scheme-bands">
            <Form.List name={['config', 'bands']}>
              {(fields, { add, remove }, { errors }) => (
                <>
                  <Table
                    size="small"
                    pagination={false}
                    rowKey="key"
                    dataSource={fields}
                    scroll={{ x: 'max-content' }}
                    locale={{ emptyText: <Empty description={s.band.none} /> }}
                    columns={[
                      {
                        title: s.band.label,
                        key: 'label',
                        render: (_: unknown, f) => (
                          <Form.Item
                            name={[f.name, 'label']}
                            rules={[{ required: true, whitespace: true, message: s.band.labelRequired }]}
                            {...cell}
                          >
                            <Input aria-label={s.band.label} style={{ width: 120 }} maxLength={10} />
                          </Form.Item>
                        ),
                      },
                      {
                        title: s.band.min,
                        key: 'min',
                        render: (_: unknown, f) => (
                          <Form.Item name={[f.name, 'min']} rules={required} {...cell}>
                            <InputNumber
                              aria-label={s.band.min}
                              min={0}
                              max={100}
                              step={0.5}
                              style={{ width: 100 }}
                            />
                          </Form.Item>
                        ),
                      },
                      {
                        title: '',
                        key: 'remove',
                        render: (_: unknown, f) => removeButton(s.band.remove, () => remove(f.name)),
                      },
                    ]}
                  />
                  <ListErrors errors={errors} />
                  {editable ? (
                    <Button
                      icon={<PlusOutlined />}
                      style={{ marginTop: 8 }}
                      onClick={() => add({ label: '', min: 0 })}
                    >
                      {s.band.add}
                    </Button>
                  ) : null}
                </>
              )}
            </Form.List>
          </Section>
        </Col>
      </Row>

      <Section title={s.sections.appraisal} hint={s.appraisalHint} testId="scheme-appraisal">
        <Form.List name={['config', 'appraisal', 'grades']}>
          {(fields, _ops, { errors }) => (
            <>
              <Row gutter={12}>
                {fields.map((f) => {
                  const key = props.initial.config.appraisal.grades[f.name]?.key ?? APPRAISAL_GRADES[f.name];
                  return (
                    <Col xs={12} md={6} key={f.key}>
                      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                        {key ? a.gradeKeys[key] : ''}
                      </Typography.Text>
                      <Flex gap={8}>
                        <Form.Item name={[f.name, 'label']} label={s.grade.label} rules={required}>
                          <Input maxLength={10} style={{ width: 90 }} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'value']} label={s.grade.value} rules={required}>
                          <InputNumber min={0} max={100} step={0.5} style={{ width: 80 }} />
                        </Form.Item>
                      </Flex>
                    </Col>
                  );
                })}
              </Row>
              <ListErrors errors={errors} />
            </>
          )}
        </Form.List>
        <Flex gap={16} wrap align="flex-end">
          <Form.Item label={s.excellentCap} style={{ marginBottom: 0 }}>
            <Flex gap={6} align="center">
              <Form.Item
                name={['config', 'appraisal', 'excellentCap', 'denominator']}
                rules={required}
                noStyle
              >
                <InputNumber min={1} max={100} style={{ width: 70 }} aria-label={s.excellentCapDenominator} />
              </Form.Item>
              <span>{s.excellentCapOf}</span>
              <Form.Item name={['config', 'appraisal', 'excellentCap', 'numerator']} rules={required} noStyle>
                <InputNumber min={1} max={100} style={{ width: 70 }} aria-label={s.excellentCapNumerator} />
              </Form.Item>
            </Flex>
          </Form.Item>
          <Form.Item name={['config', 'appraisal', 'mode']} label={s.mode} style={{ marginBottom: 0 }}>
            <Select
              style={{ width: 160 }}
              options={(['grades', 'scores'] as const).map((m) => ({ value: m, label: s.modes[m] }))}
            />
          </Form.Item>
        </Flex>
      </Section>

      <Row gutter={12}>
        <Col xs={24} lg={12}>
          <Section title={s.sections.dedication} testId="scheme-dedication">
            <Flex gap={12} wrap>
              {(['perHomeVisit', 'perEnterpriseVisit', 'perServiceHour'] as const).map((k) => (
                <Form.Item
                  key={k}
                  name={['config', 'dedication', k]}
                  label={s.dedication[k]}
                  rules={required}
                >
                  <InputNumber min={0} max={100} step={0.5} style={{ width: 110 }} suffix={a.unit} />
                </Form.Item>
              ))}
            </Flex>
          </Section>
        </Col>
        <Col xs={24} lg={12}>
          <Section title={s.sections.other} testId="scheme-other">
            <Flex gap={12} wrap>
              <Form.Item
                name={['config', 'publicityWorkingDays']}
                label={s.publicityWorkingDays}
                rules={required}
              >
                <InputNumber min={1} max={30} style={{ width: 120 }} />
              </Form.Item>
              <Form.Item name={['config', 'withdrawalLine']} label={s.withdrawalLine} rules={required}>
                <InputNumber min={0} max={100} step={0.5} style={{ width: 120 }} />
              </Form.Item>
            </Flex>
          </Section>
        </Col>
      </Row>
    </Form>
  );
}

/** A list's own errors (the sum of maxima, a missing grade), in the form's error style. */
function ListErrors(props: { errors: ReactNode[] }) {
  if (!props.errors.length) return null;
  return (
    <Form.Item style={{ marginBottom: 0 }}>
      <Form.ErrorList errors={props.errors} />
    </Form.Item>
  );
}

const filledAny = (r: Partial<Record<string, number | null>> | undefined) =>
  r ? Object.values(r).some((v) => v !== null && v !== undefined) : false;

/** The messages of the server's `fields` that no input showed (e.g. a whole rule), listed above the form. */
export function UnplacedErrors(props: { messages: string[] }) {
  if (!props.messages.length) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      title={s.invalid}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {props.messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      }
      data-testid="scheme-errors"
    />
  );
}
