import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Flex,
  Progress,
  Radio,
  Result,
  Row,
  Space,
  Statistic,
  Steps,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { FileExcelOutlined, FileTextOutlined, InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { usePermissions } from '../../app/me';
import {
  importsApi,
  type ImportError,
  type ImportJob,
  type ImportKind,
  type OrgImportPreviewRow,
} from './api';
import { Page } from '../../shared/components/Page';
import { errorText } from '../../shared/lib/feedback';
import { t } from '../../locales';

const MAX_BYTES = 20 * 1024 * 1024;
const ACCEPT = '.xlsx,.csv';

type Phase =
  | { step: 'upload' }
  | { step: 'uploading'; percent: number; fileName: string }
  | { step: 'report'; job: ImportJob }
  | { step: 'committing'; job: ImportJob; progress: { done: number; total: number } | null }
  | { step: 'done'; job: ImportJob }
  | { step: 'failed'; job: ImportJob | null; message: string };

/** The per-row report: 行, 列, 原因. Row 0 is a message about the whole file. */
export function ImportErrorTable({ errors }: { errors: ImportError[] }) {
  return (
    <Table<ImportError & { key: number }>
      size="small"
      data-testid="import-report-table"
      rowKey="key"
      dataSource={errors.map((e, i) => ({ ...e, key: i }))}
      pagination={
        errors.length > 20
          ? { pageSize: 20, showSizeChanger: false, showTotal: (n) => t.common.total(n) }
          : false
      }
      scroll={{ x: 'max-content' }}
      columns={[
        { title: t.imports.errorRow, dataIndex: 'row', width: 80, render: (v: number) => (v > 0 ? v : '—') },
        {
          title: t.imports.errorColumn,
          dataIndex: 'column',
          width: 160,
          render: (v: string | null) => v || '—',
        },
        { title: t.imports.errorReason, dataIndex: 'message' },
      ]}
    />
  );
}

/** The org tree file's rows as the commit will write them: each a new node or one that exists already. */
export function OrgPreviewTable({ rows }: { rows: OrgImportPreviewRow[] }) {
  return (
    <Table<OrgImportPreviewRow>
      size="small"
      data-testid="import-preview-table"
      rowKey="row"
      dataSource={rows}
      pagination={
        rows.length > 20
          ? { pageSize: 20, showSizeChanger: false, showTotal: (n) => t.common.total(n) }
          : false
      }
      scroll={{ x: 'max-content' }}
      columns={[
        { title: t.imports.errorRow, dataIndex: 'row', width: 80 },
        { title: t.imports.previewName, dataIndex: 'name' },
        { title: t.imports.previewKind, dataIndex: 'kindLabel', width: 100 },
        { title: t.imports.previewParent, dataIndex: 'parentPath' },
        {
          title: t.imports.previewAction,
          dataIndex: 'action',
          width: 130,
          render: (v: OrgImportPreviewRow['action']) => (
            <Tag color={v === 'create' ? 'green' : 'default'}>{t.imports.actions[v]}</Tag>
          ),
        },
      ]}
    />
  );
}

const KINDS: { kind: ImportKind; permission: 'people.import' | 'org.write' }[] = [
  { kind: 'staff', permission: 'people.import' },
  { kind: 'student', permission: 'people.import' },
  { kind: 'org', permission: 'org.write' },
];

export default function ImportPage() {
  const [params, setParams] = useSearchParams();
  const { can } = usePermissions();
  const kinds = KINDS.filter((k) => can(k.permission)).map((k) => k.kind);
  const asked = params.get('kind');
  const kind: ImportKind = kinds.find((k) => k === asked) ?? kinds[0] ?? 'staff';
  const [phase, setPhase] = useState<Phase>({ step: 'upload' });
  const [uploadError, setUploadError] = useState<string | null>(null);
  const navigate = useNavigate();
  const qc = useQueryClient();
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const setKind = (k: ImportKind) => {
    setParams({ kind: k }, { replace: true });
    setPhase({ step: 'upload' });
    setUploadError(null);
  };

  const template = useMutation({
    mutationFn: (format: 'xlsx' | 'csv') =>
      importsApi.template(kind, format, `${t.imports.kinds[kind]}${t.imports.template}.${format}`),
  });

  const start = (file: File) => {
    setUploadError(null);
    const lower = file.name.toLowerCase();
    if (!lower.endsWith('.xlsx') && !lower.endsWith('.csv')) {
      setUploadError(t.imports.badType);
      return;
    }
    if (file.size > MAX_BYTES) {
      setUploadError(t.imports.tooLarge);
      return;
    }
    abort.current = new AbortController();
    setPhase({ step: 'uploading', percent: 0, fileName: file.name });
    importsApi
      .upload(
        kind,
        file,
        (percent) => setPhase((p) => (p.step === 'uploading' ? { ...p, percent } : p)),
        abort.current.signal,
      )
      .then((job) => setPhase({ step: 'report', job }))
      .catch((e: unknown) => {
        if ((e as Error)?.name === 'AbortError') return;
        setUploadError(errorText(e));
        setPhase({ step: 'upload' });
      });
  };

  /** Commit and, meanwhile, poll the job for progress (the commit answers when everything is written). */
  const commit = async (job: ImportJob) => {
    setPhase({ step: 'committing', job, progress: null });
    let finished = false;
    const poll = async () => {
      while (!finished) {
        await new Promise((r) => setTimeout(r, 700));
        if (finished) return;
        try {
          const j = await importsApi.get(job.id);
          if (!finished && j.status === 'committing') {
            setPhase((p) => (p.step === 'committing' ? { ...p, progress: j.progress } : p));
          }
        } catch {
          /* the commit's own answer decides */
        }
      }
    };
    void poll();
    try {
      const done = await importsApi.commit(job.id);
      finished = true;
      setPhase({ step: 'done', job: done });
      await qc.invalidateQueries({ queryKey: ['people'] });
      await qc.invalidateQueries({ queryKey: ['org'] });
    } catch (e) {
      finished = true;
      const after = await importsApi.get(job.id).catch(() => null);
      setPhase({ step: 'failed', job: after, message: errorText(e) });
    }
  };

  const restart = () => {
    setPhase({ step: 'upload' });
    setUploadError(null);
  };

  const current = phase.step === 'upload' || phase.step === 'uploading' ? 1 : phase.step === 'report' ? 2 : 3;

  return (
    <Page title={t.imports.title} testId="import-page">
      <Card size="small" style={{ marginBottom: 16 }}>
        <Steps
          size="small"
          current={current}
          items={[
            { title: t.imports.steps.choose },
            { title: t.imports.steps.upload },
            { title: t.imports.steps.check },
            { title: t.imports.steps.done },
          ]}
          responsive
        />
      </Card>

      <Card size="small" title={t.imports.kind} style={{ marginBottom: 16 }}>
        <Flex gap={16} wrap align="center" justify="space-between">
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            value={kind}
            onChange={(e) => setKind(e.target.value as ImportKind)}
            disabled={phase.step === 'uploading' || phase.step === 'committing'}
            options={kinds.map((k) => ({ value: k, label: t.imports.kinds[k] }))}
            data-testid="import-kind"
          />
          <Space wrap>
            <Typography.Text type="secondary">{t.imports.template}：</Typography.Text>
            <Button
              icon={<FileExcelOutlined />}
              onClick={() => template.mutate('xlsx')}
              loading={template.isPending && template.variables === 'xlsx'}
              data-testid="import-template-xlsx"
            >
              {t.imports.templateXlsx}
            </Button>
            <Button
              icon={<FileTextOutlined />}
              onClick={() => template.mutate('csv')}
              loading={template.isPending && template.variables === 'csv'}
              data-testid="import-template-csv"
            >
              {t.imports.templateCsv}
            </Button>
          </Space>
        </Flex>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 13 }}>
          {kind === 'org' ? t.imports.orgTemplateHint : t.imports.templateHint}
        </Typography.Paragraph>
      </Card>

      {phase.step === 'upload' || phase.step === 'uploading' ? (
        <Card size="small" title={t.imports.steps.upload}>
          {uploadError ? (
            <Alert
              type="error"
              showIcon
              title={uploadError}
              style={{ marginBottom: 12 }}
              data-testid="import-upload-error"
            />
          ) : null}
          {phase.step === 'uploading' ? (
            <div data-testid="import-progress" style={{ padding: '24px 8px' }}>
              <Typography.Text>
                {t.imports.file}：{phase.fileName}
              </Typography.Text>
              <Progress percent={phase.percent} status="active" />
              {phase.percent >= 100 ? (
                <Typography.Text type="secondary">{t.imports.uploading}</Typography.Text>
              ) : null}
            </div>
          ) : (
            <div data-testid="import-upload">
              <Upload.Dragger
                accept={ACCEPT}
                multiple={false}
                showUploadList={false}
                beforeUpload={(file) => {
                  start(file);
                  return false;
                }}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{t.imports.uploadTitle}</p>
                <p className="ant-upload-hint">{t.imports.uploadHint}</p>
              </Upload.Dragger>
            </div>
          )}
        </Card>
      ) : null}

      {phase.step === 'report' ? <Report job={phase.job} onCommit={commit} onRestart={restart} /> : null}

      {phase.step === 'committing' ? (
        <Card size="small" data-testid="import-committing">
          <Typography.Paragraph>{t.imports.committing}</Typography.Paragraph>
          <Progress
            data-testid="import-commit-progress"
            percent={
              phase.progress && phase.progress.total > 0
                ? Math.floor((phase.progress.done / phase.progress.total) * 100)
                : 0
            }
            status="active"
          />
        </Card>
      ) : null}

      {phase.step === 'done' ? (
        <Card size="small">
          <Result
            status="success"
            title={t.imports.doneTitle}
            subTitle={
              phase.job.kind === 'org'
                ? t.imports.orgDoneText(phase.job.toCreate, phase.job.unchanged)
                : t.imports.doneText(phase.job.toCreate, phase.job.toUpdate)
            }
            data-testid="import-result"
            extra={[
              <Button key="again" onClick={restart} icon={<ReloadOutlined />} data-testid="import-again">
                {t.imports.again}
              </Button>,
              <Button
                key="list"
                type="primary"
                onClick={() => navigate(phase.job.kind === 'org' ? '/org' : `/people/${phase.job.kind}`)}
                data-testid="import-view-list"
              >
                {phase.job.kind === 'org' ? t.imports.viewOrg : t.imports.viewList}
              </Button>,
            ]}
          />
        </Card>
      ) : null}

      {phase.step === 'failed' ? (
        <Card size="small" data-testid="import-failed">
          <Result
            status="error"
            title={t.imports.failedTitle}
            subTitle={phase.message}
            extra={
              <Button
                type="primary"
                onClick={restart}
                icon={<ReloadOutlined />}
                data-testid="import-reupload"
              >
                {t.imports.reupload}
              </Button>
            }
          />
          {phase.job && phase.job.errors.length > 0 ? <ImportErrorTable errors={phase.job.errors} /> : null}
        </Card>
      ) : null}
    </Page>
  );
}

function Report(props: { job: ImportJob; onCommit: (job: ImportJob) => void; onRestart: () => void }) {
  const { job } = props;
  if (job.status === 'invalid' || job.errors.length > 0) {
    return (
      <Card size="small" title={t.imports.steps.check} data-testid="import-report">
        <Alert
          type="error"
          showIcon
          title={t.imports.invalidTitle}
          description={t.imports.invalidText(job.errors.length, job.totalRows)}
          style={{ marginBottom: 12 }}
          data-testid="import-invalid"
          action={
            <Button onClick={props.onRestart} icon={<ReloadOutlined />} data-testid="import-reupload">
              {t.imports.reupload}
            </Button>
          }
        />
        <ImportErrorTable errors={job.errors} />
      </Card>
    );
  }
  return (
    <Card size="small" title={t.imports.steps.check} data-testid="import-report">
      <Alert
        type="success"
        showIcon
        title={t.imports.validTitle}
        description={t.imports.validText(job.totalRows)}
        style={{ marginBottom: 16 }}
      />
      <Row gutter={16} data-testid="import-summary">
        <Col xs={8}>
          <Statistic title={t.imports.totalRows} value={job.totalRows} />
        </Col>
        <Col xs={8}>
          <Statistic
            title={t.imports.toCreate}
            value={job.toCreate}
            styles={{ content: { color: '#389e0d' } }}
            data-testid="import-to-create"
          />
        </Col>
        <Col xs={8}>
          {job.kind === 'org' ? (
            <Statistic title={t.imports.unchanged} value={job.unchanged} data-testid="import-unchanged" />
          ) : (
            <Statistic
              title={t.imports.toUpdate}
              value={job.toUpdate}
              styles={{ content: { color: '#1f6fb2' } }}
              data-testid="import-to-update"
            />
          )}
        </Col>
      </Row>
      {job.preview ? (
        <div style={{ marginTop: 16 }}>
          <Typography.Text strong>{t.imports.preview}</Typography.Text>
          <div style={{ marginTop: 8 }}>
            <OrgPreviewTable rows={job.preview} />
          </div>
        </div>
      ) : null}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {t.imports.file}：{job.fileName}
      </Typography.Paragraph>
      <Flex gap={8} justify="flex-end" wrap>
        <Button onClick={props.onRestart} icon={<ReloadOutlined />}>
          {t.imports.reupload}
        </Button>
        <Button type="primary" onClick={() => props.onCommit(job)} data-testid="import-confirm">
          {t.imports.confirm}
        </Button>
      </Flex>
    </Card>
  );
}
