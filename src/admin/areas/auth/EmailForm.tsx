import { useEffect } from 'react';
import { Button, Form, Input, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { applyFieldErrors } from '../../shared/lib/forms';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { t } from '../../locales';
import { accountKeys, accountsApi } from '../accounts/api';
import { authApi, authKeys } from './api';

interface EmailValues {
  email: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The notification email address: one's own (`accountId` omitted: GET/PUT /auth/me/email) or, for
 * an administrator, another account's (PATCH /accounts/:id). An empty value clears it.
 */
export function EmailForm(props: { accountId?: string; initial?: string | null; onDone?: () => void }) {
  const [form] = Form.useForm<EmailValues>();
  const qc = useQueryClient();
  const own = props.accountId === undefined;
  const mine = useQuery({
    queryKey: authKeys.myEmail,
    queryFn: ({ signal }) => authApi.myEmail(signal),
    enabled: own,
  });
  const current = own ? mine.data?.email : props.initial;
  useEffect(() => {
    form.setFieldsValue({ email: current ?? '' });
  }, [current, form]);

  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: EmailValues) =>
      own
        ? authApi.setMyEmail(v.email.trim())
        : accountsApi.update(props.accountId!, { email: v.email.trim() }),
    onSuccess: async () => {
      showSuccess(t.email.saved);
      await qc.invalidateQueries({ queryKey: own ? authKeys.myEmail : accountKeys.all });
      props.onDone?.();
    },
    onError: (e) => {
      const rest = applyFieldErrors(form, e);
      if (rest.length || !(e as { fields?: unknown }).fields) showError(e);
    },
  });

  return (
    <Form<EmailValues>
      form={form}
      layout="vertical"
      onFinish={(v) => save.mutate(v)}
      data-testid="email-form"
      style={{ maxWidth: 420 }}
    >
      <Form.Item
        name="email"
        label={t.email.label}
        extra={<Typography.Text type="secondary">{t.email.extra}</Typography.Text>}
        rules={[
          { max: 254, message: t.email.tooLong },
          {
            validator: (_r, v: string | undefined) =>
              !v?.trim() || EMAIL.test(v.trim())
                ? Promise.resolve()
                : Promise.reject(new Error(t.email.invalid)),
          },
        ]}
      >
        <Input
          type="email"
          autoComplete="email"
          placeholder={t.email.placeholder}
          data-testid="email-input"
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="email-save">
        {t.email.save}
      </Button>
    </Form>
  );
}
