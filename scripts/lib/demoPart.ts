import type { FieldCipher } from '../../src/server/platform/crypto';
import type { Db } from '../../src/server/platform/db/client';
import type { Storage } from '../../src/server/platform/storage';

/** The transaction seedDemo runs in (drizzle's transaction handle over either database). */
export type DemoTx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * What the demo park's later parts (portal content, organisational life …) get once the park, its
 * people and the demo accounts exist, inside seedDemo's one transaction: a failure anywhere leaves
 * the database as it was. Each part finds what it needs by querying (the demo accounts by username,
 * the branches, the members) rather than through a growing shared structure.
 */
export interface DemoPartContext {
  parkId: string;
  /** 'YYYY-MM-DD' in Asia/Shanghai: the demo's "today"; every date is placed relative to it. */
  today: string;
  /** The people-scale the park was built at (1 ≈ 3,000 students). */
  scale: number;
  /** A PRNG seed of the part's own, so parts do not shift each other's random draws. */
  seed: number;
  /** Demo account username → account id (only those seedDemo made or found). */
  accountIds: ReadonlyMap<string, string>;
  cipher: FieldCipher;
  /**
   * Where uploaded files go (SeedOptions.storage, built over the seed's transaction so that the
   * postgres driver writes inside it); absent, a part stores no files and makes no media rows.
   */
  storage?: Storage;
  log: (message: string) => void;
}

/** A part writes with `tx` only and returns its counts (they go into the seed's summary and audit). */
export type DemoPart = (tx: DemoTx, ctx: DemoPartContext) => Promise<Record<string, number>>;
