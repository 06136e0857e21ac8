import { common } from './common';
import { auth } from './auth';
import { org } from './org';
import { people } from './people';
import { members } from './members';
import { imports } from './imports';
import { accounts } from './accounts';
import { audit } from './audit';
import { donations } from './donations';
import { dues } from './dues';
import { activities } from './activities';
import { newsroom } from './newsroom';
import { orgLife } from './orgLife';
import { workbench } from './workbench';
import { assessment } from './assessment';
import { assessmentAppraisal } from './assessmentAppraisal';
import { assessmentStats } from './assessmentStats';
import { assessmentResults } from './assessmentResults';
import { branchRating } from './branchRating';

/**
 * Every user-facing string of the console, one file per area (./<area>.ts), merged here. Another
 * locale is a folder of the same files; `Messages` is the shape each must have. Functions take the
 * values they interpolate. A new area adds its file and one line below.
 */
export const zhCN = {
  ...common,
  ...auth,
  ...org,
  ...people,
  ...members,
  ...imports,
  ...accounts,
  ...audit,
  ...donations,
  ...dues,
  ...activities,
  ...newsroom,
  ...orgLife,
  ...workbench,
  ...assessment,
  ...assessmentAppraisal,
  ...assessmentStats,
  ...assessmentResults,
  ...branchRating,
};

export type Messages = typeof zhCN;
