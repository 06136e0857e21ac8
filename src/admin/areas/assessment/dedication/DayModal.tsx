import { useCallback, useEffect, useMemo } from 'react';
import { DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { CrudModal } from '../../../shared/components/CrudModal';
import { OrgTreeSelect } from '../../../shared/components/OrgTreeSelect';
import { formatDateTime } from '../../../shared/lib/format';
import { ofKinds, type TreeNode } from '../../../shared/lib/orgTree';
import { activitiesApi } from '../../activities/api';
import { appraisalApi, appraisalKeys } from '../appraisal/api';
import { t } from '../../../locales';
import { assessmentKeys } from '../api';
import { resultsApi, type DedicationDayView } from '../resultsApi';

const d = t.assessmentResults.dedication;
const f = d.form;

interface FormValues {
  orgNodeId: string;
  title: string;
  day: Dayjs;
  description?: string | null;
  activityId?: string | null;
}

const hostKeep = ofKinds('generalBranch', 'school', 'branch');

/**
 * Schedules a dedication day at a branch or at the general branch (a park-wide day), optionally
 * as an activity held that day, whose sign-ins then count. The tree offers the nodes the reviewer
 * may host at: those where they may open a democratic-appraisal round, which is the same rule
 * (a branch they review; the general branch with assessment.manage — policy.ts canHostAt and
 * appraisal/policy.ts canOpenRound), so the console keeps no copy of who may do what.
 */
export function DayModal(props: { open: boolean; year: number; onClose: () => void }) {
  const [form] = Form.useForm<FormValues>();
  const day = Form.useWatch('day', form);
  const dayText = day ? day.format('YYYY-MM-DD') : null;
  const hosts = useQuery({
    queryKey: appraisalKeys.nodes,
    queryFn: ({ signal }) => appraisalApi.nodes(signal),
    enabled: props.open,
    staleTime: 60_000,
  });
  const hostIds = useMemo(
    () => (hosts.data ? new Set(hosts.data.items.map((n) => n.id)) : null),
    [hosts.data],
  );
  const selectable = useCallback(
    (n: TreeNode) => (n.kind === 'branch' || n.kind === 'generalBranch') && (hostIds?.has(n.id) ?? true),
    [hostIds],
  );
  // A secretary hosts at one branch: it is picked for them.
  useEffect(() => {
    if (props.open && hostIds?.size === 1 && !form.getFieldValue('orgNodeId'))
      form.setFieldValue('orgNodeId', [...hostIds][0]);
  }, [props.open, hostIds, form]);
  const activities = useQuery({
    queryKey: ['activities', 'list', 'dedication-day', dayText],
    enabled: props.open && dayText !== null,
    queryFn: ({ signal }) => activitiesApi.list({ from: dayText!, to: dayText!, pageSize: 100 }, signal),
  });
  const onDay = (activities.data?.items ?? []).filter(
    (a) => formatDateTime(a.startsAt).slice(0, 10) === dayText,
  );
  return (
    <CrudModal<FormValues, DedicationDayView>
      open={props.open}
      form={form}
      title={f.title}
      testId="day-modal"
      formTestId="day-form"
      successText={f.created}
      invalidate={[assessmentKeys.all]}
      onClose={props.onClose}
      submit={(v) =>
        resultsApi.createDedicationDay({
          orgNodeId: v.orgNodeId,
          title: v.title.trim(),
          day: v.day.format('YYYY-MM-DD'),
          description: v.description?.trim() || null,
          activityId: v.activityId ?? null,
        })
      }
    >
      <Form.Item name="orgNodeId" label={f.org} rules={[{ required: true, message: f.orgRequired }]}>
        <OrgTreeSelect
          keep={hostKeep}
          selectable={selectable}
          showKind
          placeholder={f.orgPlaceholder}
          testId="day-org"
          style={{ width: '100%' }}
        />
      </Form.Item>
      <Form.Item
        name="title"
        label={f.name}
        rules={[{ required: true, whitespace: true, message: f.nameRequired }]}
      >
        <Input maxLength={60} placeholder={f.namePlaceholder} data-testid="day-title" />
      </Form.Item>
      <Form.Item name="day" label={f.day} rules={[{ required: true, message: f.dayRequired }]}>
        <DatePicker
          style={{ width: '100%' }}
          data-testid="day-date"
          defaultPickerValue={dayjs().year() === props.year ? undefined : dayjs(`${props.year}-01-01`)}
          onChange={() => form.setFieldValue('activityId', null)}
        />
      </Form.Item>
      <Form.Item name="activityId" label={f.activity} extra={f.activityHint}>
        <Select
          allowClear
          disabled={dayText === null}
          loading={activities.isFetching}
          placeholder={dayText === null ? f.activityPickDay : undefined}
          notFoundContent={f.activityNone}
          options={onDay.map((a) => ({
            value: a.id,
            label: `${a.title}（${formatDateTime(a.startsAt).slice(11, 16)} · ${a.organiserName}）`,
          }))}
          data-testid="day-activity"
        />
      </Form.Item>
      <Form.Item name="description" label={f.description}>
        <Input.TextArea rows={2} maxLength={500} showCount />
      </Form.Item>
    </CrudModal>
  );
}
