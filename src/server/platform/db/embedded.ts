import { Worker } from 'node:worker_threads';
import { fromRoot } from '../paths';
import {
  ClientGoneError,
  ServerBusyError,
  checkBeforeQuery,
  currentLoad,
  newShedCounters,
  type LoadLimits,
  type ShedCounters,
  type RequestLoad,
} from '../load';

/**
 * The main thread's handle on the embedded database, which runs in its own worker thread
 * (pglite-worker.mjs). It offers the part of PGlite's interface that drizzle's PGlite driver and
 * our own code use (query, exec, transaction, listen, dumpDataDir, close), so nothing above the
 * driver knows the database is elsewhere.
 *
 * Why a message channel and not PostgreSQL's wire protocol over a socket (@electric-sql/pglite-socket
 * with node-postgres): see docs/architecture.md, "Under load". In short: rows cross as structured
 * clones (no second protocol parse on the main thread), the queue stays on this side where the
 * request's state is known, and the socket package's multiplexer interleaves messages of several
 * connections between Sync points, which our pool of connections would hit.
 *
 * PGlite is one PostgreSQL session: statements run one at a time, and an open transaction owns the
 * session until it ends. So this side keeps the queue and sends one operation at a time; while a
 * transaction is open only its own statements are sent. That is also where load is shed: a waiting
 * query whose client has gone, or that waited longer than its class allows, is dropped before it
 * reaches the database (load.ts).
 */

export interface QueryOptions {
  rowMode?: 'array' | 'object';
  /** drizzle passes identity parsers for the types it reads as text; only their OIDs cross. */
  parsers?: Record<number, unknown>;
}

export interface QueryResult<T> {
  rows: T[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}

/** What a transaction callback receives: the same calls, bound to the open transaction. */
export interface EmbeddedTransaction {
  query<T = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
    opts?: QueryOptions,
  ): Promise<QueryResult<T>>;
  exec(sql: string): Promise<QueryResult<Record<string, unknown>>[]>;
}

type Message =
  | { op: 'query'; sql: string; params?: unknown[]; rowMode?: 'array' | 'object'; textTypes?: number[] }
  | { op: 'exec'; sql: string }
  | { op: 'listen' | 'unlisten'; channel: string }
  | { op: 'dump' | 'stats' | 'close' };

interface Pending {
  msg: Message;
  resolve(value: unknown): void;
  reject(err: unknown): void;
  load?: RequestLoad;
  enqueuedAt: number;
  /** Set on the statement that opens a transaction: the token its own statements carry. */
  begins?: symbol;
}

export interface EmbeddedOptions {
  dataDir?: string;
  /** A data-dir snapshot (dumpDataDir's bytes) to start from instead of an empty database. */
  loadDataDir?: Uint8Array;
  checkpoint?: { everyMs: number; maxPendingBytes: number; maxAgeMs: number };
  /** PostgreSQL settings given at start, e.g. { shared_buffers: '32MB' }. */
  settings?: Record<string, string>;
  limits: LoadLimits;
}

const WORKER_FILE = fromRoot('src/server/platform/db/pglite-worker.mjs');

function databaseError(e: Record<string, unknown>): Error {
  const err = new Error(String(e.message)) as Error & Record<string, unknown>;
  Object.assign(err, e);
  err.name = e.name === 'Error' ? 'DatabaseError' : String(e.name);
  return err;
}

export class EmbeddedClient {
  readonly #worker: Worker;
  readonly #limits: LoadLimits;
  #queue: Pending[] = [];
  #txQueue: Pending[] = [];
  #tx: symbol | null = null;
  #inFlight: (Pending & { id: number }) | null = null;
  #nextId = 1;
  #closed = false;
  #failure: Error | null = null;
  readonly #listeners = new Map<string, Set<(payload: string) => void>>();
  /** Counters for benchmarks and the health page: what was shed, and why. */
  readonly counters: ShedCounters = newShedCounters();
  /** Settles when the worker stops other than by close(): the server cannot go on without it. */
  readonly failed: Promise<Error>;

  private constructor(worker: Worker, limits: LoadLimits) {
    this.#worker = worker;
    this.#limits = limits;
    let fail!: (err: Error) => void;
    this.failed = new Promise((resolve) => (fail = resolve));
    worker.on('message', (msg: Record<string, unknown>) => this.#onMessage(msg));
    const stop = (err: Error) => {
      if (this.#closed) return;
      this.#closed = true;
      this.#failure = err;
      const pending = [...(this.#inFlight ? [this.#inFlight] : []), ...this.#txQueue, ...this.#queue];
      this.#inFlight = null;
      this.#queue = [];
      this.#txQueue = [];
      for (const p of pending) p.reject(err);
      fail(err);
    };
    worker.on('error', (err) => stop(err));
    worker.on('exit', (code) => stop(new Error(`嵌入式数据库线程已退出 (exit code ${code})`)));
  }

  static async start(opts: EmbeddedOptions): Promise<EmbeddedClient> {
    const worker = new Worker(WORKER_FILE, {
      workerData: {
        dataDir: opts.dataDir,
        loadDataDir: opts.loadDataDir,
        checkpoint: opts.checkpoint,
        settings: opts.settings,
      },
    });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (msg: { op?: string; error?: Record<string, unknown> }) => {
        if (msg.op !== 'ready') return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        if (msg.error) reject(databaseError(msg.error));
        else resolve();
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    return new EmbeddedClient(worker, opts.limits);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Operations waiting to be sent (outside transactions), and whether one is running. */
  load(): { queued: number; running: boolean; inTransaction: boolean } {
    return { queued: this.#queue.length, running: this.#inFlight !== null, inTransaction: this.#tx !== null };
  }

  query<T = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
    opts?: QueryOptions,
  ): Promise<QueryResult<T>> {
    return this.#enqueue(queryMessage(sql, params, opts), currentLoad()) as Promise<QueryResult<T>>;
  }

  exec(sql: string): Promise<QueryResult<Record<string, unknown>>[]> {
    return this.#enqueue({ op: 'exec', sql }, currentLoad()) as Promise<
      QueryResult<Record<string, unknown>>[]
    >;
  }

  /**
   * BEGIN … COMMIT around `fn`, ROLLBACK when it throws. The transaction's statements are sent
   * before anything queued outside it; a transaction already open is never dropped half-way (its
   * client having gone or not), so a write is all or nothing exactly as PostgreSQL would make it.
   */
  async transaction<T>(fn: (tx: EmbeddedTransaction) => Promise<T>): Promise<T> {
    const token = Symbol('transaction');
    await this.#enqueue({ op: 'exec', sql: 'begin' }, currentLoad(), token);
    const inTx = (msg: Message) => this.#enqueueInTransaction(token, msg);
    const tx: EmbeddedTransaction = {
      query: <R>(sql: string, params?: unknown[], opts?: QueryOptions) =>
        inTx(queryMessage(sql, params, opts)) as Promise<QueryResult<R>>,
      exec: (sql: string) => inTx({ op: 'exec', sql }) as Promise<QueryResult<Record<string, unknown>>[]>,
    };
    try {
      const result = await fn(tx);
      await inTx({ op: 'exec', sql: 'commit' });
      return result;
    } catch (err) {
      if (!this.#closed) await inTx({ op: 'exec', sql: 'rollback' }).catch(() => undefined);
      throw err;
    } finally {
      if (this.#tx === token) this.#tx = null;
      this.#pump();
    }
  }

  /** Calls `fn` with each NOTIFY payload on `channel`; returns the function that stops it. */
  async listen(channel: string, fn: (payload: string) => void): Promise<() => Promise<void>> {
    let set = this.#listeners.get(channel);
    if (!set) {
      set = new Set();
      this.#listeners.set(channel, set);
      await this.#enqueue({ op: 'listen', channel }, undefined);
    }
    set.add(fn);
    return async () => {
      const current = this.#listeners.get(channel);
      if (!current?.delete(fn) || current.size) return;
      this.#listeners.delete(channel);
      if (!this.#closed) await this.#enqueue({ op: 'unlisten', channel }, undefined);
    };
  }

  async dumpDataDir(): Promise<Blob> {
    const bytes = (await this.#enqueue({ op: 'dump' }, undefined)) as Uint8Array<ArrayBuffer>;
    return new Blob([bytes]);
  }

  /** The worker's heap and the WebAssembly memory it holds (benchmarks print it). */
  async stats(): Promise<{ inTransaction: boolean; memory: NodeJS.MemoryUsage }> {
    return (await this.#enqueue({ op: 'stats' }, undefined)) as {
      inTransaction: boolean;
      memory: NodeJS.MemoryUsage;
    };
  }

  /** Waits for what is queued, closes the database cleanly (a checkpoint), and stops the thread. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#enqueue({ op: 'close' }, undefined);
    // The database is closed (checkpointed); the thread has nothing left worth waiting for.
    this.#closed = true;
    await this.#worker.terminate();
  }

  #enqueue(msg: Message, load: RequestLoad | undefined, begins?: symbol): Promise<unknown> {
    if (this.#closed) return Promise.reject(this.#failure ?? new Error('数据库已关闭'));
    try {
      checkBeforeQuery(load, this.#queue.length, this.#limits);
    } catch (err) {
      if (err instanceof ServerBusyError) this.counters.refusedBusy++;
      return Promise.reject(err);
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ msg, resolve, reject, load, enqueuedAt: performance.now(), begins });
      this.#pump();
    });
  }

  #enqueueInTransaction(token: symbol, msg: Message): Promise<unknown> {
    if (this.#closed) return Promise.reject(this.#failure ?? new Error('数据库已关闭'));
    if (this.#tx !== token) return Promise.reject(new Error('transaction is not open'));
    return new Promise((resolve, reject) => {
      this.#txQueue.push({ msg, resolve, reject, enqueuedAt: performance.now() });
      this.#pump();
    });
  }

  /** Why a waiting operation should not start any more, or null. */
  #shed(p: Pending): Error | null {
    if (!p.load) return null;
    if (p.load.signal.aborted) {
      this.counters.droppedGone++;
      return new ClientGoneError();
    }
    if (performance.now() - p.enqueuedAt > this.#limits.timeoutMs[p.load.requestClass]) {
      this.counters.droppedLate++;
      return new ServerBusyError();
    }
    return null;
  }

  #pump(): void {
    if (this.#inFlight || this.#closed) return;
    let next: Pending | undefined;
    if (this.#tx) {
      next = this.#txQueue.shift();
    } else {
      while ((next = this.#queue.shift())) {
        const shed = this.#shed(next);
        if (!shed) break;
        next.reject(shed);
      }
      if (next?.begins) this.#tx = next.begins;
    }
    if (!next) {
      // Idle: the thread must not keep a finished script alive; while work is out, it must.
      this.#worker.unref();
      return;
    }
    const id = this.#nextId++;
    this.#inFlight = { ...next, id };
    this.#worker.ref();
    this.#worker.postMessage({ ...next.msg, id });
  }

  #onMessage(msg: Record<string, unknown>): void {
    if (msg.op === 'notify') {
      for (const fn of this.#listeners.get(String(msg.channel)) ?? []) fn(String(msg.payload ?? ''));
      return;
    }
    if (typeof msg.id !== 'number' || msg.id !== this.#inFlight?.id) return;
    const done = this.#inFlight;
    this.#inFlight = null;
    if (msg.ok) {
      done.resolve(msg.result);
    } else {
      if (done.begins && this.#tx === done.begins) this.#tx = null;
      done.reject(databaseError(msg.error as Record<string, unknown>));
    }
    this.#pump();
  }
}

function queryMessage(sql: string, params: unknown[] | undefined, opts: QueryOptions | undefined): Message {
  return {
    op: 'query',
    sql,
    params,
    rowMode: opts?.rowMode,
    textTypes: opts?.parsers ? Object.keys(opts.parsers).map(Number) : undefined,
  };
}
