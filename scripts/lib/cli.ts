// What every command-line script (seed, backup, restore, storage migration, benchmarks) does the same way.
import { loadConfig, type Config } from '../../src/server/config';

/**
 * Runs a script's main: the number it resolves to is the exit code (none: 0); an error it did not
 * expect is printed and exits with `crashCode`.
 */
export function runCli(main: () => Promise<number | void>, crashCode = 1): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (err) => {
      console.error(err);
      process.exit(crashCode);
    },
  );
}

/** The server's configuration from the environment, or null once the reason is printed (exit 2). */
export function configOrReport(): Config | null {
  try {
    return loadConfig();
  } catch (err) {
    console.error((err as Error).message);
    return null;
  }
}

/** The number after `--name` on the command line, or `fallback` when the option is absent. */
export function numberOption(name: string, fallback: number, argv = process.argv.slice(2)): number {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
}
