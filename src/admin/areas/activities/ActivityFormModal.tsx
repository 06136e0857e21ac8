import { useEffect } from 'react';
import { DatePicker, Form, Input, Modal, Select, Switch } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../shared/api/client';
import { OrgTreeSelect } from '../../shared/components/OrgTreeSelect';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { applyFieldErrors } from '../../shared/lib/forms';
import { ofKinds } from '../../shared/lib/orgTree';
import type { ActivityDetail, Kinds } from './types';

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
  const [form] = Form.useForm<FormValues>();
  const qc = useQueryClient();
  const kinds = useQuery({
    queryKey: ['activities', 'kinds'],
    queryFn: ({ signal }) => api.get<Kinds>('/activities/kinds', undefined, signal),
  });
  const a = props.activity;

  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    if (a) {
      form.setFieldsValue({
        kind: a.customKindId ?? a.kind,
        title: a.title,
        theme: a.theme ?? undefined,
        organiserId: a.organiserId,
        range: [dayjs(a.startsAt), dayjs(a.endsAt)],
        place: a.place ?? undefined,
        description: a.description ?? undefined,
        isOpen: a.isOpen,
      });
    }
  }, [props.open, a, form]);

  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: FormValues) => {
      const body = {
        kind: v.kind,
        title: v.title,
        theme: v.theme || null,
        organiserId: v.organiserId,
        startsAt: v.range[0].toISOString(),
        endsAt: v.range[1].toISOString(),
        place: v.place || null,
        description: v.description || null,
        isOpen: v.isOpen ?? false,
      };
      return a
        ? api.patch<ActivityDetail>(`/activities/${a.id}`, body)
        : api.post<ActivityDetail>('/activities', body);
    },
    onSuccess: (saved) => {
      showSuccess(a ? '活动已保存' : '活动已创建');
      void qc.invalidateQueries({ queryKey: ['activities'] });
      props.onSaved?.(saved);
      props.onClose();
    },
    onError: (e) => {
      const rest = applyFieldErrors(form, e, { startsAt: 'range', endsAt: 'range' });
      if (rest.length || !(e as { fields?: unknown }).fields) showError(e);
    },
  });

  const kindOptions = [
    ...(kinds.data?.builtin.map((k) => ({ value: k.key, label: k.label })) ?? []),
    ...(kinds.data?.custom.filter((k) => !k.disabled).map((k) => ({ value: k.id, label: k.name })) ?? []),
  ];

  return (
    <Modal
      open={props.open}
      title={a ? '编辑活动' : '新建活动'}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okText="保存"
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="activity-form">
        <Form.Item name="kind" label="活动类型" rules={[{ required: true, message: '请选择活动类型' }]}>
          <Select
            options={kindOptions}
            loading={kinds.isLoading}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Form.Item name="title" label="活动名称" rules={[{ required: true, message: '请输入活动名称' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="theme" label="主题（如重大节日、重要会议）">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="organiserId"
          label="组织单位"
          rules={[{ required: true, message: '请选择组织单位' }]}
        >
          <OrgTreeSelect keep={organiserKeep} selectable={organiserSelectable} showKind />
        </Form.Item>
        <Form.Item name="range" label="时间" rules={[{ required: true, message: '请选择开始和结束时间' }]}>
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Form.Item name="place" label="地点">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label="活动内容">
          <Input.TextArea rows={4} maxLength={20000} />
        </Form.Item>
        <Form.Item
          name="isOpen"
          label="开放签到"
          valuePropName="checked"
          extra="开放：组织单位范围内的人（党支部的党员、团委所在学校的学生、党总支的全园区人员）扫码即可签到并加入名单；不开放：只有参加名单中的人可以签到。"
        >
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
