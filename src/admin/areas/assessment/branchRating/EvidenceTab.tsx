import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { CrudModal } from '../../../shared/components/CrudModal';
import { ErrorState, Loading } from '../../../shared/components/States';
import { useDownload } from '../../../shared/hooks/useDownload';
import { useUpload } from '../../../shared/hooks/useUpload';
import { showSuccess } from '../../../shared/lib/feedback';
import { t } from '../../../locales';
import { pts } from '../api';
import { ReasonModal } from '../components/ReasonModal';
import {
  BRANCH_FILE_ACCEPT,
  branchRatingApi,
  branchRatingKeys,
  MAX_BRANCH_FILE_BYTES,
  type BranchEvidenceView,
  type RatingBoard,
} from './api';

const r = t.branchRating;
const e = r.evidence;
const statusColor = { submitted: 'gold', scored: 'green', returned: 'red' } as const;

type EvidenceValues = { branchId: string; title: string; description?: string | null };

/**
 * 支部佐证材料: what the branches file (a title, a description, one proof file), scored one by one
 * by the general branch up to the standard's maximum, or returned with a reason to be corrected.
 */
export function EvidenceTab(props: { year: number; board: RatingBoard }) {
  const list = useQuery({
    queryKey: branchRatingKeys.evidence(props.year),
    queryFn: ({ signal }) => branchRatingApi.evidence(props.year, signal),
  });
  const qc = useQueryClient();
  const [editing, setEditing] = useState<BranchEvidenceView | 'new' | null>(null);
  const [scoring, setScoring] = useState<BranchEvidenceView | null>(null);
  const [returning, setReturning] = useState<BranchEvidenceView | null>(null);
  const standard = props.board.scheme?.config.standards.find((s) => s.source === 'evidence');
  // The branches the reader speaks for (files evidence for) and whose rating is still open.
  const open = props.board.items.filter((i) => i.canSelfRate);
  const canFile = open.length > 0;
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const edit = editing !== null && editing !== 'new' ? editing : null;
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{e.hint}</Typography.Text>
        {canFile ? (
          <Button type="primary" onClick={() => setEditing('new')} data-testid="branch-evidence-add">
            {e.add}
          </Button>
        ) : null}
      </Flex>
      {list.data.items.length === 0 ? <Empty description={e.empty} /> : null}
      {list.data.items.map((x) => (
        <EvidenceCard
          key={x.id}
          evidence={x}
          actions={
            <Space wrap>
              {x.canEdit && x.status !== 'scored' ? (
                <Button size="small" onClick={() => setEditing(x)}>
                  {x.status === 'returned' ? e.resubmit : t.common.edit}
                </Button>
              ) : null}
              {x.canScore ? (
                <>
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => setScoring(x)}
                    data-testid="branch-evidence-score"
                  >
                    {e.score}
                  </Button>
                  <Button size="small" danger onClick={() => setReturning(x)}>
                    {e.return}
                  </Button>
                </>
              ) : null}
            </Space>
          }
        />
      ))}
      <CrudModal<EvidenceValues>
        open={editing !== null}
        title={edit ? edit.title : e.add}
        invalidate={[branchRatingKeys.all]}
        successText={e.saved}
        onClose={() => setEditing(null)}
        testId="branch-evidence-modal"
        initialValues={
          edit
            ? { branchId: edit.branchId, title: edit.title, description: edit.description }
            : { branchId: open.length === 1 ? open[0]!.branchId : undefined }
        }
        submit={(v) =>
          edit
            ? branchRatingApi.updateEvidence(edit.id, { title: v.title, description: v.description || null })
            : branchRatingApi.createEvidence({
                year: props.year,
                branchId: v.branchId,
                title: v.title,
                description: v.description || null,
              })
        }
      >
        <Form.Item name="branchId" label={e.branch} rules={[{ required: true, message: e.branch }]}>
          <Select
            disabled={edit !== null}
            options={open.map((b) => ({ value: b.branchId, label: b.branchName }))}
            data-testid="branch-evidence-branch"
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={e.titleField}
          rules={[{ required: true, whitespace: true, message: e.titleField }]}
        >
          <Input maxLength={60} data-testid="branch-evidence-title" />
        </Form.Item>
        <Form.Item name="description" label={e.description}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </CrudModal>
      <CrudModal<{ score: number; note?: string | null }>
        open={scoring !== null}
        title={scoring ? `${e.score} · ${scoring.title}` : e.score}
        invalidate={[branchRatingKeys.all]}
        successText={e.scored}
        onClose={() => setScoring(null)}
        testId="branch-evidence-score-modal"
        submit={(v) => branchRatingApi.scoreEvidence(scoring!.id, { score: v.score, note: v.note || null })}
      >
        <Form.Item
          name="score"
          label={e.scoreField(standard?.max ?? 100)}
          rules={[{ required: true, message: r.drawer.scoreRequired }]}
        >
          <InputNumber
            min={0}
            max={standard?.max ?? 100}
            step={0.5}
            precision={1}
            data-testid="branch-evidence-score-input"
          />
        </Form.Item>
        <Form.Item name="note" label={e.scoreNote}>
          <Input.TextArea rows={2} maxLength={200} />
        </Form.Item>
      </CrudModal>
      <ReasonModal
        open={returning !== null}
        title={returning ? `${e.return} · ${returning.title}` : e.return}
        label={e.returnReason}
        requiredText={e.returnReason}
        okText={e.return}
        successText={r.evidence.status.returned}
        onClose={() => setReturning(null)}
        submit={(reason) =>
          branchRatingApi
            .returnEvidence(returning!.id, reason)
            .then(() => qc.invalidateQueries({ queryKey: branchRatingKeys.all }))
        }
      />
    </>
  );
}

function EvidenceCard(props: { evidence: BranchEvidenceView; actions: React.ReactNode }) {
  const x = props.evidence;
  const qc = useQueryClient();
  const { download } = useDownload();
  const up = useUpload<BranchEvidenceView>({
    path: branchRatingApi.filePath(x.id),
    maxBytes: MAX_BRANCH_FILE_BYTES,
    accept: BRANCH_FILE_ACCEPT,
    onSuccess: () => {
      showSuccess(e.uploaded);
      void qc.invalidateQueries({ queryKey: branchRatingKeys.all });
    },
  });
  return (
    <Card size="small" style={{ marginBottom: 8 }} data-testid="branch-evidence-card" data-evidence-id={x.id}>
      <Flex justify="space-between" align="flex-start" gap={8} wrap>
        <div style={{ minWidth: 0, flex: '1 1 220px' }}>
          <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
            {x.title}
          </Typography.Text>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {x.branchName}
            </Typography.Text>
          </div>
          {x.description ? <div style={{ fontSize: 13, whiteSpace: 'pre-wrap' }}>{x.description}</div> : null}
        </div>
        <Flex gap={4} align="center" wrap>
          <Tag color={statusColor[x.status]} data-testid="branch-evidence-status">
            {e.status[x.status]}
          </Tag>
          {x.score !== null ? <Tag color="red">{e.points(pts(x.score))}</Tag> : null}
        </Flex>
      </Flex>
      {x.status === 'returned' ? (
        <Alert type="error" showIcon style={{ marginTop: 8 }} title={e.returned(x.returnReason)} />
      ) : null}
      {x.note ? (
        <div style={{ fontSize: 13, marginTop: 4 }}>
          <Typography.Text type="secondary">{e.scoreNote}：</Typography.Text>
          {x.note}
        </div>
      ) : null}
      <Flex gap={8} align="center" wrap style={{ marginTop: 8 }}>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {e.file}：
        </Typography.Text>
        {x.file ? (
          <Button
            type="link"
            size="small"
            style={{ paddingInline: 0 }}
            onClick={() =>
              void download({ path: branchRatingApi.filePath(x.id), fallbackName: x.file!.filename })
            }
          >
            {x.file.filename}
          </Button>
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {e.noFile}
          </Typography.Text>
        )}
        {x.canEdit ? (
          <Upload
            accept={BRANCH_FILE_ACCEPT.join(',')}
            showUploadList={false}
            beforeUpload={(file) => {
              void up.start(file);
              return false;
            }}
          >
            <Button size="small" loading={up.uploading} data-testid="branch-evidence-upload">
              {x.file ? e.replace : e.upload}
            </Button>
          </Upload>
        ) : null}
        <div style={{ marginLeft: 'auto' }}>{props.actions}</div>
      </Flex>
    </Card>
  );
}
