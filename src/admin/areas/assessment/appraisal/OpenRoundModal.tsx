import { Alert, Button, Card, Checkbox, DatePicker, Form, Input, Radio, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { CrudModal } from '../../../shared/components/CrudModal';
import { instantOf } from '../../../shared/lib/format';
import { t } from '../../../locales';
import { assessmentApi } from '../api';
import {
  EXCLUSION_CATEGORIES,
  appraisalApi,
  appraisalKeys,
  type ExclusionCategory,
  type RoundMode,
  type RoundView,
} from './api';

const m = t.appraisal;
const f = m.openForm;

interface OpenForm {
  orgNodeId: string;
  title: string;
  mode: RoundMode;
  closesAt?: Dayjs | null;
  exclusions?: { personId?: string; category?: ExclusionCategory; reason?: string; consent?: boolean }[];
}

/**
 * 发起民主评议: the node (a branch the user runs, or the general branch for the park), the name,
 * the mode, and the full members who are excused from voting (RULES §2's five categories, with the
 * higher organisation's consent). The roll itself is the server's: shown here from /candidates.
 */
export function OpenRoundModal(props: {
  open: boolean;
  year: number;
  onClose: () => void;
  onOpened: (id: string) => void;
}) {
  const [form] = Form.useForm<OpenForm>();
  const nodeId = Form.useWatch('orgNodeId', form);
  const nodes = useQuery({
    queryKey: appraisalKeys.nodes,
    queryFn: ({ signal }) => appraisalApi.nodes(signal),
    enabled: props.open,
  });
  const candidates = useQuery({
    queryKey: appraisalKeys.candidates(nodeId ?? ''),
    queryFn: ({ signal }) => appraisalApi.candidates(nodeId!, signal),
    enabled: props.open && !!nodeId,
  });
  const people = candidates.data?.items ?? [];
  const full = people.filter((p) => p.status === 'full');
  const nodeName = (id: string) => nodes.data?.items.find((n) => n.id === id)?.name ?? '';

  return (
    <CrudModal<OpenForm, RoundView>
      open={props.open}
      form={form}
      title={f.title}
      width={680}
      testId="open-round-modal"
      formTestId="open-round-form"
      okText={f.submit}
      successText={false}
      // The mode the year's scheme sets (its appraisal section), changeable for this round.
      initialValues={async () => {
        const answer = await assessmentApi.scheme(props.year).catch(() => null);
        return { mode: answer?.scheme?.config.appraisal.mode ?? 'grades', exclusions: [] };
      }}
      invalidate={[appraisalKeys.all]}
      onClose={props.onClose}
      onSaved={(r) => props.onOpened(r.id)}
      submit={(v) =>
        appraisalApi.open({
          year: props.year,
          orgNodeId: v.orgNodeId,
          title: v.title,
          mode: v.mode,
          closesAt: v.closesAt ? instantOf(v.closesAt) : null,
          exclusions: (v.exclusions ?? []).map((x) => ({
            personId: x.personId!,
            category: x.category!,
            reason: x.reason ?? '',
            // The form does not submit an unconfirmed exclusion (the consent rule below).
            consent: true as const,
          })),
        })
      }
    >
      <Form.Item label={f.year}>
        <Typography.Text strong>{props.year}</Typography.Text>
      </Form.Item>
      <Form.Item
        name="orgNodeId"
        label={f.node}
        extra={f.nodeHint}
        rules={[{ required: true, message: f.nodeRequired }]}
      >
        <Select
          loading={nodes.isPending}
          data-testid="round-node"
          showSearch={{ optionFilterProp: 'label' }}
          options={(nodes.data?.items ?? []).map((n) => ({
            value: n.id,
            label:
              n.kind === 'generalBranch'
                ? n.kindLabel
                : n.schoolName
                  ? `${n.schoolName} · ${n.name}`
                  : n.name,
          }))}
          onChange={(id: string) => {
            form.setFieldsValue({ title: f.defaultName(props.year, nodeName(id)), exclusions: [] });
          }}
        />
      </Form.Item>
      <Form.Item
        name="title"
        label={f.name}
        rules={[{ required: true, whitespace: true, message: f.nameRequired }]}
      >
        <Input maxLength={60} data-testid="round-title" />
      </Form.Item>
      <Form.Item name="mode" label={f.mode} extra={f.modeHint}>
        <Radio.Group
          options={[
            { value: 'grades', label: m.modes.grades },
            { value: 'scores', label: m.modes.scores },
          ]}
        />
      </Form.Item>
      <Form.Item name="closesAt" label={f.closesAt} extra={f.closesAtHint}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
      </Form.Item>
      {nodeId ? (
        <Alert
          type="info"
          style={{ marginBottom: 16 }}
          title={f.roll(people.length, full.length, people.length - full.length)}
          description={f.freezes}
        />
      ) : (
        <Typography.Paragraph type="secondary">{f.pickNode}</Typography.Paragraph>
      )}
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {f.exclusions}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {f.exclusionsHint}
      </Typography.Paragraph>
      <Form.List name="exclusions">
        {(rows, { add, remove }) => (
          <>
            {rows.map((row) => (
              <Card
                key={row.key}
                size="small"
                style={{ marginBottom: 8 }}
                extra={
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={f.remove}
                    onClick={() => remove(row.name)}
                  />
                }
              >
                <Form.Item
                  name={[row.name, 'personId']}
                  label={f.member}
                  rules={[{ required: true, message: f.memberRequired }]}
                >
                  <Select
                    showSearch={{ optionFilterProp: 'label' }}
                    options={full.map((p) => ({ value: p.personId, label: `${p.name}（${p.branchName}）` }))}
                  />
                </Form.Item>
                <Form.Item
                  name={[row.name, 'category']}
                  label={f.category}
                  rules={[{ required: true, message: f.categoryRequired }]}
                >
                  <Select options={EXCLUSION_CATEGORIES.map((c) => ({ value: c, label: m.categories[c] }))} />
                </Form.Item>
                <Form.Item
                  name={[row.name, 'reason']}
                  label={f.reason}
                  rules={[{ required: true, whitespace: true, message: f.reasonRequired }]}
                >
                  <Input maxLength={200} placeholder={f.reasonPlaceholder} />
                </Form.Item>
                <Form.Item
                  name={[row.name, 'consent']}
                  valuePropName="checked"
                  style={{ marginBottom: 0 }}
                  rules={[
                    {
                      validator: (_, v) =>
                        v ? Promise.resolve() : Promise.reject(new Error(f.consentRequired)),
                    },
                  ]}
                >
                  <Checkbox>{f.consent}</Checkbox>
                </Form.Item>
              </Card>
            ))}
            <Button
              icon={<PlusOutlined />}
              onClick={() => add({ consent: false })}
              disabled={!nodeId || full.length === 0}
            >
              {f.addExclusion}
            </Button>
          </>
        )}
      </Form.List>
    </CrudModal>
  );
}
