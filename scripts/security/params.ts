/**
 * What a path or query parameter names: the kind of record (its pool of ids) or a fixed value.
 */
export type ParamValue = { kind: string } | { values: string[] };

const BY_PATH: [RegExp, string][] = [
  [/^\/api\/people\/\{id\}/, 'person'],
  [/^\/api\/org\/nodes\/\{id\}/, 'node'],
  [/^\/api\/accounts\/\{id\}/, 'account'],
  [/^\/api\/portal\/articles\/\{id\}/, 'article'],
  [/^\/api\/portal\/newsletters\/\{id\}/, 'newsletter'],
  [/^\/api\/portal\/columns\/\{id\}/, 'column'],
  [/^\/api\/portal\/showcase\/\{id\}/, 'showcase'],
  [/^\/api\/portal\/media\/\{id\}/, 'media'],
  [/^\/api\/donations\/(public\/)?drives\/\{id\}/, 'drive'],
  [/^\/api\/donations\/entries\/\{id\}/, 'entry'],
  [/^\/api\/activities\/\{id\}/, 'activity'],
  [/^\/api\/orglife\/thought-reports\/\{id\}/, 'thoughtReport'],
  [/^\/api\/orglife\/goals\/\{id\}/, 'goal'],
  [/^\/api\/orglife\/proposals\/\{id\}/, 'proposal'],
  [/^\/api\/orglife\/symposiums\/\{id\}/, 'symposium'],
  [/^\/api\/orglife\/meetings\/\{id\}/, 'meeting'],
  [/^\/api\/orglife\/cards\/batches\/\{id\}/, 'cardBatch'],
  [/^\/api\/dues\/payments\/\{id\}/, 'payment'],
  [/^\/api\/dues\/reductions\/\{id\}/, 'reduction'],
  [/^\/api\/imports\/\{id\}/, 'import'],
];

export function paramValue(path: string, name: string, year: number): ParamValue {
  if (name === 'personId') return { kind: 'person' };
  if (name === 'grantId') return { kind: 'grant' };
  if (name === 'year') return { values: [String(year)] };
  if (name === 'number') return { values: ['1'] };
  if (name === 'kind') return { values: ['student', 'staff'] };
  if (name === 'token' || name === 'file') return { values: ['probe-' + 'x'.repeat(20)] };
  if (name === 'awardId') return { kind: 'award' };
  if (name === 'photoId') return { kind: 'photo' };
  for (const [re, kind] of BY_PATH) if (re.test(path)) return { kind };
  return { kind: name.replace(/Id$/, '') };
}

/** Names of a path parameter that are not a record id (the write probe aims only at record ids). */
export const NOT_AN_ID = new Set(['kind', 'token', 'file', 'year', 'number']);

/** Optional query filters worth trying with ids from every side of the park. */
export const QUERY_ID_KINDS: Record<string, string> = {
  schoolId: 'school',
  branchId: 'branch',
  unitId: 'unit',
  gradeId: 'grade',
  personId: 'person',
  driveId: 'drive',
  organiserId: 'node',
  nodeId: 'node',
  parentId: 'node',
  accountId: 'account',
  activityId: 'activity',
};
