import { api } from '../../shared/api/client';
import type { WorkbenchView } from '../../../common/contracts/workbench';

export type {
  SetupChecklistView,
  WorkbenchEntry,
  WorkbenchItem,
  WorkbenchTone,
  WorkbenchView,
} from '../../../common/contracts/workbench';

export const workbenchKeys = { all: ['workbench'] as const };

export const workbenchApi = {
  get: (signal?: AbortSignal) => api.get<WorkbenchView>('/workbench', undefined, signal),
};
