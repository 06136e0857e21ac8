import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { todayInShanghai } from '../../../common/dates';
import { publicName } from '../../../common/privacy';
import { AppError } from '../../errors';
import { HTML, sendPortalNotFound, str } from '../site/reply';
import { publicityPage, type PublicityPageData } from '../site/render/publicity';
import { submitObjection } from './commands/results';
import { findPublicity, nominationsOfYear } from './queries/results';
import { queryRows } from '../../platform/db/rows';
import { sql } from 'drizzle-orm';

/**
 * The portal's 公示 page of the year's approved vanguard nominations and its objection form
 * (RULES.md §6). Rendered on every request (not cached: it answers the form), at the root in the
 * public scope like the check-in page; the form is a plain HTML post, so it works without script.
 * Anyone may object; nothing here says who objected.
 */
export const vanguardPublicityRoutes: FastifyPluginAsync = async (app) => {
  const db = app.deps.database.db;
  const portal = app.portal;

  // Encapsulated: only these routes accept an HTML form body.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 8192 },
    (_req, body, done) => done(null, body),
  );

  const options = {
    schema: { hide: true },
    logLevel: 'warn' as const,
    config: { access: 'public' as const },
  };

  async function pageData(parkId: string, year: number | null): Promise<PublicityPageData | null> {
    const [latest] = await queryRows<{ year: number }>(
      db,
      sql`select year from vanguard_publicity where park_id = ${parkId} order by year desc limit 1`,
    );
    const y = year ?? latest?.year;
    if (!y) return null;
    const pub = await findPublicity(db, parkId, y);
    if (!pub) return null;
    const today = todayInShanghai();
    const open = pub.status === 'open' && today >= pub.startsOn && today <= pub.endsOn;
    const rows = await nominationsOfYear(db, parkId, y, pub.status === 'open' ? ['approved'] : ['awarded']);
    const [issuer] = await queryRows<{ name: string }>(
      db,
      sql`select name from org_nodes where park_id = ${parkId} and kind = 'generalBranch' order by sort_order limit 1`,
    );
    return {
      year: y,
      startsOn: pub.startsOn,
      endsOn: pub.endsOn,
      workingDays: pub.workingDays,
      open,
      issuer: issuer?.name ?? '党总支',
      items: rows.map((r) => ({
        id: r.id,
        name: publicName({ name: r.name, kind: r.person_kind }),
        branch: r.school_name ? `${r.school_name} · ${r.branch_name}` : r.branch_name,
        post: r.post,
        band: r.band,
      })),
    };
  }

  const html = (reply: FastifyReply, status: number, body: string) =>
    reply.status(status).type(HTML).header('cache-control', 'no-store').send(body);

  const yearOf = (req: FastifyRequest) => {
    const y = Number(str((req.query as Record<string, unknown>).year));
    return Number.isInteger(y) && y >= 2000 && y <= 2200 ? y : null;
  };

  app.get('/vanguard/publicity', options, async (req, reply) => {
    const site = await portal.siteContext();
    const data = site ? await pageData(site.parkId, yearOf(req)) : null;
    if (!site || !data) return sendPortalNotFound(req, reply);
    return html(reply, 200, publicityPage(site, portal.baseUrl(req), data));
  });

  app.post('/vanguard/publicity/objection', options, async (req, reply) => {
    const site = await portal.siteContext();
    if (!site) return sendPortalNotFound(req, reply);
    const form = typeof req.body === 'string' ? Object.fromEntries(new URLSearchParams(req.body)) : {};
    let notice: { ok: boolean; text: string };
    let status = 200;
    try {
      const { name } = await submitObjection(
        db,
        { actor: null, requestId: req.id, ip: req.ip ?? null },
        site.parkId,
        {
          nominationId: /^[0-9a-f-]{36}$/i.test(form.nominationId ?? '')
            ? form.nominationId!
            : '00000000-0000-0000-0000-000000000000',
          content: form.content ?? '',
          contact: form.contact ?? null,
        },
      );
      notice = { ok: true, text: `已收到您对${name}的异议，党总支将调查核实并答复。谢谢您的监督！` };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      status = err.status;
      notice = { ok: false, text: err.message };
    }
    const data = await pageData(site.parkId, null);
    if (!data) return sendPortalNotFound(req, reply);
    return html(reply, status, publicityPage(site, portal.baseUrl(req), { ...data, notice }));
  });
};
