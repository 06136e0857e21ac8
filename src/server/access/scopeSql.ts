import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Actor } from './actor';
import type { Scope } from './scope';

/**
 * A column of the subject table, or a function that writes the test for one value itself (for a
 * fact that lives in another table, e.g. "this person is a member of branch X").
 */
export type ScopeColumn = SQLWrapper | ((value: string) => SQL);

/**
 * Where the scope facts of a table live (see ScopeSubject in scope.ts). A fact a table does not
 * have is left out: a clause that needs it then matches nothing there, as `subjectInScope` would
 * answer for a subject without that fact.
 */
export interface ScopeColumns {
  parkId: SQLWrapper;
  personId?: ScopeColumn;
  /** 'staff' | 'student'. */
  kind?: SQLWrapper;
  schoolId?: ScopeColumn;
  unitId?: ScopeColumn;
  branchId?: ScopeColumn;
  /**
   * The org path of the subject's node; when set, subtree clauses match by path (a column, or a
   * function given the subtree's path prefix), not by school.
   */
  path?: SQLWrapper | ((prefix: string) => SQL);
}

const TRUE = sql`true`;
const FALSE = sql`false`;

const eqCol = (col: ScopeColumn | undefined, value: string): SQL =>
  col === undefined ? FALSE : typeof col === 'function' ? col(value) : sql`${col} = ${value}`;

/** One clause as SQL; mirrors subjectInScope (scope.ts) exactly. */
function clauseSql(s: Scope, c: ScopeColumns): SQL {
  switch (s.type) {
    case 'park':
      return TRUE;
    case 'school': {
      const school = eqCol(c.schoolId, s.schoolId);
      if (!s.personKind) return school;
      return c.kind ? sql`(${school} and ${c.kind} = ${s.personKind})` : FALSE;
    }
    case 'subtree':
      if (c.path) {
        const prefix = s.path.replace(/[\\%_]/g, '\\$&');
        return typeof c.path === 'function' ? c.path(prefix) : sql`${c.path} like ${prefix + '%'}`;
      }
      return s.schoolId ? eqCol(c.schoolId, s.schoolId) : FALSE;
    case 'unit':
      return eqCol(c.unitId, s.unitId);
    case 'branch':
      return eqCol(c.branchId, s.branchId);
    case 'self':
      return eqCol(c.personId, s.personId);
  }
}

/**
 * THE compiler from reach to SQL: the actor's park and the OR of the clauses (plus any `extra`
 * conditions the area adds, such as "or I take part in it"). No clause matches nothing.
 */
export function scopeSql(
  actor: Pick<Actor, 'parkId'>,
  scopes: readonly Scope[],
  columns: ScopeColumns,
  extra: SQL[] = [],
): SQL {
  const clauses = [...scopes.map((s) => clauseSql(s, columns)), ...extra];
  const any = clauses.length ? sql`(${sql.join(clauses, sql` or `)})` : FALSE;
  return sql`(${columns.parkId} = ${actor.parkId} and ${any})`;
}
