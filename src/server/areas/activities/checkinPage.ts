import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE, loadSession } from '../auth/sessions';
import { AppError } from '../../errors';
import type { Actor } from '../../access/actor';
import { esc, type SafeHtml } from '../site/html';
import { plainPage } from '../site/render/document';
import { checkinInfo } from './checkin';
import { checkInWithToken } from './commands/checkIn';

/**
 * The phone page behind the QR code: GET /checkin/:token shows the activity and a confirm button,
 * POST /checkin/:token signs in. Served outside /api in the public scope (app.ts), so it resolves
 * the session cookie itself and checks the session's CSRF token in a hidden form field. Not signed
 * in → /admin/login?next=/checkin/<token>. Works without JavaScript. Rendered through the site's
 * page shell (site/render/document.ts): the site's head, stylesheet and escaping.
 */
const TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: 'long',
  day: 'numeric',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

const page = (title: string, body: SafeHtml, tone: 'ok' | 'error' | 'info' = 'info') =>
  plainPage({ title, band: '校园党建 · 活动签到', tone, body });

interface Info {
  title: string;
  theme: string | null;
  organiserName: string;
  startsAt: string;
  endsAt: string;
  place: string | null;
}

const details = (a: Info) =>
  esc`<dl><dt>活动</dt><dd>${a.title}</dd>${a.theme ? esc`<dt>主题</dt><dd>${a.theme}</dd>` : ''}<dt>组织单位</dt><dd>${a.organiserName}</dd><dt>时间</dt><dd>${TIME.format(new Date(a.startsAt))}</dd>${a.place ? esc`<dt>地点</dt><dd>${a.place}</dd>` : ''}</dl>`;

/** The page after a check-in; the title and heading say whether it was this one or earlier. */
const checkedIn = (title: string, heading: string, activity: Info, at: string) =>
  page(
    title,
    esc`<h1>✓ ${heading}</h1>${details(activity)}<p class="note">签到时间：${TIME.format(new Date(at))}</p>`,
    'ok',
  );

function parseForm(body: unknown): Record<string, string> {
  if (typeof body !== 'string') return {};
  return Object.fromEntries(new URLSearchParams(body));
}

export const checkinPageRoutes: FastifyPluginAsync = async (app) => {
  const db = app.deps.database.db;

  // Encapsulated: only these routes accept an HTML form body.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_req, body, done) => done(null, body),
  );

  async function session(req: FastifyRequest): Promise<{ actor: Actor; csrfToken: string } | null> {
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return null;
    const loaded = await loadSession(db, token);
    if (!loaded) return null;
    req.ctx = { actor: loaded.actor, requestId: req.id, ip: req.ip ?? null };
    return { actor: loaded.actor, csrfToken: loaded.csrfToken };
  }

  const html = (reply: FastifyReply, status: number, body: string) =>
    reply
      .status(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .send(body);

  const toLogin = (reply: FastifyReply, token: string) =>
    reply.redirect(`/admin/login?next=${encodeURIComponent(`/checkin/${token}`)}`, 302);

  const refusalPage = (reply: FastifyReply, err: AppError) =>
    html(reply, err.status, page('无法签到', esc`<h1>无法签到</h1><p>${err.message}</p>`, 'error'));

  // Anyone may open the page: without a session it sends the visitor to the login page.
  const options = { schema: { hide: true }, config: { access: 'public' as const } };

  app.get<{ Params: { token: string } }>('/checkin/:token', options, async (req, reply) => {
    const { token } = req.params;
    const s = await session(req);
    if (!s) return toLogin(reply, token);
    if (s.actor.mustChangePassword) return reply.redirect('/admin', 302);
    try {
      const info = await checkinInfo(db, s.actor, token);
      if (info.checkedInAt)
        return html(reply, 200, checkedIn('已签到', '您已签到', info.activity, info.checkedInAt));
      if (!info.canCheckIn) {
        return html(
          reply,
          403,
          page(
            '无法签到',
            esc`<h1>无法签到</h1>${details(info.activity)}<p>${info.refusal!.message}</p>`,
            'error',
          ),
        );
      }
      return html(
        reply,
        200,
        page(
          '活动签到',
          esc`<h1>活动签到</h1>${details(info.activity)}<p class="note">签到人：${s.actor.displayName}</p>
<form method="post" action="/checkin/${encodeURIComponent(token)}"><input type="hidden" name="csrf" value="${s.csrfToken}"><button type="submit">确认签到</button></form>`,
        ),
      );
    } catch (err) {
      if (err instanceof AppError) return refusalPage(reply, err);
      throw err;
    }
  });

  app.post<{ Params: { token: string } }>('/checkin/:token', options, async (req, reply) => {
    const { token } = req.params;
    const s = await session(req);
    if (!s) return toLogin(reply, token);
    if (parseForm(req.body).csrf !== s.csrfToken) {
      return html(
        reply,
        403,
        page('页面已过期', esc`<h1>页面已过期</h1><p>请返回重新扫码签到。</p>`, 'error'),
      );
    }
    try {
      const result = await checkInWithToken(db, req.ctx, s.actor, token);
      return html(
        reply,
        200,
        checkedIn(
          '签到成功',
          result.alreadyCheckedIn ? '您已签到' : '签到成功',
          result.activity,
          result.checkedInAt,
        ),
      );
    } catch (err) {
      if (err instanceof AppError) return refusalPage(reply, err);
      throw err;
    }
  });
};
