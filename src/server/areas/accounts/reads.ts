import type { Db } from '../../platform/db/client';
import { forbidden, notFound } from '../../errors';
import type { Actor } from '../../access/actor';
import { canManageAccount, canReadAccount } from './policy';
import { hasPermission, scopesFor } from '../../access/scope';
import { presentAccount } from './presenter';
import {
  countAccounts,
  loadAccountSubject,
  selectAccounts,
  selectGrants,
  type AccountFilters,
} from './queries';

import { type AccountView } from '../../../common/contracts/accounts';

export interface Page {
  page: number;
  pageSize: number;
}

export async function listAccounts(db: Db, actor: Actor, filters: AccountFilters, page: Page) {
  if (!hasPermission(actor, 'accounts.read')) throw forbidden();
  const scopes = scopesFor(actor, 'accounts.read');
  const [total, rows] = await Promise.all([
    countAccounts(db, actor.parkId, scopes, filters),
    selectAccounts(db, actor.parkId, scopes, filters, {
      limit: page.pageSize,
      offset: (page.page - 1) * page.pageSize,
    }),
  ]);
  const grants = await selectGrants(
    db,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => presentAccount(r, grants)),
    total,
    page: page.page,
    pageSize: page.pageSize,
  };
}

/** The account, if the actor may read it; 404 otherwise (existence outside one's scope stays private). */
export async function loadReadable(db: Db, actor: Actor, id: string) {
  const loaded = await loadAccountSubject(db, actor.parkId, id);
  if (!loaded || !canReadAccount(actor, loaded.subject)) throw notFound('账号不存在');
  return loaded;
}

export async function loadManageable(db: Db, actor: Actor, id: string) {
  const loaded = await loadReadable(db, actor, id);
  if (!canManageAccount(actor, loaded.subject)) throw forbidden('没有权限管理此账号');
  return loaded;
}

export async function getAccount(db: Db, actor: Actor, id: string): Promise<AccountView> {
  const { row, grants } = await loadReadable(db, actor, id);
  return presentAccount(row, grants);
}
