import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { createdAt, id, parkId, updatedAt } from './_columns';

/**
 * The organisation tree, one per park: park → generalBranch → school → branch → partyGroup, and in
 * each school its departments, grades → classes, the leagueCommittee → leagueBranches. Which kind
 * may sit under which lives in src/common/orgTree.ts; adding a kind is a change there.
 * `path` is the materialised chain of ids ('/<park>/<…>/<self>/') so a subtree is one prefix scan.
 */
export const orgNodes = pgTable(
  'org_nodes',
  {
    id: id(),
    parkId: parkId(),
    parentId: uuid('parent_id').references((): AnyPgColumn => orgNodes.id),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    code: text('code'),
    sortOrder: integer('sort_order').notNull().default(0),
    path: text('path').notNull(),
    /** The school this node sits in (itself for a school), null above schools. */
    schoolId: uuid('school_id'),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('org_nodes_park_idx').on(t.parkId, t.kind),
    index('org_nodes_parent_idx').on(t.parentId),
    index('org_nodes_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
    check('org_nodes_name_nonempty', sql`length(trim(${t.name})) > 0`),
  ],
);
