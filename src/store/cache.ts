import { fileText, knownFileText, rememberFileText } from '../model/file-text.js';
import type { GradeOutcome } from '../model/results.js';
import { selectIn, type DB } from './db.js';

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

/** How stale an entry's `used_at` may be before a hit marks it again (see `cachePut`). */
export const USED_AT_GRAIN_MS = 60 * 60 * 1000;

/** Where a stored outcome's result starts: its other keys come first and hold no key of that name. */
const RESULT = '"result":';

/**
 * An outcome as the cache stores it: JSON, with the result last and in the text the JSON report
 * gives it (`fileText`), so that a cached re-run writes that text instead of stringifying the
 * result again (issue 19). The result's text is remembered for the object, which a fresh run
 * then writes as it is.
 */
export function outcomeText(outcome: GradeOutcome): string {
  const { result, ...rest } = outcome;
  const parts = knownFileText(result);
  const text = parts ? parts.join('') : fileText(result);
  if (!parts) rememberFileText(result, [text]);
  const head = JSON.stringify(rest);
  return `${head.length > 2 ? `${head.slice(0, -1)},` : '{'}${RESULT}${text}}`;
}

/** The outcome a stored text holds; its result's text is remembered where it is in the report's form. */
export function parseOutcome(text: string): GradeOutcome {
  const outcome = JSON.parse(text) as GradeOutcome;
  const at = text.indexOf(RESULT);
  // Stored by outcomeText: the result's text opens an indented object (a compact one never has a newline).
  if (at >= 0 && text.startsWith('{\n', at + RESULT.length)) rememberFileText(outcome.result, [text.slice(at + RESULT.length, -1)]);
  return outcome;
}

/** Cached grading outcomes by key (content hash + version + config hash + rule-set hash + path). */
export function cacheGet(db: DB, keys: readonly string[]): Map<string, GradeOutcome> {
  const out = new Map<string, GradeOutcome>();
  const rows = selectIn<{ key: string; outcome: string }>(db, keys, (list) => `SELECT key, outcome FROM cache WHERE key IN (${list})`);
  for (const r of rows) out.set(r.key, parseOutcome(r.outcome));
  return out;
}

/**
 * Stores fresh outcomes and marks the entries this run was served from as just used, then evicts
 * least recently used entries past CACHE_LIMITS: per file first, then overall. Returns the files
 * whose entries the overall bound evicted (a file's own bound always keeps its newest entries).
 */
export function cachePut(
  db: DB,
  entries: readonly CacheEntry[],
  usedKeys: readonly string[] = [],
  limits: CacheLimits = CACHE_LIMITS,
): string[] {
  const at = Date.now();
  const now = new Date(at).toISOString();
  // One statement for every key served (the keys as one JSON array), not one per key. An entry
  // marked used within the last `USED_AT_GRAIN_MS` keeps its mark, as a file system's `relatime`
  // keeps an access time: eviction needs the order only to that grain, and a fully cached re-run
  // then writes nothing (it rewrote a row and an index entry per file: issue 19).
  // The rows to mark are found in the indexes alone (key → rowid, and used_at → rowid): testing
  // `used_at` on the row read the row, through the overflow pages of its stored outcome, which is
  // before `used_at` (a fully cached standard-library run spent 20-45 ms here).
  if (usedKeys.length)
    db.prepare(
      'UPDATE cache SET used_at = ? WHERE rowid IN (SELECT rowid FROM cache WHERE used_at < ?) AND key IN (SELECT value FROM json_each(?))',
    ).run(now, new Date(at - USED_AT_GRAIN_MS).toISOString(), JSON.stringify(usedKeys));
  const put = db.prepare('INSERT OR REPLACE INTO cache (key, abs_path, outcome, created_at, used_at) VALUES (?, ?, ?, ?, ?)');
  const trimFile = db.prepare(
    `DELETE FROM cache WHERE abs_path = @path AND key NOT IN
       (SELECT key FROM cache WHERE abs_path = @path ORDER BY used_at DESC, rowid DESC LIMIT @keep)`,
  );
  // Counted in the index first: the trim orders a file's variants by `used_at`, which reads each
  // row through its stored outcome's overflow pages, and a file rarely has more variants than it keeps.
  const variants = db.prepare('SELECT COUNT(*) AS n FROM cache WHERE abs_path = ?').pluck();
  for (const e of entries) {
    put.run(e.key, e.absPath, outcomeText(e.outcome), now, now);
    if ((variants.get(e.absPath) as number) > limits.variantsPerFile) trimFile.run({ path: e.absPath, keep: limits.variantsPerFile });
  }
  // Only stored entries can take the cache past its bound: a run served wholly from it counts nothing.
  if (entries.length === 0) return [];
  const { n } = db.prepare('SELECT COUNT(*) AS n FROM cache').get() as { n: number };
  if (n <= limits.entries) return [];
  const evicted = db
    .prepare('DELETE FROM cache WHERE key IN (SELECT key FROM cache ORDER BY used_at ASC, rowid ASC LIMIT ?) RETURNING abs_path')
    .pluck()
    .all(n - limits.entries) as string[];
  return [...new Set(evicted)];
}
