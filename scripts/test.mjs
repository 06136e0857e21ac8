// `npm test`: every suite, one after the other, then one closing line `N passed, N failed`.
//   1. unit + API tests on PGlite                  (vitest run)
//   2. the API suite on PostgreSQL 127.0.0.1:5432   (TEST_DB=postgres vitest run)
//   3. browser tests against a real server         (vitest run --config vitest.e2e.config.ts)
// A suite that cannot run here (no PostgreSQL server, no /usr/bin/chromium) is reported as SKIPPED;
// under CI=true that counts as a failure. Extra arguments go to every vitest run
// (`npm test -- test/api/org.test.ts`).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '..');
const vitestBin = path.join(root, 'node_modules/vitest/vitest.mjs');
const ci = process.env.CI === 'true' || process.env.CI === '1';
const postgresUrl = process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const chromium = '/usr/bin/chromium';
const extraArgs = process.argv.slice(2);
// With a filter, a suite holding none of the named files is not a failure.
const filterArgs = extraArgs.length ? [...extraArgs, '--passWithNoTests'] : [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cpb-test-'));

const totals = { passed: 0, failed: 0, skipped: 0 };
/** Suites that could not run and why; fatal under CI. */
const skippedSuites = [];

function banner(text) {
  console.log(`\n${'━'.repeat(8)} ${text} ${'━'.repeat(Math.max(8, 70 - text.length))}\n`);
}

/** Runs vitest with its normal output on the terminal and a JSON report on the side. */
function runVitest(name, args, env) {
  const report = path.join(tmp, `${name}.json`);
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        vitestBin,
        'run',
        ...args,
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${report}`,
        ...filterArgs,
      ],
      { cwd: root, env, stdio: 'inherit' },
    );
    child.on('error', (err) => {
      console.error(`${name}: could not start vitest: ${err.message}`);
      resolve(tally(name, null, 1));
    });
    child.on('exit', (code, signal) => resolve(tally(name, report, code ?? (signal ? 1 : 0))));
  });
}

/** Adds one run's results to the totals. A file that failed to load counts as one failed test. */
function tally(name, reportFile, exitCode) {
  let result;
  try {
    result = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  } catch {
    result = null;
  }
  if (!result) {
    console.error(`${name}: vitest left no report (exit code ${exitCode}); counted as 1 failure`);
    totals.failed += 1;
    return;
  }
  const brokenFiles = (result.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
  );
  for (const f of brokenFiles) {
    console.error(`${name}: ${path.relative(root, f.name)} failed outside any test; counted as 1 failure`);
  }
  const failed = (result.numFailedTests ?? 0) + brokenFiles.length;
  const passed = result.numPassedTests ?? 0;
  const skipped = (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
  let extra = 0;
  if (exitCode !== 0 && failed === 0) {
    console.error(
      `${name}: vitest exited with code ${exitCode} although no test failed; counted as 1 failure`,
    );
    extra = 1;
  }
  totals.passed += passed;
  totals.failed += failed + extra;
  totals.skipped += skipped;
  console.log(`${name}: ${passed} passed, ${failed + extra} failed${skipped ? `, ${skipped} skipped` : ''}`);
}

function skipSuite(message) {
  console.log(`SKIPPED: ${message}`);
  skippedSuites.push(message);
}

async function postgresAvailable() {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Test files under `dirs` (relative paths), narrowed by the command-line filters when given. */
function findTests(...dirs) {
  const files = dirs.flatMap((dir) => {
    const abs = path.join(root, dir);
    if (!fs.existsSync(abs)) return [];
    return fs
      .readdirSync(abs, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
      .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
      .filter((f) => !f.includes('node_modules'));
  });
  const filters = extraArgs.filter((a) => !a.startsWith('-'));
  return filters.length ? files.filter((f) => filters.some((x) => f.includes(x))) : files;
}

function cleanEnv(extra) {
  const env = { ...process.env, ...extra };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return env;
}

const started = Date.now();

banner('1/3 unit + API tests (PGlite)');
if (findTests('src', 'test').length === 0) console.log('no matching test files');
else await runVitest('pglite', [], cleanEnv({ TEST_DB: undefined }));

banner('2/3 API tests (PostgreSQL 127.0.0.1:5432)');
if (findTests('test/api').length === 0) {
  console.log('no matching test files');
} else if (await postgresAvailable()) {
  await runVitest('postgres', [], cleanEnv({ TEST_DB: 'postgres', TEST_POSTGRES_URL: postgresUrl }));
} else {
  skipSuite('PostgreSQL suite (no server on 127.0.0.1:5432)');
}

banner('3/3 browser tests (chromium)');
if (!fs.existsSync(chromium)) {
  skipSuite('browser suite (no /usr/bin/chromium)');
} else if (findTests('e2e').length === 0) {
  console.log(
    extraArgs.length ? 'no matching test files' : 'no browser tests yet (e2e/**/*.test.ts): nothing to run',
  );
} else {
  await runVitest('browser', ['--config', 'vitest.e2e.config.ts'], cleanEnv({ TEST_DB: undefined }));
}

fs.rmSync(tmp, { recursive: true, force: true });
const seconds = Math.round((Date.now() - started) / 1000);
console.log(`\nall suites done in ${seconds} s`);
if (skippedSuites.length && ci) {
  console.log(`CI=true: a skipped suite is a failure (${skippedSuites.join('; ')})`);
}
const failed = totals.failed + (ci ? skippedSuites.length : 0);
console.log(
  `${totals.passed} passed, ${failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
);
process.exit(failed > 0 ? 1 : 0);
