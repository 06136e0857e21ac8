import { Alert, Button, Card, Form, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorState, Loading } from '../../../shared/components/States';
import { applyFieldErrors } from '../../../shared/lib/forms';
import { showError, showSuccess } from '../../../shared/lib/feedback';
import { formatDateTime } from '../../../shared/lib/format';
import { t } from '../../../locales';
import { branchRatingApi, branchRatingKeys, type RatingConfig, type RatingSchemeView } from './api';

const r = t.branchRating;
const s = r.scheme;

/**
 * 评星方案: the standards (points, where each figure comes from) and the star lines, as data. The
 * general branch edits them until rating starts; every save is a new version, a stale save is refused.
 */
export function SchemeTab(props: { year: number }) {
  const q = useQuery({
    queryKey: branchRatingKeys.scheme(props.year),
    queryFn: ({ signal }) => branchRatingApi.scheme(props.year, signal),
  });
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data.scheme) return null;
  return (
    <SchemeForm
      key={`${q.data.scheme.id}-${q.data.scheme.version}`}
      year={props.year}
      scheme={q.data.scheme}
      editable={q.data.canManage && q.data.scheme.status === 'draft'}
      canManage={q.data.canManage}
    />
  );
}

function SchemeForm(props: {
  year: number;
  scheme: RatingSchemeView;
  editable: boolean;
  canManage: boolean;
}) {
  const { scheme, editable } = props;
  const [form] = Form.useForm<RatingConfig>();
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (config: RatingConfig) =>
      branchRatingApi.updateScheme(props.year, { config, version: scheme.version }),
    onSuccess: () => {
      showSuccess(s.saved);
      void qc.invalidateQueries({ queryKey: branchRatingKeys.all });
    },
    onError: (err) => {
      applyFieldErrors(form, err);
      showError(err);
    },
  });
  const reason = scheme.frozenReason
    ? ((s.freezeReasons as Record<string, string>)[scheme.frozenReason] ?? scheme.frozenReason)
    : null;
  const config = scheme.config;
  return (
    <Card size="small" data-testid="rating-scheme">
      <Space wrap style={{ marginBottom: 12 }}>
        <Tag>{s.version(scheme.version)}</Tag>
        <Typography.Text type="secondary">{formatDateTime(scheme.updatedAt)}</Typography.Text>
      </Space>
      {scheme.status === 'frozen' ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={s.frozen(reason)}
          data-testid="rating-scheme-frozen"
        />
      ) : (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={s.draft} />
      )}
      {!props.canManage ? <Typography.Paragraph type="secondary">{s.readOnly}</Typography.Paragraph> : null}
      <Form<RatingConfig>
        form={form}
        layout="vertical"
        initialValues={config}
        disabled={!editable}
        onFinish={(v) =>
          save.mutate({
            standards: config.standards.map((st, i) => ({ ...st, ...v.standards[i] })),
            thresholds: config.thresholds.map((th, i) => ({ ...th, ...v.thresholds[i] })),
          })
        }
      >
        <Typography.Title level={5}>{s.standards}</Typography.Title>
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={config.standards.map((st, i) => ({ ...st, i }))}
          scroll={{ x: 'max-content' }}
          columns={[
            {
              title: s.name,
              key: 'name',
              render: (_: unknown, row) => (
                <Form.Item name={['standards', row.i, 'name']} noStyle rules={[{ required: true }]}>
                  <Input maxLength={20} style={{ width: 140 }} aria-label={s.name} />
                </Form.Item>
              ),
            },
            {
              title: s.max,
              key: 'max',
              render: (_: unknown, row) => (
                <Form.Item name={['standards', row.i, 'max']} noStyle rules={[{ required: true }]}>
                  <InputNumber min={0} max={100} step={1} precision={1} aria-label={s.max} />
                </Form.Item>
              ),
            },
            { title: s.source, key: 'source', render: (_: unknown, row) => r.sources[row.source] },
            {
              title: s.pointsEach,
              key: 'pointsEach',
              render: (_: unknown, row) =>
                row.source === 'activities' ? (
                  <Form.Item name={['standards', row.i, 'pointsEach']} noStyle>
                    <InputNumber min={0} max={100} step={0.5} precision={1} aria-label={s.pointsEach} />
                  </Form.Item>
                ) : null,
            },
            { title: s.description, dataIndex: 'description', render: (v: string | null) => v ?? '' },
          ]}
        />
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {s.thresholds}
        </Typography.Title>
        <Space wrap>
          {config.thresholds.map((th, i) => (
            <Form.Item
              key={th.stars}
              name={['thresholds', i, 'min']}
              label={s.line(th.stars)}
              style={{ marginBottom: 8 }}
            >
              <InputNumber min={0} max={100} precision={1} data-testid={`threshold-${th.stars}`} />
            </Form.Item>
          ))}
        </Space>
        {editable ? (
          <div style={{ marginTop: 12 }}>
            <Button
              type="primary"
              htmlType="submit"
              loading={save.isPending}
              data-testid="rating-scheme-save"
            >
              {s.save}
            </Button>
          </div>
        ) : null}
      </Form>
    </Card>
  );
}
