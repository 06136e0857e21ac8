import type { Db } from '../../../platform/db/client';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { FieldCipher } from '../../../platform/crypto';
import type { Actor } from '../../../access/actor';
import { subjectInScope } from '../../../access/scope';
import { forbidden, unprocessable } from '../../../errors';
import {
  canExportPeople,
  peopleExportScopes,
  peopleRevealScopes,
  personSubject,
  type PersonKind,
} from '../policy';
import { buildPeopleWorkbook, type ExportRow } from '../exportSheet';
import { personFacts } from '../presenter';
import { countPeople, exportPeopleRows, peopleScopeCondition, type PeopleFilters } from '../queries';

/** The most rows one export may hold; more must be narrowed by filters. */
export const EXPORT_LIMIT = 50_000;

/**
 * The filtered list as .xlsx (one sheet per kind). Numbers are masked unless `reveal` is asked
 * and the actor holds people.reveal over the row. Audited with the count and what was revealed.
 */
export async function exportPeople(
  db: Db,
  cipher: FieldCipher,
  ctx: RequestContext,
  actor: Actor,
  filters: PeopleFilters,
  reveal: boolean,
): Promise<{ buffer: Buffer; count: number; revealed: number }> {
  if (!canExportPeople(actor)) throw forbidden('没有导出人员名单的权限');
  const scope = peopleScopeCondition(actor, peopleExportScopes(actor));
  const total = await countPeople(db, scope, actor.parkId, filters);
  if (total > EXPORT_LIMIT)
    throw unprocessable(
      'EXPORT_TOO_LARGE',
      `符合条件的人员有 ${total} 人，超过单次导出上限 ${EXPORT_LIMIT} 人，请缩小筛选范围`,
    );
  const rows = await exportPeopleRows(db, actor.parkId, scope, filters, EXPORT_LIMIT);
  const revealScopes = reveal ? peopleRevealScopes(actor) : [];
  let revealed = 0;
  const byKind: Record<PersonKind, ExportRow[]> = { staff: [], student: [] };
  for (const row of rows) {
    const mayReveal = reveal && subjectInScope(revealScopes, personSubject(personFacts(row)), actor);
    if (mayReveal) revealed++;
    const clear = mayReveal
      ? {
          idNumber: row.idNumberEnc ? cipher.decrypt(row.idNumberEnc) : null,
          phone: row.phoneEnc ? cipher.decrypt(row.phoneEnc) : null,
          guardianPhone: row.guardianPhoneEnc ? cipher.decrypt(row.guardianPhoneEnc) : null,
        }
      : null;
    byKind[row.kind as PersonKind]?.push({ row, clear });
  }

  const kinds: PersonKind[] = filters.kind ? [filters.kind] : ['staff', 'student'];
  const buffer = await buildPeopleWorkbook(kinds, byKind);

  await db.transaction((tx) =>
    audit(tx, ctx, {
      action: 'people.person.export',
      entityType: 'person',
      entityId: null,
      after: {
        count: rows.length,
        revealed: revealed > 0,
        revealedCount: revealed,
        filters,
        requestedReveal: reveal,
      },
    }),
  );
  return { buffer, count: rows.length, revealed };
}
