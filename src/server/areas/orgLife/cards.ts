import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { cardBatches } from '../../platform/db/schema/index';
import { audit } from '../../platform/audit';
import type { RequestContext } from '../../context';
import { birthdayIn, birthdayNumber } from './rules/birthdays';
import { notFound, unprocessable } from '../../errors';
import {
  renderBirthdayCardPdf,
  renderBirthdayCardPng,
  renderBirthdayCardsPdf,
  type BirthdayCardData,
} from './cardRender';
import type { Actor } from '../../access/actor';
import { canConfigureOrgLife } from './policy';
import { queryRoster } from './birthdays';
import { currentConfig, readableMember } from './common';
import { cardMessageFor } from './symposiums';

/** What goes on a member's card for a year. */
export async function cardData(
  db: Db,
  actor: Actor,
  personId: string,
  year: number,
): Promise<BirthdayCardData> {
  const m = await readableMember(db, actor, personId);
  const on = birthdayIn(m.joinedOn, year);
  if (!on) {
    throw unprocessable('NO_BIRTHDAY_THAT_YEAR', `${m.name}于${m.joinedOn}入党，${year}年还没有政治生日`, {
      year: '该年份还没有政治生日',
    });
  }
  const { config } = await currentConfig(db, actor.parkId);
  const message =
    (await cardMessageFor(db, actor.parkId, m.branchId, year, Number(on.slice(5, 7)))) ??
    config.birthday.defaultCardMessage;
  return {
    name: m.name,
    joinedOn: m.joinedOn,
    birthdayOn: on,
    years: birthdayNumber(m.joinedOn, year),
    message,
    signature: `中共${m.branchName}`,
  };
}

export async function memberCard(
  db: Db,
  actor: Actor,
  personId: string,
  year: number,
  format: 'png' | 'pdf',
) {
  const data = await cardData(db, actor, personId, year);
  const body =
    format === 'png' ? renderBirthdayCardPng(data) : Buffer.from(await renderBirthdayCardPdf(data));
  return { body, fileName: `政治生日贺卡-${data.name}-${year}.${format}` };
}

// ——— a month's cards as one PDF, as a job with progress ———

/** A running batch that has not reported for this long is taken as interrupted (the process stopped). */
const STALE_MS = 120_000;

type BatchRow = typeof cardBatches.$inferSelect;

function presentBatch(b: Omit<BatchRow, 'pdf'>) {
  const stale = b.status === 'running' && Date.now() - b.updatedAt.getTime() > STALE_MS;
  const status = stale ? 'failed' : b.status;
  return {
    id: b.id,
    year: b.year,
    month: b.month,
    branchId: b.branchId,
    status: status as 'queued' | 'running' | 'done' | 'failed',
    total: b.total,
    done: b.done,
    percent: b.total ? Math.floor((b.done * 100) / b.total) : status === 'done' ? 100 : 0,
    error: stale ? '任务中断，请重新生成' : b.error,
    pdfSize: b.pdfSize,
    downloadUrl: status === 'done' ? `/api/orglife/cards/batches/${b.id}/pdf` : null,
    createdAt: b.createdAt.toISOString(),
    finishedAt: b.finishedAt?.toISOString() ?? null,
  };
}

const batchColumns = {
  id: cardBatches.id,
  parkId: cardBatches.parkId,
  year: cardBatches.year,
  month: cardBatches.month,
  branchId: cardBatches.branchId,
  status: cardBatches.status,
  total: cardBatches.total,
  done: cardBatches.done,
  error: cardBatches.error,
  pdfSize: cardBatches.pdfSize,
  createdBy: cardBatches.createdBy,
  createdAt: cardBatches.createdAt,
  updatedAt: cardBatches.updatedAt,
  finishedAt: cardBatches.finishedAt,
};

/**
 * Starts rendering the month's cards (the actor's roster, optionally one branch) into one PDF and
 * returns at once; progress is written to the row every few cards and read with getCardBatch.
 * `wait` lets scripts await the end.
 */
export async function startCardBatch(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  q: { year: number; month: number; branchId?: string },
  opts: { wait?: boolean } = {},
) {
  const roster = await queryRoster(db, actor, q);
  if (!roster.length) throw unprocessable('EMPTY_ROSTER', `${q.year}年${q.month}月没有过政治生日的党员`);
  const [row] = await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(cardBatches)
      .values({
        parkId: actor.parkId,
        year: q.year,
        month: q.month,
        branchId: q.branchId ?? null,
        status: 'queued',
        total: roster.length,
        createdBy: actor.accountId,
      })
      .returning(batchColumns);
    await audit(tx, ctx, {
      action: 'orgLife.cardBatch.create',
      entityType: 'cardBatch',
      entityId: inserted[0]!.id,
      after: { ...q, total: roster.length },
    });
    return inserted;
  });
  const batch = row!;
  const run = (async () => {
    try {
      await db
        .update(cardBatches)
        .set({ status: 'running', updatedAt: new Date() })
        .where(eq(cardBatches.id, batch.id));
      const { config } = await currentConfig(db, actor.parkId);
      const messages = new Map<string, string>();
      const cards: BirthdayCardData[] = [];
      for (const r of roster) {
        if (!messages.has(r.branchId)) {
          messages.set(
            r.branchId,
            (await cardMessageFor(db, actor.parkId, r.branchId, q.year, q.month)) ??
              config.birthday.defaultCardMessage,
          );
        }
        cards.push({
          name: r.name,
          joinedOn: r.joinedOn,
          birthdayOn: r.birthdayOn,
          years: r.years,
          message: messages.get(r.branchId)!,
          signature: `中共${r.branchName}`,
        });
      }
      let lastWrite = 0;
      const pdf = await renderBirthdayCardsPdf(cards, {
        title: `${q.year}年${q.month}月政治生日贺卡`,
        onProgress: async (done, total) => {
          const now = Date.now();
          if (done === total || now - lastWrite > 300) {
            lastWrite = now;
            await db
              .update(cardBatches)
              .set({ done, updatedAt: new Date() })
              .where(eq(cardBatches.id, batch.id));
          } else {
            await new Promise((resolve) => setImmediate(resolve));
          }
        },
      });
      await db
        .update(cardBatches)
        .set({
          status: 'done',
          done: cards.length,
          pdf: Buffer.from(pdf),
          pdfSize: pdf.length,
          updatedAt: new Date(),
          finishedAt: new Date(),
        })
        .where(eq(cardBatches.id, batch.id));
    } catch (err) {
      await db
        .update(cardBatches)
        .set({
          status: 'failed',
          error: `生成失败：${(err as Error).message}`.slice(0, 500),
          updatedAt: new Date(),
          finishedAt: new Date(),
        })
        .where(eq(cardBatches.id, batch.id))
        .catch(() => undefined);
    }
  })();
  if (opts.wait) await run;
  else run.catch(() => undefined);
  return presentBatch(batch);
}

async function visibleBatch(db: Db, actor: Actor, id: string) {
  const [b] = await db
    .select(batchColumns)
    .from(cardBatches)
    .where(and(eq(cardBatches.id, id), eq(cardBatches.parkId, actor.parkId)));
  if (!b || (b.createdBy !== actor.accountId && !canConfigureOrgLife(actor))) throw notFound('未找到该批次');
  return b;
}

export async function getCardBatch(db: Db, actor: Actor, id: string) {
  return presentBatch(await visibleBatch(db, actor, id));
}

export async function cardBatchPdf(db: Db, actor: Actor, id: string) {
  const b = await visibleBatch(db, actor, id);
  if (b.status !== 'done') throw unprocessable('BATCH_NOT_READY', '贺卡还在生成中，请稍后下载');
  const [row] = await db.select({ pdf: cardBatches.pdf }).from(cardBatches).where(eq(cardBatches.id, id));
  return { body: Buffer.from(row!.pdf as Uint8Array), fileName: `政治生日贺卡-${b.year}年${b.month}月.pdf` };
}
