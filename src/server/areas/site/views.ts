import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';
import { todayInShanghai } from '../../../common/dates';

/**
 * Page views counted by the server, in memory, written to the database in batches (every 30 s by
 * default, and at shutdown; 50 counts per transaction) so that counting never slows a page down.
 * Nothing about the visitor is kept: only (kind, subject, day) → count. kind 'article' also adds to
 * the article's total in portal_article_views. Pages show the stored total plus this process's
 * views since.
 */

type Kind = 'article' | 'column' | 'site';

export class ViewCounter {
  private pending = new Map<string, { parkId: string; kind: Kind; subjectId: string; n: number }>();
  /** Views of each article counted by this process since it started (live counts on cached pages). */
  private totals = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | null = null;

  record(parkId: string, kind: Kind, subjectId: string): void {
    const key = `${kind}:${subjectId}`;
    const p = this.pending.get(key);
    if (p) p.n++;
    else this.pending.set(key, { parkId, kind, subjectId, n: 1 });
    if (kind === 'article') this.totals.set(subjectId, (this.totals.get(subjectId) ?? 0) + 1);
  }

  /** This process's running count for an article (compare two readings for "views since"). */
  total(articleId: string): number {
    return this.totals.get(articleId) ?? 0;
  }

  /** Writes the pending counts; safe to call at any time (concurrent calls share one flush). */
  async flush(db: Db): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending.clear();
    this.flushing = writeInChunks(db, batch)
      .catch((err: unknown) => {
        // Put back what was not written: a failed write (database restarting) loses no views.
        for (const b of (err as { unwritten?: typeof batch }).unwritten ?? batch) {
          const key = `${b.kind}:${b.subjectId}`;
          const p = this.pending.get(key);
          if (p) p.n += b.n;
          else this.pending.set(key, b);
        }
        throw err;
      })
      .finally(() => {
        this.flushing = null;
      });
    return this.flushing;
  }

  start(db: Db, intervalMs: number, onError: (err: unknown) => void): void {
    this.timer = setInterval(() => this.flush(db).catch(onError), intervalMs);
    this.timer.unref();
  }

  async stop(db: Db): Promise<void> {
    clearInterval(this.timer);
    if (this.flushing) await this.flushing.catch(() => undefined);
    await this.flush(db);
  }
}

/**
 * Counts written per transaction, so that a flush after a rotation through thousands of articles
 * lets the requests queued meanwhile run between its chunks (the embedded database has one thread).
 */
const CHUNK = 50;

async function writeInChunks(db: Db, batch: { parkId: string; kind: Kind; subjectId: string; n: number }[]) {
  for (let i = 0; i < batch.length; i += CHUNK) {
    try {
      await write(db, batch.slice(i, i + CHUNK));
    } catch (err) {
      throw Object.assign(err as object, { unwritten: batch.slice(i) });
    }
  }
}

async function write(db: Db, batch: { parkId: string; kind: Kind; subjectId: string; n: number }[]) {
  const day = todayInShanghai();
  const values = sql.join(
    batch.map((b) => sql`(${b.parkId}::uuid, ${b.kind}, ${b.subjectId}::uuid, ${day}::date, ${b.n}::int)`),
    sql`, `,
  );
  await db.transaction(async (tx) => {
    await queryRows(
      tx,
      sql`insert into portal_daily_views (park_id, kind, subject_id, day, views)
          values ${values}
          on conflict (kind, subject_id, day)
          do update set views = portal_daily_views.views + excluded.views`,
    );
    const articles = batch.filter((b) => b.kind === 'article');
    if (articles.length) {
      const list = sql.join(
        articles.map((b) => sql`(${b.subjectId}::uuid, ${b.n}::int)`),
        sql`, `,
      );
      await queryRows(
        tx,
        // The join drops counts of articles deleted since they were viewed.
        sql`insert into portal_article_views (article_id, views)
            select v.id, v.n from (values ${list}) as v(id, n) join portal_articles a on a.id = v.id
            on conflict (article_id) do update set views = portal_article_views.views + excluded.views`,
      );
    }
  });
}
