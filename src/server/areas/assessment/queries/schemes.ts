import { desc, eq } from 'drizzle-orm';
import type { Actor } from '../../../access/actor';
import type { Db } from '../../../platform/db/client';
import { assessmentSchemes } from '../../../platform/db/schema/index';
import { schemeTemplate } from '../commands/schemes';
import { managesAssessment } from '../policy';
import { presentScheme } from '../presenter';
import { findScheme } from '../schemes';

/** Every scheme of the park, newest year first (everyone signed in reads the rules they are scored by). */
export async function listSchemes(db: Db, actor: Actor) {
  const rows = await db
    .select()
    .from(assessmentSchemes)
    .where(eq(assessmentSchemes.parkId, actor.parkId))
    .orderBy(desc(assessmentSchemes.year));
  const manage = managesAssessment(actor);
  return {
    items: rows.map((r) => {
      const v = presentScheme(r, manage);
      return {
        id: v.id,
        year: v.year,
        name: v.name,
        version: v.version,
        status: v.status,
        statusLabel: v.statusLabel,
        frozenAt: v.frozenAt,
        updatedAt: v.updatedAt,
      };
    }),
  };
}

export async function getScheme(db: Db, actor: Actor, year: number) {
  const manage = managesAssessment(actor);
  const row = await findScheme(db, actor.parkId, year);
  return {
    scheme: row ? presentScheme(row, manage) : null,
    template: await schemeTemplate(db, actor.parkId, year),
    canManage: manage,
  };
}
