import { DatePicker, Form, Input, Select, Switch } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { CrudModal } from '../../shared/components/CrudModal';
import { OrgTreeSelect } from '../../shared/components/OrgTreeSelect';
import { ofKinds } from '../../shared/lib/orgTree';
import { t } from '../../locales';
import { activitiesApi, activityKeys, type ActivityDetail } from './api';
import { instantOf, pickerValue } from '../../shared/lib/format';

interface FormValues {
  kind: string;
  title: string;
  theme?: string;
  organiserId: string;
  range: [Dayjs, Dayjs];
  place?: string;
  description?: string;
  isOpen?: boolean;
}

const organiserKeep = ofKinds('park', 'generalBranch', 'school', 'branch', 'leagueCommittee', 'leagueBranch');
const organiserSelectable = ofKinds('generalBranch', 'branch', 'leagueCommittee', 'leagueBranch');

/** Create (no `activity`) or edit an activity. */
export function ActivityFormModal(props: {
  open: boolean;
  activity?: ActivityDetail;
  onClose: () => void;
  onSaved?: (a: ActivityDetail) => void;
}) {
  const tx = t.activities.form;
  const kinds = useQuery({
    queryKey: activityKeys.kinds,
    queryFn: ({ signal }) => activitiesApi.kinds(signal),
  });
  const a = props.activity;

  const submit = (v: FormValues) => {
    const body = {
      kind: v.kind,
      title: v.title,
      theme: v.theme || null,
      organiserId: v.organiserId,
      startsAt: instantOf(v.range[0]),
      endsAt: instantOf(v.range[1]),
      place: v.place || null,
      description: v.description || null,
      isOpen: v.isOpen ?? false,
    };
    return a ? activitiesApi.update(a.id, body) : activitiesApi.create(body);
  };

  const kindOptions = [
    ...(kinds.data?.builtin.map((k) => ({ value: k.key, label: k.label })) ?? []),
    ...(kinds.data?.custom.filter((k) => !k.disabled).map((k) => ({ value: k.id, label: k.name })) ?? []),
  ];

  return (
    <CrudModal<FormValues, ActivityDetail>
      open={props.open}
      title={a ? tx.editTitle : tx.createTitle}
      initialValues={
        a
          ? {
              kind: a.customKindId ?? a.kind,
              title: a.title,
              theme: a.theme ?? undefined,
              organiserId: a.organiserId,
              range: [pickerValue(a.startsAt)!, pickerValue(a.endsAt)!],
              place: a.place ?? undefined,
              description: a.description ?? undefined,
              isOpen: a.isOpen,
            }
          : undefined
      }
      submit={submit}
      invalidate={[activityKeys.all]}
      successText={a ? tx.saved : tx.created}
      onClose={props.onClose}
      onSaved={(saved) => props.onSaved?.(saved)}
      fieldAliases={{ startsAt: 'range', endsAt: 'range' }}
      okText={tx.save}
      width={640}
      formTestId="activity-form"
    >
      <Form.Item name="kind" label={tx.kind} rules={[{ required: true, message: tx.kindRequired }]}>
        <Select options={kindOptions} loading={kinds.isLoading} showSearch={{ optionFilterProp: 'label' }} />
      </Form.Item>
      <Form.Item name="title" label={tx.title} rules={[{ required: true, message: tx.titleRequired }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="theme" label={tx.theme}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        name="organiserId"
        label={tx.organiser}
        rules={[{ required: true, message: tx.organiserRequired }]}
      >
        <OrgTreeSelect keep={organiserKeep} selectable={organiserSelectable} showKind />
      </Form.Item>
      <Form.Item name="range" label={tx.range} rules={[{ required: true, message: tx.rangeRequired }]}>
        <DatePicker.RangePicker
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          style={{ width: '100%' }}
        />
      </Form.Item>
      <Form.Item name="place" label={tx.place}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="description" label={tx.description}>
        <Input.TextArea rows={4} maxLength={20000} />
      </Form.Item>
      <Form.Item name="isOpen" label={tx.isOpen} valuePropName="checked" extra={tx.isOpenExtra}>
        <Switch />
      </Form.Item>
    </CrudModal>
  );
}
