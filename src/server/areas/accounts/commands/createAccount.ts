import { and, eq, sql } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import { acceptableGenerated, checkNewPassword, hashPassword } from '../../auth/passwords';
import type { RequestContext } from '../../../context';
import type { Db } from '../../../platform/db/client';
import { accounts, memberships, people } from '../../../platform/db/schema/index';
import { AppError, conflict, forbidden, unprocessable } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { canCreateAccount } from '../policy';
import { auditedAccount, presentAccount } from '../presenter';
import { loadAccountSubject } from '../queries';
import { generateTemporaryPassword } from '../temporaryPassword';
import { isUniqueViolation } from '../../../platform/db/errors';

import { username as usernameSchema } from '../../../../common/contracts/accounts';

const usernameTaken = (username: string) =>
  conflict('USERNAME_TAKEN', `用户名「${username}」已被使用`, { username: '该用户名已被使用' });

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

  const loginNames = [username.data!, person?.number ?? null];
  if (input.password !== undefined) checkNewPassword(input.password, loginNames);
  const temporaryPassword =
    input.password === undefined ? acceptableGenerated(generateTemporaryPassword, loginNames) : undefined;
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
