import { Alert, Button, Card, Form, Input, Result } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { AuthShell } from '../../shared/components/AuthShell';
import { Loading } from '../../shared/components/States';
import { applyFieldErrors } from '../../shared/lib/forms';
import { errorText } from '../../shared/lib/feedback';
import { rules } from '../../shared/lib/validators';
import { t } from '../../locales';
import { authApi, authKeys } from './api';

interface SetupForm {
  parkName: string;
  username: string;
  displayName: string;
  password: string;
  passwordConfirm: string;
}

/** First run without ADMIN_USERNAME/ADMIN_PASSWORD: the printed link /admin/setup?token=… leads here. */
export default function SetupPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const [form] = Form.useForm<SetupForm>();

  const check = useQuery({
    queryKey: authKeys.setup(token),
    queryFn: ({ signal }) => authApi.setupCheck(token, signal),
    enabled: token.length > 0,
    retry: false,
  });

  const submit = useMutation({
    meta: { quiet: true },
    mutationFn: (v: SetupForm) =>
      authApi.setup({
        token,
        parkName: v.parkName,
        username: v.username,
        displayName: v.displayName,
        password: v.password,
      }),
    onError: (e) => applyFieldErrors(form, e),
  });

  let body;
  if (!token) {
    body = <Result status="warning" title={t.setup.invalidTitle} subTitle={t.setup.noToken} />;
  } else if (check.isPending) {
    body = <Loading tip={t.setup.checking} />;
  } else if (check.isError) {
    body = (
      <Result
        status="warning"
        title={t.setup.invalidTitle}
        subTitle={t.setup.invalidText}
        data-testid="setup-invalid"
        extra={
          <Link to="/login">
            <Button type="primary">{t.setup.toLogin}</Button>
          </Link>
        }
      />
    );
  } else if (submit.isSuccess) {
    body = (
      <Result
        status="success"
        title={t.setup.doneTitle}
        subTitle={t.setup.doneText}
        data-testid="setup-done"
        extra={
          <Button type="primary" onClick={() => navigate('/login', { replace: true })}>
            {t.setup.toLogin}
          </Button>
        }
      />
    );
  } else {
    body = (
      <Form<SetupForm>
        form={form}
        layout="vertical"
        initialValues={{ parkName: check.data.parkName }}
        onFinish={(v) => submit.mutate(v)}
        data-testid="setup-form"
      >
        {submit.isError ? (
          <Alert type="error" showIcon title={errorText(submit.error)} style={{ marginBottom: 16 }} />
        ) : null}
        <Form.Item
          name="parkName"
          label={t.setup.parkName}
          rules={[rules.required(t.setup.parkName), rules.max(100)]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="username"
          label={t.setup.username}
          extra={t.setup.usernameExtra}
          rules={[
            rules.required(t.setup.username),
            { pattern: /^[A-Za-z0-9_.-]{3,64}$/, message: t.validation.username },
          ]}
        >
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t.setup.displayName}
          rules={[rules.required(t.setup.displayName), rules.max(50)]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="password"
          label={t.setup.password}
          extra={t.password.nextExtra}
          rules={[rules.required(t.setup.password), rules.password()]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="passwordConfirm"
          label={t.setup.passwordConfirm}
          dependencies={['password']}
          rules={[rules.required(t.setup.passwordConfirm), rules.sameAs('password')]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submit.isPending} data-testid="setup-submit">
          {t.setup.submit}
        </Button>
      </Form>
    );
  }

  return (
    <AuthShell subtitle={t.setup.subtitle}>
      <Card title={t.setup.title}>{body}</Card>
    </AuthShell>
  );
}
