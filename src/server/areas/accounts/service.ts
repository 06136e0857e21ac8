import { and, eq, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit';
import { hashPassword } from '../auth/passwords';
import { revokeAllSessions } from '../auth/sessions';
import type { RequestContext } from '../../context';
import type { Db } from '../../platform/db/client';
import { accounts, memberships, orgNodes, people, roleAssignments } from '../../platform/db/schema/index';
import { ORG_KIND_LABELS, type OrgKind } from '../../../common/orgTree';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../../errors';
import type { Actor } from '../../access/actor';
import {
  canCreateAccount,
  canGrantRole,
  canManageAccount,
  canReadAccount,
  canRevokeRole,
  isOwnLastParkAdminGrant,
  roleFitsNode,
} from './policy';
import { LAST_ADMIN_ROLE, ROLE_LABELS, ROLE_SCOPE_KINDS, type Role } from '../../access/roles';
import { hasPermission, scopesFor } from '../../access/scope';
import { auditedAccount, presentAccount, presentGrant } from './presenter';
import {
  countAccounts,
  countActiveParkAdmins,
  loadAccountSubject,
  selectAccounts,
  selectGrants,
  type AccountFilters,
} from './queries';
import { generateTemporaryPassword } from './temporaryPassword';

import { username as usernameSchema, type AccountView } from '../../../common/contracts/accounts';

const isUniqueViolation = (err: unknown): boolean => {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return true;
  }
  return false;
};

const usernameTaken = (username: string) =>
  conflict('USERNAME_TAKEN', `用户名「${username}」已被使用`, { username: '该用户名已被使用' });

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
async function loadReadable(db: Db, actor: Actor, id: string) {
  const loaded = await loadAccountSubject(db, actor.parkId, id);
  if (!loaded || !canReadAccount(actor, loaded.subject)) throw notFound('账号不存在');
  return loaded;
}

async function loadManageable(db: Db, actor: Actor, id: string) {
  const loaded = await loadReadable(db, actor, id);
  if (!canManageAccount(actor, loaded.subject)) throw forbidden('没有权限管理此账号');
  return loaded;
}

export async function getAccount(db: Db, actor: Actor, id: string): Promise<AccountView> {
  const { row, grants } = await loadReadable(db, actor, id);
  return presentAccount(row, grants);
}

export interface CreateAccountInput {
  username?: string;
  displayName?: string;
  personId?: string;
  password?: string;
}

export async function createAccount(db: Db, ctx: RequestContext, actor: Actor, input: CreateAccountInput) {
  let person: {
    id: string;
    kind: 'staff' | 'student';
    number: string;
    name: string;
    schoolId: string | null;
    unitId: string | null;
    branchId: string | null;
  } | null = null;
  if (input.personId) {
    const [p] = await db
      .select({
        id: people.id,
        kind: people.kind,
        number: people.number,
        name: people.name,
        schoolId: people.schoolId,
        unitId: people.unitId,
        branchId: memberships.branchId,
      })
      .from(people)
      .leftJoin(memberships, eq(memberships.personId, people.id))
      .where(and(eq(people.id, input.personId), eq(people.parkId, actor.parkId)));
    const found = p ? { ...p, kind: p.kind as 'staff' | 'student', branchId: p.branchId ?? null } : null;
    // A person outside the actor's scope is reported exactly like a missing one.
    if (!found || !canCreateAccount(actor, found))
      throw unprocessable('PERSON_NOT_FOUND', '所选人员不存在', { personId: '所选人员不存在' });
    person = found;
  }
  if (!canCreateAccount(actor, person)) throw forbidden('只能为本范围内的人员创建账号，请选择人员');

  const fields: Record<string, string> = {};
  const username = usernameSchema.safeParse(input.username ?? person?.number ?? '');
  if (!username.success) {
    fields.username =
      input.username === undefined && person
        ? '该人员的工号/学号不能直接用作用户名，请填写用户名'
        : input.username === undefined
          ? '请输入用户名'
          : (username.error.issues[0]?.message ?? '用户名格式不正确');
  }
  const displayName = (input.displayName ?? person?.name ?? '').trim();
  if (!displayName) fields.displayName = '请输入显示名称';
  if (Object.keys(fields).length) {
    throw new AppError(400, 'VALIDATION_FAILED', '提交的内容有误，请检查后重试', fields);
  }

  const temporaryPassword = input.password === undefined ? generateTemporaryPassword() : undefined;
  const passwordHash = await hashPassword(input.password ?? temporaryPassword!);

  const account = await db
    .transaction(async (tx) => {
      if (person) {
        const [existing] = await tx
          .select({ id: accounts.id, username: accounts.username })
          .from(accounts)
          .where(eq(accounts.personId, person.id));
        if (existing) {
          throw conflict('PERSON_HAS_ACCOUNT', `${person.name}已有账号「${existing.username}」`, {
            personId: '该人员已有账号',
          });
        }
      }
      const [taken] = await tx
        .select({ id: accounts.id })
        .from(accounts)
        .where(sql`lower(${accounts.username}) = lower(${username.data!})`);
      if (taken) throw usernameTaken(username.data!);
      const [created] = await tx
        .insert(accounts)
        .values({
          parkId: actor.parkId,
          personId: person?.id ?? null,
          username: username.data!,
          displayName,
          passwordHash,
          // A password chosen by someone else is only ever a first password.
          mustChangePassword: true,
        })
        .returning({ id: accounts.id });
      const loaded = await loadAccountSubject(tx, actor.parkId, created!.id);
      const view = presentAccount(loaded!.row, loaded!.grants);
      await audit(tx, ctx, {
        action: 'accounts.account.create',
        entityType: 'account',
        entityId: view.id,
        after: {
          ...auditedAccount(view),
          credential: temporaryPassword !== undefined ? 'generated' : 'chosen',
        },
      });
      return view;
    })
    .catch((err: unknown) => {
      if (isUniqueViolation(err)) throw usernameTaken(username.data!);
      throw err;
    });
  return temporaryPassword ? { account, temporaryPassword } : { account };
}

export async function updateAccount(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: { displayName?: string; disabled?: boolean; email?: string | null },
): Promise<AccountView> {
  return db.transaction(async (tx) => {
    const { row, grants } = await loadManageable(tx, actor, id);
    const before = presentAccount(row, grants);
    const patch: Partial<typeof accounts.$inferInsert> = {};
    if (input.displayName !== undefined && input.displayName !== row.displayName)
      patch.displayName = input.displayName;
    if (input.email !== undefined && input.email !== row.email) patch.email = input.email;
    let sessionsEnded: number | undefined;
    if (input.disabled === true && !row.disabledAt) {
      if (id === actor.accountId)
        throw unprocessable('CANNOT_DISABLE_SELF', '不能停用自己的账号', { disabled: '不能停用自己的账号' });
      if (
        grants.some((g) => g.role === LAST_ADMIN_ROLE) &&
        (await countActiveParkAdmins(tx, actor.parkId, { accountId: id })) === 0
      ) {
        throw unprocessable('LAST_PARK_ADMIN', '这是园区最后一个管理员账号，不能停用');
      }
      patch.disabledAt = new Date();
    } else if (input.disabled === false && row.disabledAt) {
      patch.disabledAt = null;
    }
    if (Object.keys(patch).length === 0) return before;
    await tx
      .update(accounts)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(accounts.id, id));
    if (patch.disabledAt) sessionsEnded = await revokeAllSessions(tx, id);
    const loaded = await loadAccountSubject(tx, actor.parkId, id);
    const after = presentAccount(loaded!.row, loaded!.grants);
    await audit(tx, ctx, {
      action: 'accounts.account.update',
      entityType: 'account',
      entityId: id,
      before: auditedAccount(before),
      after: { ...auditedAccount(after), ...(sessionsEnded !== undefined ? { sessionsEnded } : {}) },
    });
    return after;
  });
}

export async function resetPassword(db: Db, ctx: RequestContext, actor: Actor, id: string) {
  const temporaryPassword = generateTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  await db.transaction(async (tx) => {
    await loadManageable(tx, actor, id);
    await tx
      .update(accounts)
      .set({ passwordHash, mustChangePassword: true, passwordChangedAt: new Date(), updatedAt: new Date() })
      .where(eq(accounts.id, id));
    const sessionsEnded = await revokeAllSessions(tx, id);
    // The new password itself never reaches the audit trail.
    await audit(tx, ctx, {
      action: 'accounts.account.resetPassword',
      entityType: 'account',
      entityId: id,
      after: { mustChangePassword: true, sessionsEnded },
    });
  });
  return { temporaryPassword };
}

const kindList = (kinds: readonly string[]) =>
  kinds.map((k) => ORG_KIND_LABELS[k as OrgKind] ?? k).join('或');

export async function grantRole(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  accountId: string,
  input: { role: Role; scopeNodeId: string },
) {
  return db.transaction(async (tx) => {
    const { row, subject } = await loadReadable(tx, actor, accountId);
    const [node] = await tx
      .select()
      .from(orgNodes)
      .where(and(eq(orgNodes.id, input.scopeNodeId), eq(orgNodes.parkId, actor.parkId)));
    const label = ROLE_LABELS[input.role];
    const expected = kindList(ROLE_SCOPE_KINDS[input.role]);
    if (!node) {
      throw unprocessable('INVALID_ROLE_SCOPE', '所选范围节点不存在', { scopeNodeId: '所选节点不存在' });
    }
    if (node.disabledAt) {
      throw unprocessable('INVALID_ROLE_SCOPE', `「${node.name}」已停用，不能在其上分配角色`, {
        scopeNodeId: '所选节点已停用',
      });
    }
    if (!roleFitsNode(input.role, node.kind)) {
      const actual = ORG_KIND_LABELS[node.kind as OrgKind] ?? node.kind;
      throw unprocessable(
        'INVALID_ROLE_SCOPE',
        `「${label}」角色只能分配在${expected}节点上，「${node.name}」是${actual}`,
        { scopeNodeId: `${label}的范围须为${expected}` },
      );
    }
    if (!canGrantRole(actor, input.role, node, subject)) throw forbidden('没有权限分配此角色');
    const [dup] = await tx
      .select({ id: roleAssignments.id })
      .from(roleAssignments)
      .where(
        and(
          eq(roleAssignments.accountId, accountId),
          eq(roleAssignments.role, input.role),
          eq(roleAssignments.scopeNodeId, node.id),
        ),
      );
    if (dup) {
      throw conflict('ROLE_ALREADY_GRANTED', `该账号已在「${node.name}」拥有「${label}」角色`, {
        role: '已拥有该角色',
      });
    }
    const [inserted] = await tx
      .insert(roleAssignments)
      .values({ parkId: actor.parkId, accountId, role: input.role, scopeNodeId: node.id })
      .returning();
    const grant = presentGrant({
      id: inserted!.id,
      accountId,
      role: input.role,
      scopeNodeId: node.id,
      scopeName: node.name,
      scopeKind: node.kind,
      scopePath: node.path,
      scopeDisabledAt: null,
    });
    await audit(tx, ctx, {
      action: 'accounts.role.grant',
      entityType: 'account',
      entityId: accountId,
      after: {
        grantId: grant.id,
        username: row.username,
        role: grant.role,
        scopeNodeId: node.id,
        scopeName: node.name,
      },
    });
    return grant;
  });
}

export async function revokeRole(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  accountId: string,
  grantId: string,
) {
  await db.transaction(async (tx) => {
    const { row, subject, grants } = await loadReadable(tx, actor, accountId);
    const grant = grants.find((g) => g.id === grantId);
    if (!grant) throw notFound('该账号没有这个角色');
    const role = grant.role as Role;
    if (!canRevokeRole(actor, { role, parkId: actor.parkId, scopePath: grant.scopePath }, subject)) {
      throw forbidden('没有权限撤销此角色');
    }
    const ownParkAdminGrants = grants.filter((g) => g.role === LAST_ADMIN_ROLE).length;
    if (isOwnLastParkAdminGrant(actor, accountId, { role }, ownParkAdminGrants)) {
      throw unprocessable('LAST_PARK_ADMIN', '不能撤销自己唯一的园区管理员角色，请由其他园区管理员操作');
    }
    if (role === LAST_ADMIN_ROLE && (await countActiveParkAdmins(tx, actor.parkId, { grantId })) === 0) {
      throw unprocessable('LAST_PARK_ADMIN', '园区至少要保留一名管理员');
    }
    await tx.delete(roleAssignments).where(eq(roleAssignments.id, grantId));
    await audit(tx, ctx, {
      action: 'accounts.role.revoke',
      entityType: 'account',
      entityId: accountId,
      before: {
        grantId,
        username: row.username,
        role,
        scopeNodeId: grant.scopeNodeId,
        scopeName: grant.scopeName,
      },
    });
  });
}
