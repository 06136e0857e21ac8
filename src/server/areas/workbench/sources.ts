import { activitiesWorkbench } from '../activities/workbench';
import { assessmentWorkbench } from '../assessment/workbench';
import { donationsWorkbench } from '../donations/workbench';
import { duesWorkbench } from '../dues/workbench';
import { mentorsWorkbench } from '../mentors/workbench';
import { newsroomWorkbench } from '../newsroom/workbench';
import { orgLifeWorkbench } from '../orgLife/workbench';
import { peopleWorkbench } from '../people/workbench';
import type { WorkbenchSource } from './source';

/** Every area that puts items on the workbench: one line per area (source.ts is the interface). */
export const WORKBENCH_SOURCES: readonly WorkbenchSource[] = [
  orgLifeWorkbench,
  duesWorkbench,
  newsroomWorkbench,
  activitiesWorkbench,
  donationsWorkbench,
  assessmentWorkbench,
  peopleWorkbench,
  mentorsWorkbench,
];
