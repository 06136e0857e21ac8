import type { WorkbenchEntry, WorkbenchItem, WorkbenchTone } from '../../../common/contracts/workbench';
import type { Actor } from '../../access/actor';
import type { Db } from '../../platform/db/client';

export type { WorkbenchEntry, WorkbenchItem, WorkbenchTone };

/** What a source is asked with: the reader, and the day (Asia/Shanghai) everything is judged on. */
export interface WorkbenchContext {
  db: Db;
  actor: Actor;
  /** 'YYYY-MM-DD' in Asia/Shanghai. */
  today: string;
}

/**
 * The one small interface through which an area puts work on people's workbenches: given the
 * reader, the items it has for them (none when it has nothing to say to this person). A source
 * reads through the area's own scoped queries, so an item never counts what the reader could not
 * open; it decides from the reader's permissions (never role names) whether it speaks at all.
 */
export interface WorkbenchSource {
  /** The area's key ('orgLife', 'newsroom' …): named in `unavailable` when the source fails. */
  area: string;
  items(ctx: WorkbenchContext): Promise<WorkbenchItem[]>;
}

/** At most this many entries per item (the page links to the full list). */
export const ENTRY_LIMIT = 5;

/** An item with defaults: no count, no detail, no entries. */
export function item(
  fields: Pick<WorkbenchItem, 'key' | 'area' | 'tone' | 'title' | 'link'> & Partial<WorkbenchItem>,
): WorkbenchItem {
  return {
    count: null,
    detail: null,
    ...fields,
    entries: (fields.entries ?? []).slice(0, ENTRY_LIMIT),
  };
}
