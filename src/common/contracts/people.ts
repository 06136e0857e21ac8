import { z } from 'zod';
import { day, id, optionalText, pageQuery, page, queryBool, rawText, searchText, text } from '../schemas';
import { DUES_GROUPS, type DuesGroup } from './dues';

/** Staff and students: request and response shapes of /api/people (server routes and console alike). */

export const PERSON_KINDS = ['staff', 'student'] as const;
export type PersonKind = (typeof PERSON_KINDS)[number];
export const PERSON_STATUSES = ['active', 'left'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

/** A Party member is probationary (预备党员) or full (正式党员). */
export const MEMBER_STATUSES = ['probationary', 'full'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

// A membership carries its dues group (RULES §4); the one list of groups is the dues contract's.
export { DUES_GROUPS, type DuesGroup };

const personKind = z.enum(PERSON_KINDS, '请选择人员类别');
const personStatus = z.enum(PERSON_STATUSES);
const gender = z.enum(['male', 'female'], '性别只能是男或女');

/**
 * A person's Party membership as the API shows it, with the derived dates: probation end from
 * 入党时间 (+ extension), 党龄 in whole years from 转正时间 (RULES §3). Shown on a person's page
 * and in the members list (contracts/members.ts).
 */
export const membershipView = z.object({
  status: z.enum(MEMBER_STATUSES),
  statusLabel: z.string(),
  branchId: z.string(),
  branchName: z.string(),
  partyGroupId: z.string().nullable(),
  partyGroupName: z.string().nullable(),
  joinedOn: z.string(),
  fullOn: z.string().nullable(),
  probationExtensionMonths: z.number(),
  probationEndsOn: z.string(),
  partyAgeYears: z.number(),
  duesBaseFen: z.number().nullable(),
  duesGroup: z.enum(DUES_GROUPS),
});
export type MembershipView = z.infer<typeof membershipView>;

/** A person in a list. Sensitive numbers only ever masked. */
export const personListItem = z.object({
  id: z.string(),
  kind: z.enum(PERSON_KINDS),
  number: z.string(),
  name: z.string(),
  gender: gender.nullable(),
  schoolId: z.string().nullable(),
  schoolName: z.string().nullable(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  title: z.string().nullable(),
  isCadre: z.boolean(),
  isLeagueMember: z.boolean(),
  idNumberMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  memberStatus: z.enum(MEMBER_STATUSES).nullable(),
  branchName: z.string().nullable(),
  status: personStatus,
});
export type PersonListItem = z.infer<typeof personListItem>;

/** A person's page: the list fields, the rest of the record, and what the viewer may do with it. */
export const personDetail = personListItem.extend({
  birthDate: z.string().nullable(),
  ethnicity: z.string().nullable(),
  hireDate: z.string().nullable(),
  leagueJoinedOn: z.string().nullable(),
  guardianName: z.string().nullable(),
  guardianPhoneMasked: z.string().nullable(),
  membership: membershipView.nullable(),
  account: z.object({ id: z.string(), username: z.string() }).nullable(),
  canReveal: z.boolean(),
  canEdit: z.boolean(),
});
export type PersonDetail = z.infer<typeof personDetail>;

/** Filters shared by the people list and the export. */
export const peopleFilters = z.object({
  kind: z.enum(PERSON_KINDS).optional(),
  q: searchText('搜索词', 50).optional(),
  schoolId: id('学校编号').optional(),
  unitId: id('部门或班级编号').optional(),
  gradeId: id('年级编号').optional(),
  branchId: id('党支部编号').optional(),
  memberStatus: z.enum([...MEMBER_STATUSES, 'none']).optional(),
  isCadre: queryBool.optional(),
  isLeagueMember: queryBool.optional(),
  status: personStatus.optional(),
});
export type PeopleFilterQuery = z.infer<typeof peopleFilters>;

/** Paging plus a sort direction, shared by the people and members lists. */
export const sortedPageQuery = pageQuery.extend({ order: z.enum(['asc', 'desc']).default('asc') });

const personFields = {
  number: text('工号或学号', 32),
  name: text('姓名', 50),
  gender: gender.nullable().optional(),
  birthDate: day('出生日期').nullable().optional(),
  ethnicity: optionalText('民族', 20),
  // ID and phone numbers are checked (check digit, 11 digits …) by the server's field rules.
  idNumber: rawText('身份证号', 30).nullable().optional(),
  phone: rawText('手机号', 30).nullable().optional(),
  unitId: id('部门或班级编号').nullable().optional(),
  schoolId: id('学校编号').nullable().optional(),
  title: optionalText('职称', 50),
  isCadre: z.boolean().optional(),
  hireDate: day('入职日期').nullable().optional(),
  isLeagueMember: z.boolean().optional(),
  leagueJoinedOn: day('入团日期').nullable().optional(),
  guardianName: optionalText('监护人姓名', 50),
  guardianPhone: rawText('监护人电话', 30).nullable().optional(),
};

export const REVEAL_FIELDS = ['idNumber', 'phone', 'guardianPhone'] as const;
export type RevealField = (typeof REVEAL_FIELDS)[number];

export const personParams = z.object({ id: id('人员编号') });

export const peopleContracts = {
  list: {
    querystring: peopleFilters.extend(sortedPageQuery.shape).extend({
      sort: z.enum(['name', 'number', 'createdAt']).default('name'),
    }),
    // `total` is exact up to a bound (the server's PEOPLE_COUNT_EXACT_UP_TO, 1,000); past it an
    // estimate rounded to two significant digits, and `totalExact` is false ("约 N 条").
    response: page(personListItem).extend({ totalExact: z.boolean() }),
  },
  export: { querystring: peopleFilters.extend({ reveal: queryBool.default(false) }) },
  get: { params: personParams, response: personDetail },
  create: {
    body: z.object({ kind: personKind, ...personFields }).strict(),
    response: personDetail,
  },
  update: {
    params: personParams,
    body: z
      .object({
        ...personFields,
        number: personFields.number.optional(),
        name: personFields.name.optional(),
        status: personStatus.optional(),
      })
      .strict(),
    response: personDetail,
  },
  reveal: {
    params: personParams,
    body: z.object({
      fields: z
        .array(z.enum(REVEAL_FIELDS, '只能查看身份证号、手机号或监护人电话'))
        .min(1, '请选择要查看的字段')
        .max(3),
    }),
    response: z.object({
      idNumber: z.string().nullable().optional(),
      phone: z.string().nullable().optional(),
      guardianPhone: z.string().nullable().optional(),
    }),
  },
};
export type PeopleListQuery = z.input<typeof peopleContracts.list.querystring>;
export type CreatePersonInput = z.infer<typeof peopleContracts.create.body>;
export type UpdatePersonInput = z.infer<typeof peopleContracts.update.body>;
export type RevealedNumbers = z.infer<typeof peopleContracts.reveal.response>;
