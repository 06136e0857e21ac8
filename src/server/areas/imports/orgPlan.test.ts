import { describe, expect, it } from 'vitest';
import { planOrgImport, type ExistingOrgNode, type OrgImportInput } from './orgPlan';

// The placement of org rows without a database: a park, its general branch and one school.
const PARK = '00000000-0000-4000-8000-000000000001';
const GB = '00000000-0000-4000-8000-000000000002';
const SCHOOL = '00000000-0000-4000-8000-000000000003';
const existing: ExistingOrgNode[] = [
  {
    id: PARK,
    parentId: null,
    kind: 'park',
    name: '园区',
    path: `/${PARK}/`,
    schoolId: null,
    disabledAt: null,
  },
  {
    id: GB,
    parentId: PARK,
    kind: 'generalBranch',
    name: '园区党总支',
    path: `/${PARK}/${GB}/`,
    schoolId: null,
    disabledAt: null,
  },
  {
    id: SCHOOL,
    parentId: GB,
    kind: 'school',
    name: '青溪职业技术学校',
    path: `/${PARK}/${GB}/${SCHOOL}/`,
    schoolId: SCHOOL,
    disabledAt: null,
  },
];
const opts = { parkId: PARK, canWrite: () => true, column: (f: string) => f };
const row = (n: number, name: string, kind: OrgImportInput['kind'], parent: string): OrgImportInput => ({
  row: n,
  name,
  kind,
  parent: parent ? parent.split('/') : [],
  code: null,
  sortOrder: 0,
});

describe('planOrgImport', () => {
  it('takes a parent named by its whole path from the park, or by any tail of it', () => {
    const plan = planOrgImport(
      [
        row(2, '2025级', 'grade', '园区/园区党总支/青溪职业技术学校'),
        row(3, '1班', 'class', '青溪职业技术学校/2025级'),
        row(4, '2班', 'class', '2025级'),
      ],
      existing,
      opts,
    );
    expect(plan.errors).toEqual([]);
    const grade = plan.nodes.find((n) => n.name === '2025级')!;
    expect(grade).toMatchObject({
      parentId: SCHOOL,
      schoolId: SCHOOL,
      path: `/${PARK}/${GB}/${SCHOOL}/${grade.id}/`,
    });
    for (const name of ['1班', '2班'])
      expect(plan.nodes.find((n) => n.name === name)).toMatchObject({
        parentId: grade.id,
        schoolId: SCHOOL,
        path: `${grade.path}${plan.nodes.find((n) => n.name === name)!.id}/`,
      });
  });

  it('settles a long chain written bottom-up, one level per pass', () => {
    // 党支部 under 党支部 is not allowed, so every row but the first is refused; what matters is
    // that each row's parent is found (no "not found", no cycle) and that the pass count stays sane.
    const rows = Array.from({ length: 2000 }, (_, i) =>
      row(2001 - i, `支部${2000 - i}`, 'branch', i === 1999 ? '青溪职业技术学校' : `支部${1999 - i}`),
    );
    const plan = planOrgImport(rows, existing, opts);
    expect(plan.errors).toHaveLength(1999);
    expect(new Set(plan.errors.map((e) => e.code))).toEqual(new Set(['PARENT_KIND_NOT_ALLOWED']));
  });
});
