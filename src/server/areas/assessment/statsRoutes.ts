import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { assessmentStatsContracts as c } from '../../../common/contracts/assessmentStats';
import { file } from '../../../common/schemas';
import { sendFile } from '../../platform/http/files';
import { actorOf } from '../../platform/http/guard';
import { DOCX_TYPE, statsDocument } from './stats/docx';
import { assessmentStats } from './stats/queries';
import { statsWorkbook, XLSX_TYPE } from './stats/xlsx';

const tags = ['assessment'];

/**
 * The assessment's statistics (考核统计), under /api/assessment/stats: the figures of a year and
 * the year before for the reader's reach (`assessment.review`: the park, a school's branches, a
 * branch), as JSON, as a workbook and as the paragraph of the annual work report.
 *
 * The downloads are not audited: they hold aggregate figures only (no member's or student's name
 * or number), like the newsletter's Word export; exports that name people (the dues ledger, the
 * people list) are.
 */
export const assessmentStatsRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

  app.get(
    '/assessment/stats',
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '考核统计：获评先进、辅导学生获奖、论文、职称、先锋岗、奉献日（按学校、支部，与上年对比）',
        querystring: c.stats.querystring,
        response: { 200: c.stats.response },
      },
    },
    async (req) => assessmentStats(db, actorOf(req), req.query.year),
  );

  app.get(
    '/assessment/stats.xlsx',
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '导出考核统计（.xlsx：合计、按学校、按支部）',
        querystring: c.statsXlsx.querystring,
        response: { 200: file },
      },
    },
    async (req, reply) => {
      const stats = await assessmentStats(db, actorOf(req), req.query.year);
      return sendFile(reply, {
        type: XLSX_TYPE,
        fileName: `考核统计-${stats.year}年.xlsx`,
        body: await statsWorkbook(stats),
      });
    },
  );

  app.get(
    '/assessment/stats.docx',
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '导出年度工作总结用的统计段落（.docx）',
        querystring: c.statsDocx.querystring,
        response: { 200: file },
      },
    },
    async (req, reply) => {
      const stats = await assessmentStats(db, actorOf(req), req.query.year);
      return sendFile(reply, {
        type: DOCX_TYPE,
        fileName: `考核统计-${stats.year}年.docx`,
        body: await statsDocument(stats),
      });
    },
  );
};
