import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/server/platform/db/client';
import { executePrepared, prepared } from '../../../src/server/platform/db/prepared';
import { queryRows } from '../../../src/server/platform/db/rows';
import { createTestDatabase } from '../../support/db';

/**
 * platform/db/prepared.ts writes EXECUTE's arguments as literals and sends planner settings in the
 * same simple-protocol message. What must hold on both databases: any text comes back byte for
 * byte (quotes, backslashes, what looks like SQL), a NUL or a malformed UUID is refused before
 * anything is sent, the settings apply to that statement only and end with it, also when it fails.
 */

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const ECHO = prepared(
  'test_echo',
  ['text', 'uuid', 'uuid[]', 'int'],
  `select $1::text as t, $2::uuid as u, $3::uuid[] as us, $4::int as n`,
);
const SETTING = prepared('test_setting', ['text'], `select current_setting($1) as value`);
const FAILING = prepared('test_failing', ['int'], `select 1 / $1 as n`);

const A = '7d9f2f1e-0c4b-4d3e-9a57-2b1f6c8e4a10';
const B = 'c3a1b2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

describe('prepared statements with literal arguments', () => {
  it('returns any text unchanged, with or without settings', async () => {
    const texts = [
      "O'Brien",
      "''; drop table people; --",
      "back\\slash \\' \\\\ end\\",
      "E'\\x41'",
      '$1 $$ $tag$ 党建 「引号」 ‘’ “”',
      '',
    ];
    for (const text of texts) {
      for (const settings of [{}, { enable_seqscan: 'off' as const }]) {
        const [row] = await executePrepared<{ t: string; u: string; us: string[]; n: number }>(
          database.db,
          ECHO,
          [{ text }, { uuid: A }, { uuids: [A, B] }, { int: 42 }],
          settings,
        );
        expect(row).toEqual({ t: text, u: A, us: [A, B], n: 42 });
      }
    }
    const [nulls] = await executePrepared<{ t: string | null; us: string[] | null }>(database.db, ECHO, [
      { text: null },
      { uuid: null },
      { uuids: null },
      { int: null },
    ]);
    expect(nulls).toMatchObject({ t: null, us: null });
    const [empty] = await executePrepared<{ us: string[] }>(database.db, ECHO, [
      { text: 'x' },
      { uuid: A },
      { uuids: [] },
      { int: 1 },
    ]);
    expect(empty!.us).toEqual([]);
  });

  it('refuses a NUL, a malformed UUID and an unsafe number before sending anything', async () => {
    const run = (args: Parameters<typeof executePrepared>[2]) => executePrepared(database.db, ECHO, args);
    await expect(run([{ text: 'a\u0000b' }, { uuid: A }, { uuids: [] }, { int: 1 }])).rejects.toThrow(/NUL/);
    await expect(
      run([{ text: 'a' }, { uuid: "x'; select 1; --" }, { uuids: [] }, { int: 1 }]),
    ).rejects.toThrow(/not a UUID/);
    await expect(run([{ text: 'a' }, { uuid: A }, { uuids: [A, 'nope'] }, { int: 1 }])).rejects.toThrow(
      /not a UUID/,
    );
    await expect(run([{ text: 'a' }, { uuid: A }, { uuids: [] }, { int: 1.5 }])).rejects.toThrow(
      /not an integer/,
    );
    await expect(
      executePrepared(database.db, SETTING, [{ text: 'work_mem' }], {
        enable_seqscan: 'off; drop table people' as 'off',
      }),
    ).rejects.toThrow(/planner setting/);
  });

  it('applies settings to the one statement and ends them after it, also after an error', async () => {
    const seqscan = async (settings: Parameters<typeof executePrepared>[3]) => {
      const [row] = await executePrepared<{ value: string }>(
        database.db,
        SETTING,
        [{ text: 'enable_seqscan' }],
        settings,
      );
      return row!.value;
    };
    const current = async () =>
      (await queryRows<{ v: string }>(database.db, sql`select current_setting('enable_seqscan') as v`))[0]!.v;
    // Several rounds: on PostgreSQL the pool hands out different connections.
    for (let i = 0; i < 6; i++) {
      expect(await seqscan({ enable_seqscan: 'off', plan_cache_mode: 'force_generic_plan' })).toBe('off');
      expect(await current()).toBe('on');
      expect(await seqscan({})).toBe('on');
    }
    // Every message of the chain: drizzle wraps the driver's error ("Failed query: …").
    const failure = async (divisor: number) => {
      const err: unknown = await executePrepared(database.db, FAILING, [{ int: divisor }], {
        enable_seqscan: 'off',
      }).then(
        () => null,
        (e: unknown) => e,
      );
      const messages: string[] = [];
      for (let e = err as { message?: string; cause?: unknown } | null; e; e = e.cause as typeof e)
        messages.push(String(e.message));
      return messages.join(' | ');
    };
    // Unprepared in this session: prepared and run in a transaction. Then prepared: one message.
    expect(await failure(0)).toMatch(/division by zero/);
    expect(await current()).toBe('on');
    for (let i = 0; i < 6; i++) {
      const [ok] = await executePrepared<{ n: number }>(database.db, FAILING, [{ int: 1 }], {
        enable_seqscan: 'off',
      });
      expect(ok!.n).toBe(1);
      expect(await failure(0)).toMatch(/division by zero/);
      expect(await current()).toBe('on');
      expect(await seqscan({})).toBe('on');
    }
  });
});
