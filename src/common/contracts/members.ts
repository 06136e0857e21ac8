import { z } from 'zod';
import { day, id, month, page, searchText } from '../schemas';
import {
  DUES_GROUPS,
  MEMBER_STATUSES,
  PERSON_KINDS,
  membershipView,
  personListItem,
  personParams,
  sortedPageQuery,
} from './people';

/** Party members: request and response shapes of /api/members and /api/people/:id/membership. */

/** A members-list row: the person plus their membership. */
export const memberListItem = personListItem.extend({ membership: membershipView.nullable() });
export type MemberListItem = z.infer<typeof memberListItem>;

export const membersContracts = {
  list: {
    querystring: sortedPageQuery.extend({
      branchId: id('党支部编号').optional(),
      status: z.enum(MEMBER_STATUSES).optional(),
      q: searchText('搜索词', 50).optional(),
      kind: z.enum(PERSON_KINDS).optional(),
      schoolId: id('学校编号').optional(),
      joinedMonth: month('入党月份').optional(),
      sort: z.enum(['name', 'number', 'joinedOn']).default('name'),
    }),
    response: page(memberListItem),
  },
  put: {
    params: personParams,
    body: z
      .object({
        status: z.enum(MEMBER_STATUSES, '请选择预备党员或正式党员'),
        branchId: id('党支部编号'),
        partyGroupId: id('党小组编号').nullable().optional(),
        joinedOn: day('入党时间'),
        fullOn: day('转正时间').nullable().optional(),
        probationExtensionMonths: z.number().int().min(0).max(12, '预备期最多延长 12 个月').optional(),
        duesBaseFen: z
          .number()
          .int('党费基数以分为单位，应为整数')
          .min(0)
          .max(100_000_000)
          .nullable()
          .optional(),
        duesGroup: z.enum(DUES_GROUPS, '党费类别不正确').optional(),
      })
      .strict(),
    response: membershipView,
  },
  remove: { params: personParams },
};
export type MembersListQuery = z.input<typeof membersContracts.list.querystring>;
export type MembershipInput = z.infer<typeof membersContracts.put.body>;
