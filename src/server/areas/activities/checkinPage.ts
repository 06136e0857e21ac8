import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE, loadSession } from '../auth/sessions';
import { escapeHtml } from './rules';
import { AppError } from '../../errors';
import type { Actor } from '../../access/actor';
import { checkinInfo, checkInWithToken } from './checkin';

/**
 * The phone page behind the QR code: GET /checkin/:token shows the activity and a confirm button,
 * POST /checkin/:token signs in. Served outside /api (register this plugin at the root, without
 * a prefix), so it resolves the session cookie itself and checks the session's CSRF token in a
 * hidden form field. Not signed in → /admin/login?next=/checkin/<token>. Works without JavaScript.
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

function page(title: string, body: string, status: 'ok' | 'error' | 'info' = 'info'): string {
  const color = status === 'ok' ? '#2e7d32' : status === 'error' ? '#b71c1c' : '#333';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)} - 校园党建</title>
<style>
body{margin:0;font-family:system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;background:#f5f5f5;color:#333}
header{background:#b71c1c;color:#fff;padding:14px 16px;font-size:18px}
main{max-width:480px;margin:16px auto;padding:0 12px}
.card{background:#fff;border-radius:10px;padding:18px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:20px;margin:0 0 8px;color:${color}}
dl{margin:12px 0}dt{color:#888;font-size:13px;margin-top:8px}dd{margin:2px 0 0;font-size:16px}
button{width:100%;padding:14px;font-size:18px;border:0;border-radius:8px;background:#b71c1c;color:#fff;margin-top:12px}
p.note{color:#666;font-size:14px}
</style></head><body><header>校园党建 · 活动签到</header><main><div class="card">${body}</div></main></body></html>`;
}

interface Info {
  title: string;
  theme: string | null;
  organiserName: string;
  startsAt: string;
  endsAt: string;
  place: string | null;
}
function details(a: Info): string {
  return `<dl><dt>活动</dt><dd>${escapeHtml(a.title)}</dd>${
    a.theme ? `<dt>主题</dt><dd>${escapeHtml(a.theme)}</dd>` : ''
  }<dt>组织单位</dt><dd>${escapeHtml(a.organiserName)}</dd><dt>时间</dt><dd>${escapeHtml(
    TIME.format(new Date(a.startsAt)),
  )}</dd>${a.place ? `<dt>地点</dt><dd>${escapeHtml(a.place)}</dd>` : ''}</dl>`;
}

function parseForm(body: unknown): Record<string, string> {
  if (typeof body !== 'string') return {};
  return Object.fromEntries(new URLSearchParams(body));
}

export const checkinPageRoutes: FastifyPluginAsync = async (app) => {
  const db = app.deps.database.db;
  const ttl = app.deps.config.SESSION_TTL_HOURS;

  // Encapsulated: only these routes accept an HTML form body.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_req, body, done) => done(null, body),
  );

  async function session(req: FastifyRequest): Promise<{ actor: Actor; csrfToken: string } | null> {
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return null;
    const loaded = await loadSession(db, token, ttl);
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
    html(reply, err.status, page('无法签到', `<h1>无法签到</h1><p>${escapeHtml(err.message)}</p>`, 'error'));

  app.get<{ Params: { token: string } }>(
    '/checkin/:token',
    { schema: { hide: true } },
    async (req, reply) => {
      const { token } = req.params;
      const s = await session(req);
      if (!s) return toLogin(reply, token);
      if (s.actor.mustChangePassword) return reply.redirect('/admin', 302);
      try {
        const info = await checkinInfo(db, s.actor, token);
        if (info.checkedInAt) {
          return html(
            reply,
            200,
            page(
              '已签到',
              `<h1>✓ 您已签到</h1>${details(info.activity)}<p class="note">签到时间：${escapeHtml(
                TIME.format(new Date(info.checkedInAt)),
              )}</p>`,
              'ok',
            ),
          );
        }
        if (!info.canCheckIn) {
          return html(
            reply,
            403,
            page(
              '无法签到',
              `<h1>无法签到</h1>${details(info.activity)}<p>${escapeHtml(info.refusal!.message)}</p>`,
              'error',
            ),
          );
        }
        return html(
          reply,
          200,
          page(
            '活动签到',
            `<h1>活动签到</h1>${details(info.activity)}<p class="note">签到人：${escapeHtml(s.actor.displayName)}</p>
<form method="post" action="/checkin/${encodeURIComponent(token)}"><input type="hidden" name="csrf" value="${escapeHtml(
              s.csrfToken,
            )}"><button type="submit">确认签到</button></form>`,
          ),
        );
      } catch (err) {
        if (err instanceof AppError) return refusalPage(reply, err);
        throw err;
      }
    },
  );

  app.post<{ Params: { token: string } }>(
    '/checkin/:token',
    { schema: { hide: true } },
    async (req, reply) => {
      const { token } = req.params;
      const s = await session(req);
      if (!s) return toLogin(reply, token);
      if (parseForm(req.body).csrf !== s.csrfToken) {
        return html(
          reply,
          403,
          page('页面已过期', '<h1>页面已过期</h1><p>请返回重新扫码签到。</p>', 'error'),
        );
      }
      try {
        const result = await checkInWithToken(db, req.ctx, s.actor, token);
        return html(
          reply,
          200,
          page(
            '签到成功',
            `<h1>✓ ${result.alreadyCheckedIn ? '您已签到' : '签到成功'}</h1>${details(result.activity)}<p class="note">签到时间：${escapeHtml(
              TIME.format(new Date(result.checkedInAt)),
            )}</p>`,
            'ok',
          ),
        );
      } catch (err) {
        if (err instanceof AppError) return refusalPage(reply, err);
        throw err;
      }
    },
  );
};
