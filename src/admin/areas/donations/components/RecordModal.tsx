import { Alert, Checkbox, Form, Input, Modal, Radio, Select } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { OrgTreeSelect } from '../../../shared/components/OrgTreeSelect';
import { PersonPicker } from '../../../shared/components/PersonPicker';
import { showError, showSuccess } from '../../../shared/lib/feedback';
import { applyFieldErrors } from '../../../shared/lib/forms';
import { ofKinds } from '../../../shared/lib/orgTree';
import { parseYuan } from '../../../../common/money';
import { PAYMENT_METHODS, type PaymentMethod } from '../../../../common/contracts/donations';
import { t } from '../../../locales';
import { donationsApi, type DriveView } from '../api';

const m = t.donations;
const classKeep = ofKinds('park', 'generalBranch', 'school', 'grade', 'class');
const classSelectable = ofKinds('class');

interface RecordForm {
  donorType: 'person' | 'class';
  personId?: string;
  classId?: string;
  amount: string;
  method: PaymentMethod;
  note?: string;
  anonymous?: boolean;
  guardianConsent?: boolean;
}

/**
 * Records gifts one after another: the modal stays open after each, keeping the donor type and
 * the method, which is why it is not a CrudModal (that closes on save).
 */
export function RecordModal(props: {
  open: boolean;
  drive: DriveView;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<RecordForm>();
  const donorType = Form.useWatch('donorType', form);
  const record = useMutation({
    meta: { quiet: true },
    mutationFn: (v: RecordForm) =>
      donationsApi.recordEntry(props.drive.id, {
        donorType: v.donorType,
        personId: v.donorType === 'person' ? v.personId : undefined,
        classId: v.donorType === 'class' ? v.classId : undefined,
        amount: v.amount,
        method: v.method,
        note: v.note || null,
        anonymous: v.anonymous ?? false,
        guardianConsent: v.donorType === 'person' ? (v.guardianConsent ?? false) : false,
      }),
    onSuccess: (r) => {
      showSuccess(m.record.done(r.receiptNo));
      form.resetFields(['personId', 'classId', 'amount', 'note', 'anonymous', 'guardianConsent']);
      props.onSaved();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e).length && !(e as { fields?: unknown }).fields) showError(e);
    },
  });
  const classAllowed = props.drive.type === 'donation' && props.drive.eligible.includes('class');
  return (
    <Modal
      open={props.open}
      title={m.record.title(props.drive.typeLabel)}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={record.isPending}
      okText={m.record.ok}
      destroyOnHidden
    >
      <Alert type="info" style={{ marginBottom: 12 }} title={m.record.hint} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ donorType: 'person', method: 'cash' }}
        onFinish={(v) => record.mutate(v)}
      >
        {classAllowed ? (
          <Form.Item name="donorType" label={m.record.donorType}>
            <Radio.Group
              options={[
                { value: 'person', label: m.record.person },
                { value: 'class', label: m.record.class },
              ]}
            />
          </Form.Item>
        ) : null}
        {donorType === 'class' ? (
          <Form.Item
            name="classId"
            label={m.record.classLabel}
            rules={[{ required: true, message: m.record.classRequired }]}
          >
            <OrgTreeSelect keep={classKeep} selectable={classSelectable} />
          </Form.Item>
        ) : (
          <Form.Item
            name="personId"
            label={props.drive.type === 'specialDues' ? m.record.memberDonor : m.record.donor}
            rules={[{ required: true, message: m.record.donorRequired }]}
          >
            <PersonPicker />
          </Form.Item>
        )}
        <Form.Item
          name="amount"
          label={m.record.amount}
          rules={[
            {
              validator: (_r, v: string | undefined) => {
                const r = parseYuan(v ?? '');
                return r.ok ? Promise.resolve() : Promise.reject(new Error(r.message));
              },
            },
          ]}
        >
          <Input inputMode="decimal" placeholder={m.record.amountPlaceholder} />
        </Form.Item>
        <Form.Item name="method" label={m.record.method}>
          <Select options={PAYMENT_METHODS.map((value) => ({ value, label: m.methods[value] }))} />
        </Form.Item>
        <Form.Item name="note" label={m.record.note}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="anonymous" valuePropName="checked" extra={m.record.anonymousHint}>
          <Checkbox>{m.record.anonymous}</Checkbox>
        </Form.Item>
        {donorType !== 'class' ? (
          <Form.Item name="guardianConsent" valuePropName="checked" extra={m.record.guardianConsentHint}>
            <Checkbox>{m.record.guardianConsent}</Checkbox>
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
