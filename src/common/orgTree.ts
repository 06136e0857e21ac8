/**
 * The shape of the organisation tree as data: which kind of node may sit under which.
 * Adding a kind (clubs, party-school cohorts …) is one entry here plus its label.
 */
export const ORG_KINDS = [
  'park',
  'generalBranch',
  'school',
  'branch',
  'partyGroup',
  'department',
  'grade',
  'class',
  'leagueCommittee',
  'leagueBranch',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ALLOWED_PARENTS: Record<OrgKind, readonly OrgKind[]> = {
  park: [],
  generalBranch: ['park'],
  school: ['generalBranch'],
  branch: ['school', 'generalBranch'],
  partyGroup: ['branch'],
  department: ['school'],
  grade: ['school'],
  class: ['grade'],
  leagueCommittee: ['school'],
  leagueBranch: ['leagueCommittee'],
};

export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  park: '园区',
  generalBranch: '党总支',
  school: '学校',
  branch: '党支部',
  partyGroup: '党小组',
  department: '科室',
  grade: '年级',
  class: '班级',
  leagueCommittee: '校团委',
  leagueBranch: '团支部',
};

export const isOrgKind = (k: string): k is OrgKind => (ORG_KINDS as readonly string[]).includes(k);

export function canPlace(kind: OrgKind, parentKind: OrgKind | null): boolean {
  if (parentKind === null) return kind === 'park';
  return ALLOWED_PARENTS[kind].includes(parentKind);
}

/** A node's path from its parent's path. Paths end in '/', so a prefix match never splits an id. */
export const childPath = (parentPath: string, id: string) => `${parentPath}${id}/`;

/** Moving `nodePath` under `newParentPath` would put a node inside its own subtree. */
export const wouldCycle = (nodePath: string, newParentPath: string) => newParentPath.startsWith(nodePath);
