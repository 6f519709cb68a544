import type { GradeOutcome } from '../model/results.js';
import type { DB } from './db.js';

export interface CacheEntry {
  key: string;
  absPath: string;
  outcome: GradeOutcome;
}

/**
 * Bounds of the cache. A file keeps its most recently used variants (one per content and set of
 * options that change results: `--no-neural`, `--dimensions`, config, rules…), so switching
 * between a few option sets never re-grades; past the bounds the least recently used entry goes.
 */
export interface CacheLimits {
  variantsPerFile: number;
  entries: number;
}
export const CACHE_LIMITS: Readonly<CacheLimits> = { variantsPerFile: 4, entries: 20_000 };

const CHUNK = 500;

/** How stale an entry's `used_at` may be before a hit marks it again (see `cachePut`). */
export const USED_AT_GRAIN_MS = 60 * 60 * 1000;

/** Cached grading outcomes by key (content hash + version + config hash + rule-set hash + path). */
export function cacheGet(db: DB, keys: readonly string[]): Map<string, GradeOutcome> {
  const out = new Map<string, GradeOutcome>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const chunk = keys.slice(i, i + CHUNK);
    const rows = db.prepare(`SELECT key, outcome FROM cache WHERE key IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as {
      key: string;
      outcome: string;
    }[];
    for (const r of rows) out.set(r.key, JSON.parse(r.outcome) as GradeOutcome);
  }
  return out;
}

/**
 * Stores fresh outcomes and marks the entries this run was served from as just used, then evicts
 * least recently used entries past CACHE_LIMITS: per file first, then overall.
 */
export function cachePut(
  db: DB,
  entries: readonly CacheEntry[],
  usedKeys: readonly string[] = [],
  limits: CacheLimits = CACHE_LIMITS,
): void {
  const at = Date.now();
  const now = new Date(at).toISOString();
  // One statement for every key served (the keys as one JSON array), not one per key. An entry
  // marked used within the last `USED_AT_GRAIN_MS` keeps its mark, as a file system's `relatime`
  // keeps an access time: eviction needs the order only to that grain, and a fully cached re-run
  // then writes nothing (it rewrote a row and an index entry per file: issue 19).
  if (usedKeys.length)
    db.prepare('UPDATE cache SET used_at = ? WHERE key IN (SELECT value FROM json_each(?)) AND used_at < ?').run(
      now,
      JSON.stringify(usedKeys),
      new Date(at - USED_AT_GRAIN_MS).toISOString(),
    );
  const put = db.prepare('INSERT OR REPLACE INTO cache (key, abs_path, outcome, created_at, used_at) VALUES (?, ?, ?, ?, ?)');
  const trimFile = db.prepare(
    `DELETE FROM cache WHERE abs_path = @path AND key NOT IN
       (SELECT key FROM cache WHERE abs_path = @path ORDER BY used_at DESC, rowid DESC LIMIT @keep)`,
  );
  for (const e of entries) {
    put.run(e.key, e.absPath, JSON.stringify(e.outcome), now, now);
    trimFile.run({ path: e.absPath, keep: limits.variantsPerFile });
  }
  // Only stored entries can take the cache past its bound: a run served wholly from it counts nothing.
  if (entries.length === 0) return;
  const { n } = db.prepare('SELECT COUNT(*) AS n FROM cache').get() as { n: number };
  if (n > limits.entries)
    db.prepare('DELETE FROM cache WHERE key IN (SELECT key FROM cache ORDER BY used_at ASC, rowid ASC LIMIT ?)').run(n - limits.entries);
}
