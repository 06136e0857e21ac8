import { useRef, useState } from 'react';
import { Alert, Button, Space, Table, Upload } from 'antd';
import { useDownload } from '../../../shared/hooks/useDownload';
import { useUpload } from '../../../shared/hooks/useUpload';
import { showSuccess } from '../../../shared/lib/feedback';
import { t } from '../../../locales';
import { donationsApi, type DriveView, type ImportReport } from '../api';

const m = t.donations;
/** The route's limit (routes.ts MAX_IMPORT_BYTES), checked before sending. */
const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** Bulk entry: the template, a dry run, then all rows at once (or none), with the report. */
export function ImportTab(props: { drive: DriveView; onChange: () => void }) {
  const d = props.drive;
  const [report, setReport] = useState<ImportReport | null>(null);
  const [file, setFile] = useState<File | null>(null);
  // Which button sent the file: the path of the upload depends on it.
  const dryRun = useRef(false);
  const { download } = useDownload();
  const upload = useUpload<ImportReport>({
    path: () => donationsApi.importPath(d.id, dryRun.current),
    maxBytes: MAX_IMPORT_BYTES,
    accept: ['.xlsx'],
    onSuccess: (r) => {
      setReport(r);
      if (r.status === 'committed') {
        showSuccess(m.import.committed(r.created ?? 0, r.firstReceiptNo ?? '', r.lastReceiptNo ?? ''));
        setFile(null);
        props.onChange();
      }
    },
  });
  const run = (dry: boolean) => {
    if (!file) return;
    dryRun.current = dry;
    void upload.start(file);
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="info" title={m.import.intro} />
      <Space wrap>
        <Button
          onClick={() =>
            void download({ path: donationsApi.templatePath(d.id), fallbackName: m.import.templateName })
          }
        >
          {m.import.template}
        </Button>
        <Upload
          accept=".xlsx"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            setReport(null);
            return false;
          }}
          onRemove={() => setFile(null)}
        >
          <Button>{m.import.choose}</Button>
        </Upload>
        <Button disabled={!file} loading={upload.uploading} onClick={() => run(true)}>
          {m.import.dryRun}
        </Button>
        <Button type="primary" disabled={!file} loading={upload.uploading} onClick={() => run(false)}>
          {m.import.commit}
        </Button>
      </Space>
      {report ? (
        report.status === 'invalid' ? (
          <>
            <Alert type="error" title={m.import.invalid(report.totalRows, report.errors.length)} />
            <Table
              rowKey={(r) => `${r.row}-${r.column}-${r.message}`}
              size="small"
              pagination={{ pageSize: 20 }}
              dataSource={report.errors}
              columns={[
                { title: m.import.row, dataIndex: 'row', width: 70 },
                { title: m.import.column, dataIndex: 'column', width: 120 },
                { title: m.import.problem, dataIndex: 'message' },
              ]}
            />
          </>
        ) : (
          <Alert
            type="success"
            title={
              report.status === 'validated'
                ? m.import.validated(report.validRows, report.total)
                : m.import.written(report.created ?? 0, report.total)
            }
          />
        )
      ) : null}
    </Space>
  );
}
