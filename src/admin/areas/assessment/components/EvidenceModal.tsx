import { useState } from 'react';
import { Button, DatePicker, Form, Input, InputNumber, Select, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { CrudModal } from '../../../shared/components/CrudModal';
import { upload } from '../../../shared/api/client';
import { checkFile, normalizeUploadError } from '../../../shared/hooks/useUpload';
import { errorText, showError, showWarning } from '../../../shared/lib/feedback';
import { t } from '../../../locales';
import {
  assessmentApi,
  assessmentKeys,
  EVIDENCE_FILE_ACCEPT,
  EVIDENCE_KINDS,
  EVIDENCE_REQUIREMENTS,
  LEVELS,
  MAX_EVIDENCE_FILE_BYTES,
  RANKS,
  type EvidenceDetails,
  type EvidenceKind,
  type EvidenceView,
  type Level,
  type Rank,
} from '../api';
import { MemberPicker } from './MemberPicker';

const a = t.assessment;
const f = a.evidenceForm;

interface FormValues {
  personId?: string | null;
  kind: EvidenceKind;
  title: string;
  level?: Level | null;
  rank?: Rank | null;
  occurredOn: Dayjs;
  details?: {
    issuer?: string | null;
    studentNames?: string[];
    venue?: string | null;
    fromTitle?: string | null;
    className?: string | null;
    passRate?: number | null;
    points?: number | null;
    description?: string | null;
  };
}

/**
 * Which inputs a kind shows, beyond title and date: the required ones come from the contract's
 * EVIDENCE_REQUIREMENTS (the server checks the same), the optional ones are what helps the branch
 * verify the item (the issuer of an honour, the class of a pass rate).
 */
export function fieldsOf(kind: EvidenceKind | undefined) {
  const req = kind ? EVIDENCE_REQUIREMENTS[kind] : null;
  return {
    level: req ? req.level || kind === 'paper' : false,
    levelRequired: req?.level ?? false,
    rank: req?.rank ?? false,
    students: req?.students ?? false,
    issuer: kind === 'honour' || kind === 'coaching' || kind === 'classManagement',
    venue: req?.venue ?? false,
    fromTitle: kind === 'titlePromotion',
    className: kind === 'classManagement' || kind === 'examPassRate',
    passRate: req?.passRate ?? false,
    points: req?.points ?? false,
  };
}

const clean = (s: string | null | undefined) => {
  const v = s?.trim();
  return v ? v : undefined;
};

/** The form's values as the contract's input: only the fields the kind uses. */
function toInput(v: FormValues) {
  const show = fieldsOf(v.kind);
  const d = v.details ?? {};
  const details: EvidenceDetails = {
    issuer: show.issuer ? clean(d.issuer) : undefined,
    studentNames: show.students ? (d.studentNames ?? []).map((n) => n.trim()).filter(Boolean) : undefined,
    venue: show.venue ? clean(d.venue) : undefined,
    fromTitle: show.fromTitle ? clean(d.fromTitle) : undefined,
    className: show.className ? clean(d.className) : undefined,
    passRate: show.passRate ? (d.passRate ?? null) : undefined,
    points: show.points ? (d.points ?? null) : undefined,
    description: clean(d.description),
  };
  return {
    kind: v.kind,
    title: v.title.trim(),
    level: show.level ? (v.level ?? null) : null,
    rank: show.rank ? (v.rank ?? null) : null,
    occurredOn: v.occurredOn.format('YYYY-MM-DD'),
    details: Object.fromEntries(
      Object.entries(details).filter(([, x]) => x !== undefined),
    ) as EvidenceDetails,
  };
}

/**
 * Adds or edits one piece of evidence; the proof files picked are uploaded once it is saved. A
 * reviewer (`forMember`) records it on a member's behalf, picked from those they reach, and may
 * record a deduction; a member files their own.
 */
export function EvidenceModal(props: {
  open: boolean;
  year: number;
  /** The item being edited; null to add one. */
  evidence: EvidenceView | null;
  forMember?: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<FormValues>();
  const kind = Form.useWatch('kind', form);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const e = props.evidence;
  const show = fieldsOf(kind);
  const kinds = EVIDENCE_KINDS.filter((k) => props.forMember || k !== 'deduction' || e?.kind === k);

  const uploadAll = async (saved: EvidenceView) => {
    for (const uf of files) {
      const file = uf.originFileObj;
      if (!file) continue;
      try {
        await upload<EvidenceView>(assessmentApi.evidenceFilesPath(saved.id), file);
      } catch (err) {
        // The evidence is saved; the file can be uploaded again from the list.
        showWarning(f.uploadFailed(file.name, errorText(normalizeUploadError(err, MAX_EVIDENCE_FILE_BYTES))));
      }
    }
  };

  return (
    <CrudModal<FormValues, EvidenceView>
      open={props.open}
      form={form}
      title={e ? f.editTitle : props.forMember ? f.createFor : f.createTitle}
      width={640}
      testId="evidence-modal"
      formTestId="evidence-form"
      okText={e ? t.common.save : t.common.submit}
      successText={e ? f.updated : f.saved}
      invalidate={[assessmentKeys.all]}
      fieldAliases={{ studentIds: 'details.studentNames' }}
      initialValues={
        e
          ? {
              kind: e.kind,
              title: e.title,
              level: e.level,
              rank: e.rank,
              occurredOn: dayjs(e.occurredOn),
              details: { ...e.details, studentNames: e.details.studentNames ?? [] },
            }
          : { details: {} }
      }
      onClose={() => {
        setFiles([]);
        props.onClose();
      }}
      submit={async (v) => {
        const body = toInput(v);
        const saved = e
          ? await assessmentApi.updateEvidence(e.id, { ...body, studentIds: e.students.map((s) => s.id) })
          : await assessmentApi.createEvidence({
              ...body,
              year: props.year,
              studentIds: [],
              ...(props.forMember && v.personId ? { personId: v.personId } : {}),
            });
        await uploadAll(saved);
        return saved;
      }}
    >
      {props.forMember && !e ? (
        <Form.Item name="personId" label={f.member} rules={[{ required: true, message: f.memberRequired }]}>
          <MemberPicker placeholder={f.memberPlaceholder} testId="evidence-member" />
        </Form.Item>
      ) : null}
      <Form.Item name="kind" label={f.kind} rules={[{ required: true, message: f.kindRequired }]}>
        <Select
          data-testid="evidence-kind"
          options={kinds.map((k) => ({ value: k, label: a.kinds[k] }))}
          placeholder={f.kindRequired}
        />
      </Form.Item>
      <Form.Item
        name="title"
        label={f.title}
        rules={[{ required: true, whitespace: true, message: f.titleRequired }]}
      >
        <Input maxLength={100} placeholder={f.titlePlaceholder} data-testid="evidence-title" />
      </Form.Item>
      {show.level ? (
        <Form.Item
          name="level"
          label={f.level}
          rules={show.levelRequired ? [{ required: true, message: f.levelRequired }] : []}
        >
          <Select
            allowClear={!show.levelRequired}
            data-testid="evidence-level"
            options={LEVELS.map((l) => ({ value: l, label: a.levels[l] }))}
          />
        </Form.Item>
      ) : null}
      {show.rank ? (
        <Form.Item name="rank" label={f.rank} rules={[{ required: true, message: f.rankRequired }]}>
          <Select data-testid="evidence-rank" options={RANKS.map((r) => ({ value: r, label: a.ranks[r] }))} />
        </Form.Item>
      ) : null}
      <Form.Item
        name="occurredOn"
        label={f.occurredOn}
        rules={[{ required: true, message: f.occurredOnRequired }]}
      >
        <DatePicker
          style={{ width: '100%' }}
          data-testid="evidence-date"
          // The server takes only days of the assessment year.
          disabledDate={(d) => d.year() !== props.year}
          defaultPickerValue={dayjs().year() === props.year ? undefined : dayjs(`${props.year}-01-01`)}
        />
      </Form.Item>
      {show.issuer ? (
        <Form.Item name={['details', 'issuer']} label={f.issuer}>
          <Input maxLength={60} />
        </Form.Item>
      ) : null}
      {show.students ? (
        <Form.Item
          name={['details', 'studentNames']}
          label={f.students}
          extra={f.studentsHint}
          rules={[{ required: true, type: 'array', min: 1, message: f.studentsRequired }]}
        >
          <Select
            mode="tags"
            open={false}
            tokenSeparators={[',', '，', '、']}
            data-testid="evidence-students"
          />
        </Form.Item>
      ) : null}
      {show.venue ? (
        <Form.Item
          name={['details', 'venue']}
          label={f.venue}
          rules={[{ required: true, whitespace: true, message: f.venueRequired }]}
        >
          <Input maxLength={80} />
        </Form.Item>
      ) : null}
      {show.fromTitle ? (
        <Form.Item name={['details', 'fromTitle']} label={f.fromTitle}>
          <Input maxLength={30} />
        </Form.Item>
      ) : null}
      {show.className ? (
        <Form.Item name={['details', 'className']} label={f.className}>
          <Input maxLength={40} />
        </Form.Item>
      ) : null}
      {show.passRate ? (
        <Form.Item
          name={['details', 'passRate']}
          label={f.passRate}
          rules={[{ required: true, message: f.passRateRequired }]}
        >
          <InputNumber min={0} max={100} step={0.1} style={{ width: '100%' }} />
        </Form.Item>
      ) : null}
      {show.points ? (
        <Form.Item
          name={['details', 'points']}
          label={f.deductPoints}
          rules={[{ required: true, message: f.deductPointsRequired }]}
        >
          <InputNumber min={0} max={100} step={0.5} style={{ width: '100%' }} />
        </Form.Item>
      ) : null}
      <Form.Item name={['details', 'description']} label={f.description}>
        <Input.TextArea rows={2} maxLength={500} showCount />
      </Form.Item>
      <Form.Item label={f.files} extra={f.filesHint}>
        <Upload
          multiple
          accept={EVIDENCE_FILE_ACCEPT.join(',')}
          fileList={files}
          beforeUpload={(file) => {
            const refused = checkFile(file, {
              maxBytes: MAX_EVIDENCE_FILE_BYTES,
              accept: EVIDENCE_FILE_ACCEPT,
            });
            if (refused) showError(refused);
            else setFiles((list) => [...list, { uid: file.uid, name: file.name, originFileObj: file }]);
            return Upload.LIST_IGNORE;
          }}
          onRemove={(uf) => setFiles((list) => list.filter((x) => x.uid !== uf.uid))}
        >
          <Button icon={<UploadOutlined />} data-testid="evidence-file-pick">
            {f.pickFile}
          </Button>
        </Upload>
      </Form.Item>
    </CrudModal>
  );
}
