import { Card } from 'antd';
import { Page } from '../../shared/components/Page';
import { t } from '../../locales';
import { PasswordForm } from './PasswordForm';

export default function PasswordPage() {
  return (
    <Page title={t.password.title} testId="password-page">
      <Card style={{ maxWidth: 520 }}>
        <PasswordForm />
      </Card>
    </Page>
  );
}
