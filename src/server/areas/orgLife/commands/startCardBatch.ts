import { eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { cardBatches } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { CardBatchInput } from '../../../../common/contracts/orgLife';
import { unprocessable } from '../../../errors';
import { runDetached } from '../../../platform/load';
import { renderBirthdayCardsPdf, type BirthdayCardData } from '../cardRender';
import type { Actor } from '../../../access/actor';
import { currentConfig } from '../config';
import { presentBatch } from '../presenter';
import { queryRoster } from '../queries/birthdays';
import { batchColumns } from '../queries/cards';
import { cardMessageFor } from '../queries/symposiums';

/**
 * Starts rendering the month's cards (the actor's roster, optionally one branch) into one PDF and
 * returns at once; progress is written to the row every few cards and read with getCardBatch.
 * `wait` lets scripts await the end.
 */
export async function startCardBatch(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  q: CardBatchInput,
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
  const run = runDetached(async () => {
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
  });
  if (opts.wait) await run;
  else run.catch(() => undefined);
  return presentBatch(batch);
}
