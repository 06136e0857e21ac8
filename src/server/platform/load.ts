import { AsyncLocalStorage } from 'node:async_hooks';
import { AppError } from '../errors';

/**
 * What the database layer knows about the request a query is made for: whether its client is still
 * there, which class of work it is, and when it started. Set per request by http/load.ts; absent for
 * background work (jobs, start-up, scripts), which is never refused nor dropped.
 *
 * Load is shed, not queued forever (docs/architecture.md, "Under load"):
 * - a query for a client that has gone is not started;
 * - a request whose first query finds more than a bound of queries waiting is answered 503 with
 *   Retry-After at once;
 * - a query that has waited longer than its class's budget is not started either (503): on PGlite,
 *   which cannot interrupt a running statement, that is the statement timeout's stand-in; on
 *   PostgreSQL each class also has its own server-side statement_timeout (db/client.ts).
 */
export type RequestClass = 'public' | 'api';

/** Whether the request's client has gone: an AbortSignal fits, but a plain flag is much cheaper per request. */
export interface GoneSignal {
  readonly aborted: boolean;
}

export interface RequestLoad {
  signal: GoneSignal;
  requestClass: RequestClass;
  /**
   * Set once a query of this request was let in. The bound is checked at a request's first query
   * only: a request the server has started on is carried through (refusing it half-way would waste
   * the work done), so the bound counts requests let in while the queue is long, not the several
   * queries one request may have waiting at once.
   */
  admitted?: boolean;
}

export interface LoadLimits {
  /** Queries waiting for the database beyond which a request is refused with 503. */
  maxQueued: number;
  /**
   * Per class, in ms: on PostgreSQL the server-side statement_timeout of that class's connections;
   * on PGlite the longest a query may wait to start (a running statement cannot be interrupted
   * there). Background work has neither.
   */
  timeoutMs: Record<RequestClass, number>;
}

export const DEFAULT_LOAD_LIMITS: LoadLimits = {
  maxQueued: 200,
  timeoutMs: { public: 5_000, api: 30_000 },
};

/** What was shed and why: queries dropped for a gone client, dropped for waiting too long, refused at the bound. */
export interface ShedCounters {
  droppedGone: number;
  droppedLate: number;
  refusedBusy: number;
}
export const newShedCounters = (): ShedCounters => ({ droppedGone: 0, droppedLate: 0, refusedBusy: 0 });

const storage = new AsyncLocalStorage<RequestLoad>();

export const runWithLoad = <T>(load: RequestLoad, fn: () => T): T => storage.run(load, fn);
export const currentLoad = (): RequestLoad | undefined => storage.getStore();
/**
 * Runs work a request starts but does not wait for (a card batch rendering after its 202) as
 * background work: it must not be dropped when that request's client goes.
 */
export const runDetached = <T>(fn: () => T): T => storage.exit(fn);

const NEVER_ABORTED: GoneSignal = { aborted: false };
/**
 * Runs work whose result several requests share (one render of a page for a burst of misses): it
 * keeps the class and the queue bound of the request that starts it, but not its client: if that
 * client goes, the others still wait for the result.
 */
export function runShared<T>(fn: () => T): T {
  const load = currentLoad();
  return load ? storage.run({ signal: NEVER_ABORTED, requestClass: load.requestClass }, fn) : fn();
}

/** Seconds a refused client is asked to wait before it tries again. */
export const RETRY_AFTER_SECONDS = 2;

export class ServerBusyError extends AppError {
  readonly retryAfter = RETRY_AFTER_SECONDS;
  constructor() {
    super(503, 'SERVER_BUSY', '服务器繁忙，请稍后再试');
  }
}

/** The client closed its connection before the answer: nothing is sent, nothing more is done. */
export class ClientGoneError extends AppError {
  constructor() {
    super(499, 'CLIENT_CLOSED', '请求已取消');
  }
}

/** Throws when a query for the current request should not start. */
export function checkBeforeQuery(load: RequestLoad | undefined, waitingNow: number, limits: LoadLimits) {
  if (!load) return;
  if (load.signal.aborted) throw new ClientGoneError();
  if (!load.admitted && waitingNow >= limits.maxQueued) throw new ServerBusyError();
  load.admitted = true;
}
