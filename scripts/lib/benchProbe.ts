/**
 * The second autocannon instance of `bench:portal`, in its own process so that the load generator
 * of the main run cannot delay it: while the parent hammers the server with uncached requests, this
 * asks for pages that need no database (the cached home page, /healthz, a static asset) at a
 * modest fixed rate and prints their latencies as one JSON line. A blocked event loop shows here.
 *
 *   node --import tsx scripts/lib/benchProbe.ts '<json: { base, paths: {name: path}, duration }>'
 */
import { load, sleep } from './benchServer';

const { base, paths, duration, delay } = JSON.parse(process.argv[2]!) as {
  base: string;
  paths: Record<string, string>;
  duration: number;
  delay: number;
};
console.log('ready');
await sleep(delay * 1000);
const results = await Promise.all(
  Object.entries(paths).map(async ([name, p]) => [
    name,
    // A 2 s timeout: a request stuck behind a blocked event loop counts within the run.
    await load(base, [p], { connections: 2, duration, overallRate: 40, timeout: 2 }),
  ]),
);
console.log(JSON.stringify(Object.fromEntries(results)));
