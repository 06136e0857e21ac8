import { useEffect } from 'react';
import { Checkbox, DatePicker, Form, Input, Modal, Select } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { OrgTreeSelect } from '../../shared/components/OrgTreeSelect';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { ofKinds } from '../../shared/lib/orgTree';
import { t } from '../../locales';
import { orgLifeApi, orgLifeKeys, type RosterEntry, type Symposium } from './api';
import { instantOf, pickerValue } from '../../shared/lib/format';

const branchKeep = ofKinds('generalBranch', 'school', 'branch');
const hostSelectable = ofKinds('generalBranch', 'branch');
const sy = t.orgLife.symposium;

interface SymposiumForm {
  hostNodeId?: string;
  scheduledAt?: Dayjs | null;
  place?: string;
  cardMessage?: string;
  status?: Symposium['status'];
  minutes?: string;
  attended?: string[];
}

/** Schedules the month's symposium (new) or records one: status, attendance and minutes. */
export function SymposiumModal(props: {
  id: string | 'new' | null;
  year: number;
  month: number;
  roster: RosterEntry[];
  onClose: () => void;
}) {
  const [form] = Form.useForm<SymposiumForm>();
  const isNew = props.id === 'new';
  const detail = useQuery({
    queryKey: orgLifeKeys.symposium(props.id),
    enabled: props.id !== null && !isNew,
    queryFn: ({ signal }) => orgLifeApi.symposium(props.id!, signal),
  });
  useEffect(() => {
    if (detail.data) {
      form.setFieldsValue({
        // This symposium's own time, not what the form last held (the form outlives the modal).
        scheduledAt: pickerValue(detail.data.scheduledAt),
        place: detail.data.place ?? undefined,
        cardMessage: detail.data.cardMessage ?? undefined,
        status: detail.data.status,
        minutes: detail.data.minutes ?? undefined,
        attended: detail.data.attendees.filter((a) => a.attended).map((a) => a.personId),
      });
    } else if (isNew) form.resetFields();
  }, [detail.data, isNew, form]);
  const save = useMutation({
    mutationFn: async (v: SymposiumForm) => {
      const common = {
        scheduledAt: v.scheduledAt ? instantOf(v.scheduledAt) : undefined,
        place: v.place || null,
        cardMessage: v.cardMessage || null,
      };
      if (isNew) {
        return orgLifeApi.createSymposium({
          hostNodeId: v.hostNodeId!,
          year: props.year,
          month: props.month,
          ...common,
        });
      }
      await orgLifeApi.updateSymposium(props.id!, {
        ...common,
        status: v.status,
        minutes: v.minutes || null,
      });
      return orgLifeApi.putAttendees(
        props.id!,
        (detail.data?.attendees ?? []).map((a) => ({
          personId: a.personId,
          attended: v.status === 'held' ? (v.attended ?? []).includes(a.personId) : null,
        })),
      );
    },
    onSuccess: () => {
      showSuccess(sy.saved);
      props.onClose();
    },
    onError: showError,
  });
  return (
    <Modal
      open={props.id !== null}
      title={isNew ? sy.createTitle(props.year, props.month) : sy.editTitle(detail.data?.hostName ?? '')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={620}
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="symposium-form">
        {isNew ? (
          <Form.Item name="hostNodeId" label={sy.host} rules={[{ required: true, message: sy.hostRequired }]}>
            <OrgTreeSelect keep={branchKeep} selectable={hostSelectable} placeholder={sy.hostPlaceholder} />
          </Form.Item>
        ) : null}
        <Form.Item name="scheduledAt" label={sy.scheduledAt}>
          <DatePicker showTime format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="place" label={sy.place}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="cardMessage" label={sy.cardMessage}>
          <Input.TextArea rows={2} maxLength={200} showCount />
        </Form.Item>
        {isNew ? (
          <div style={{ color: '#888' }}>{sy.attendeesHint(props.roster.length)}</div>
        ) : (
          <>
            <Form.Item name="status" label={sy.status}>
              <Select
                options={[
                  { value: 'planned', label: sy.statuses.planned },
                  { value: 'held', label: sy.statuses.held },
                  { value: 'cancelled', label: sy.statuses.cancelled },
                ]}
              />
            </Form.Item>
            <Form.Item name="attended" label={sy.attended}>
              <Checkbox.Group
                options={(detail.data?.attendees ?? []).map((a) => ({ value: a.personId, label: a.name }))}
              />
            </Form.Item>
            <Form.Item name="minutes" label={sy.minutes}>
              <Input.TextArea rows={4} maxLength={20000} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
