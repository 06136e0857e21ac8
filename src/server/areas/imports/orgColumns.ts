import { ALLOWED_PARENTS, ORG_KINDS, ORG_KIND_LABELS, type OrgKind } from '../../../common/orgTree';
import type { ImportColumn } from './columns';

/** The org tree template: one row per node. */
export type OrgImportField = 'name' | 'kind' | 'parent' | 'code' | 'sortOrder';

/**
 * The kinds a file may create: every kind of the tree but the park and its general branch, which
 * exist from the start (setup creates them) and are the implicit roots every file hangs from. A kind
 * added to the tree (common/orgTree.ts) is importable with it.
 */
const ROOT_KINDS = ['park', 'generalBranch'] as const;
export type ImportableOrgKind = Exclude<OrgKind, (typeof ROOT_KINDS)[number]>;
export const IMPORTABLE_ORG_KINDS: readonly ImportableOrgKind[] = ORG_KINDS.filter(
  (k): k is ImportableOrgKind => !(ROOT_KINDS as readonly string[]).includes(k),
);

/** Other words schools use for a kind in their own lists. */
const KIND_ALIASES: Record<string, ImportableOrgKind> = {
  支部: 'branch',
  小组: 'partyGroup',
  部门: 'department',
  处室: 'department',
  团委: 'leagueCommittee',
};

/** The kind a 类型 cell names: its Chinese label, an alias, or the English key. */
export function orgKindOf(text: string): OrgKind | undefined {
  const t = text.replace(/\s/g, '');
  const byLabel = (Object.entries(ORG_KIND_LABELS) as [OrgKind, string][]).find(([, label]) => label === t);
  if (byLabel) return byLabel[0];
  if (KIND_ALIASES[t]) return KIND_ALIASES[t];
  return (Object.keys(ORG_KIND_LABELS) as OrgKind[]).find((k) => k.toLowerCase() === t.toLowerCase());
}

const KIND_CHOICES = IMPORTABLE_ORG_KINDS.map((k) => ORG_KIND_LABELS[k]);
const whereEach = IMPORTABLE_ORG_KINDS.map(
  (k) => `${ORG_KIND_LABELS[k]}在${ALLOWED_PARENTS[k].map((p) => ORG_KIND_LABELS[p]).join('或')}之下`,
).join('；');

/** The separator of a parent's path of names; the full-width form is accepted too. */
export const PATH_SEPARATOR = /[/／]/;

export const ORG_IMPORT_COLUMNS: ImportColumn<OrgImportField>[] = [
  {
    field: 'name',
    header: '名称',
    aliases: ['节点名称', '组织名称', '机构名称'],
    required: true,
    help: '必填；节点的名称，不超过 100 个字，不能含有“/”。同一上级下名称不能重复',
  },
  {
    field: 'kind',
    header: '类型',
    aliases: ['节点类型', '组织类型'],
    required: true,
    choices: KIND_CHOICES,
    help: `必填；只能填写：${KIND_CHOICES.join(' / ')}。${whereEach}`,
  },
  {
    field: 'parent',
    header: '上级',
    aliases: ['上级节点', '上级组织', '所属上级'],
    help:
      '上级节点的名称。名称有重复时，写出从学校起的路径，用“/”分隔，如 青溪职业技术学校/2025级（也可从园区名称写起）。' +
      '上级可以是组织架构中已有的节点，也可以是本表中任意一行（不论先后）。学校和直属党总支的党支部留空，表示园区党总支',
  },
  { field: 'code', header: '编码', aliases: ['代码', '编号'], text: true, help: '选填；不超过 50 个字' },
  {
    field: 'sortOrder',
    header: '排序',
    aliases: ['排序号', '顺序'],
    help: '选填；0 到 100000 的整数，同一上级下数字小的排在前面，不填为 0',
  },
];
