import { Button, Form, Input } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { meKey } from '../../app/me';
import { applyFieldErrors } from '../../shared/lib/forms';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { rules } from '../../shared/lib/validators';
import { t } from '../../locales';
import { authApi } from './api';

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Change one's own password; used by the console page and by the forced first-login page. */
export function PasswordForm(props: { onDone?: () => void }) {
  const [form] = Form.useForm<PasswordValues>();
  const qc = useQueryClient();
  const change = useMutation({
    meta: { quiet: true },
    mutationFn: (v: PasswordValues) =>
      authApi.changePassword({ currentPassword: v.currentPassword, newPassword: v.newPassword }),
    onSuccess: async () => {
      showSuccess(t.password.done);
      form.resetFields();
      await qc.invalidateQueries({ queryKey: meKey });
      props.onDone?.();
    },
    onError: (e) => {
      const rest = applyFieldErrors(form, e);
      if (rest.length || !(e as { fields?: unknown }).fields) showError(e);
    },
  });

  return (
    <Form<PasswordValues>
      form={form}
      layout="vertical"
      onFinish={(v) => change.mutate(v)}
      data-testid="password-form"
      style={{ maxWidth: 420 }}
    >
      <Form.Item
        name="currentPassword"
        label={t.password.current}
        rules={[{ required: true, message: t.validation.required(t.password.current) }]}
      >
        <Input.Password autoComplete="current-password" data-testid="password-current" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t.password.next}
        extra={t.password.nextExtra}
        rules={[{ required: true, message: t.validation.required(t.password.next) }, rules.password()]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-new" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t.password.confirm}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t.validation.required(t.password.confirm) },
          rules.sameAs('newPassword'),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-confirm" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={change.isPending} block data-testid="password-submit">
        {t.password.submit}
      </Button>
    </Form>
  );
}
