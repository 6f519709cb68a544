import { UsageError } from '../errors.js';
import { DIMENSIONS, type Dimension } from '../model/findings.js';

export function parseMinScore(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 101) throw new UsageError(`--min-score must be a number from 0 to 101, got '${String(value)}'`);
  return n;
}

/** `--jobs N`, or null without it: the lanes are then chosen by the run's files (engine/pool.ts `defaultLanes`). */
export function parseJobs(value: unknown): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--jobs must be a whole number from 1 to 256, got '${String(value)}'`);
  return n;
}

export function parsePluginTimeout(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 10)
    throw new UsageError(`--plugin-timeout must be a whole number of milliseconds, at least 10, got '${String(value)}'`);
  return n;
}

export function parseDimensions(value: unknown): Dimension[] | undefined {
  if (value === undefined) return undefined;
  const list = String(value)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = list.filter((d) => !(DIMENSIONS as readonly string[]).includes(d));
  if (bad.length || list.length === 0)
    throw new UsageError(
      `--dimensions: unknown dimension ${bad.map((b) => `'${b}'`).join(', ') || '(empty)'}; expected a comma-separated list of ${DIMENSIONS.join(', ')}`,
    );
  return list as Dimension[];
}

/**
 * `toasty grade - --stdin-filename PATH` (or `--stdin-filename PATH` alone): the PATH the source on
 * stdin is graded as; null when grading files. Any other use of `-` or the flag is a usage error.
 */
export function parseStdinFilename(paths: readonly string[], opts: { stdinFilename?: unknown; changed?: unknown }): string | null {
  const dash = paths.includes('-');
  const name = opts.stdinFilename;
  if (!dash && name === undefined) return null;
  if (dash && name === undefined)
    throw new UsageError(
      "`-` reads the source from stdin and needs --stdin-filename PATH (PATH decides the language, the config's overrides and the path in the report)",
      'e.g. `toasty grade - --stdin-filename src/app.py < src/app.py`',
    );
  if (paths.some((p) => p !== '-') || paths.length > 1)
    throw new UsageError(`--stdin-filename grades only the source on stdin; give \`-\` as the only path, got: ${paths.join(' ')}`);
  if (typeof name !== 'string' || name.trim() === '' || name === '-')
    throw new UsageError(`--stdin-filename needs a file path such as src/app.py, got '${String(name)}'`);
  if (opts.changed !== undefined) throw new UsageError('--changed cannot be combined with `-` (stdin)');
  return name;
}
