import { DatePicker, Form, InputNumber, Modal, Radio, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { membersApi, membersKeys } from '../members/api';
import type { DuesGroup } from '../../../common/contracts/people';
import { peopleKeys, type MemberStatus, type PersonDetail } from './api';
import { OrgTreeSelect } from '../../shared/components/OrgTreeSelect';
import { applyFieldErrors } from '../../shared/lib/forms';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { fenToYuan, yuanToFen } from '../../shared/lib/format';
import { ofKinds, useOrgTree } from '../../shared/lib/orgTree';
import { rules } from '../../shared/lib/validators';
import { t } from '../../locales';

interface MembershipValues {
  status: MemberStatus;
  branchId: string;
  partyGroupId?: string | null;
  joinedOn: Dayjs;
  fullOn?: Dayjs | null;
  duesBaseYuan?: number | null;
  duesGroup: DuesGroup;
}

const branchKeep = ofKinds('generalBranch', 'school', 'branch');
const branchSelectable = ofKinds('branch');
const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

/** Set or edit a person's Party membership (PUT /people/:id/membership). */
export function MembershipModal(props: { person: PersonDetail; onClose: () => void }) {
  const { person } = props;
  const m = person.membership;
  const [form] = Form.useForm<MembershipValues>();
  const qc = useQueryClient();
  const tree = useOrgTree();
  const branchId = Form.useWatch('branchId', form);
  const status = Form.useWatch('status', form);
  const groups = (branchId ? (tree.data?.byId.get(branchId)?.children ?? []) : []).filter(
    (n) => n.kind === 'partyGroup',
  );

  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: MembershipValues) =>
      membersApi.put(person.id, {
        status: v.status,
        branchId: v.branchId,
        partyGroupId: v.partyGroupId || null,
        joinedOn: v.joinedOn.format('YYYY-MM-DD'),
        fullOn: v.status === 'full' ? day(v.fullOn) : null,
        duesBaseFen: yuanToFen(v.duesBaseYuan),
        duesGroup: v.duesGroup,
      }),
    onSuccess: async () => {
      showSuccess(t.membership.saved);
      await qc.invalidateQueries({ queryKey: peopleKeys.all });
      await qc.invalidateQueries({ queryKey: membersKeys.all });
      await qc.invalidateQueries({ queryKey: ['org'] });
      props.onClose();
    },
    onError: (e) => {
      const rest = applyFieldErrors(form, e, { duesBaseFen: 'duesBaseYuan' });
      if (rest.length || !(e as { fields?: unknown }).fields) showError(e);
    },
  });

  const initial: Partial<MembershipValues> = m
    ? {
        status: m.status,
        branchId: m.branchId,
        partyGroupId: m.partyGroupId,
        joinedOn: dayjs(m.joinedOn),
        fullOn: m.fullOn ? dayjs(m.fullOn) : null,
        duesBaseYuan: fenToYuan(m.duesBaseFen),
        duesGroup: m.duesGroup ?? 'working',
      }
    : { status: 'probationary', duesGroup: person.kind === 'student' ? 'student' : 'working' };

  return (
    <Modal
      open
      title={`${m ? t.membership.edit : t.membership.set}：${person.name}`}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t.common.save}
      confirmLoading={save.isPending}
      destroyOnHidden
      modalRender={(node) => <div data-testid="membership-modal">{node}</div>}
    >
      <Form<MembershipValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => save.mutate(v)}
        data-testid="membership-form"
      >
        <Form.Item name="status" label={t.membership.status} rules={[rules.select(t.membership.status)]}>
          <Radio.Group
            optionType="button"
            options={(['probationary', 'full'] as const).map((s) => ({
              value: s,
              label: t.membership.statusLabel[s],
            }))}
          />
        </Form.Item>
        <Form.Item name="branchId" label={t.membership.branch} rules={[rules.select(t.membership.branch)]}>
          <OrgTreeSelect
            keep={branchKeep}
            selectable={branchSelectable}
            placeholder={t.membership.branch}
            testId="membership-branch"
          />
        </Form.Item>
        <Form.Item name="partyGroupId" label={t.membership.partyGroup}>
          <Select
            allowClear
            disabled={groups.length === 0}
            placeholder={t.common.optional}
            options={groups.map((g) => ({ value: g.id, label: g.name }))}
          />
        </Form.Item>
        <Form.Item
          name="joinedOn"
          label={t.membership.joinedOn}
          rules={[rules.select(t.membership.joinedOn)]}
        >
          <DatePicker style={{ width: '100%' }} data-testid="membership-joined-on" />
        </Form.Item>
        {status === 'full' ? (
          <Form.Item
            name="fullOn"
            label={t.membership.fullOn}
            dependencies={['joinedOn']}
            rules={[
              { required: true, message: t.membership.fullOnRequired },
              ({ getFieldValue }) => ({
                validator: (_r, v: Dayjs | null) => {
                  const joined = getFieldValue('joinedOn') as Dayjs | undefined;
                  return v && joined && v.isBefore(joined, 'day')
                    ? Promise.reject(
                        new Error(t.validation.dateOrder(t.membership.joinedOn, t.membership.fullOn)),
                      )
                    : Promise.resolve();
                },
              }),
            ]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        ) : null}
        <Form.Item name="duesBaseYuan" label={t.membership.duesBase}>
          <InputNumber
            min={0}
            max={1_000_000}
            precision={2}
            style={{ width: '100%' }}
            placeholder={t.common.optional}
          />
        </Form.Item>
        <Form.Item name="duesGroup" label={t.membership.duesGroup}>
          <Select
            options={Object.entries(t.membership.duesGroups).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
