import { useState } from 'react';
import { Button, Form, Input, InputNumber, Select, Spin, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { usePermissions } from '../../../app/me';
import { CrudModal } from '../../../shared/components/CrudModal';
import { upload } from '../../../shared/api/client';
import { useDebounced } from '../../../shared/hooks/useDebounced';
import { checkFile, normalizeUploadError } from '../../../shared/hooks/useUpload';
import { errorText, showError, showWarning } from '../../../shared/lib/feedback';
import { peopleApi } from '../../people/api';
import { t } from '../../../locales';
import { assessmentKeys } from '../api';
import {
  DEDICATION_KINDS,
  MAX_PHOTO_BYTES,
  MAX_PHOTOS,
  PHOTO_ACCEPT,
  resultsApi,
  type DedicationDayView,
  type DedicationEntryView,
  type DedicationKind,
} from '../resultsApi';

const r = t.assessmentResults;
const f = r.entryForm;

interface FormValues {
  kind: DedicationKind;
  studentId?: string | null;
  subject: string;
  content?: string | null;
  outcome?: string | null;
  hours: number;
}

const clean = (s: string | null | undefined) => s?.trim() || null;

/**
 * Logs what a member did on a dedication day, or edits it: the kind (重点家访 / 走访企业 / 志愿服务),
 * whom or where, what was done, the outcome, the hours in half hours, and photos uploaded once the
 * entry is saved. A home visit may name the student — only for members who may read students
 * (a teacher's class; the server checks the same); everyone else writes the family in `subject`.
 */
export function EntryModal(props: {
  open: boolean;
  /** The day a new entry is logged on (null while editing). */
  day: DedicationDayView | null;
  /** The entry being edited (null to log a new one). */
  entry: DedicationEntryView | null;
  onClose: () => void;
}) {
  const [form] = Form.useForm<FormValues>();
  const kind = Form.useWatch('kind', form);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const { canUse } = usePermissions();
  // Self-service grants everyone people.read over themselves; a role's grant is what reaches students.
  const readsStudents = canUse('people.read');
  const x = props.entry;

  const uploadAll = async (saved: DedicationEntryView) => {
    for (const uf of files.slice(0, MAX_PHOTOS - saved.photos.length)) {
      const file = uf.originFileObj;
      if (!file || !saved.id) continue;
      try {
        await upload(resultsApi.dedicationPhotosPath(saved.id), file);
      } catch (err) {
        // The entry is saved; the photo can be uploaded again from its card.
        showWarning(f.uploadFailed(file.name, errorText(normalizeUploadError(err, MAX_PHOTO_BYTES))));
      }
    }
  };

  const subjectKind: DedicationKind = kind ?? 'homeVisit';
  return (
    <CrudModal<FormValues, DedicationEntryView>
      open={props.open}
      form={form}
      title={x ? f.editTitle : props.day ? f.createTitle(props.day.day, props.day.title) : f.editTitle}
      testId="entry-modal"
      formTestId="entry-form"
      okText={x ? f.save : t.common.submit}
      successText={x ? t.common.saved : f.created}
      invalidate={[assessmentKeys.all]}
      initialValues={
        x
          ? {
              kind: x.kind,
              studentId: x.student?.id ?? null,
              subject: x.subject ?? '',
              content: x.content,
              outcome: x.outcome,
              hours: x.hours,
            }
          : { kind: 'homeVisit', hours: 1 }
      }
      onClose={() => {
        setFiles([]);
        props.onClose();
      }}
      submit={async (v) => {
        const body = {
          kind: v.kind,
          studentId: v.kind === 'homeVisit' && readsStudents ? (v.studentId ?? null) : null,
          subject: v.subject.trim(),
          content: clean(v.content),
          outcome: clean(v.outcome),
          hours: v.hours,
        };
        const saved = x
          ? await resultsApi.updateDedicationEntry(x.id!, body)
          : await resultsApi.createDedicationEntry(props.day!.id, body);
        await uploadAll(saved);
        return saved;
      }}
    >
      <Form.Item name="kind" label={f.kind} rules={[{ required: true, message: f.kindRequired }]}>
        <Select
          data-testid="entry-kind-select"
          options={DEDICATION_KINDS.map((k) => ({ value: k, label: r.kinds[k] }))}
        />
      </Form.Item>
      {kind === 'homeVisit' && readsStudents ? (
        <Form.Item name="studentId" label={f.student} extra={f.studentHint}>
          <StudentPicker
            initial={x?.student ?? null}
            onPicked={(name) => {
              if (!form.getFieldValue('subject')) form.setFieldValue('subject', `${name}家`);
            }}
          />
        </Form.Item>
      ) : null}
      <Form.Item
        name="subject"
        label={f.subject[subjectKind]}
        rules={[{ required: true, whitespace: true, message: f.subjectRequired }]}
      >
        <Input
          maxLength={100}
          placeholder={f.subjectPlaceholder[subjectKind]}
          data-testid="entry-subject-input"
        />
      </Form.Item>
      <Form.Item name="content" label={f.content}>
        <Input.TextArea
          rows={3}
          maxLength={1000}
          showCount
          placeholder={f.contentPlaceholder}
          data-testid="entry-content"
        />
      </Form.Item>
      <Form.Item name="outcome" label={f.outcome}>
        <Input.TextArea rows={2} maxLength={1000} showCount data-testid="entry-outcome" />
      </Form.Item>
      <Form.Item
        name="hours"
        label={f.hours}
        extra={f.hoursHint}
        rules={[
          { required: true, message: f.hoursRequired },
          {
            validator: (_, v: number | null) =>
              v === null || v === undefined || (v >= 0.5 && v <= 24 && Number.isInteger(v * 2))
                ? Promise.resolve()
                : Promise.reject(new Error(f.hoursHint)),
          },
        ]}
      >
        <InputNumber
          min={0.5}
          max={24}
          step={0.5}
          style={{ width: '100%' }}
          data-testid="entry-hours-input"
        />
      </Form.Item>
      <Form.Item label={f.photos} extra={f.photosHint}>
        <Upload
          multiple
          accept={PHOTO_ACCEPT.join(',')}
          fileList={files}
          beforeUpload={(file) => {
            const refused = checkFile(file, { maxBytes: MAX_PHOTO_BYTES, accept: PHOTO_ACCEPT });
            if (refused) showError(refused);
            else setFiles((list) => [...list, { uid: file.uid, name: file.name, originFileObj: file }]);
            return Upload.LIST_IGNORE;
          }}
          onRemove={(uf) => setFiles((list) => list.filter((u) => u.uid !== uf.uid))}
        >
          <Button icon={<UploadOutlined />} data-testid="entry-photo-pick">
            {f.pickPhotos}
          </Button>
        </Upload>
      </Form.Item>
    </CrudModal>
  );
}

/** A student the member may read (GET /people?kind=student, scoped by the server), by name or 学号. */
function StudentPicker(props: {
  value?: string | null;
  onChange?: (id: string | null) => void;
  initial: { id: string; name: string } | null;
  onPicked: (name: string) => void;
  id?: string;
}) {
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const found = useQuery({
    queryKey: ['people', 'picker', 'dedication-students', q],
    queryFn: ({ signal }) =>
      peopleApi.list({ kind: 'student', status: 'active', pageSize: 20, ...(q ? { q } : {}) }, signal),
  });
  const items = found.data?.items ?? [];
  const options = items.map((p) => ({
    value: p.id,
    label: `${p.name}（${p.number}）${p.unitName ?? ''}`,
    name: p.name,
  }));
  if (props.initial && !options.some((o) => o.value === props.initial!.id))
    options.unshift({ value: props.initial.id, label: props.initial.name, name: props.initial.name });
  return (
    <Select
      id={props.id}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={props.value ?? undefined}
      allowClear
      placeholder={f.studentPlaceholder}
      notFoundContent={found.isFetching ? <Spin size="small" /> : t.common.empty}
      onChange={(v: string | undefined) => {
        props.onChange?.(v ?? null);
        const o = options.find((x) => x.value === v);
        if (o) props.onPicked(o.name);
      }}
      options={options}
      data-testid="entry-student"
    />
  );
}
