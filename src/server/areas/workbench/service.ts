import type { Actor } from '../../access/actor';
import type { Db } from '../../platform/db/client';
import { todayInShanghai } from '../../../common/dates';
import type { WorkbenchTone, WorkbenchView } from '../../../common/contracts/workbench';
import { setupChecklist } from './setup';
import type { WorkbenchSource } from './source';
import { WORKBENCH_SOURCES } from './sources';

const ORDER: Record<WorkbenchTone, number> = { overdue: 0, todo: 1, info: 2 };

interface Log {
  error(obj: object, msg: string): void;
}

/**
 * The reader's workbench: every source's items, most urgent first (a stable sort keeps each
 * area's own order within a tone). A source that fails is logged and named in `unavailable`; the
 * rest still show, so one broken area never hides a person's other work.
 */
export async function buildWorkbench(
  db: Db,
  actor: Actor,
  log: Log,
  sources: readonly WorkbenchSource[] = WORKBENCH_SOURCES,
): Promise<WorkbenchView> {
  const today = todayInShanghai();
  const unavailable: string[] = [];
  // One after the other: the embedded database serves one query at a time anyway, and a
  // PostgreSQL pool is better left to other requests than filled by one page.
  const items = [];
  for (const source of sources) {
    try {
      items.push(...(await source.items({ db, actor, today })));
    } catch (err) {
      log.error({ err, area: source.area }, 'workbench source failed');
      unavailable.push(source.area);
    }
  }
  items.sort((a, b) => ORDER[a.tone] - ORDER[b.tone]);
  return { today, items, setup: await setupChecklist(db, actor), unavailable };
}
