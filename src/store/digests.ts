import { selectIn, type DB } from './db.js';

/**
 * A file's content digest as a run last took it, with the stamp it was taken under
 * (`DiscoveredFile.stamp`: `dev:ino:size:mtime:ctime`). A later run whose walk finds the same stamp
 * makes the file's cache key from this digest instead of reading and hashing the file (what ESLint's
 * `--cache-strategy metadata` and git's index do; issue 19: 52 ms of a 0.57 s fully cached JS/TS run).
 */
export interface FileDigest {
  absPath: string;
  stamp: string;
  sha256: string;
}

/**
 * How old a file's last change (the later of mtime and ctime) must be, against the clock read before
 * the walk that stat'ed it, for its digest to be stored: git's racy-file rule. A file changed again
 * within one tick of the file system's clock after it was stat'ed can keep its stamp; one whose stamp
 * is older than the walk by this much gets a new ctime (the kernel sets it, `touch` cannot) on any
 * change. Two seconds covers the coarsest timestamps (FAT's mtime) and a little clock skew.
 */
export const RACY_MARGIN_MS = 2000;

/** Whether a digest of a file whose last change is `changedMs` may be stored by a run that began its walk at `walkedAt`. */
export function digestStorable(changedMs: number, walkedAt: number): boolean {
  return changedMs < walkedAt - RACY_MARGIN_MS;
}

/** The stored digests of these files (absolute paths), by path. */
export function digestsGet(db: DB, absPaths: readonly string[]): Map<string, { stamp: string; sha256: string }> {
  const out = new Map<string, { stamp: string; sha256: string }>();
  const rows = selectIn<{ abs_path: string; stamp: string; sha256: string }>(
    db,
    absPaths,
    (list) => `SELECT abs_path, stamp, sha256 FROM file_digests WHERE abs_path IN (${list})`,
  );
  for (const r of rows) out.set(r.abs_path, { stamp: r.stamp, sha256: r.sha256 });
  return out;
}

/**
 * Stores fresh digests and drops the ones found wrong (a file graded from other content than its
 * trusted digest named). Of the files whose cache entries were just evicted (`cachePut`), drops the
 * digests of those the cache no longer holds any outcome of: such a digest saves no read (the file is
 * graded, so read, anyway), and so the table stays within the cache's bounds.
 */
export function digestsPut(db: DB, fresh: readonly FileDigest[], stale: readonly string[], evicted: readonly string[]): void {
  if (stale.length) db.prepare('DELETE FROM file_digests WHERE abs_path IN (SELECT value FROM json_each(?))').run(JSON.stringify(stale));
  const put = db.prepare('INSERT OR REPLACE INTO file_digests (abs_path, stamp, sha256) VALUES (?, ?, ?)');
  for (const d of fresh) put.run(d.absPath, d.stamp, d.sha256);
  if (evicted.length)
    db.prepare(
      'DELETE FROM file_digests WHERE abs_path IN (SELECT value FROM json_each(?)) AND NOT EXISTS (SELECT 1 FROM cache WHERE cache.abs_path = file_digests.abs_path)',
    ).run(JSON.stringify(evicted));
}
