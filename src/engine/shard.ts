import { UsageError } from '../errors.js';
import { sha256 } from '../util/hash.js';

/** `--shard i/n`: the i-th of n disjoint parts of a project's files (1 ≤ i ≤ n). */
export interface Shard {
  index: number;
  count: number;
}

/** Most shards a run may be split into. */
export const MAX_SHARDS = 1000;

/** `--shard i/n` → a Shard; anything else is a usage error (exit 2) saying what is expected. */
export function parseShard(raw: unknown): Shard {
  const text = String(raw);
  const m = /^([0-9]{1,4})\/([0-9]{1,4})$/.exec(text.trim());
  const expected = `expected i/n with 1 ≤ i ≤ n ≤ ${MAX_SHARDS}, e.g. --shard 1/3`;
  if (!m) throw new UsageError(`--shard ${JSON.stringify(text)} is not of the form i/n: ${expected}`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS) throw new UsageError(`--shard ${text}: n must be from 1 to ${MAX_SHARDS}; ${expected}`);
  if (index < 1 || index > count) throw new UsageError(`--shard ${text}: i must be from 1 to ${count}; ${expected}`);
  return { index, count };
}

/**
 * The shard (1-based) a file belongs to: the first 48 bits of SHA-256 of its project-relative
 * POSIX path, modulo n. A file's shard depends on its own path only, so adding, removing or
 * renaming other files never moves it, and every machine agrees.
 */
export function shardOf(projectPath: string, count: number): number {
  return (Number.parseInt(sha256(projectPath).slice(0, 12), 16) % count) + 1;
}
