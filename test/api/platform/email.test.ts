import net from 'node:net';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/server/config';
import { queryRows } from '../../../src/server/platform/db/rows';
import { todayInShanghai } from '../../../src/common/dates';
import { JOBS } from '../../../src/server/platform/jobs/index';
import { startScheduler } from '../../../src/server/platform/jobs/scheduler';
import { EMAIL_MAX_ATTEMPTS, sendPendingEmails } from '../../../src/server/platform/mail/outbox';
import { runBirthdayReminders } from '../../../src/server/areas/orgLife/commands/runBirthdayReminders';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';

/**
 * Email notifications: the account's address (self-service and by administrators, validated and
 * audited), the outbox written by notify(…, { email: true }) from the birthday reminder, and the
 * sending job against a real SMTP server (smtp-server on 127.0.0.1) — unset, failing and working.
 */
let t: TestApp;
let park: Park;
let admin: Client;
let secretaryA: Client;
let teacherA: Client;
let teacherB: Client;
const Y = Number(todayInShanghai().slice(0, 4));
const FROM = '校园党建 <dj@example.edu.cn>';

interface Received {
  to: string[];
  from: string;
  raw: string;
}
let sink: SMTPServer;
let sinkPort: number;
const received: Received[] = [];

beforeAll(async () => {
  t = await createTestApp();
  park = await buildPark(t.database.db);
  admin = await asClient(t.app).login('admin', PASSWORD);
  secretaryA = await asClient(t.app).login('secretaryA', PASSWORD);
  teacherA = await asClient(t.app).login('teacherA', PASSWORD);
  teacherB = await asClient(t.app).login('teacherB', PASSWORD);
  sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  sinkPort = (sink.server.address() as net.AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => sink.close(() => resolve()));
  await t.close();
});

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** The decoded Subject header of a raw message (RFC 2047 encoded words, B or Q). */
function subjectOf(raw: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => /^subject:/i.test(l)) ?? '';
  return line
    .replace(/^subject:\s*/i, '')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

const auditRows = (action: string, entityId: string) =>
  queryRows<{ before: unknown; after: unknown; actor_name: string | null }>(
    t.database.db,
    sql`select before, after, actor_name from audit_log where action = ${action} and entity_id = ${entityId} order by id`,
  );

const outbox = () =>
  queryRows<{
    id: string;
    to_address: string;
    subject: string;
    body: string;
    status: string;
    attempts: number;
    last_error: string | null;
    next_attempt_at: Date;
    sent_at: Date | null;
  }>(t.database.db, sql`select * from email_outbox order by to_address`);

describe('configuration', () => {
  it('accepts smtp:// and smtps:// with a sender, and refuses bad values naming the variable', () => {
    const c = loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.edu.cn:465', SMTP_FROM: FROM });
    expect(c).toMatchObject({ SMTP_URL: 'smtps://u:p@mail.example.edu.cn:465', SMTP_FROM: FROM });
    expect(loadConfig({}).SMTP_URL).toBeUndefined();
    expect(loadConfig({ SMTP_URL: '', SMTP_FROM: '' }).SMTP_URL).toBeUndefined();
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.edu.cn', SMTP_FROM: FROM })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ SMTP_URL: 'smtp://h:25', SMTP_FROM: 'not an address' })).toThrow(/SMTP_FROM/);
    expect(() => loadConfig({ SMTP_URL: 'smtp://h:25' })).toThrow(/SMTP_FROM: is required/);
  });
});

describe('an account’s email address', () => {
  it('is set by its holder, validated with a Chinese field message, and audited', async () => {
    expect((await teacherA.get('/api/auth/me/email')).json()).toEqual({ email: null });
    const bad = await teacherA.put('/api/auth/me/email', { email: 'not-an-email' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    expect(bad.json().error.fields.email).toBe('请输入正确的邮箱地址，例如 name@example.com');
    expect((await teacherA.put('/api/auth/me/email', { email: 'a'.repeat(250) + '@x.cn' })).statusCode).toBe(
      400,
    );

    const ok = await teacherA.put('/api/auth/me/email', { email: '  teacher.a@example.edu.cn ' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ email: 'teacher.a@example.edu.cn' });
    expect((await teacherA.get('/api/auth/me/email')).json()).toEqual({ email: 'teacher.a@example.edu.cn' });
    const rows = await auditRows('auth.email.change', park.accountIds.teacherA!);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ before: { email: null }, after: { email: 'teacher.a@example.edu.cn' } });

    // Unchanged: no second audit row. Cleared with '' and set again.
    await teacherA.put('/api/auth/me/email', { email: 'teacher.a@example.edu.cn' });
    expect(await auditRows('auth.email.change', park.accountIds.teacherA!)).toHaveLength(1);
    expect((await teacherA.put('/api/auth/me/email', { email: '' })).json()).toEqual({ email: null });
    await teacherA.put('/api/auth/me/email', { email: 'teacher.a@example.edu.cn' });
    expect(await auditRows('auth.email.change', park.accountIds.teacherA!)).toHaveLength(3);

    expect((await secretaryA.put('/api/auth/me/email', { email: 'sec.a@example.edu.cn' })).statusCode).toBe(
      200,
    );
    expect((await asClient(t.app).put('/api/auth/me/email', { email: 'x@y.cn' })).statusCode).toBe(401);
  });

  it('is set by an administrator through the accounts API, audited, and shown to accounts.read holders only', async () => {
    const id = park.accountIds.teacherB!;
    const bad = await admin.patch(`/api/accounts/${id}`, { email: 'teacher.b@' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.email).toBe('请输入正确的邮箱地址，例如 name@example.com');
    const res = await admin.patch(`/api/accounts/${id}`, { email: 'teacher.b@example.edu.cn' });
    expect(res.statusCode).toBe(200);
    expect(res.json().email).toBe('teacher.b@example.edu.cn');
    const [row] = await auditRows('accounts.account.update', id);
    expect(row).toMatchObject({ before: { email: null }, after: { email: 'teacher.b@example.edu.cn' } });

    const list = await admin.get('/api/accounts?q=teacherA');
    expect(list.json().items[0]).toMatchObject({ username: 'teacherA', email: 'teacher.a@example.edu.cn' });
    // Someone without accounts.read cannot read anyone's address.
    expect((await teacherB.get(`/api/accounts/${park.accountIds.teacherA}`)).statusCode).toBe(403);
    expect((await teacherB.get('/api/accounts')).statusCode).toBe(403);
  });
});

describe('the birthday reminder by email', () => {
  it('queues an email per recipient with an address; with SMTP unset nothing is attempted', async () => {
    // 教师A and 教师B joined on 15 March: a week ahead is 8 March.
    const r = await runBirthdayReminders(t.database.db, `${Y}-03-08`);
    expect(r.sent).toBe(3);
    const rows = await outbox();
    expect(rows.map((x) => x.to_address)).toEqual([
      'sec.a@example.edu.cn',
      'teacher.a@example.edu.cn',
      'teacher.b@example.edu.cn',
    ]);
    const mine = rows.find((x) => x.to_address === 'teacher.a@example.edu.cn')!;
    expect(mine.subject).toBe(`【校园党建】3月15日是您的第 ${Y - 2010} 个政治生日`);
    expect(mine.body).toContain('teacherA，您好');
    expect(rows.every((x) => x.status === 'pending' && x.attempts === 0)).toBe(true);

    // A second run the same week queues nothing more (the notification's dedupe key).
    await runBirthdayReminders(t.database.db, `${Y}-03-10`);
    expect(await outbox()).toHaveLength(3);

    expect(await sendPendingEmails(t.database.db, null)).toMatchObject({ configured: false, sent: 0 });
    // The registered job reads the environment, where SMTP_URL is unset in tests.
    const job = JOBS.find((j) => j.name === 'email.sendOutbox');
    expect(job).toMatchObject({ exclusive: true });
    const scheduler = startScheduler(t.database.db, [job!]);
    expect(await scheduler.runNow('email.sendOutbox')).toMatchObject({ configured: false, sent: 0 });
    await scheduler.stop();
    expect((await outbox()).every((x) => x.status === 'pending' && x.attempts === 0)).toBe(true);
    expect(received).toHaveLength(0);
  });

  it('records a failed attempt (server down) without throwing, and retries later', async () => {
    const port = await closedPort();
    const result = await sendPendingEmails(t.database.db, { url: `smtp://127.0.0.1:${port}`, from: FROM });
    expect(result).toMatchObject({ configured: true, sent: 0, retrying: 3, failed: 0 });
    const rows = await outbox();
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'pending', attempts: 1, sent_at: null });
      expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);
      expect(new Date(row.next_attempt_at).getTime()).toBeGreaterThan(Date.now());
    }
    // Not due yet: a run now takes nothing.
    expect(
      await sendPendingEmails(t.database.db, { url: `smtp://127.0.0.1:${port}`, from: FROM }),
    ).toMatchObject({ sent: 0, retrying: 0 });
  });

  it('gives up after the last attempt', async () => {
    const port = await closedPort();
    const [row] = await queryRows<{ id: string }>(
      t.database.db,
      sql`insert into email_outbox (park_id, to_address, kind, subject, body, attempts)
          values (${park.parkId}, 'gone@example.edu.cn', 'test', '测试', '测试', ${EMAIL_MAX_ATTEMPTS - 1})
          returning id`,
    );
    const result = await sendPendingEmails(t.database.db, { url: `smtp://127.0.0.1:${port}`, from: FROM });
    expect(result).toMatchObject({ failed: 1, retrying: 0 });
    const [after] = await queryRows<{ status: string; attempts: number }>(
      t.database.db,
      sql`select status, attempts from email_outbox where id = ${row!.id}`,
    );
    expect(after).toEqual({ status: 'failed', attempts: EMAIL_MAX_ATTEMPTS });
    await queryRows(t.database.db, sql`delete from email_outbox where id = ${row!.id}`);
  });

  it('sends through a real SMTP server: the member gets a message with a Chinese subject', async () => {
    await queryRows(
      t.database.db,
      sql`update email_outbox set next_attempt_at = now() where status = 'pending'`,
    );
    const settings = { url: `smtp://127.0.0.1:${sinkPort}`, from: FROM };
    const result = await sendPendingEmails(t.database.db, settings);
    expect(result).toMatchObject({ configured: true, sent: 3, retrying: 0, failed: 0 });
    expect(received).toHaveLength(3);
    const toMember = received.find((m) => m.to.includes('teacher.a@example.edu.cn'))!;
    expect(toMember.from).toBe('dj@example.edu.cn');
    expect(subjectOf(toMember.raw)).toBe(`【校园党建】3月15日是您的第 ${Y - 2010} 个政治生日`);
    const toSecretary = received.find((m) => m.to.includes('sec.a@example.edu.cn'))!;
    expect(subjectOf(toSecretary.raw)).toBe(`【校园党建】教师A的政治生日：3月15日（第 ${Y - 2010} 个）`);

    const rows = await outbox();
    expect(rows.every((x) => x.status === 'sent' && x.attempts === 2 && x.sent_at !== null)).toBe(true);
    // Sent rows are never sent again.
    expect(await sendPendingEmails(t.database.db, settings)).toMatchObject({ sent: 0 });
    expect(received).toHaveLength(3);
  });
});
