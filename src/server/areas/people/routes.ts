import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { peopleContracts as c } from '../../../common/contracts/people';
import { file } from '../../../common/schemas';
import { actorOf } from '../../platform/http/guard';
import { sendFile } from '../../platform/http/files';
import { createPerson } from './commands/createPerson';
import { exportPeople } from './commands/exportPeople';
import { revealPerson } from './commands/revealPerson';
import { updatePerson } from './commands/updatePerson';
import { getPerson, listPeople } from './queries';
import { todayInShanghai } from '../../../common/dates';

const tags = ['people'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Staff and students. HTTP only: contracts from common/contracts/people.ts, the rest in commands and queries. */
export const peopleRoutes: FastifyPluginAsyncZod = async (app) => {
  const { database, cipher } = app.deps;
  const db = database.db;

  app.get(
    '/people',
    {
      config: { access: 'people.read' },
      schema: {
        tags,
        summary: '人员列表（按权限范围、搜索、筛选、排序、分页）',
        querystring: c.list.querystring,
        response: { 200: c.list.response },
      },
    },
    async (req) => {
      const { page, pageSize, sort, order, ...filters } = req.query;
      return listPeople(db, actorOf(req), filters, { page, pageSize, sort, order });
    },
  );

  app.get(
    '/people/export',
    {
      config: { access: 'people.export' },
      schema: {
        tags,
        summary: '导出人员名单（.xlsx；证件号和电话默认脱敏）',
        querystring: c.export.querystring,
        response: { 200: file },
      },
    },
    async (req, reply) => {
      const { reveal, ...filters } = req.query;
      const { buffer } = await exportPeople(db, cipher, req.ctx, actorOf(req), filters, reveal);
      // Named by the day in China, as the console shows it (UTC's day lags 8 hours behind).
      const fileName = `人员名单-${todayInShanghai()}.xlsx`;
      return sendFile(reply, { type: XLSX, fileName, body: buffer });
    },
  );

  app.get(
    '/people/:id',
    {
      config: { access: 'people.read' },
      schema: {
        tags,
        summary: '人员详情（范围外返回 404）',
        params: c.get.params,
        response: { 200: c.get.response },
      },
    },
    async (req) => getPerson(db, actorOf(req), req.params.id),
  );

  app.post(
    '/people',
    {
      config: { access: 'people.write' },
      schema: {
        tags,
        summary: '新增教职工或学生（身份证号、手机号明文提交，加密保存）',
        body: c.create.body,
        response: { 201: c.create.response },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createPerson(db, cipher, req.ctx, actorOf(req), req.body)),
  );

  app.patch(
    '/people/:id',
    {
      config: { access: 'people.write' },
      schema: {
        tags,
        summary: '修改人员信息（只改提交的字段）',
        params: c.update.params,
        body: c.update.body,
        response: { 200: c.update.response },
      },
    },
    async (req) => updatePerson(db, cipher, req.ctx, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/people/:id/reveal',
    {
      // people.read, not people.reveal: everyone may reveal their own numbers (the self scope of
      // people.read and people.reveal); whether this person is in reach is the command's question.
      config: { access: 'people.read' },
      schema: {
        tags,
        summary: '查看完整身份证号 / 电话（需 people.reveal 权限，每次记入审计）',
        params: c.reveal.params,
        body: c.reveal.body,
        response: { 200: c.reveal.response },
      },
    },
    async (req) => revealPerson(db, cipher, req.ctx, actorOf(req), req.params.id, req.body.fields),
  );
};
