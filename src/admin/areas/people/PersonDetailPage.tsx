import { useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Flex, Popconfirm, Row, Space, Tag, Typography } from 'antd';
import {
  ArrowLeftOutlined,
  EditOutlined,
  EyeOutlined,
  EyeInvisibleOutlined,
  KeyOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { usePermissions } from '../../app/me';
import { Page } from '../../shared/components/Page';
import { ErrorState, Loading } from '../../shared/components/States';
import { showSuccess } from '../../shared/lib/feedback';
import { formatDate } from '../../shared/lib/format';
import { t } from '../../locales';
import { CreateAccountModal } from '../accounts/CreateAccountModal';
import { MembershipModal } from './MembershipModal';
import { MembershipView } from './MembershipView';
import { PersonStatusTag, genderLabel } from './tags';
import { membersApi, membersKeys } from '../members/api';
import { peopleApi, peopleKeys, type PersonDetail, type RevealField, type RevealedNumbers } from './api';

const REVEAL_SECONDS = 30;

/** The query key of a person's page (kept for the pages that import it from here). */
export const personKey = peopleKeys.detail;

export function usePerson(id: string | null | undefined, enabled = true) {
  return useQuery({
    queryKey: peopleKeys.detail(id ?? ''),
    queryFn: ({ signal }) => peopleApi.get(id!, signal),
    enabled: Boolean(id) && enabled,
  });
}

/** Clear ID/phone numbers for a short while after an audited reveal, then masked again. */
export function useReveal(person: PersonDetail | undefined) {
  const [revealed, setRevealed] = useState<RevealedNumbers | null>(null);
  const [left, setLeft] = useState(0);
  useEffect(() => {
    if (!revealed) return;
    const h = setInterval(() => {
      setLeft((s) => {
        if (s <= 1) {
          setRevealed(null);
          return 0;
        }
        return s - 1;
      });
    }, 1000);
    return () => clearInterval(h);
  }, [revealed]);
  const reveal = useMutation({
    mutationFn: () => {
      const fields: RevealField[] = [];
      if (person?.idNumberMasked) fields.push('idNumber');
      if (person?.phoneMasked) fields.push('phone');
      if (person?.guardianPhoneMasked) fields.push('guardianPhone');
      return peopleApi.reveal(person!.id, { fields });
    },
    onSuccess: (r) => {
      setRevealed(r);
      setLeft(REVEAL_SECONDS);
    },
  });
  return {
    revealed,
    left,
    reveal: () => reveal.mutate(),
    hide: () => {
      setRevealed(null);
      setLeft(0);
    },
    pending: reveal.isPending,
  };
}

export function PersonBasics({ person }: { person: PersonDetail }) {
  const staff = person.kind === 'staff';
  const f = t.people.fields;
  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, sm: 2, xl: 3 }}
      items={[
        {
          key: 'number',
          label: staff ? f.staffNumber : f.studentNumber,
          children: <span className="mono">{person.number}</span>,
        },
        { key: 'name', label: f.name, children: person.name },
        { key: 'gender', label: f.gender, children: genderLabel(person.gender) || t.common.notSet },
        { key: 'birth', label: f.birthDate, children: formatDate(person.birthDate) || t.common.notSet },
        { key: 'eth', label: f.ethnicity, children: person.ethnicity || t.common.notSet },
        { key: 'school', label: f.school, children: person.schoolName || t.common.notSet },
        { key: 'unit', label: staff ? f.department : f.class, children: person.unitName || t.common.notSet },
        ...(staff
          ? [
              { key: 'title', label: f.title, children: person.title || t.common.notSet },
              { key: 'cadre', label: f.isCadre, children: person.isCadre ? t.common.yes : t.common.no },
              { key: 'hire', label: f.hireDate, children: formatDate(person.hireDate) || t.common.notSet },
            ]
          : [
              {
                key: 'league',
                label: f.isLeagueMember,
                children: person.isLeagueMember ? t.common.yes : t.common.no,
              },
              {
                key: 'leagueOn',
                label: f.leagueJoinedOn,
                children: formatDate(person.leagueJoinedOn) || t.common.notSet,
              },
              { key: 'guardian', label: f.guardianName, children: person.guardianName || t.common.notSet },
            ]),
        {
          key: 'status',
          label: f.status,
          children: <PersonStatusTag status={person.status} kind={person.kind} />,
        },
      ]}
    />
  );
}

export default function PersonDetailPage() {
  const { id = '' } = useParams();
  const { can } = usePermissions();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const person = usePerson(id);
  const r = useReveal(person.data);
  const [membershipOpen, setMembershipOpen] = useState(false);
  const [accountOpen, setAccountOpen] = useState(false);

  const clearMembership = useMutation({
    mutationFn: () => membersApi.remove(id),
    onSuccess: async () => {
      showSuccess(t.membership.cleared);
      await qc.invalidateQueries({ queryKey: peopleKeys.all });
      await qc.invalidateQueries({ queryKey: membersKeys.all });
    },
  });

  if (person.isPending) return <Loading />;
  if (person.isError)
    return (
      <ErrorState
        error={person.error}
        notFoundText={t.people.notFound}
        onRetry={() => void person.refetch()}
      />
    );
  const p = person.data;
  const f = t.people.fields;
  const listPath = `/people/${p.kind}`;
  const numbers = [
    { key: 'idNumber', label: f.idNumber, masked: p.idNumberMasked },
    { key: 'phone', label: f.phone, masked: p.phoneMasked },
    ...(p.kind === 'student'
      ? [{ key: 'guardianPhone', label: f.guardianPhone, masked: p.guardianPhoneMasked }]
      : []),
  ] as { key: RevealField; label: string; masked: string | null }[];
  const anyMasked = numbers.some((n) => n.masked);

  return (
    <Page
      testId="person-detail"
      title={
        <Space size={8} wrap>
          <span data-testid="person-name">{p.name}</span>
          <Tag>{t.people.kindLabel[p.kind]}</Tag>
          {p.memberStatus ? (
            <Tag color={p.memberStatus === 'full' ? 'red' : 'orange'}>
              {t.people.memberStatus[p.memberStatus]}
            </Tag>
          ) : null}
        </Space>
      }
      subTitle={[p.schoolName, p.unitName].filter(Boolean).join(' · ')}
      extra={
        <>
          <Button
            icon={<ArrowLeftOutlined />}
            onClick={() => (window.history.length > 1 ? navigate(-1) : navigate(listPath))}
          >
            {t.common.back}
          </Button>
          {p.canEdit ? (
            <Button
              type="primary"
              icon={<EditOutlined />}
              onClick={() => navigate(`/people/${p.id}/edit`)}
              data-testid="person-edit"
            >
              {t.common.edit}
            </Button>
          ) : null}
        </>
      }
    >
      <Row gutter={[16, 16]}>
        <Col xs={24}>
          <Card size="small" title={t.people.basic}>
            <PersonBasics person={p} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={t.people.contact}
            data-testid="person-numbers"
            extra={
              p.canReveal && anyMasked ? (
                r.revealed ? (
                  <Button
                    size="small"
                    icon={<EyeInvisibleOutlined />}
                    onClick={r.hide}
                    data-testid="person-hide"
                  >
                    {t.people.revealHide}
                  </Button>
                ) : (
                  <Button
                    size="small"
                    icon={<EyeOutlined />}
                    loading={r.pending}
                    onClick={r.reveal}
                    data-testid="person-reveal"
                  >
                    {t.people.reveal}
                  </Button>
                )
              ) : null
            }
          >
            <Descriptions
              bordered
              size="small"
              column={1}
              items={numbers.map((n) => {
                const clear = r.revealed?.[n.key];
                return {
                  key: n.key,
                  label: n.label,
                  children: (
                    <span className="mono" data-testid={`person-${n.key}`}>
                      {clear ? (
                        <Typography.Text strong>{clear}</Typography.Text>
                      ) : (
                        n.masked || t.common.notSet
                      )}
                    </span>
                  ),
                };
              })}
            />
            {r.revealed ? (
              <Typography.Text
                type="secondary"
                style={{ fontSize: 12 }}
                data-testid="person-reveal-countdown"
              >
                {t.people.revealCountdown(r.left)}
              </Typography.Text>
            ) : p.canReveal && anyMasked ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t.people.revealAudited}
              </Typography.Text>
            ) : null}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={f.account} data-testid="person-account">
            <Flex align="center" justify="space-between" wrap gap={8}>
              {p.account ? (
                <Space>
                  <KeyOutlined />
                  <span className="mono">{p.account.username}</span>
                  {can('accounts.read') ? (
                    <Link to={`/accounts?q=${encodeURIComponent(p.account.username)}`}>
                      {t.common.detail}
                    </Link>
                  ) : null}
                </Space>
              ) : (
                <Typography.Text type="secondary">{t.people.noAccount}</Typography.Text>
              )}
              {!p.account && can('accounts.write') ? (
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  onClick={() => setAccountOpen(true)}
                  data-testid="person-create-account"
                >
                  {t.people.createAccount}
                </Button>
              ) : null}
            </Flex>
          </Card>
        </Col>
        <Col xs={24}>
          <Card
            size="small"
            title={t.membership.title}
            data-testid="person-membership"
            extra={
              can('members.write') ? (
                <Space>
                  <Button
                    size="small"
                    type={p.membership ? 'default' : 'primary'}
                    icon={p.membership ? <EditOutlined /> : <PlusOutlined />}
                    onClick={() => setMembershipOpen(true)}
                    data-testid="membership-edit"
                  >
                    {p.membership ? t.membership.edit : t.membership.set}
                  </Button>
                  {p.membership ? (
                    <Popconfirm
                      title={t.membership.clearConfirm}
                      okButtonProps={{ danger: true }}
                      onConfirm={() => clearMembership.mutateAsync().catch(() => undefined)}
                      styles={{ root: { maxWidth: 320 } }}
                    >
                      <Button size="small" danger data-testid="membership-clear">
                        {t.membership.clear}
                      </Button>
                    </Popconfirm>
                  ) : null}
                </Space>
              ) : null
            }
          >
            {p.membership ? (
              <MembershipView membership={p.membership} />
            ) : (
              <Alert type="info" title={t.membership.none} showIcon={false} />
            )}
          </Card>
        </Col>
      </Row>
      {membershipOpen ? <MembershipModal person={p} onClose={() => setMembershipOpen(false)} /> : null}
      {accountOpen ? (
        <CreateAccountModal
          person={{ id: p.id, name: p.name, number: p.number }}
          onClose={() => setAccountOpen(false)}
          onCreated={() => void qc.invalidateQueries({ queryKey: peopleKeys.detail(p.id) })}
        />
      ) : null}
    </Page>
  );
}
