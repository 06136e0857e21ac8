import { Alert, Button, Card } from 'antd';
import { Navigate, useNavigate } from 'react-router';
import { isApiError } from '../../shared/api/client';
import { useMe } from '../../app/me';
import { useLogout } from '../../app/session';
import { AuthShell } from '../../shared/components/AuthShell';
import { ErrorState, Loading } from '../../shared/components/States';
import { t } from '../../locales';
import { PasswordForm } from './PasswordForm';

/** After an administrator's reset (or a generated first password): change it before anything else. */
export default function ForcedPasswordPage() {
  const me = useMe();
  const navigate = useNavigate();
  const logout = useLogout();
  if (me.isPending) return <Loading height={400} />;
  if (me.isError) {
    if (isApiError(me.error) && me.error.status === 401) return <Navigate to="/login" replace />;
    return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  }
  return (
    <AuthShell subtitle={me.data.displayName || me.data.username}>
      <Card
        title={me.data.mustChangePassword ? t.password.forcedTitle : t.password.title}
        data-testid="forced-password-page"
        extra={
          <Button type="link" onClick={() => logout.mutate(false)} loading={logout.isPending}>
            {t.password.logout}
          </Button>
        }
      >
        {me.data.mustChangePassword ? (
          <Alert type="warning" showIcon title={t.password.forcedText} style={{ marginBottom: 16 }} />
        ) : null}
        <PasswordForm onDone={() => navigate('/', { replace: true })} />
      </Card>
    </AuthShell>
  );
}
