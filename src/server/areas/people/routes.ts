import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../platform/http/auth';
import { DUES_GROUPS, MEMBER_STATUSES } from '../members/presenter';
import {
  createPerson,
  exportPeople,
  getPerson,
  listPeople,
  revealPerson,
  REVEAL_FIELDS,
  updatePerson,
} from './service';

const uuid = (what: string) => z.string().uuid(`${what}格式不正确`);
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const date = (label: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式应为 YYYY-MM-DD`);
const optText = (max: number, label: string) =>
  z.string().max(max, `${label}不能超过 ${max} 个字`).nullable().optional();

/** Filters shared by the list and the export. */
export const peopleFilterSchema = z.object({
  kind: z.enum(['staff', 'student']).optional(),
  q: z.string().max(50, '搜索词不能超过 50 个字').optional(),
  schoolId: uuid('学校编号').optional(),
  unitId: uuid('部门或班级编号').optional(),
  gradeId: uuid('年级编号').optional(),
  branchId: uuid('党支部编号').optional(),
  memberStatus: z.enum(['probationary', 'full', 'none']).optional(),
  isCadre: bool.optional(),
  isLeagueMember: bool.optional(),
  status: z.enum(['active', 'left']).optional(),
});

export const pageSchema = z.object({
  page: z.coerce.number().int().min(1, '页码从 1 开始').max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, '每页最多 100 条').default(20),
  order: z.enum(['asc', 'desc']).default('asc'),
});

const gender = z.enum(['male', 'female'], '性别只能是男或女').nullable().optional();
const personFields = {
  number: z.string().trim().min(1, '请填写工号或学号').max(32, '不能超过 32 个字符'),
  name: z.string().trim().min(1, '请填写姓名').max(50, '姓名不能超过 50 个字'),
  gender,
  birthDate: date('出生日期').nullable().optional(),
  ethnicity: optText(20, '民族'),
  idNumber: z.string().max(30, '身份证号格式不正确').nullable().optional(),
  phone: z.string().max(30, '手机号格式不正确').nullable().optional(),
  unitId: uuid('部门或班级编号').nullable().optional(),
  schoolId: uuid('学校编号').nullable().optional(),
  title: optText(50, '职称'),
  isCadre: z.boolean().optional(),
  hireDate: date('入职日期').nullable().optional(),
  isLeagueMember: z.boolean().optional(),
  leagueJoinedOn: date('入团日期').nullable().optional(),
  guardianName: optText(50, '监护人姓名'),
  guardianPhone: z.string().max(30, '监护人电话格式不正确').nullable().optional(),
};

const createBody = z
  .object({ kind: z.enum(['staff', 'student'], '请选择人员类别'), ...personFields })
  .strict();
const updateBody = z
  .object({
    ...personFields,
    number: personFields.number.optional(),
    name: personFields.name.optional(),
    status: z.enum(['active', 'left']).optional(),
  })
  .strict();

const membershipSchema = z.object({
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
export { membershipSchema };

export const personListItemSchema = z.object({
  id: z.string(),
  kind: z.enum(['staff', 'student']),
  number: z.string(),
  name: z.string(),
  gender: z.enum(['male', 'female']).nullable(),
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
  status: z.enum(['active', 'left']),
});

const personDetailSchema = personListItemSchema.extend({
  birthDate: z.string().nullable(),
  ethnicity: z.string().nullable(),
  hireDate: z.string().nullable(),
  leagueJoinedOn: z.string().nullable(),
  guardianName: z.string().nullable(),
  guardianPhoneMasked: z.string().nullable(),
  membership: membershipSchema.nullable(),
  account: z.object({ id: z.string(), username: z.string() }).nullable(),
  canReveal: z.boolean(),
  canEdit: z.boolean(),
});

const idParams = z.object({ id: uuid('人员编号') });

export const peopleRoutes: FastifyPluginAsyncZod = async (app) => {
  const { database, cipher } = app.deps;
  const db = database.db;

  app.get(
    '/people',
    {
      schema: {
        tags: ['people'],
        summary: '人员列表（按权限范围、搜索、筛选、排序、分页）',
        querystring: peopleFilterSchema.extend(pageSchema.shape).extend({
          sort: z.enum(['name', 'number', 'createdAt']).default('name'),
        }),
        response: {
          200: z.object({
            items: z.array(personListItemSchema),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
        },
      },
    },
    async (req) => {
      const actor = requirePermission(req, 'people.read');
      const { page, pageSize, sort, order, ...filters } = req.query;
      return listPeople(db, actor, filters, { page, pageSize, sort, order });
    },
  );

  app.get(
    '/people/export',
    {
      schema: {
        tags: ['people'],
        summary: '导出人员名单（.xlsx；证件号和电话默认脱敏）',
        querystring: peopleFilterSchema.extend({ reveal: bool.default(false) }),
      },
    },
    async (req, reply) => {
      const actor = requirePermission(req, 'people.export');
      const { reveal, ...filters } = req.query;
      const { buffer } = await exportPeople(db, cipher, req.ctx, actor, filters, reveal);
      const name = `人员名单-${new Date().toISOString().slice(0, 10)}.xlsx`;
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="people.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
        )
        .header('cache-control', 'no-store')
        .send(buffer);
    },
  );

  app.get(
    '/people/:id',
    {
      schema: {
        tags: ['people'],
        summary: '人员详情（范围外返回 404）',
        params: idParams,
        response: { 200: personDetailSchema },
      },
    },
    async (req) => {
      const actor = requirePermission(req, 'people.read');
      return getPerson(db, actor, req.params.id);
    },
  );

  app.post(
    '/people',
    {
      schema: {
        tags: ['people'],
        summary: '新增教职工或学生（身份证号、手机号明文提交，加密保存）',
        body: createBody,
        response: { 201: personDetailSchema },
      },
    },
    async (req, reply) => {
      const actor = requirePermission(req, 'people.write');
      const person = await createPerson(db, cipher, req.ctx, actor, req.body);
      return reply.status(201).send(person);
    },
  );

  app.patch(
    '/people/:id',
    {
      schema: {
        tags: ['people'],
        summary: '修改人员信息（只改提交的字段）',
        params: idParams,
        body: updateBody,
        response: { 200: personDetailSchema },
      },
    },
    async (req) => {
      const actor = requirePermission(req, 'people.write');
      return updatePerson(db, cipher, req.ctx, actor, req.params.id, req.body);
    },
  );

  app.post(
    '/people/:id/reveal',
    {
      schema: {
        tags: ['people'],
        summary: '查看完整身份证号 / 电话（需 people.reveal 权限，每次记入审计）',
        params: idParams,
        body: z.object({
          fields: z
            .array(z.enum(REVEAL_FIELDS, '只能查看身份证号、手机号或监护人电话'))
            .min(1, '请选择要查看的字段')
            .max(3),
        }),
        response: {
          200: z.object({
            idNumber: z.string().nullable().optional(),
            phone: z.string().nullable().optional(),
            guardianPhone: z.string().nullable().optional(),
          }),
        },
      },
    },
    async (req) => {
      const actor = requirePermission(req, 'people.read');
      return revealPerson(db, cipher, req.ctx, actor, req.params.id, req.body.fields);
    },
  );
};
