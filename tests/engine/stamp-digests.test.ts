import Database from 'better-sqlite3';
import { mkdtempSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { discoverFiles } from '../../src/discovery/walk.js';
import { type RunOptions } from '../../src/engine/run.js';
import type { FileResult } from '../../src/model/results.js';
import { digestStorable, RACY_MARGIN_MS } from '../../src/store/digests.js';
import { sha256 } from '../../src/util/hash.js';
import { gradeWithHistory } from '../helpers/history-run.js';
import { tempTree } from '../helpers/tmp.js';

// A file whose stat stamp (dev:ino, size, mtime, ctime) is the one its stored digest was taken
// under is keyed from that digest, without being read (issue 19); a digest is stored only for a file
// whose last change is older than the walk by RACY_MARGIN_MS (git's racy-file rule).

const A = 'def handler(a):\n    return eval(a)\n';
const B = 'def handler(a):\n    return a\n';
const FAKE = 'f'.repeat(64);
const ruleIds = (f: FileResult) => f.findings.map((x) => x.ruleId).sort();
/** A clock far enough ahead that every file of the test counts as old. */
const later = () => Date.now() + 10 * RACY_MARGIN_MS;

describe('cache keys from stored digests, trusted by the file stamp', () => {
  let project: ReturnType<typeof tempTree>;
  let home: string;
  let config: ResolvedConfig;
  let route: string;
  let dbFile: string;
  beforeEach(() => {
    project = tempTree({ 'app/route.py': A, 'app/other.py': 'X = 1\n' });
    home = mkdtempSync(join(tmpdir(), 'toasty-digests-'));
    config = resolveConfig(null, { neural: { enabled: false } }, project.dir);
    route = join(project.dir, 'app', 'route.py');
    dbFile = join(home, 'toasty.db');
  });
  afterEach(() => {
    project.remove();
    rmSync(home, { recursive: true, force: true });
  });

  const run = async (extra: Partial<RunOptions> = {}) => {
    const { result, hits } = await gradeWithHistory(dbFile, { paths: ['.'], cwd: project.dir, config, jobs: 1, user: 'tester', ...extra });
    return { route: result.files.find((f) => f.path.endsWith('route.py'))!, hits };
  };
  /** The stored digests, by file name. */
  const stored = (): Record<string, string> => {
    const db = new Database(dbFile, { readonly: true });
    try {
      const rows = db.prepare('SELECT abs_path, sha256 FROM file_digests').all() as { abs_path: string; sha256: string }[];
      return Object.fromEntries(rows.map((r) => [r.abs_path.slice(r.abs_path.lastIndexOf('/') + 1), r.sha256]));
    } finally {
      db.close();
    }
  };
  const setDigest = (absPath: string, digest: string) => {
    const db = new Database(dbFile);
    try {
      expect(db.prepare('UPDATE file_digests SET sha256 = ? WHERE abs_path = ?').run(digest, absPath).changes).toBe(1);
    } finally {
      db.close();
    }
  };

  it('stores the digest of a file whose last change is old enough, and none of a file changed just now', async () => {
    await run();
    expect(stored()).toEqual({}); // the test's files were written a moment ago: racy
    await run({ now: later });
    expect(stored()).toEqual({ 'route.py': sha256(Buffer.from(A)), 'other.py': sha256(Buffer.from('X = 1\n')) });
    expect(digestStorable(Date.now() - RACY_MARGIN_MS - 1000, Date.now())).toBe(true);
    expect(digestStorable(Date.now() - RACY_MARGIN_MS + 1000, Date.now())).toBe(false);
  });

  it('keys an unchanged file by its stored digest without reading it; a digest found wrong is dropped', async () => {
    await run({ now: later });
    expect((await run()).hits).toBe(2);
    // The stored digest now names other content under the file's own stamp: only a run that trusts
    // the stamp (and does not read the file) makes route.py's key from it, and misses.
    setDigest(route, FAKE);
    const second = await run();
    expect(second.hits).toBe(1);
    // The file was graded as it is, and the wrong digest dropped; its outcome was stored under A's key.
    expect(second.route.sha256).toBe(sha256(Buffer.from(A)));
    expect(ruleIds(second.route)).toContain('dynamic-code-execution');
    expect(stored()['route.py']).toBeUndefined();
    const third = await run({ now: later });
    expect(third.hits).toBe(2);
    expect(stored()['route.py']).toBe(sha256(Buffer.from(A)));
  });

  it('reads a file again whose stamp changed (rewritten, even to the same size and mtime)', async () => {
    await run({ now: later });
    const before = statSync(route);
    const same = A.replace('eval', 'exec'); // the same length
    writeFileSync(route, same);
    utimesSync(route, before.atime, before.mtime); // mtime put back; ctime cannot be
    const second = await run({ now: later });
    expect(second.hits).toBe(1);
    expect(second.route.sha256).toBe(sha256(Buffer.from(same)));
    expect(stored()['route.py']).toBe(sha256(Buffer.from(same)));
  });

  it('reads a file replaced by another one (a new inode) of the same size and times', async () => {
    await run({ now: later });
    const before = statSync(route);
    const swap = join(project.dir, 'swap.tmp');
    const same = A.replace('eval', 'exec'); // the same length
    writeFileSync(swap, same);
    utimesSync(swap, before.atime, before.mtime);
    renameSync(swap, route);
    const second = await run({ now: later });
    expect(second.hits).toBe(1);
    expect(second.route.sha256).toBe(sha256(Buffer.from(same)));
  });

  it('--no-cache trusts no stamp: it reads every file and stores its digest afresh', async () => {
    await run({ now: later });
    setDigest(route, FAKE);
    await run({ now: later, cache: false });
    expect(stored()['route.py']).toBe(sha256(Buffer.from(A)));
    expect((await run()).hits).toBe(2);
  });

  it('keeps the digests of files the cache still holds, when a run stores outcomes and when it stores none', async () => {
    await run({ now: later });
    expect((await run()).hits).toBe(2); // stores nothing
    writeFileSync(route, B);
    await run(); // stores route.py's new outcome (its new digest is racy: not stored)
    expect(Object.keys(stored()).sort()).toEqual(['other.py', 'route.py']);
  });

  it('the walk stamps a file by identity, size, mtime and ctime', () => {
    const [first] = discoverFiles([route], project.dir, config);
    const st = statSync(route, { bigint: true });
    expect(first!.stamp).toBe(`${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`);
    expect(first!.changedMs).toBe(Number((st.mtimeNs > st.ctimeNs ? st.mtimeNs : st.ctimeNs) / 1_000_000n));
    const [walked] = discoverFiles(['.'], project.dir, config).filter((f) => f.absPath === route);
    expect(walked!.stamp).toBe(first!.stamp);
  });
});
