import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { todayInShanghai } from '../../../src/common/dates';
import { buildApp, type App } from '../../../src/server/app';
import { loadConfig } from '../../../src/server/config';
import { openPostgres, type Database } from '../../../src/server/platform/db/client';
import { createFieldCipher } from '../../../src/server/platform/crypto';
import { asClient, type Client } from '../../support/app';
import { createTestDatabase } from '../../support/db';
import { buildPark, PASSWORD } from '../../support/fixtures';
import { addNewsroom, multipart } from '../../support/newsroom';

/**
 * Two app instances on one database, as a park behind a load balancer runs them: each with its own
 * DATA_DIR and STORAGE=postgres. What one instance takes in, the other serves. On PostgreSQL the
 * instances have their own connection pools; PGlite (one process's embedded database) cannot be
 * opened twice, so there both instances share its one handle.
 */
const onPostgres = Boolean(inject('pgBase'));
const dirs = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'cpb-two-')));
let databaseA: Database;
let databaseB: Database;
let a: App;
let b: App;

beforeAll(async () => {
  databaseA = await createTestDatabase();
  databaseB = onPostgres ? await openPostgres(databaseA.pool!.options.connectionString!) : databaseA;
  // One ENCRYPTION_KEY for the park, as every instance must have.
  const key = crypto.randomBytes(32);
  const apps = await Promise.all(
    dirs.map(async (dir, i) => {
      const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', STORAGE: 'postgres' });
      const app = await buildApp(
        { config, database: i === 0 ? databaseA : databaseB, cipher: createFieldCipher(key) },
        { logger: false },
      );
      await app.ready();
      return app;
    }),
  );
  [a, b] = apps as [App, App];
  const park = await buildPark(databaseA.db);
  await addNewsroom(databaseA.db, park);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  if (databaseB !== databaseA) await databaseB?.close();
  await databaseA?.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const login = (app: App, name: string): Promise<Client> => asClient(app).login(name, PASSWORD);

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => d.name);
}

describe(`two instances on one ${onPostgres ? 'PostgreSQL' : 'PGlite'} database (STORAGE=postgres)`, () => {
  it('serves from B an image uploaded through A, whole and by range', async () => {
    const editorA = await login(a, 'editor');
    const image = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#c62828' } })
      .jpeg()
      .toBuffer();
    const up = await editorA.request({
      method: 'POST',
      url: '/api/portal/media?purpose=image',
      ...multipart('党日活动.jpg', image, 'image/jpeg'),
    });
    expect(up.statusCode, up.body).toBe(201);
    const media = up.json();
    expect(Object.keys(media.urls).length).toBeGreaterThan(1);

    for (const url of Object.values(media.urls) as string[]) {
      const fromA = await a.inject({ method: 'GET', url });
      const fromB = await b.inject({ method: 'GET', url });
      expect(fromB.statusCode, url).toBe(200);
      expect(fromB.headers['content-type']).toBe('image/jpeg');
      expect(fromB.rawPayload.equals(fromA.rawPayload)).toBe(true);
      expect((await sharp(fromB.rawPayload).metadata()).format).toBe('jpeg');
    }
    const whole = (await b.inject({ method: 'GET', url: media.url })).rawPayload;
    const part = await b.inject({ method: 'GET', url: media.url, headers: { range: 'bytes=100-299' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-299/${whole.length}`);
    expect(part.rawPayload.equals(whole.subarray(100, 300))).toBe(true);

    // Nothing was kept in either instance's folder: the files are in the database.
    for (const d of dirs) expect(filesUnder(path.join(d, 'media'))).toEqual([]);
  });

  it('lets B follow and download a card batch started on A', async () => {
    const Y = Number(todayInShanghai().slice(0, 4));
    const [adminA, adminB] = await Promise.all([login(a, 'admin'), login(b, 'admin')]);
    const start = await adminA.post('/api/orglife/cards/batches', { year: Y, month: 3 });
    expect(start.statusCode, start.body).toBe(202);
    const id = start.json().id as string;
    // The batch renders on A; its progress and PDF are rows B reads. Wait on that state.
    let job = (await adminB.get(`/api/orglife/cards/batches/${id}`)).json();
    for (let i = 0; i < 600 && job.status !== 'done' && job.status !== 'failed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = (await adminB.get(`/api/orglife/cards/batches/${id}`)).json();
    }
    expect(job).toMatchObject({ status: 'done', percent: 100 });
    const pdf = await adminB.get(job.downloadUrl);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.equals((await adminA.get(job.downloadUrl)).rawPayload)).toBe(true);
  });
});
