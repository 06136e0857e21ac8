import type { ReactNode } from 'react';
import { Alert, App, Button, Card, Flex, Tag, Typography, Upload } from 'antd';
import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useDownload } from '../../../shared/hooks/useDownload';
import { useUpload } from '../../../shared/hooks/useUpload';
import { showSuccess } from '../../../shared/lib/feedback';
import { t } from '../../../locales';
import {
  assessmentApi,
  assessmentKeys,
  EVIDENCE_FILE_ACCEPT,
  MAX_EVIDENCE_FILE_BYTES,
  pts,
  type EvidenceView,
} from '../api';
import { EvidenceStatusTag } from './StatusTag';

const a = t.assessment;
const f = a.evidenceForm;
const it = a.evidenceItem;

const kb = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;

/** What an item says besides its title: level and rank, date, the kind's own facts. */
export function evidenceFacts(e: EvidenceView): { label: string; value: string }[] {
  const d = e.details;
  const out: { label: string; value: string }[] = [];
  const students = [...e.students.map((s) => s.name), ...(d.studentNames ?? [])];
  if (d.issuer) out.push({ label: f.issuer, value: d.issuer });
  if (students.length || e.hiddenStudents)
    out.push({
      label: f.students,
      value: [students.join('、'), e.hiddenStudents ? it.hiddenStudents(e.hiddenStudents) : '']
        .filter(Boolean)
        .join('，'),
    });
  if (d.venue) out.push({ label: f.venue, value: d.venue });
  if (d.fromTitle) out.push({ label: f.fromTitle, value: d.fromTitle });
  if (d.className) out.push({ label: f.className, value: d.className });
  if (d.passRate !== null && d.passRate !== undefined)
    out.push({ label: f.passRate, value: String(d.passRate) });
  if (d.points !== null && d.points !== undefined) out.push({ label: f.deductPoints, value: pts(d.points) });
  if (d.description) out.push({ label: f.description, value: d.description });
  return out;
}

/**
 * One piece of evidence as a card (fits a 375 px phone): kind, level, date, status and the points
 * it gives once verified, the return reason, the proof files (download; upload and delete while
 * it may be edited) and the actions the page passes.
 */
export function EvidenceCard(props: { evidence: EvidenceView; actions?: ReactNode; showMember?: boolean }) {
  const e = props.evidence;
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const { download } = useDownload();
  const refresh = () => void qc.invalidateQueries({ queryKey: assessmentKeys.all });
  const up = useUpload<EvidenceView>({
    path: assessmentApi.evidenceFilesPath(e.id),
    maxBytes: MAX_EVIDENCE_FILE_BYTES,
    accept: EVIDENCE_FILE_ACCEPT,
    onSuccess: () => {
      showSuccess(it.uploaded);
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (fileId: string) => assessmentApi.deleteEvidenceFile(e.id, fileId),
    onSuccess: () => {
      showSuccess(it.fileRemoved);
      refresh();
    },
  });
  const level = [
    e.levelLabel ?? (e.level ? a.levels[e.level] : null),
    e.rankLabel ?? (e.rank ? a.ranks[e.rank] : null),
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <Card size="small" data-testid="evidence-card" data-evidence-id={e.id} style={{ marginBottom: 8 }}>
      <Flex justify="space-between" align="flex-start" gap={8} wrap>
        <div style={{ minWidth: 0, flex: '1 1 200px' }}>
          <Typography.Text strong style={{ overflowWrap: 'anywhere' }} data-testid="evidence-title-text">
            {e.title}
          </Typography.Text>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {[
                props.showMember ? `${e.name} · ${e.branchName}` : null,
                e.kindLabel || a.kinds[e.kind],
                level,
                it.occurredOn(e.occurredOn),
              ]
                .filter(Boolean)
                .join(' · ')}
            </Typography.Text>
          </div>
        </div>
        <Flex gap={4} align="center" wrap>
          <EvidenceStatusTag status={e.status} label={e.statusLabel} />
          {e.points !== null ? (
            <Tag color="red" data-testid="evidence-points">
              {it.points(pts(e.points))}
            </Tag>
          ) : null}
        </Flex>
      </Flex>
      {evidenceFacts(e).map((x) => (
        <div key={x.label} style={{ fontSize: 13, overflowWrap: 'anywhere' }}>
          <Typography.Text type="secondary">{x.label}：</Typography.Text>
          {x.value}
        </div>
      ))}
      {e.status === 'returned' ? (
        <Alert type="error" showIcon style={{ marginTop: 8 }} title={it.returned(e.returnReason)} />
      ) : null}
      <div style={{ marginTop: 8 }}>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {it.files}：
        </Typography.Text>
        {e.files.length === 0 ? (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {it.noFiles}
          </Typography.Text>
        ) : null}
        <Flex vertical gap={2}>
          {e.files.map((file) => (
            <Flex key={file.id} align="center" gap={4} wrap style={{ minWidth: 0 }}>
              <Button
                type="link"
                size="small"
                icon={<PaperClipOutlined />}
                style={{
                  paddingInline: 0,
                  maxWidth: '100%',
                  height: 'auto',
                  whiteSpace: 'normal',
                  textAlign: 'left',
                }}
                onClick={() =>
                  void download({
                    path: assessmentApi.evidenceFilePath(e.id, file.id),
                    fallbackName: file.filename,
                  })
                }
                data-testid="evidence-file"
              >
                <span style={{ overflowWrap: 'anywhere' }}>{file.filename}</span>
              </Button>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {kb(file.size)}
              </Typography.Text>
              {e.canEdit ? (
                <Button
                  type="text"
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={`${it.removeFile} ${file.filename}`}
                  onClick={() =>
                    modal.confirm({
                      title: it.removeFileTitle(file.filename),
                      okButtonProps: { danger: true },
                      okText: it.removeFile,
                      cancelText: t.common.cancel,
                      onOk: () => remove.mutateAsync(file.id),
                    })
                  }
                />
              ) : null}
            </Flex>
          ))}
        </Flex>
      </div>
      {e.canEdit || props.actions ? (
        <Flex gap={8} wrap style={{ marginTop: 8 }}>
          {e.canEdit ? (
            <Upload
              accept={EVIDENCE_FILE_ACCEPT.join(',')}
              showUploadList={false}
              beforeUpload={(file) => {
                void up.start(file);
                return false;
              }}
            >
              <Button
                size="small"
                icon={<UploadOutlined />}
                loading={up.uploading}
                data-testid="evidence-upload"
              >
                {it.upload}
              </Button>
            </Upload>
          ) : null}
          {props.actions}
        </Flex>
      ) : null}
    </Card>
  );
}
