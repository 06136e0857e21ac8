import { z } from 'zod';
import { todayInShanghai } from '../dates';
import {
  day,
  id,
  idParams,
  instant,
  list,
  month,
  optionalText,
  page,
  pageQuery,
  queryBool,
  rawText,
  text,
  year,
} from '../schemas';

/**
 * Organisational life: request and response shapes of /api/orglife (server routes and console
 * alike) — political birthdays (roster, completion, checklists, thought reports, goals, proposals,
 * symposiums, cards), meeting records and the compliance board, and the park's local rules.
 */

// ——— the vocabularies the rules (src/server/areas/orgLife/rules) and the contract share ———

export const MEETING_KINDS = [
  'generalMeeting',
  'committeeMeeting',
  'groupMeeting',
  'partyLecture',
  'themedDay',
  'orgLifeMeeting',
] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const PERIODS = ['month', 'quarter', 'year'] as const;
export type Period = (typeof PERIODS)[number];

/** What fulfils a checklist item: the secretary's tick (`manual`), or one of the member's own records. */
export const CHECKLIST_ITEM_KINDS = ['manual', 'thoughtReport', 'goals', 'proposal', 'symposium'] as const;
export type ChecklistItemKind = (typeof CHECKLIST_ITEM_KINDS)[number];

export const COMPLIANCE_STATUSES = ['green', 'yellow', 'red', 'notDue'] as const;
export const PROPOSAL_STATUSES = ['received', 'assigned', 'answered', 'closed'] as const;
export const SYMPOSIUM_STATUSES = ['planned', 'held', 'cancelled'] as const;
export const CARD_BATCH_STATUSES = ['queued', 'running', 'done', 'failed'] as const;

const thisYear = () => Number(todayInShanghai().slice(0, 4));
const thisMonth = () => Number(todayInShanghai().slice(5, 7));

// ——— shared pieces ———

const personParams = z.object({ personId: id('人员编号') });
const personYearParams = personParams.extend({ year: year() });
const branchFilter = id('党支部编号').optional();

/** A photo or attachment: a file uploaded through the media endpoints (mediaId) or a link. */
export const fileRefInput = z
  .object({
    mediaId: z.string().uuid('文件编号格式不正确').nullable().default(null),
    name: text('文件名', 200),
    url: rawText('链接', 500).nullable().default(null),
  })
  .strict();
export const fileRef = z.object({
  mediaId: z.string().nullable(),
  name: z.string(),
  url: z.string().nullable(),
});
export type FileRefView = z.infer<typeof fileRef>;

/** The park's local rules; `strict` for what is sent (unknown keys are refused), plain for what is shown. */
function configSchema(strict: boolean) {
  const obj = strict ? z.strictObject : z.object;
  return obj({
    birthday: obj({
      checklist: z
        .array(
          obj({
            key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/, '项目标识只能用英文字母和数字，以字母开头'),
            label: text('项目名称', 40),
            kind: z.enum(CHECKLIST_ITEM_KINDS, '项目类型不正确'),
            detailLabel: optionalText('补充说明的名称', 20),
          }),
        )
        .min(1, '清单至少要有一项')
        .max(20, '清单最多 20 项'),
      reminderDaysAhead: z.number().int().min(0, '提前天数不能为负').max(60, '最多提前 60 天'),
      defaultCardMessage: text('贺卡默认寄语', 200),
    }),
    meetings: obj({
      rules: z
        .array(
          obj({
            kind: z.enum(MEETING_KINDS, '会议类型不正确'),
            period: z.enum(PERIODS, '周期应为 month、quarter 或 year'),
            minCount: z.number().int().min(1, '次数至少为 1').max(31, '次数过多'),
            basis: text('依据说明', 200),
          }),
        )
        .max(MEETING_KINDS.length),
    }),
  });
}
export const orgLifeConfigInput = configSchema(true);
export const orgLifeConfig = configSchema(false);
export type OrgLifeConfigView = z.infer<typeof orgLifeConfig>;

export const configVersion = z.object({
  version: z.number().int(),
  config: orgLifeConfig,
  createdAt: z.string().nullable(),
});
export type ConfigVersionView = z.infer<typeof configVersion>;

// ——— birthdays: roster, completion, checklists ———

export const checklistSummary = z.object({ done: z.number(), total: z.number(), complete: z.boolean() });

export const rosterEntry = z.object({
  personId: z.string(),
  name: z.string(),
  number: z.string(),
  gender: z.string().nullable(),
  branchId: z.string(),
  branchName: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  joinedOn: z.string(),
  birthdayOn: z.string(),
  /** Which political birthday this is: years since 入党时间. */
  years: z.number(),
  /** 党龄 on the birthday (from 转正时间). */
  partyAgeYears: z.number(),
  checklist: checklistSummary,
});
export type RosterEntryView = z.infer<typeof rosterEntry>;

export const completionRow = z.object({
  branchId: z.string(),
  branchName: z.string(),
  roster: z.number(),
  complete: z.number(),
  rate: z.number(),
  items: z.record(z.string(), z.number()),
});
const completionTotal = z.object({ roster: z.number(), complete: z.number(), rate: z.number() });
export const completion = z.object({
  year: z.number(),
  month: z.number(),
  monthly: z.object({ branches: z.array(completionRow), total: completionTotal }),
  yearToDate: z.object({
    throughMonth: z.number(),
    branches: z.array(completionRow),
    total: completionTotal,
  }),
});
export type CompletionView = z.infer<typeof completion>;

export const checklistItem = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(CHECKLIST_ITEM_KINDS),
  detailLabel: z.string().nullable(),
  done: z.boolean(),
  detail: z.string().nullable(),
  /** 'manual' items are ticked by the secretary; the others follow the records. */
  source: z.enum(['manual', 'derived']),
});
export type ChecklistItemView = z.infer<typeof checklistItem>;

const itemState = z.object({
  done: z.boolean(),
  detail: z.string().nullable().optional(),
  at: z.string().nullable().optional(),
  byName: z.string().nullable().optional(),
});
const reportBrief = z.object({ id: z.string(), submittedAt: z.string(), commented: z.boolean() });
const goalsBrief = z.object({
  id: z.string(),
  targetYear: z.number(),
  reviewResult: z.string().nullable(),
});
const proposalBrief = z.object({ id: z.string(), title: z.string(), status: z.string() });

export const checklist = z.object({
  personId: z.string(),
  name: z.string(),
  branchId: z.string(),
  branchName: z.string(),
  joinedOn: z.string(),
  year: z.number(),
  birthdayOn: z.string().nullable(),
  years: z.number(),
  configVersion: z.number(),
  items: z.array(checklistItem),
  done: z.number(),
  total: z.number(),
  complete: z.boolean(),
  itemStates: z.record(z.string(), itemState),
  thoughtReport: reportBrief.nullable(),
  goals: goalsBrief.nullable(),
  proposals: z.array(proposalBrief),
});
export type ChecklistView = z.infer<typeof checklist>;

export const checklistHistory = z.object({
  personId: z.string(),
  name: z.string(),
  joinedOn: z.string(),
  /** Political birthdays from the first after joining to this year's; items holds this year's and those with records. */
  birthdaysSinceJoining: z.number(),
  items: z.array(
    z.object({
      year: z.number(),
      birthdayOn: z.string().nullable(),
      years: z.number(),
      done: z.number(),
      total: z.number(),
      complete: z.boolean(),
      thoughtReport: reportBrief.extend({ comment: z.string().nullable() }).nullable(),
      goals: goalsBrief.extend({ content: z.string(), reviewNote: z.string().nullable() }).nullable(),
      proposals: z.array(proposalBrief),
    }),
  ),
});
export type ChecklistHistoryView = z.infer<typeof checklistHistory>;

// ——— the member's own records ———

export const thoughtReport = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  branchName: z.string(),
  year: z.number(),
  content: z.string(),
  submittedAt: z.string(),
  updatedAt: z.string(),
  comment: z.string().nullable(),
  commentedByName: z.string().nullable(),
  commentedAt: z.string().nullable(),
});
export type ThoughtReportView = z.infer<typeof thoughtReport>;

export const thoughtReportListItem = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  branchName: z.string(),
  year: z.number(),
  excerpt: z.string(),
  submittedAt: z.string(),
  commented: z.boolean(),
  commentedByName: z.string().nullable(),
});

export const REVIEW_RESULTS = ['met', 'notMet'] as const;
export const goals = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  branchName: z.string(),
  year: z.number(),
  targetYear: z.number(),
  content: z.string(),
  submittedAt: z.string(),
  reviewResult: z.enum(REVIEW_RESULTS).nullable(),
  reviewResultLabel: z.string(),
  reviewNote: z.string().nullable(),
  reviewedByName: z.string().nullable(),
  reviewedAt: z.string().nullable(),
});
export type GoalsView = z.infer<typeof goals>;

export const proposalEvent = z.object({
  status: z.string(),
  at: z.string(),
  byName: z.string().nullable(),
  note: z.string().nullable(),
});
export const PROPOSAL_TARGETS = ['school', 'branch'] as const;
export const proposal = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  branchName: z.string(),
  year: z.number(),
  target: z.enum(PROPOSAL_TARGETS),
  targetLabel: z.string(),
  title: z.string(),
  content: z.string(),
  status: z.enum(PROPOSAL_STATUSES),
  statusLabel: z.string(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  answer: z.string().nullable(),
  history: z.array(proposalEvent),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});
export type ProposalView = z.infer<typeof proposal>;

export const proposalListItem = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  branchName: z.string(),
  year: z.number(),
  target: z.enum(PROPOSAL_TARGETS),
  title: z.string(),
  status: z.enum(PROPOSAL_STATUSES),
  statusLabel: z.string(),
  departmentName: z.string().nullable(),
  createdAt: z.string(),
});
export type ProposalListItemView = z.infer<typeof proposalListItem>;

const recordFilters = pageQuery.extend({
  year: year().optional(),
  branchId: branchFilter,
  personId: id('人员编号').optional(),
});

// ——— symposiums ———

export const symposium = z.object({
  id: z.string(),
  hostNodeId: z.string(),
  hostName: z.string(),
  hostKind: z.string(),
  year: z.number(),
  month: z.number(),
  scheduledAt: z.string().nullable(),
  place: z.string().nullable(),
  status: z.enum(SYMPOSIUM_STATUSES),
  statusLabel: z.string(),
  cardMessage: z.string().nullable(),
  minutes: z.string().nullable(),
  photos: z.array(fileRef),
  attendees: z.array(z.object({ personId: z.string(), attended: z.boolean().nullable(), name: z.string() })),
  attendedCount: z.number(),
  updatedAt: z.string(),
});
export type SymposiumView = z.infer<typeof symposium>;

export const symposiumListItem = z.object({
  id: z.string(),
  hostNodeId: z.string(),
  hostName: z.string(),
  hostKind: z.string(),
  year: z.number(),
  month: z.number(),
  scheduledAt: z.string().nullable(),
  place: z.string().nullable(),
  status: z.enum(SYMPOSIUM_STATUSES),
  statusLabel: z.string(),
  invited: z.number(),
  attended: z.number(),
});
export type SymposiumListItemView = z.infer<typeof symposiumListItem>;

const symposiumFields = {
  scheduledAt: instant('时间').nullable().optional(),
  place: optionalText('地点', 100),
  cardMessage: optionalText('贺卡寄语', 200),
};

// ——— cards ———

export const cardBatch = z.object({
  id: z.string(),
  year: z.number(),
  month: z.number(),
  branchId: z.string().nullable(),
  status: z.enum(CARD_BATCH_STATUSES),
  total: z.number(),
  done: z.number(),
  percent: z.number(),
  error: z.string().nullable(),
  pdfSize: z.number().nullable(),
  downloadUrl: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type CardBatchView = z.infer<typeof cardBatch>;

// ——— meetings and the compliance board ———

export const complianceCell = z.object({
  period: z.object({ key: z.string(), label: z.string(), start: z.string(), end: z.string() }),
  held: z.number(),
  required: z.number(),
  status: z.enum(COMPLIANCE_STATUSES),
  /** The rule and the finding in one Chinese sentence. */
  explanation: z.string(),
});
export type ComplianceCellView = z.infer<typeof complianceCell>;

export const complianceBoard = z.object({
  year: z.number(),
  asOf: z.string(),
  ruleVersion: z.number(),
  /** The day the park's own rules took effect (Asia/Shanghai); null: the defaults of RULES.md §5. */
  rulesSince: z.string().nullable(),
  /** Which rules apply, in one Chinese sentence. */
  rulesText: z.string(),
  rules: z.array(
    z.object({
      kind: z.enum(MEETING_KINDS),
      period: z.enum(PERIODS),
      minCount: z.number(),
      basis: z.string(),
      label: z.string(),
    }),
  ),
  statusLabels: z.record(z.string(), z.string()),
  branches: z.array(
    z.object({
      branchId: z.string(),
      branchName: z.string(),
      status: z.enum(COMPLIANCE_STATUSES),
      kinds: z.array(
        z.object({
          kind: z.enum(MEETING_KINDS),
          label: z.string(),
          period: z.enum(PERIODS),
          current: complianceCell,
          status: z.enum(COMPLIANCE_STATUSES),
          worst: z.enum(COMPLIANCE_STATUSES),
          held: z.number(),
          cells: z.array(complianceCell),
        }),
      ),
    }),
  ),
});
export type ComplianceBoardView = z.infer<typeof complianceBoard>;

export const meeting = z.object({
  id: z.string(),
  branchId: z.string(),
  branchName: z.string(),
  partyGroupId: z.string().nullable(),
  partyGroupName: z.string().nullable(),
  kind: z.enum(MEETING_KINDS),
  kindLabel: z.string(),
  date: z.string(),
  title: z.string(),
  place: z.string().nullable(),
  hostName: z.string().nullable(),
  minutes: z.string().nullable(),
  attachments: z.array(fileRef),
  attendees: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      present: z.boolean(),
      absenceReason: z.string().nullable(),
    }),
  ),
  presentCount: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MeetingView = z.infer<typeof meeting>;

export const meetingListItem = z.object({
  id: z.string(),
  branchId: z.string(),
  branchName: z.string(),
  kind: z.enum(MEETING_KINDS),
  kindLabel: z.string(),
  date: z.string(),
  title: z.string(),
  place: z.string().nullable(),
  attendees: z.number(),
  present: z.number(),
  attachments: z.number(),
});
export type MeetingListItemView = z.infer<typeof meetingListItem>;

const meetingAttendee = z
  .object({
    personId: id('人员编号'),
    present: z.boolean('请选择是否出席'),
    absenceReason: optionalText('缺席原因', 200),
  })
  .strict();
const meetingFields = {
  partyGroupId: id('党小组编号').nullable().optional(),
  kind: z.enum(MEETING_KINDS, '请选择会议类型'),
  date: day('会议日期'),
  title: text('会议主题', 200),
  place: optionalText('地点', 100),
  hostName: optionalText('主持人', 50),
  minutes: optionalText('会议记录', 50000),
  attachments: z.array(fileRefInput).max(50, '附件最多 50 个').optional(),
  attendees: z.array(meetingAttendee).max(2000).optional(),
};

// ——— the routes ———

export const orgLifeContracts = {
  config: { response: configVersion },
  putConfig: {
    body: z
      .object({
        baseVersion: z.number().int().min(0),
        config: orgLifeConfigInput,
        note: optionalText('说明', 200),
      })
      .strict(),
    response: configVersion,
  },

  roster: {
    querystring: z.object({
      year: year().default(thisYear),
      month: month().default(thisMonth),
      branchId: branchFilter,
    }),
    response: z.object({
      year: z.number(),
      month: z.number(),
      items: z.array(rosterEntry),
      total: z.number(),
    }),
  },
  completion: {
    querystring: z.object({
      year: year().default(thisYear),
      month: month().default(thisMonth),
      branchId: branchFilter,
    }),
    response: completion,
  },
  checklistHistory: { params: personParams, response: checklistHistory },
  checklist: { params: personYearParams, response: checklist },
  patchChecklist: {
    params: personYearParams,
    body: z
      .object({
        items: z.record(
          rawText('清单项目', 40),
          z.object({ done: z.boolean('请选择是否完成'), detail: optionalText('补充说明', 100) }).strict(),
        ),
      })
      .strict(),
    response: checklist,
  },

  thoughtReports: {
    querystring: recordFilters.extend({ commented: queryBool.optional() }),
    response: page(thoughtReportListItem),
  },
  putThoughtReport: {
    params: personYearParams,
    body: z.object({ content: text('思想汇报', 10000) }).strict(),
    response: thoughtReport,
  },
  thoughtReport: { params: idParams, response: thoughtReport },
  commentThoughtReport: {
    params: idParams,
    body: z.object({ comment: text('批阅意见', 2000) }).strict(),
    response: thoughtReport,
  },

  goals: {
    querystring: recordFilters.extend({ reviewed: queryBool.optional() }),
    response: page(goals),
  },
  putGoals: {
    params: personYearParams,
    body: z.object({ content: text('目标', 5000) }).strict(),
    response: goals,
  },
  reviewGoals: {
    params: idParams,
    body: z
      .object({ result: z.enum(REVIEW_RESULTS, '请选择已达成或未达成'), note: optionalText('说明', 1000) })
      .strict(),
    response: goals,
  },

  proposals: {
    querystring: recordFilters.extend({ status: z.enum(PROPOSAL_STATUSES).optional() }),
    response: page(proposalListItem),
  },
  createProposal: {
    body: z
      .object({
        personId: id('人员编号'),
        year: year(),
        target: z.enum(PROPOSAL_TARGETS, '请选择对学校发展或对支部建设'),
        title: text('标题', 100),
        content: text('建议内容', 5000),
      })
      .strict(),
    response: proposal,
  },
  proposal: { params: idParams, response: proposal },
  assignProposal: {
    params: idParams,
    body: z.object({ departmentId: id('科室编号'), note: optionalText('说明', 500) }).strict(),
    response: proposal,
  },
  answerProposal: {
    params: idParams,
    body: z.object({ answer: text('答复', 5000) }).strict(),
    response: proposal,
  },
  closeProposal: {
    params: idParams,
    body: z
      .object({ note: optionalText('说明', 500) })
      .strict()
      .default({}),
    response: proposal,
  },

  symposiums: {
    querystring: z.object({
      year: year().optional(),
      month: month().optional(),
      hostNodeId: id('党支部编号').optional(),
    }),
    response: list(symposiumListItem),
  },
  createSymposium: {
    body: z
      .object({
        hostNodeId: id('党支部编号'),
        year: year(),
        month: month(),
        ...symposiumFields,
        attendeePersonIds: z.array(id('人员编号')).max(2000).optional(),
      })
      .strict(),
    response: symposium,
  },
  symposium: { params: idParams, response: symposium },
  updateSymposium: {
    params: idParams,
    body: z
      .object({
        ...symposiumFields,
        status: z.enum(SYMPOSIUM_STATUSES, '状态不正确').optional(),
        minutes: optionalText('纪要', 20000),
        photos: z.array(fileRefInput).max(50, '照片最多 50 张').optional(),
      })
      .strict(),
    response: symposium,
  },
  putAttendees: {
    params: idParams,
    body: z
      .object({
        items: z
          .array(z.object({ personId: id('人员编号'), attended: z.boolean().nullable() }).strict())
          .max(2000),
      })
      .strict(),
    response: symposium,
  },

  card: {
    params: personParams,
    querystring: z.object({
      year: year().default(thisYear),
      format: z.enum(['png', 'pdf'], '格式应为 png 或 pdf').default('png'),
      download: queryBool.default(false),
    }),
  },
  startCardBatch: {
    body: z.object({ year: year(), month: month(), branchId: branchFilter }).strict(),
    response: cardBatch,
  },
  cardBatch: { params: idParams, response: cardBatch },
  cardBatchPdf: { params: idParams },

  compliance: {
    querystring: z.object({
      year: year().default(thisYear),
      branchId: branchFilter,
      asOf: day('查看日期').optional(),
    }),
    response: complianceBoard,
  },
  meetings: {
    querystring: pageQuery.extend({
      branchId: branchFilter,
      kind: z.enum(MEETING_KINDS).optional(),
      from: day('开始日期').optional(),
      to: day('结束日期').optional(),
    }),
    response: page(meetingListItem),
  },
  createMeeting: {
    body: z.object({ branchId: id('党支部编号'), ...meetingFields }).strict(),
    response: meeting,
  },
  meeting: { params: idParams, response: meeting },
  updateMeeting: {
    params: idParams,
    body: z
      .object({
        ...meetingFields,
        kind: meetingFields.kind.optional(),
        date: meetingFields.date.optional(),
        title: meetingFields.title.optional(),
      })
      .strict(),
    response: meeting,
  },
  deleteMeeting: { params: idParams },
};

export type PutConfigInput = z.infer<typeof orgLifeContracts.putConfig.body>;
export type RosterQuery = z.infer<typeof orgLifeContracts.roster.querystring>;
export type ChecklistPatch = z.infer<typeof orgLifeContracts.patchChecklist.body>;
export type ThoughtReportFilters = z.infer<typeof orgLifeContracts.thoughtReports.querystring>;
export type GoalsFilters = z.infer<typeof orgLifeContracts.goals.querystring>;
export type ProposalFilters = z.infer<typeof orgLifeContracts.proposals.querystring>;
export type CreateProposalInput = z.infer<typeof orgLifeContracts.createProposal.body>;
export type ReviewGoalsInput = z.infer<typeof orgLifeContracts.reviewGoals.body>;
export type SymposiumFilters = z.infer<typeof orgLifeContracts.symposiums.querystring>;
export type CreateSymposiumInput = z.infer<typeof orgLifeContracts.createSymposium.body>;
export type UpdateSymposiumInput = z.infer<typeof orgLifeContracts.updateSymposium.body>;
export type AttendanceInput = z.infer<typeof orgLifeContracts.putAttendees.body>['items'];
export type CardBatchInput = z.infer<typeof orgLifeContracts.startCardBatch.body>;
export type ComplianceQuery = z.infer<typeof orgLifeContracts.compliance.querystring>;
export type MeetingFilters = z.infer<typeof orgLifeContracts.meetings.querystring>;
export type CreateMeetingInput = z.infer<typeof orgLifeContracts.createMeeting.body>;
export type UpdateMeetingInput = z.infer<typeof orgLifeContracts.updateMeeting.body>;
export type MeetingAttendeeInput = NonNullable<CreateMeetingInput['attendees']>[number];
