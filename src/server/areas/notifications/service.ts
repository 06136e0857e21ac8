import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { notifications } from '../../platform/db/schema/index';
import type { Actor } from '../../access/actor';
import { notFound } from '../../errors';
import { enqueueEmails } from '../../platform/mail/outbox';

export interface NewNotification {
  parkId: string;
  accountIds: string[];
  kind: string;
  title: string;
  body?: string | null;
  link?: string | null;
  /** When set, an account that already has a notification with this key gets no second one. */
  dedupeKey?: string | null;
  /** Also queue an email (email_outbox) to each recipient with an address; sent by the outbox job. */
  email?: boolean;
}

/** Sends a notification to accounts; call it inside the transaction that causes it. Returns how many were sent. */
export async function notify(tx: Db, n: NewNotification): Promise<number> {
  let targets = [...new Set(n.accountIds)];
  if (!targets.length) return 0;
  if (n.dedupeKey) {
    const already = await tx
      .select({ accountId: notifications.accountId })
      .from(notifications)
      .where(and(inArray(notifications.accountId, targets), eq(notifications.dedupeKey, n.dedupeKey)));
    const seen = new Set(already.map((r) => r.accountId));
    targets = targets.filter((a) => !seen.has(a));
  }
  if (!targets.length) return 0;
  await tx.insert(notifications).values(
    targets.map((accountId) => ({
      parkId: n.parkId,
      accountId,
      kind: n.kind,
      title: n.title,
      body: n.body ?? null,
      link: n.link ?? null,
      dedupeKey: n.dedupeKey ?? null,
    })),
  );
  if (n.email) await enqueueEmails(tx, { ...n, accountIds: targets });
  return targets.length;
}

export async function listNotifications(
  db: Db,
  actor: Actor,
  opts: { unreadOnly: boolean; page: number; pageSize: number },
) {
  const where = and(
    eq(notifications.accountId, actor.accountId),
    opts.unreadOnly ? isNull(notifications.readAt) : undefined,
  );
  const [items, [{ total } = { total: 0 }], [{ unread } = { unread: 0 }]] = await Promise.all([
    db
      .select()
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.createdAt))
      .limit(opts.pageSize)
      .offset((opts.page - 1) * opts.pageSize),
    db.select({ total: count() }).from(notifications).where(where),
    db
      .select({ unread: count() })
      .from(notifications)
      .where(and(eq(notifications.accountId, actor.accountId), isNull(notifications.readAt))),
  ]);
  return {
    items: items.map((n) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: n.link,
      read: n.readAt !== null,
      createdAt: n.createdAt.toISOString(),
    })),
    total,
    unread,
    page: opts.page,
    pageSize: opts.pageSize,
  };
}

/** Marks the actor's own notifications read (all of them when `id` is omitted). Not audited: no data changes hands. */
export async function markRead(db: Db, actor: Actor, id?: string): Promise<void> {
  const updated = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(
      and(
        eq(notifications.accountId, actor.accountId),
        isNull(notifications.readAt),
        id ? eq(notifications.id, id) : undefined,
      ),
    )
    .returning({ id: notifications.id });
  if (id && !updated.length) {
    const [exists] = await db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.id, id), eq(notifications.accountId, actor.accountId)));
    if (!exists) throw notFound('通知不存在');
  }
}
