import { useState } from 'react';
import { Alert, DatePicker, Form, Input, InputNumber, Radio, Select, Spin, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { todayInShanghai } from '../../../../common/dates';
import { endOfWorkingDays } from '../../../../common/workingDays';
import { CrudModal } from '../../../shared/components/CrudModal';
import { ApiError, isApiError } from '../../../shared/api/client';
import { useDebounced } from '../../../shared/hooks/useDebounced';
import { showSuccess, showWarning } from '../../../shared/lib/feedback';
import { t } from '../../../locales';
import { assessmentApi, assessmentKeys } from '../api';
import { resultsApi, type NominationView, type ObjectionView, type PublicityView } from '../resultsApi';

const r = t.assessmentResults;

/** The year's scheme, for the numbers the forms mention (公示 working days, the withdrawal line). */
export function useSchemeConfig(year: number) {
  const q = useQuery({
    queryKey: assessmentKeys.scheme(year),
    queryFn: ({ signal }) => assessmentApi.scheme(year, signal),
    staleTime: 60_000,
  });
  return q.data?.scheme?.config ?? null;
}

// ——— 推荐 ———

/**
 * A branch recommends one of its members for the year's vanguard post: only members whose post
 * the branch approved this year are offered (the posts list, status approved, scoped by the
 * server); the score and band are taken by the server as they stand at that moment.
 */
export function NominateModal(props: { open: boolean; year: number; onClose: () => void }) {
  const f = r.nominateForm;
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const posts = useQuery({
    queryKey: [...assessmentKeys.posts, 'approved-picker', props.year, q],
    enabled: props.open,
    queryFn: ({ signal }) =>
      assessmentApi.posts(
        { year: props.year, status: 'approved', pageSize: 50, ...(q ? { q } : {}) },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
  const items = posts.data?.items ?? [];
  return (
    <CrudModal<{ personId: string; reason: string }>
      open={props.open}
      title={f.title(props.year)}
      okText={f.ok}
      successText={f.done}
      testId="nominate-modal"
      formTestId="nominate-form"
      invalidate={[assessmentKeys.all]}
      onClose={props.onClose}
      submit={(v) => resultsApi.nominate({ year: props.year, personId: v.personId, reason: v.reason.trim() })}
    >
      <Form.Item
        name="personId"
        label={f.member}
        extra={f.memberHint}
        rules={[{ required: true, message: f.memberRequired }]}
      >
        <Select
          showSearch={{ filterOption: false, onSearch: setSearch }}
          placeholder={f.memberPlaceholder}
          notFoundContent={posts.isFetching ? <Spin size="small" /> : f.noApproved(props.year)}
          options={items.map((p) => ({
            value: p.personId,
            label: `${p.name}（${p.branchName}）· ${p.post}`,
          }))}
          data-testid="nominate-member"
        />
      </Form.Item>
      <Form.Item
        name="reason"
        label={f.reason}
        rules={[{ required: true, whitespace: true, message: f.reasonRequired }]}
      >
        <Input.TextArea rows={4} maxLength={500} showCount data-testid="nominate-reason" />
      </Form.Item>
    </CrudModal>
  );
}

// ——— 批准 / 不批准 ———

export function DecideModal(props: {
  nomination: NominationView | null;
  decision: 'approve' | 'reject';
  onClose: () => void;
}) {
  const f = r.decideForm;
  const n = props.nomination;
  const [form] = Form.useForm<{ decision: 'approve' | 'reject'; note?: string }>();
  const decision = Form.useWatch('decision', form) ?? props.decision;
  return (
    <CrudModal<{ decision: 'approve' | 'reject'; note?: string }, NominationView>
      open={n !== null}
      form={form}
      title={n ? f.title(n.name, n.post) : ''}
      okText={decision === 'approve' ? r.results.approve : r.results.reject}
      successText={false}
      testId="decide-modal"
      formTestId="decide-form"
      invalidate={[assessmentKeys.all]}
      initialValues={{ decision: props.decision }}
      modalProps={{ okButtonProps: { danger: decision === 'reject' } }}
      onClose={props.onClose}
      onSaved={(res) => showSuccess(res.status === 'approved' ? f.approved : f.rejected)}
      submit={(v) =>
        resultsApi.decideNomination(n!.id, { decision: v.decision, note: v.note?.trim() || null })
      }
    >
      {n ? (
        <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
          {r.results.col.reason}：{n.reason}
        </Typography.Paragraph>
      ) : null}
      <Form.Item name="decision" label={f.decision}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'approve', label: r.results.approve },
            { value: 'reject', label: r.results.reject },
          ]}
          data-testid="decide-decision"
        />
      </Form.Item>
      <Form.Item
        name="note"
        label={f.note}
        rules={decision === 'reject' ? [{ required: true, whitespace: true, message: f.noteRequired }] : []}
      >
        <Input.TextArea rows={3} maxLength={300} showCount data-testid="decide-note" />
      </Form.Item>
    </CrudModal>
  );
}

// ——— 公示 ———

interface PublicityForm {
  startsOn: Dayjs;
  endsOn?: Dayjs | null;
}

/**
 * Opens the 公示: from a start day (today or later) for at least the scheme's working days. The
 * form names the earliest end day the shared calendar (common/workingDays.ts) gives; the end day
 * announced afterwards is the one the server answers with. A chosen end day that is too early is
 * refused (PUBLICITY_TOO_SHORT) and the server's sentence shows under that field.
 */
export function PublicityModal(props: {
  open: boolean;
  year: number;
  onClose: () => void;
  onOpened: (p: PublicityView) => void;
}) {
  const f = r.publicity.form;
  const [form] = Form.useForm<PublicityForm>();
  const startsOn = Form.useWatch('startsOn', form);
  const config = useSchemeConfig(props.year);
  const need = config?.publicityWorkingDays ?? null;
  const start = startsOn ? startsOn.format('YYYY-MM-DD') : null;
  const earliest = need && start ? endOfWorkingDays(start, need) : null;
  const today = todayInShanghai();
  return (
    <CrudModal<PublicityForm, PublicityView>
      open={props.open}
      form={form}
      title={f.title(props.year)}
      okText={f.ok}
      successText={false}
      testId="publicity-modal"
      formTestId="publicity-form"
      invalidate={[assessmentKeys.all]}
      initialValues={{ startsOn: dayjs(today) }}
      onClose={props.onClose}
      onSaved={(p) => {
        showSuccess(f.opened(p.endsOn));
        props.onOpened(p);
      }}
      submit={async (v) => {
        try {
          return await resultsApi.openPublicity({
            year: props.year,
            startsOn: v.startsOn.format('YYYY-MM-DD'),
            ...(v.endsOn ? { endsOn: v.endsOn.format('YYYY-MM-DD') } : {}),
          });
        } catch (e) {
          // The server's whole sentence (how many working days, the earliest end) belongs on the field.
          if (isApiError(e) && e.code === 'PUBLICITY_TOO_SHORT')
            throw new ApiError(e.status, e.code, e.message, { endsOn: e.message });
          throw e;
        }
      }}
    >
      <Form.Item name="startsOn" label={f.startsOn} rules={[{ required: true, message: f.startsRequired }]}>
        <DatePicker
          style={{ width: '100%' }}
          disabledDate={(d) => d.format('YYYY-MM-DD') < today}
          onChange={() => form.setFields([{ name: 'endsOn', errors: [] }])}
          data-testid="publicity-start"
        />
      </Form.Item>
      <Form.Item
        name="endsOn"
        label={f.endsOn}
        extra={
          <span data-testid="publicity-earliest">
            {need && earliest ? f.endsHint(need, earliest) : f.endsHintNoScheme}
          </span>
        }
      >
        <DatePicker
          style={{ width: '100%' }}
          disabledDate={(d) => (start ? d.format('YYYY-MM-DD') < start : false)}
          data-testid="publicity-end"
        />
      </Form.Item>
    </CrudModal>
  );
}

// ——— 学期得分 ———

/** The semester of the school year a day falls in: autumn (…-1) from August, spring (…-2) from February. */
export function semesterOf(day: string): string {
  const y = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  if (month >= 8) return `${y}-${y + 1}-1`;
  if (month === 1) return `${y - 1}-${y}-1`;
  return `${y - 1}-${y}-2`;
}

export function SemesterModal(props: { nomination: NominationView | null; onClose: () => void }) {
  const f = r.semesterForm;
  const n = props.nomination;
  const config = useSchemeConfig(n?.year ?? Number(todayInShanghai().slice(0, 4)));
  return (
    <CrudModal<{ semester: string; score: number }, NominationView>
      open={n !== null}
      title={n ? f.title(n.name) : ''}
      successText={false}
      testId="semester-modal"
      formTestId="semester-form"
      invalidate={[assessmentKeys.all]}
      initialValues={{ semester: semesterOf(todayInShanghai()) }}
      onClose={props.onClose}
      onSaved={(res) => {
        if (res.status === 'withdrawn') showWarning(f.withdrawn(res.withdrawReason ?? ''));
        else showSuccess(f.recorded);
      }}
      submit={(v) => resultsApi.semesterScore(n!.id, { semester: v.semester.trim(), score: v.score })}
    >
      <Form.Item
        name="semester"
        label={f.semester}
        extra={f.semesterHint}
        rules={[{ required: true, whitespace: true, message: f.semesterRequired }]}
      >
        <Input maxLength={11} placeholder={f.semesterPlaceholder} data-testid="semester-semester" />
      </Form.Item>
      <Form.Item
        name="score"
        label={f.score}
        extra={config ? f.lineHint(config.withdrawalLine) : undefined}
        rules={[{ required: true, message: f.scoreRequired }]}
      >
        <InputNumber min={0} max={100} step={0.5} style={{ width: '100%' }} data-testid="semester-score" />
      </Form.Item>
    </CrudModal>
  );
}

// ——— 异议 ———

export function HandleObjectionModal(props: {
  objection: ObjectionView | null;
  decision: 'uphold' | 'dismiss';
  onClose: () => void;
}) {
  const f = r.objections;
  const o = props.objection;
  const [form] = Form.useForm<{ decision: 'uphold' | 'dismiss'; response: string }>();
  const decision = Form.useWatch('decision', form) ?? props.decision;
  return (
    <CrudModal<{ decision: 'uphold' | 'dismiss'; response: string }>
      open={o !== null}
      form={form}
      title={o ? f.handleTitle(o.name) : ''}
      successText={f.handled}
      testId="objection-modal"
      formTestId="objection-form"
      invalidate={[assessmentKeys.all]}
      initialValues={{ decision: props.decision }}
      modalProps={{ okButtonProps: { danger: decision === 'uphold' } }}
      onClose={props.onClose}
      submit={(v) => resultsApi.handleObjection(o!.id, { decision: v.decision, response: v.response.trim() })}
    >
      {o ? (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {o.content}
        </Typography.Paragraph>
      ) : null}
      <Form.Item name="decision" label={f.decision}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'uphold', label: f.uphold },
            { value: 'dismiss', label: f.dismiss },
          ]}
          data-testid="objection-decision"
        />
      </Form.Item>
      {decision === 'uphold' ? (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={f.upholdNote} />
      ) : null}
      <Form.Item
        name="response"
        label={f.response}
        rules={[{ required: true, whitespace: true, message: f.responseRequired }]}
      >
        <Input.TextArea rows={3} maxLength={500} showCount data-testid="objection-response" />
      </Form.Item>
    </CrudModal>
  );
}
