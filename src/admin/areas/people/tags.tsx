import { Tag } from 'antd';
import type { MemberStatus, PersonKind } from './api';
import { t } from '../../locales';

export function MemberStatusTag(props: { status: MemberStatus | null | undefined }) {
  if (!props.status) return <span className="muted">{t.people.memberStatus.none}</span>;
  return (
    <Tag color={props.status === 'full' ? 'red' : 'orange'} style={{ marginInlineEnd: 0 }}>
      {t.people.memberStatus[props.status]}
    </Tag>
  );
}

export function PersonStatusTag(props: { status: string; kind: PersonKind }) {
  const label =
    t.people.statusByKind[props.kind]?.[props.status] ?? t.people.status[props.status] ?? props.status;
  return props.status === 'active' ? (
    <Tag color="green" style={{ marginInlineEnd: 0 }}>
      {label}
    </Tag>
  ) : (
    <Tag style={{ marginInlineEnd: 0 }}>{label}</Tag>
  );
}

export const genderLabel = (g: string | null | undefined) => (g ? (t.people.gender[g] ?? g) : '');
