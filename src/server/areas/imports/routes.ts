import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { importsContracts as c } from '../../../common/contracts/imports';
import { actorOf } from '../../platform/http/guard';
import { readUpload, sendFile } from '../../platform/http/files';
import { commitImport } from './commands/commitImport';
import { MAX_IMPORT_BYTES, uploadImport } from './commands/uploadImport';
import { getImport } from './queries';
import { MAX_ORG_IMPORT_ROWS, uploadOrgImport } from './commands/orgImport';
import { buildOrgTemplate, buildTemplate } from './template';

const tags = ['imports'];
const TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;

/**
 * Spreadsheet import of staff, students and the organisation tree. HTTP only: contracts from
 * common/contracts/imports.ts. The tree's routes are static paths (they win over `:kind`) and need
 * what creating a node needs; a job is read and committed by whoever may import its kind.
 */
export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  const { database, cipher } = app.deps;
  const db = database.db;

  app.get(
    '/imports/templates/:kind',
    {
      config: { access: 'people.import' },
      schema: {
        tags,
        summary: '下载导入模板（中文表头）',
        params: c.template.params,
        querystring: c.template.querystring,
        response: { 200: c.template.response },
      },
    },
    async (req, reply) => {
      const { kind } = req.params;
      const { format } = req.query;
      const fileName = `${kind === 'staff' ? '教职工' : '学生'}导入模板.${format}`;
      return sendFile(reply, { type: TYPES[format], fileName, body: await buildTemplate(kind, format) });
    },
  );

  app.get(
    '/imports/templates/org',
    {
      config: { access: 'org.write' },
      schema: {
        tags,
        summary: '下载组织架构导入模板（每行一个节点：名称、类型、上级、编码、排序）',
        querystring: c.orgTemplate.querystring,
        response: { 200: c.orgTemplate.response },
      },
    },
    async (req, reply) => {
      const { format } = req.query;
      const fileName = `组织架构导入模板.${format}`;
      return sendFile(reply, { type: TYPES[format], fileName, body: await buildOrgTemplate(format) });
    },
  );

  app.post(
    '/imports/org',
    {
      config: { access: 'org.write' },
      schema: {
        tags,
        summary: `上传组织架构 .xlsx / .csv 并逐行校验（multipart，字段名 file，最多 ${MAX_ORG_IMPORT_ROWS} 行）；有错误时不会写入`,
        consumes: ['multipart/form-data'],
        response: { 200: c.orgUpload.response },
      },
    },
    async (req) => {
      const upload = await readUpload(req, MAX_IMPORT_BYTES, {
        tooLargeMessage: `文件不能超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB`,
      });
      return uploadOrgImport(db, actorOf(req), upload);
    },
  );

  app.post(
    '/imports/:kind',
    {
      config: { access: 'people.import' },
      schema: {
        tags,
        summary: '上传 .xlsx / .csv 并逐行校验（multipart，字段名 file）；有错误时不会写入',
        params: c.upload.params,
        consumes: ['multipart/form-data'],
        response: { 200: c.upload.response },
      },
    },
    async (req) => {
      const upload = await readUpload(req, MAX_IMPORT_BYTES, {
        tooLargeMessage: `文件不能超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB，请拆分后分批导入`,
      });
      return uploadImport(db, cipher, actorOf(req), req.params.kind, upload);
    },
  );

  app.get(
    '/imports/:id',
    {
      config: { access: ['people.import', 'org.write'] },
      schema: {
        tags,
        summary: '导入任务（含错误报告、组织架构的预览和写入进度）',
        params: c.get.params,
        response: { 200: c.get.response },
      },
    },
    async (req) => getImport(db, actorOf(req), req.params.id),
  );

  app.post(
    '/imports/:id/commit',
    {
      config: { access: ['people.import', 'org.write'] },
      schema: {
        tags,
        summary: '确认导入：一个事务全部写入（全部成功或全部不写）',
        params: c.commit.params,
        response: { 200: c.commit.response },
      },
    },
    async (req) => commitImport(db, req.ctx, actorOf(req), req.params.id),
  );
};
