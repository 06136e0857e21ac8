import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { donationContracts as c } from '../../../common/contracts/donations';
import { file, noContent } from '../../../common/schemas';
import { notFound } from '../../errors';
import { readUpload, sendFile } from '../../platform/http/files';
import { actorOf } from '../../platform/http/guard';
import { closeDrive } from './commands/closeDrive';
import { createDrive } from './commands/createDrive';
import { deleteDrive } from './commands/deleteDrive';
import { importEntries } from './commands/importEntries';
import { recordEntry } from './commands/recordEntry';
import { refuseEntryChange } from './commands/refuseEntryChange';
import { reverseEntry } from './commands/reverseEntry';
import { setGuardianConsent } from './commands/setGuardianConsent';
import { updateDrive } from './commands/updateDrive';
import { publicThanksList } from './public';
import { getDrive, getEntry, listDrives, listEntries, myGifts } from './queries';
import { donationTemplate } from './spreadsheet';
import { driveTotals, typeSummary } from './totals';

const tags = ['donations'];
const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Donation drives (爱心捐款) and special dues (特殊党费), under /api/donations. HTTP only: contracts
 * from common/contracts/donations.ts, the rest in commands and queries.
 *
 * Reads are 'signedIn': everyone reads their own gifts and the drives they gave to, and the
 * queries narrow every list and total to what the actor's reach allows (policy.ts). Running a
 * drive needs `donations.drives`; booking and reversing gifts `donations.entries`.
 */
export const donationRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

  app.get(
    '/donations/drives',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '捐款 / 特殊党费活动列表（含权限范围内的净额）',
        querystring: c.listDrives.querystring,
        response: { 200: c.listDrives.response },
      },
    },
    async (req) => listDrives(db, actorOf(req), req.query),
  );

  app.post(
    '/donations/drives',
    {
      config: { access: 'donations.drives' },
      schema: {
        tags,
        summary: '发起捐款或特殊党费活动（特殊党费只收党员自愿交纳，无定额、无催缴）',
        body: c.createDrive.body,
        response: { 201: c.createDrive.response },
      },
    },
    async (req, reply) => reply.status(201).send(await createDrive(db, req.ctx, actorOf(req), req.body)),
  );

  app.get(
    '/donations/drives/:id',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '捐款活动详情',
        params: c.getDrive.params,
        response: { 200: c.getDrive.response },
      },
    },
    async (req) => getDrive(db, actorOf(req), req.params.id),
  );

  app.patch(
    '/donations/drives/:id',
    {
      config: { access: 'donations.drives' },
      schema: {
        tags,
        summary: '修改捐款活动（封账后只能修改公开致谢设置）',
        params: c.updateDrive.params,
        body: c.updateDrive.body,
        response: { 200: c.updateDrive.response },
      },
    },
    async (req) => updateDrive(db, req.ctx, actorOf(req), req.params.id, req.body),
  );

  app.delete(
    '/donations/drives/:id',
    {
      config: { access: 'donations.drives' },
      schema: {
        tags,
        summary: '删除尚无记录的捐款活动',
        params: c.deleteDrive.params,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await deleteDrive(db, req.ctx, actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/donations/drives/:id/close',
    {
      config: { access: 'donations.drives' },
      schema: {
        tags,
        summary: '结束并封账（此后只能冲正）',
        params: c.closeDrive.params,
        response: { 200: c.closeDrive.response },
      },
    },
    async (req) => closeDrive(db, req.ctx, actorOf(req), req.params.id),
  );

  app.get(
    '/donations/drives/:id/totals',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '合计：全校、按学校、班级、支部（净额，含冲正）',
        params: c.totals.params,
        response: { 200: c.totals.response },
      },
    },
    async (req) => driveTotals(db, actorOf(req), req.params.id),
  );

  app.get(
    '/donations/drives/:id/entries',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '捐款记录（按权限范围）',
        params: c.listEntries.params,
        querystring: c.listEntries.querystring,
        response: { 200: c.listEntries.response },
      },
    },
    async (req) =>
      listEntries(db, actorOf(req), req.params.id, { ...req.query, q: req.query.q || undefined }),
  );

  app.post(
    '/donations/drives/:id/entries',
    {
      config: { access: 'donations.entries' },
      schema: {
        tags,
        summary: '登记一笔捐款（个人或班级集体）；登记后不能修改，只能冲正',
        params: c.recordEntry.params,
        body: c.recordEntry.body,
        response: { 201: c.recordEntry.response },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await recordEntry(db, req.ctx, actorOf(req), req.params.id, req.body)),
  );

  app.get(
    '/donations/drives/:id/import-template',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '批量登记模板（.xlsx）',
        params: c.importTemplate.params,
        response: { 200: file },
      },
    },
    async (req, reply) => {
      await getDrive(db, actorOf(req), req.params.id);
      return sendFile(reply, { type: XLSX, fileName: '捐款登记模板.xlsx', body: await donationTemplate() });
    },
  );

  app.post(
    '/donations/drives/:id/import',
    {
      config: { access: 'donations.entries' },
      schema: {
        tags,
        summary:
          '从 .xlsx 批量登记（multipart，字段名 file）：先逐行校验，全部无误才一次写入；dryRun=true 只校验',
        params: c.importEntries.params,
        querystring: c.importEntries.querystring,
        consumes: ['multipart/form-data'],
        response: { 200: c.importEntries.response },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const upload = await readUpload(req, MAX_IMPORT_BYTES);
      return importEntries(db, req.ctx, actor, req.params.id, upload, req.query.dryRun);
    },
  );

  app.get(
    '/donations/entries/:id',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '一条捐款记录',
        params: c.getEntry.params,
        response: { 200: c.getEntry.response },
      },
    },
    async (req) => getEntry(db, actorOf(req), req.params.id),
  );

  app.post(
    '/donations/entries/:id/reverse',
    {
      config: { access: 'donations.entries' },
      schema: {
        tags,
        summary: '冲正（红冲）一条记录：登记等额负数记录并注明原因；封账后也可冲正',
        params: c.reverseEntry.params,
        body: c.reverseEntry.body,
        response: { 201: c.reverseEntry.response },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await reverseEntry(db, req.ctx, actorOf(req), req.params.id, req.body.reason)),
  );

  app.put(
    '/donations/entries/:id/guardian-consent',
    {
      config: { access: 'donations.entries' },
      schema: {
        tags,
        summary: '记录或撤销监护人同意：学生捐款在公开致谢名单中显示全名（否则姓名脱敏）；金额不变，留审计',
        params: c.setGuardianConsent.params,
        body: c.setGuardianConsent.body,
        response: { 200: c.setGuardianConsent.response },
      },
    },
    async (req) => setGuardianConsent(db, req.ctx, actorOf(req), req.params.id, req.body.guardianConsent),
  );

  // Entries are never edited or deleted: these answer why (409 ENTRY_IMMUTABLE / DRIVE_CLOSED), never 2xx.
  app.patch(
    '/donations/entries/:id',
    {
      config: { access: 'donations.entries' },
      schema: {
        tags,
        summary: '（不允许）修改捐款记录：请冲正',
        params: c.changeEntry.params,
        response: { 204: noContent },
      },
    },
    async (req) => refuseEntryChange(db, actorOf(req), req.params.id),
  );
  app.delete(
    '/donations/entries/:id',
    {
      config: { access: 'donations.entries' },
      schema: {
        tags,
        summary: '（不允许）删除捐款记录：请冲正',
        params: c.changeEntry.params,
        response: { 204: noContent },
      },
    },
    async (req) => refuseEntryChange(db, actorOf(req), req.params.id),
  );

  app.get(
    '/donations/summary',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '某一类（爱心捐款或特殊党费，分开统计）各次活动的净额',
        querystring: c.summary.querystring,
        response: { 200: c.summary.response },
      },
    },
    async (req) => typeSummary(db, actorOf(req), req.query.type, req.query.year),
  );

  app.get(
    '/donations/mine',
    {
      config: { access: 'signedIn' },
      schema: { tags, summary: '我的捐款与特殊党费记录', response: { 200: c.mine.response } },
    },
    async (req) => myGifts(db, actorOf(req)),
  );
};

/** The public thank-you list, for anyone (the site's /thanks pages render the same data). */
export const donationPublicRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

  app.get(
    '/donations/public/drives/:id/thanks',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '公开致谢名单（无需登录；按活动设置显示或不显示金额）',
        params: c.publicThanks.params,
        response: { 200: c.publicThanks.response },
      },
    },
    async (req, reply) => {
      const list = await publicThanksList(db, req.params.id);
      if (!list) throw notFound('致谢名单不存在或未公开');
      return reply.header('cache-control', 'public, max-age=300').send(list);
    },
  );
};
