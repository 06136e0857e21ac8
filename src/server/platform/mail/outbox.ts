import { sql } from 'drizzle-orm';
import { loadConfig, type Config } from '../../config';
import type { Db } from '../db/client';
import { queryRows } from '../db/rows';
import { lazy } from '../lazy';

/**
 * Email delivery through an outbox. `enqueueEmails` (called by `notify(…, { email: true })`) only
 * inserts `email_outbox` rows in the caller's transaction; the `email.sendOutbox` job sends them
 * later with nodemailer, so an SMTP server that is slow or down never blocks or breaks a write.
 *
 * - SMTP_URL unset: the job sends nothing and leaves the rows pending (attempts stay 0).
 * - A failed attempt is retried after 1, 5, 30 and 120 minutes; after the 5th it is 'failed'.
 * - A row still pending 7 days after it was written is marked 'expired' instead of being sent late
 *   (e.g. when SMTP is configured long after the reminders were written).
 */

export const EMAIL_MAX_ATTEMPTS = 5;
/** Minutes to wait after failed attempt n (index n - 1). */
export const EMAIL_RETRY_MINUTES = [1, 5, 30, 120] as const;
export const EMAIL_MAX_AGE_DAYS = 7;
/** While a row is being sent its next_attempt_at is pushed this far ahead, so no other run takes it. */
const CLAIM_SECONDS = 300;
const BATCH = 50;
/** nodemailer is loaded when there is something to send, not at start. */
const loadNodemailer = lazy(() => import('nodemailer'));

export interface SmtpSettings {
  url: string;
  from: string;
}

export const smtpSettings = (config: Pick<Config, 'SMTP_URL' | 'SMTP_FROM'>): SmtpSettings | null =>
  config.SMTP_URL && config.SMTP_FROM ? { url: config.SMTP_URL, from: config.SMTP_FROM } : null;

let fromEnv: SmtpSettings | null | undefined;
/** SMTP settings of the running server (process environment, read once). */
export const smtpSettingsFromEnv = () =>
  fromEnv === undefined ? (fromEnv = smtpSettings(loadConfig())) : fromEnv;

export interface NewEmails {
  parkId: string;
  accountIds: readonly string[];
  kind: string;
  title: string;
  body?: string | null;
}

/** Queues one email per enabled account that has an address; call it inside the causing transaction. */
export async function enqueueEmails(tx: Db, e: NewEmails): Promise<number> {
  if (!e.accountIds.length) return 0;
  const recipients = await queryRows<{ id: string; email: string; display_name: string }>(
    tx,
    sql`select id, email, display_name from accounts
        where id in (${sql.join(
          e.accountIds.map((a) => sql`${a}`),
          sql`, `,
        )}) and email is not null and disabled_at is null`,
  );
  if (!recipients.length) return 0;
  const subject = `【校园党建】${e.title}`;
  await queryRows(
    tx,
    sql`insert into email_outbox (park_id, account_id, to_address, kind, subject, body)
        values ${sql.join(
          recipients.map(
            (r) =>
              sql`(${e.parkId}, ${r.id}, ${r.email}, ${e.kind}, ${subject}, ${[
                `${r.display_name}，您好：`,
                '',
                e.body ?? e.title,
                '',
                '请登录「校园党建」管理后台查看详情。',
                '（此邮件由系统自动发送，请勿直接回复。）',
              ].join('\n')})`,
          ),
          sql`, `,
        )}`,
  );
  return recipients.length;
}

export interface OutboxRunResult {
  configured: boolean;
  sent: number;
  retrying: number;
  failed: number;
  expired: number;
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

/**
 * Sends due outbox rows (the `email.sendOutbox` job). Never throws for a delivery failure: the row
 * records attempts and the last error and is retried with backoff.
 */
export async function sendPendingEmails(db: Db, settings: SmtpSettings | null): Promise<OutboxRunResult> {
  const result: OutboxRunResult = { configured: !!settings, sent: 0, retrying: 0, failed: 0, expired: 0 };
  if (!settings) return result;
  const expired = await queryRows<{ id: string }>(
    db,
    sql`update email_outbox set status = 'expired', last_error = ${`超过 ${EMAIL_MAX_AGE_DAYS} 天未能发送，已放弃`}
        where status = 'pending' and created_at < now() - make_interval(days => ${EMAIL_MAX_AGE_DAYS})
        returning id`,
  );
  result.expired = expired.length;
  // Claim a batch atomically: a concurrent run (another instance) skips the rows claimed here.
  const rows = await queryRows<{
    id: string;
    to_address: string;
    subject: string;
    body: string;
    attempts: number;
  }>(
    db,
    sql`update email_outbox set attempts = attempts + 1,
          next_attempt_at = now() + make_interval(secs => ${CLAIM_SECONDS})
        where id in (select id from email_outbox where status = 'pending' and next_attempt_at <= now()
                     order by next_attempt_at, created_at limit ${BATCH} for update skip locked)
        returning id, to_address, subject, body, attempts`,
  );
  if (!rows.length) return result;
  const { createTransport } = await loadNodemailer();
  const transport = createTransport(
    { url: settings.url, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 },
    { from: settings.from },
  );
  try {
    for (const r of rows) {
      try {
        await transport.sendMail({ to: r.to_address, subject: r.subject, text: r.body });
        await queryRows(
          db,
          sql`update email_outbox set status = 'sent', sent_at = now(), last_error = null where id = ${r.id}`,
        );
        result.sent++;
      } catch (err) {
        const attempts = Number(r.attempts);
        const giveUp = attempts >= EMAIL_MAX_ATTEMPTS;
        const waitMinutes = EMAIL_RETRY_MINUTES[Math.min(attempts, EMAIL_RETRY_MINUTES.length) - 1] ?? 1;
        await queryRows(
          db,
          sql`update email_outbox set status = ${giveUp ? 'failed' : 'pending'}, last_error = ${errorText(err)},
                next_attempt_at = now() + make_interval(mins => ${waitMinutes})
              where id = ${r.id}`,
        );
        if (giveUp) result.failed++;
        else result.retrying++;
      }
    }
  } finally {
    transport.close();
  }
  return result;
}
