import { App, Button, Card, Col, Descriptions, Flex, Row, Tag, Typography } from 'antd';
import { EyeInvisibleOutlined, EyeOutlined, LockOutlined, PoweroffOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { ORG_KIND_LABELS, isOrgKind } from '../../../common/orgTree';
import type { RevealField } from '../people/api';
import { usePermissions } from '../../app/me';
import { useLogout } from '../../app/session';
import { Page } from '../../shared/components/Page';
import { Loading } from '../../shared/components/States';
import { useOrgTree } from '../../shared/lib/orgTree';
import { t } from '../../locales';
import { MembershipView } from '../people/MembershipView';
import { PersonBasics, usePerson, useReveal } from '../people/PersonDetailPage';
import { EmailForm } from './EmailForm';

/** One's own account, roles and person record; laid out to work at phone width. */
export default function ProfilePage() {
  const { me, can } = usePermissions();
  const navigate = useNavigate();
  const logout = useLogout();
  const { modal } = App.useApp();
  const person = usePerson(me?.personId);
  const tree = useOrgTree({ enabled: can('org.read') });
  const r = useReveal(person.data);
  if (!me) return <Loading />;

  const p = person.data;
  const scopeName = (id: string, kind: string) =>
    tree.data?.byId.get(id)?.name ??
    (id === p?.unitId ? p.unitName : id === p?.schoolId ? p.schoolName : null) ??
    (isOrgKind(kind) ? ORG_KIND_LABELS[kind] : kind);
  const numbers: { key: RevealField; label: string; masked: string | null }[] = p
    ? [
        { key: 'idNumber', label: t.people.fields.idNumber, masked: p.idNumberMasked },
        { key: 'phone', label: t.people.fields.phone, masked: p.phoneMasked },
      ]
    : [];

  return (
    <Page title={t.profile.title} testId="profile-page">
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t.profile.account} data-testid="profile-account">
            <Descriptions
              bordered
              size="small"
              column={1}
              items={[
                {
                  key: 'u',
                  label: t.profile.username,
                  children: <span className="mono">{me.username}</span>,
                },
                { key: 'd', label: t.profile.displayName, children: me.displayName },
                {
                  key: 'r',
                  label: t.profile.roles,
                  children: me.roles.length ? (
                    <Flex gap={4} wrap>
                      {me.roles.map((g) => (
                        <Tag key={`${g.role}-${g.scopeNodeId}`} color="red" variant="outlined">
                          {g.label} · {scopeName(g.scopeNodeId, g.scopeKind)}
                        </Tag>
                      ))}
                    </Flex>
                  ) : (
                    <Typography.Text type="secondary">{t.profile.noRoles}</Typography.Text>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t.profile.security}>
            <Flex gap={8} wrap>
              <Button
                icon={<LockOutlined />}
                onClick={() => navigate('/password')}
                data-testid="profile-change-password"
              >
                {t.profile.changePassword}
              </Button>
              <Button
                danger
                icon={<PoweroffOutlined />}
                loading={logout.isPending}
                data-testid="profile-logout-all"
                onClick={() =>
                  modal.confirm({
                    title: t.layout.logoutAll,
                    content: t.layout.logoutAllConfirm,
                    okButtonProps: { danger: true },
                    onOk: () => logout.mutateAsync(true).catch(() => undefined),
                  })
                }
              >
                {t.profile.logoutAll}
              </Button>
            </Flex>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t.email.title} data-testid="profile-email">
            <EmailForm />
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title={t.profile.person} data-testid="profile-person">
            {!me.personId ? (
              <Typography.Text type="secondary">{t.profile.noPerson}</Typography.Text>
            ) : person.isPending ? (
              <Loading height={120} />
            ) : !p ? (
              <Typography.Text type="secondary">{t.profile.personUnavailable}</Typography.Text>
            ) : (
              <>
                <PersonBasics person={p} />
                <Descriptions
                  bordered
                  size="small"
                  column={{ xs: 1, sm: 2 }}
                  style={{ marginTop: 8 }}
                  items={numbers.map((n) => ({
                    key: n.key,
                    label: n.label,
                    children: (
                      <span className="mono">{r.revealed?.[n.key] || n.masked || t.common.notSet}</span>
                    ),
                  }))}
                />
                {p.canReveal && numbers.some((n) => n.masked) ? (
                  <Flex align="center" gap={8} wrap style={{ marginTop: 8 }}>
                    {r.revealed ? (
                      <>
                        <Button size="small" icon={<EyeInvisibleOutlined />} onClick={r.hide}>
                          {t.people.revealHide}
                        </Button>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t.people.revealCountdown(r.left)}
                        </Typography.Text>
                      </>
                    ) : (
                      <Button size="small" icon={<EyeOutlined />} loading={r.pending} onClick={r.reveal}>
                        {t.people.reveal}
                      </Button>
                    )}
                  </Flex>
                ) : null}
                {p.membership ? (
                  <>
                    <Typography.Title level={2} style={{ marginTop: 16, fontSize: 16 }}>
                      {t.membership.title}
                    </Typography.Title>
                    <MembershipView membership={p.membership} />
                  </>
                ) : null}
              </>
            )}
          </Card>
        </Col>
      </Row>
    </Page>
  );
}
