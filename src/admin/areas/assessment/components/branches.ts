import { ofKinds } from '../../../shared/lib/orgTree';

/** The branch filter of the review lists: the tree down to branches, only branches picked. */
export const branchKeep = ofKinds('generalBranch', 'school', 'branch');
export const branchSelectable = ofKinds('branch');
