import { createRequire } from 'node:module';

// Packages resolve from here as from any server file: there is one node_modules.
const require = createRequire(import.meta.url);

/**
 * Heavy packages (spreadsheets, PDF, images, mail …) are loaded on first use rather than at start:
 * importing them all up front made the server start twice as slow, and most processes never render
 * a card or read a spreadsheet. `lazy(() => import('pkg'))` returns a loader whose promise is made
 * once and shared; a failed load is forgotten so the next call tries again.
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    }));
}

/**
 * The synchronous form, for a package used from synchronous code: `lazyRequire<typeof import('pkg')>('pkg')`
 * loads the package's CommonJS build with `require` on the first call. Only for packages that ship one.
 */
export function lazyRequire<T>(specifier: string): () => T {
  let loaded: { value: T } | undefined;
  return () => {
    loaded ??= { value: require(specifier) as T };
    return loaded.value;
  };
}
