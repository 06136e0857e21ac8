import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { cardBatches } from '../../../platform/db/schema/index';
import { birthdayIn, birthdayNumber } from '../rules/birthdays';
import { notFound, unprocessable } from '../../../errors';
import { renderBirthdayCardPdf, renderBirthdayCardPng, type BirthdayCardData } from '../cardRender';
import type { Actor } from '../../../access/actor';
import { readableMember } from '../../members/memberRecords';
import { canConfigureOrgLife } from '../policy';
import { currentConfig } from '../config';
import { presentBatch } from '../presenter';
import { cardMessageFor } from './symposiums';

/** Birthday cards: one member's card (PNG or PDF), and a month's batch — its progress and its PDF. */

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

/** One member's card for a year, as a file. */
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

export const batchColumns = {
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

/** A batch is seen by whoever started it, and by park-wide managers. */
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
