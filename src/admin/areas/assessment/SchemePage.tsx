import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Form, Space, Tag, Tooltip, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Page } from '../../shared/components/Page';
import { YearInput } from '../../shared/components/YearInput';
import { ErrorState, Loading } from '../../shared/components/States';
import { isApiError } from '../../shared/api/client';
import { applyFieldErrors } from '../../shared/lib/forms';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { formatDateTime } from '../../shared/lib/format';
import { t } from '../../locales';
import { assessmentApi, assessmentKeys, type SchemeAnswer, type SchemeView } from './api';
import {
  SchemeEditor,
  toConfig,
  toFormValues,
  UnplacedErrors,
  type SchemeFormValues,
} from './components/SchemeEditor';
import { useYear } from './components/useYear';

const a = t.assessment;
const s = a.scheme;

/**
 * 考核方案: the year's evaluation scheme (RULES §6, all local). The general branch creates it
 * from the default or last year's, edits it (every save sends the version it started from: a
 * stale save is refused, not merged) and starts scoring, which freezes it; everyone else who can
 * open the page reads it.
 */
export default function SchemePage() {
  const [year, setYear] = useYear();
  const scheme = useQuery({
    queryKey: assessmentKeys.scheme(year),
    queryFn: ({ signal }) => assessmentApi.scheme(year, signal),
  });
  const head = (children: React.ReactNode, extra?: React.ReactNode) => (
    <Page
      title={s.title}
      subTitle={s.subTitle}
      testId="assessment-scheme"
      extra={
        <>
          <YearInput value={year} onChange={setYear} testId="scheme-year" />
          {extra}
        </>
      }
    >
      {children}
    </Page>
  );
  if (scheme.isPending) return head(<Loading />);
  if (scheme.isError) return head(<ErrorState error={scheme.error} onRetry={() => void scheme.refetch()} />);
  const answer = scheme.data;
  if (!answer.scheme) return head(<NoScheme year={year} answer={answer} />);
  return (
    <SchemeForm
      key={`${answer.scheme.id}-${answer.scheme.version}`}
      year={year}
      scheme={answer.scheme}
      canManage={answer.canManage}
      head={head}
    />
  );
}

/** No scheme for the year: create it (default or last year's, one click), or say who will. */
function NoScheme(props: { year: number; answer: SchemeAnswer }) {
  const { year, answer } = props;
  const qc = useQueryClient();
  const [previewForm] = Form.useForm<SchemeFormValues>();
  const create = useMutation({
    mutationFn: (from: 'default' | 'lastYear') => assessmentApi.createScheme({ year, from }),
    onSuccess: (view) => {
      showSuccess(s.created);
      qc.setQueryData<SchemeAnswer>(assessmentKeys.scheme(year), (old) =>
        old ? { ...old, scheme: view } : old,
      );
      void qc.invalidateQueries({ queryKey: assessmentKeys.all });
    },
    // Someone else created it meanwhile (SCHEME_EXISTS): show theirs.
    onError: () => void qc.invalidateQueries({ queryKey: assessmentKeys.scheme(year) }),
  });
  const hasLastYear = answer.template.from === 'lastYear';
  return (
    <>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Empty
          description={answer.canManage ? s.noneManage(year) : s.noneReadOnly(year)}
          data-testid="scheme-none"
        >
          {answer.canManage ? (
            <Space wrap>
              <Button
                type="primary"
                loading={create.isPending && create.variables === 'default'}
                onClick={() => create.mutate('default')}
                data-testid="scheme-create-default"
              >
                {s.createDefault}
              </Button>
              <Tooltip title={hasLastYear ? undefined : s.noLastYear}>
                <Button
                  disabled={!hasLastYear}
                  loading={create.isPending && create.variables === 'lastYear'}
                  onClick={() => create.mutate('lastYear')}
                  data-testid="scheme-copy-last-year"
                >
                  {s.copyLastYear}
                </Button>
              </Tooltip>
            </Space>
          ) : null}
        </Empty>
      </Card>
      {answer.canManage ? (
        <>
          <Typography.Title level={2} style={{ fontSize: 16 }}>
            {s.templatePreview(answer.template.from)}
          </Typography.Title>
          <SchemeEditor
            form={previewForm}
            initial={toFormValues(s.title, answer.template.config)}
            editable={false}
          />
        </>
      ) : null}
    </>
  );
}

function SchemeForm(props: {
  year: number;
  scheme: SchemeView;
  canManage: boolean;
  head: (children: React.ReactNode, extra?: React.ReactNode) => React.ReactElement;
}) {
  const { year, scheme } = props;
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const [form] = Form.useForm<SchemeFormValues>();
  const [dirty, setDirty] = useState(false);
  const [stale, setStale] = useState(false);
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const editable = scheme.canEdit;
  const initial = toFormValues(scheme.name, scheme.config);

  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: SchemeFormValues) =>
      assessmentApi.updateScheme(year, { name: v.name.trim(), config: toConfig(v), version: scheme.version }),
    onSuccess: (view) => {
      showSuccess(s.saved);
      setUnplaced([]);
      qc.setQueryData<SchemeAnswer>(assessmentKeys.scheme(year), (old) =>
        old ? { ...old, scheme: view } : old,
      );
      void qc.invalidateQueries({ queryKey: assessmentKeys.all });
    },
    onError: (e) => {
      if (isApiError(e) && e.code === 'SCHEME_STALE') return setStale(true);
      if (isApiError(e) && e.code === 'SCHEME_FROZEN') {
        showError(e);
        void qc.invalidateQueries({ queryKey: assessmentKeys.scheme(year) });
        return;
      }
      const rest = applyFieldErrors(form, e);
      setUnplaced(rest);
      if (!isApiError(e) || !e.fields) showError(e);
    },
  });
  const freeze = useMutation({
    mutationFn: () => assessmentApi.freezeScheme(year),
    onSuccess: (view) => {
      showSuccess(s.frozenDone);
      qc.setQueryData<SchemeAnswer>(assessmentKeys.scheme(year), (old) =>
        old ? { ...old, scheme: view } : old,
      );
      void qc.invalidateQueries({ queryKey: assessmentKeys.all });
    },
    // Already frozen by a first verification or self-evaluation: show the frozen scheme.
    onError: () => void qc.invalidateQueries({ queryKey: assessmentKeys.scheme(year) }),
  });
  const reload = () => {
    setStale(false);
    void qc.invalidateQueries({ queryKey: assessmentKeys.scheme(year) });
  };
  const confirmFreeze = () => {
    if (dirty) return showError(new Error(s.unsavedBeforeFreeze));
    modal.confirm({
      title: s.freezeTitle,
      content: s.freezeContent,
      okText: s.freezeOk,
      okButtonProps: { danger: true },
      cancelText: t.common.cancel,
      onOk: () => freeze.mutateAsync(),
    });
  };

  const extra = editable ? (
    <>
      {dirty ? (
        <Button
          onClick={() => {
            form.resetFields();
            setDirty(false);
            setUnplaced([]);
          }}
        >
          {s.discard}
        </Button>
      ) : null}
      <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="scheme-save">
        {s.save}
      </Button>
      <Button danger loading={freeze.isPending} onClick={confirmFreeze} data-testid="scheme-freeze">
        {s.freeze}
      </Button>
    </>
  ) : null;

  return props.head(
    <>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Typography.Text strong>{scheme.name}</Typography.Text>
        <Tag color={scheme.status === 'frozen' ? 'blue' : 'gold'} data-testid="scheme-status">
          {scheme.statusLabel || a.schemeStatus[scheme.status]}
        </Tag>
        <Tag>{s.version(scheme.version)}</Tag>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {s.updatedAt(formatDateTime(scheme.updatedAt))}
        </Typography.Text>
        {dirty ? <Tag color="orange">{s.dirty}</Tag> : null}
      </Flex>
      {scheme.status === 'frozen' ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="scheme-frozen"
          title={s.frozen(scheme.frozenReason, formatDateTime(scheme.frozenAt))}
        />
      ) : !props.canManage ? (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={s.readOnlyNote} />
      ) : null}
      {stale ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="scheme-stale"
          title={s.stale}
          action={
            <Button size="small" onClick={reload}>
              {s.reload}
            </Button>
          }
        />
      ) : null}
      <UnplacedErrors messages={unplaced} />
      <SchemeEditor
        form={form}
        initial={initial}
        editable={editable}
        onChange={() => setDirty(true)}
        onFinish={() => save.mutate(form.getFieldsValue(true) as SchemeFormValues)}
      />
    </>,
    extra,
  );
}
