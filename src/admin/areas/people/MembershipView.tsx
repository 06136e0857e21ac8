import { Descriptions, Tag } from 'antd';
import type { MembershipView as Membership } from './api';
import { fenToYuan, formatDate } from '../../shared/lib/format';
import { t } from '../../locales';

/** The membership block: status, branch, 入党时间, 转正时间, 预备期满, 党龄, dues. */
export function MembershipView({ membership: m }: { membership: Membership }) {
  const yuan = fenToYuan(m.duesBaseFen);
  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, sm: 2, xl: 3 }}
      items={[
        {
          key: 'status',
          label: t.membership.status,
          children: (
            <Tag color={m.status === 'full' ? 'red' : 'orange'} data-testid="membership-status">
              {m.statusLabel || t.membership.statusLabel[m.status]}
            </Tag>
          ),
        },
        { key: 'branch', label: t.membership.branch, children: m.branchName || t.common.notSet },
        { key: 'group', label: t.membership.partyGroup, children: m.partyGroupName || t.common.none },
        { key: 'joined', label: t.membership.joinedOn, children: formatDate(m.joinedOn) },
        {
          key: 'probation',
          label: t.membership.probationEndsOn,
          children: formatDate(m.probationEndsOn) || t.common.none,
        },
        { key: 'full', label: t.membership.fullOn, children: formatDate(m.fullOn) || t.common.none },
        {
          key: 'age',
          label: t.membership.partyAge,
          children:
            m.status === 'full' && m.partyAgeYears !== null
              ? t.membership.partyAgeYears(m.partyAgeYears)
              : t.common.none,
        },
        {
          key: 'dues',
          label: t.membership.duesBase,
          children: yuan === null ? t.common.notSet : yuan.toFixed(2),
        },
        {
          key: 'duesGroup',
          label: t.membership.duesGroup,
          children: m.duesGroup ? (t.membership.duesGroups[m.duesGroup] ?? m.duesGroup) : t.common.notSet,
        },
      ]}
    />
  );
}
