import { z } from 'zod';
import {
  day,
  id,
  instant,
  list,
  noContent,
  optionalText,
  page,
  pageQuery,
  rawText,
  searchText,
  text,
} from '../schemas';

/**
 * Activities and themed Party days: request and response shapes of /api/activities (server routes
 * and console alike). The statuses live here because both sides name them.
 */

export const ACTIVITY_STATUSES = ['planned', 'held', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

/** A JSON body that may be left out entirely (no body arrives as null). */
const optionalBody = <T extends z.ZodType>(schema: T) => z.preprocess((v) => v ?? {}, schema);

const at = z.string().describe('ISO 8601 时间');

// ---------------------------------------------------------------- responses

export const activityKind = z.object({ id: z.string().uuid(), name: z.string(), disabled: z.boolean() });

export const activityKinds = z.object({
  builtin: z.array(z.object({ key: z.string(), label: z.string() })),
  custom: z.array(activityKind),
});

export const activityListItem = z.object({
  id: z.string().uuid(),
  /** A built-in kind key, or 'custom' with customKindId set. */
  kind: z.string(),
  customKindId: z.string().uuid().nullable(),
  kindLabel: z.string(),
  title: z.string(),
  theme: z.string().nullable(),
  organiserId: z.string().uuid(),
  organiserName: z.string(),
  startsAt: at,
  endsAt: at,
  place: z.string().nullable(),
  isOpen: z.boolean(),
  status: z.enum(ACTIVITY_STATUSES),
  statusLabel: z.string(),
  participantCount: z.number().int(),
  checkedInCount: z.number().int(),
  isParticipant: z.boolean(),
});

export const activityAward = z.object({
  id: z.string().uuid(),
  award: z.string(),
  personId: z.string().uuid().nullable(),
  orgNodeId: z.string().uuid().nullable(),
  recipient: z.string(),
  note: z.string().nullable(),
});

export const activityPhoto = z.object({
  id: z.string().uuid(),
  mediaId: z.string(),
  url: z.string(),
  caption: z.string().nullable(),
});

export const activityGroup = z.object({
  id: z.string().uuid(),
  name: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  personCount: z.number().int(),
});

export const activityDetail = activityListItem.extend({
  organiserKind: z.string(),
  description: z.string().nullable(),
  results: z.string().nullable(),
  articleId: z.string().uuid().nullable(),
  groups: z.array(activityGroup),
  awards: z.array(activityAward),
  photos: z.array(activityPhoto),
  canManage: z.boolean(),
  createdAt: at,
  updatedAt: at,
});

export const participant = z.object({
  personId: z.string().uuid(),
  name: z.string(),
  number: z.string(),
  kind: z.string(),
  unitName: z.string().nullable(),
  viaGroupId: z.string().uuid().nullable(),
  viaGroupName: z.string().nullable(),
  source: z.enum(['invited', 'walkIn']),
  checkedInAt: at.nullable(),
  checkinMethod: z.enum(['qr', 'organiser']).nullable(),
});

export const participation = z.object({
  activityId: z.string().uuid(),
  title: z.string(),
  kindLabel: z.string(),
  theme: z.string().nullable(),
  organiserName: z.string(),
  startsAt: at,
  endsAt: at,
  place: z.string().nullable(),
  status: z.string(),
  viaGroupName: z.string().nullable(),
  source: z.string(),
  checkedInAt: at.nullable(),
  checkinMethod: z.string().nullable(),
  awards: z.array(z.string()),
});

const groupAdded = z.object({ id: z.string().uuid(), name: z.string(), personCount: z.number().int() });

const checkinToken = z.object({ token: z.string(), expiresAt: at, url: z.string() });

/** The activity as the sign-in page shows it. */
export const checkinActivity = z.object({
  activityId: z.string().uuid(),
  title: z.string(),
  theme: z.string().nullable(),
  organiserName: z.string(),
  startsAt: at,
  endsAt: at,
  place: z.string().nullable(),
});

export const articleDraft = z.object({
  title: z.string(),
  summary: z.string(),
  bodyHtml: z.string(),
  coverMediaId: z.string().nullable(),
  schoolId: z.string().uuid().nullable(),
  tags: z.array(z.string()),
  source: z.string(),
  activityId: z.string().uuid(),
  created: z.boolean(),
  article: z.object({ id: z.string().uuid(), link: z.string() }).nullable(),
  notice: z.string().nullable(),
});

// ---------------------------------------------------------------- requests

const activityFields = {
  kind: text('活动类型', 100, '请选择活动类型'),
  title: text('活动名称', 200),
  theme: optionalText('活动主题', 200),
  organiserId: id('组织单位'),
  startsAt: instant('开始时间'),
  endsAt: instant('结束时间'),
  place: optionalText('地点', 200),
  description: optionalText('活动内容', 20000),
  isOpen: z.boolean().optional(),
};

const tokenParams = z.object({ token: rawText('签到码', 100).min(1, '签到码不正确') });
const activityParams = z.object({ id: id('活动编号') });

export const activityContracts = {
  kinds: { response: activityKinds },
  createKind: { body: z.object({ name: text('类型名称', 50) }), response: activityKind },
  list: {
    querystring: pageQuery.extend({
      from: day('开始日期').optional(),
      to: day('结束日期').optional(),
      kind: searchText('活动类型', 100).optional(),
      organiserId: id('组织单位').optional(),
      status: z.enum(ACTIVITY_STATUSES).optional(),
      q: searchText('搜索词', 100).optional(),
      mine: z.enum(['true', 'false']).default('false'),
    }),
    response: page(activityListItem),
  },
  calendar: {
    querystring: z.object({ from: day('开始日期'), to: day('结束日期') }),
    response: z.object({ from: z.string(), to: z.string(), items: z.array(activityListItem) }),
  },
  mine: { response: list(participation) },
  history: { params: z.object({ personId: id('人员编号') }), response: list(participation) },
  feedStatus: {
    response: z.object({ active: z.boolean(), createdAt: at.nullable(), lastUsedAt: at.nullable() }),
  },
  createFeed: { response: z.object({ url: z.string(), webcalUrl: z.string() }) },
  revokeFeed: { response: noContent },
  feed: { params: z.object({ file: rawText('订阅链接', 200) }) },
  checkinInfo: {
    params: tokenParams,
    response: z.object({
      activity: checkinActivity,
      checkedInAt: at.nullable(),
      canCheckIn: z.boolean(),
      refusal: z.object({ code: z.string(), message: z.string() }).nullable(),
    }),
  },
  checkIn: {
    params: tokenParams,
    response: z.object({
      activity: checkinActivity,
      checkedInAt: at,
      alreadyCheckedIn: z.boolean(),
      walkIn: z.boolean(),
    }),
  },
  create: { body: z.object(activityFields), response: activityDetail },
  get: { params: activityParams, response: activityDetail },
  update: {
    params: activityParams,
    body: z
      .object(activityFields)
      .partial()
      .extend({
        status: z.enum(ACTIVITY_STATUSES, '活动状态不正确').optional(),
        results: optionalText('活动成果', 20000),
      }),
    response: activityDetail,
  },
  participants: { params: activityParams, response: list(participant) },
  addParticipants: {
    params: activityParams,
    body: z
      .object({
        personIds: z.array(id('人员编号')).max(5000).optional(),
        groupIds: z.array(id('单位编号')).max(200).optional(),
      })
      .refine((b) => (b.personIds?.length ?? 0) + (b.groupIds?.length ?? 0) > 0, {
        message: '请选择人员或集体',
        path: ['personIds'],
      }),
    response: z.object({
      added: z.number().int(),
      skipped: z.number().int(),
      groups: z.array(groupAdded),
    }),
  },
  removeParticipant: {
    params: z.object({ id: id('活动编号'), personId: id('人员编号') }),
    response: noContent,
  },
  attendance: {
    params: activityParams,
    body: z.object({
      personIds: z.array(id('人员编号')).min(1, '请选择人员').max(5000),
      present: z.boolean().default(true),
    }),
    response: z.object({ updated: z.number().int() }),
  },
  issueToken: {
    params: activityParams,
    body: optionalBody(
      z.object({
        minutes: z
          .number()
          .int()
          .min(1)
          .max(7 * 24 * 60, '有效期最长 7 天')
          .optional(),
      }),
    ),
    response: checkinToken,
  },
  currentToken: {
    params: activityParams,
    response: z.object({ current: checkinToken.nullable() }),
  },
  revokeTokens: { params: activityParams, response: noContent },
  qr: {
    params: activityParams,
    querystring: z.object({ format: z.enum(['png', 'svg']).default('png') }),
  },
  addAward: {
    params: activityParams,
    body: z.object({
      award: text('奖项', 100).describe('如“一等奖”'),
      personId: id('获奖人').optional(),
      orgNodeId: id('获奖集体').optional(),
      note: optionalText('备注', 500),
      sortOrder: z.number().int().min(0).max(10000).optional(),
    }),
    response: activityAward,
  },
  removeAward: {
    params: z.object({ id: id('活动编号'), awardId: id('获奖记录编号') }),
    response: noContent,
  },
  addPhoto: {
    params: activityParams,
    body: z.object({
      mediaId: id('照片文件编号'),
      caption: optionalText('照片说明', 200),
      sortOrder: z.number().int().min(0).max(10000).optional(),
    }),
    response: activityPhoto,
  },
  removePhoto: {
    params: z.object({ id: id('活动编号'), photoId: id('照片编号') }),
    response: noContent,
  },
  articleDraft: {
    params: activityParams,
    body: optionalBody(z.object({ create: z.boolean().default(true) })),
    response: articleDraft,
  },
};

export type ActivityKindsView = z.infer<typeof activityKinds>;
export type ActivityKindView = z.infer<typeof activityKind>;
export type ActivityListItem = z.infer<typeof activityListItem>;
export type ActivityDetail = z.infer<typeof activityDetail>;
export type ActivityAward = z.infer<typeof activityAward>;
export type ActivityPhoto = z.infer<typeof activityPhoto>;
export type Participant = z.infer<typeof participant>;
export type Participation = z.infer<typeof participation>;
export type CheckinActivity = z.infer<typeof checkinActivity>;
export type ArticleDraft = z.infer<typeof articleDraft>;
export type ActivityListQuery = z.infer<typeof activityContracts.list.querystring>;
export type CreateActivityInput = z.infer<typeof activityContracts.create.body>;
export type UpdateActivityInput = z.infer<typeof activityContracts.update.body>;
export type AddParticipantsInput = z.infer<typeof activityContracts.addParticipants.body>;
export type AttendanceInput = z.infer<typeof activityContracts.attendance.body>;
export type AddAwardInput = z.infer<typeof activityContracts.addAward.body>;
export type AddPhotoInput = z.infer<typeof activityContracts.addPhoto.body>;
export type AddParticipantsResult = z.infer<typeof activityContracts.addParticipants.response>;
export type CheckinTokenView = z.infer<typeof checkinToken>;
export type FeedStatus = z.infer<typeof activityContracts.feedStatus.response>;
export type CreatedFeed = z.infer<typeof activityContracts.createFeed.response>;
export type CheckinInfo = z.infer<typeof activityContracts.checkinInfo.response>;
export type CheckinResult = z.infer<typeof activityContracts.checkIn.response>;
