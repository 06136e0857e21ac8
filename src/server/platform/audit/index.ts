import type { AuditAction } from '../../../common/auditActions';
import { auditLog } from '../db/schema/index';
import type { Db } from '../db/client';
import type { RequestContext } from '../../context';

/** Keys whose values never reach the audit trail. */
const SECRET_KEYS = /password|token|secret|hash|enc$|Enc$/;

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        SECRET_KEYS.test(k) ? (v == null ? v : '[redacted]') : redact(v),
      ]),
    );
  }
  return value;
}

export interface AuditEntry {
  /** One of the registry's names (src/common/auditActions.ts). */
  action: AuditAction;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  parkId?: string | null;
  /**
   * Who acted, when the request has no actor yet: a login is recorded as the account that signed
   * in (its session is opened in the same transaction).
   */
  actor?: { accountId: string; displayName: string };
}

/**
 * Records one write. Call it with the transaction that makes the change, so the change and its
 * record commit or fail together.
 */
export async function audit(tx: Db, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    parkId: entry.parkId ?? ctx.actor?.parkId ?? null,
    actorAccountId: entry.actor?.accountId ?? ctx.actor?.accountId ?? null,
    actorName: entry.actor?.displayName ?? ctx.actor?.displayName ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    before: entry.before === undefined ? null : redact(entry.before),
    after: entry.after === undefined ? null : redact(entry.after),
    requestId: ctx.requestId,
    ip: ctx.ip,
  });
}
