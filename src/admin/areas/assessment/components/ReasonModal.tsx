import type { ReactNode } from 'react';
import { Form, Input } from 'antd';
import { CrudModal } from '../../../shared/components/CrudModal';
import { assessmentKeys } from '../api';

/**
 * Returning a post or a piece of evidence: the reason is required (the member reads it and
 * corrects what they filed), shown on the field when the server refuses it.
 */
export function ReasonModal(props: {
  open: boolean;
  title: ReactNode;
  label: string;
  requiredText: string;
  okText: string;
  successText: string;
  submit: (reason: string) => Promise<unknown>;
  onClose: () => void;
  intro?: ReactNode;
}) {
  return (
    <CrudModal<{ reason: string }>
      open={props.open}
      title={props.title}
      okText={props.okText}
      successText={props.successText}
      modalProps={{ okButtonProps: { danger: true } }}
      invalidate={[assessmentKeys.all]}
      onClose={props.onClose}
      testId="reason-modal"
      submit={(v) => props.submit(v.reason.trim())}
    >
      {props.intro}
      <Form.Item
        name="reason"
        label={props.label}
        rules={[{ required: true, whitespace: true, message: props.requiredText }]}
      >
        <Input.TextArea rows={3} maxLength={200} showCount data-testid="reason-input" />
      </Form.Item>
    </CrudModal>
  );
}
