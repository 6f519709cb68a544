import { availableParallelism } from 'node:os';
import { DIMENSIONS, type Dimension } from '../engine/rule.js';
import { UsageError } from '../errors.js';

export function parseMinScore(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 101) throw new UsageError(`--min-score must be a number from 0 to 101, got '${String(value)}'`);
  return n;
}

export function parseJobs(value: unknown): number {
  if (value === undefined) return availableParallelism();
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
