import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../shared/api/client';
import { safeNext, siteNext } from '../../app/session';
import { AuthShell } from '../../shared/components/AuthShell';
import { applyFieldErrors } from '../../shared/lib/forms';
import { errorText } from '../../shared/lib/feedback';
import { t } from '../../locales';
import { authApi } from './api';

interface LoginForm {
  username: string;
  password: string;
}

export default function LoginPage() {
  const [form] = Form.useForm<LoginForm>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [problem, setProblem] = useState<{ title: string; text: string } | null>(null);
  const reason = params.get('reason');
  const notice =
    reason === 'idle'
      ? { title: t.login.idleLoggedOutTitle, text: t.login.idleLoggedOut }
      : reason === 'expired'
        ? { title: t.login.expiredTitle, text: t.login.expired }
        : null;

  const login = useMutation({
    meta: { quiet: true },
    mutationFn: (v: LoginForm) => authApi.login(v),
    onSuccess: async (r) => {
      qc.removeQueries();
      const outside = r.mustChangePassword ? null : siteNext(params.get('next'));
      if (outside) {
        window.location.assign(outside);
        return;
      }
      await navigate(r.mustChangePassword ? '/change-password' : safeNext(params.get('next')), {
        replace: true,
      });
    },
    onError: (e) => {
      applyFieldErrors(form, e);
      const title =
        isApiError(e) && e.status === 429
          ? t.login.locked
          : isApiError(e) && e.code === 'ACCOUNT_DISABLED'
            ? t.login.disabled
            : t.login.failed;
      setProblem({ title, text: errorText(e) });
      form.setFieldValue('password', '');
    },
  });

  return (
    <AuthShell subtitle={t.login.subtitle}>
      <Card title={t.login.title} className="auth-card-inner">
        {problem ? (
          <Alert
            type="error"
            showIcon
            title={problem.title}
            description={problem.text}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        ) : notice ? (
          <Alert
            type="warning"
            showIcon
            title={notice.title}
            description={notice.text}
            style={{ marginBottom: 16 }}
            data-testid="login-notice"
          />
        ) : null}
        <Form<LoginForm>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(v) => {
            setProblem(null);
            login.mutate(v);
          }}
          data-testid="login-form"
          size="large"
        >
          <Form.Item
            name="username"
            label={t.login.username}
            rules={[{ required: true, whitespace: true, message: t.login.usernameRequired }]}
          >
            <Input
              prefix={<UserOutlined />}
              placeholder={t.login.usernamePlaceholder}
              autoComplete="username"
              autoFocus
              data-testid="login-username"
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t.login.password}
            rules={[{ required: true, message: t.login.passwordRequired }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              placeholder={t.login.passwordPlaceholder}
              autoComplete="current-password"
              data-testid="login-password"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
            {t.login.submit}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 13 }}>
          {t.login.forgot}
        </Typography.Paragraph>
      </Card>
    </AuthShell>
  );
}
