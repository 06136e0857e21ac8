import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../../access/actor';
import type { Scope } from '../../../access/scope';
import { membershipScopeCondition } from '../../members/queries';

/** `x like '%term%'` with the term's wildcards escaped. */
export const containing = (term: string) => `%${term.replace(/[\\%_]/g, (c) => '\\' + c)}%`;

/**
 * The WHERE condition over a table of per-member rows joined to `memberships` and `people` on the
 * person (the member's current reach facts), for the clauses given.
 */
export const memberScope = (actor: Actor, scopes: readonly Scope[]): SQL =>
  scopes.length === 0 ? sql`false` : membershipScopeCondition(actor, scopes);
