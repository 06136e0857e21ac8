import { z } from 'zod';

/**
 * The workbench (工作台, /api/workbench): the first page after login says what this person should
 * do now. Each area contributes items (src/server/areas/workbench/sources.ts lists the sources);
 * an item is worded by its area and always links to the console page where the work is done.
 */

/** overdue: late already · todo: to do now · info: to know (nothing to do, or not yet). */
export const WORKBENCH_TONES = ['overdue', 'todo', 'info'] as const;
export type WorkbenchTone = (typeof WORKBENCH_TONES)[number];

export const workbenchEntry = z.object({
  /** One line: a name, a title. */
  label: z.string(),
  /** A date, a state, a branch: shown after the label. */
  detail: z.string().nullable(),
  /** Where this one thing is done (a console path), when it has a page of its own. */
  link: z.string().nullable(),
});
export type WorkbenchEntry = z.infer<typeof workbenchEntry>;

export const workbenchItem = z.object({
  /** Stable: `<area>.<what>` (tests and the console's icons key on it). */
  key: z.string(),
  /** The area's name as the menu shows it (组织生活, 党费, 网站 …). */
  area: z.string(),
  tone: z.enum(WORKBENCH_TONES),
  title: z.string(),
  /** How many things the item is about (null: not a count). */
  count: z.number().nullable(),
  detail: z.string().nullable(),
  /** The console path where the work is done. */
  link: z.string(),
  /** The first few things themselves (at most five). */
  entries: z.array(workbenchEntry),
});
export type WorkbenchItem = z.infer<typeof workbenchItem>;

export const setupStep = z.object({
  key: z.string(),
  title: z.string(),
  /** What the data says now ("3 所学校、8 个党支部"), or what to do. */
  detail: z.string(),
  done: z.boolean(),
  link: z.string(),
  /** Further links (the import templates …). */
  links: z.array(z.object({ label: z.string(), href: z.string() })),
});
export type SetupStepView = z.infer<typeof setupStep>;

export const setupChecklist = z.object({
  steps: z.array(setupStep),
  done: z.number(),
  total: z.number(),
  complete: z.boolean(),
});
export type SetupChecklistView = z.infer<typeof setupChecklist>;

export const workbench = z.object({
  /** Today in Asia/Shanghai, 'YYYY-MM-DD' (what "this month" and "overdue" were judged against). */
  today: z.string(),
  /** Most urgent first: overdue, then to do, then to know. */
  items: z.array(workbenchItem),
  /** The park's setup checklist, for those who set the park up; null for everyone else. */
  setup: setupChecklist.nullable(),
  /** Areas whose items could not be read just now (the rest of the workbench still shows). */
  unavailable: z.array(z.string()),
});
export type WorkbenchView = z.infer<typeof workbench>;

export const workbenchContracts = {
  get: { response: workbench },
};
