import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { childId, rebindOutcome } from '../../src/engine/ids.js';
import { IdLookupError } from '../../src/errors.js';
import type { RunResult } from '../../src/model/results.js';
import { cacheGet, cachePut, USED_AT_GRAIN_MS } from '../../src/store/cache.js';
import { openDb, type DB } from '../../src/store/db.js';
import { StoreError } from '../../src/store/errors.js';
import { feedbackRows, recordVote } from '../../src/store/feedback.js';
import { RunHistory } from '../../src/store/history.js';
import { toastyHome } from '../../src/store/location.js';
import { resolveId } from '../../src/store/lookup.js';
import { digestsGet, digestsPut } from '../../src/store/digests.js';
import { freshSchema, MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations.js';
import { listRuns } from '../../src/store/queries.js';
import { recordRun } from '../../src/store/runs.js';
import { tempTree } from '../helpers/tmp.js';

function run(id: string, user = 'ana', agent: string | null = null, score = 80): RunResult {
  const fileId = childId(id, 'a.py');
  return {
    schemaVersion: 1,
    tool: { name: 'toasty', version: '0.1.0' },
    run: { id, startedAt: new Date().toISOString(), durationMs: 5, user, agent, learning: 'user', config: null },
    score,
    grade: 'B',
    passed: true,
    thresholds: { minScore: null, failOn: null },
    dimensions: { complexity: score, readability: 100, quality: 100, reliability: 100, speed: 100, security: 100 },
    dimensionsWithoutRules: [],
    summary: { files: 1, graded: 1, skipped: 0, parseErrors: 0, findings: 1, muted: 0, suppressed: 0 },
    failures: [],
    files: [
      {
        id: fileId,
        path: 'a.py',
        language: 'python',
        status: 'graded',
        skipReason: null,
        sha256: 'abc',
        loc: 10,
        sloc: 8,
        score,
        grade: 'B',
        dimensions: { complexity: score, readability: 100, quality: 100, reliability: 100, speed: 100, security: 100 },
        metrics: null,
        functions: [],
        findings: [
          {
            id: childId(fileId, 'fp1'),
            ruleId: 'too-many-params',
            dimension: 'complexity',
            severity: 'warning',
            line: 1,
            column: 1,
            endLine: 1,
            endColumn: 4,
            message: 'too many',
            suggestion: 'group them',
            metric: { name: 'params', value: 7, threshold: 5 },
            fingerprint: 'fp1',
            cost: 4,
            source: 'builtin',
            muted: false,
            mutedReason: null,
            confidence: 1,
            suppressed: false,
            suppressionReason: null,
          },
        ],
      },
    ],
  };
}

const record = (db: DB, r: RunResult) =>
  recordRun(db, {
    result: r,
    cwd: '/w',
    paths: ['.'],
    project: '/w',
    partial: [],
    absPaths: ['/w/a.py'],
    configHash: 'c',
    rulesHash: 'r',
    cache: [],
    implicitWeight: 0,
  });

let tree: { dir: string; remove: () => void };
let db: DB;
beforeEach(() => {
  tree = tempTree({});
  db = openDb(join(tree.dir, 'sub', 'toasty.db'));
});
afterEach(() => {
  db.close();
  tree.remove();
});

describe('history database', () => {
  it('creates the file with WAL, foreign keys and the current schema version', () => {
    expect(existsSync(join(tree.dir, 'sub', 'toasty.db'))).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
      (t) => t.name,
    );
    expect(tables).toEqual([
      'agents',
      'cache',
      'feedback',
      'file_digests',
      'file_results',
      'findings',
      'runs',
      'sync_pushed',
      'sync_state',
      'users',
    ]);
  });

  it('v5 drops learned_params (the profile is computed from the feedback, never stored) and keeps the feedback', () => {
    const old = join(tree.dir, 'v4.db');
    const v4 = new Database(old);
    for (const sql of MIGRATIONS.slice(0, 4)) v4.exec(sql);
    v4.pragma('user_version = 4');
    v4.prepare("INSERT INTO users (name, created_at) VALUES ('ana', '2026-01-01')").run();
    v4.prepare("INSERT INTO learned_params (user_id, kind, key, value, updated_at) VALUES (1, 'rule', 'r', '{}', '')").run();
    v4.prepare(
      "INSERT INTO feedback (user_id, target_kind, target_id, target_key, helpful, weight, implicit, created_at) VALUES (1, 'run', 'x', 'x', 0, 1, 0, '2026-01-01')",
    ).run();
    v4.close();
    const migrated = openDb(old);
    try {
      expect(migrated.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(migrated.prepare("SELECT name FROM sqlite_master WHERE name = 'learned_params'").all()).toEqual([]);
      expect(feedbackRows(migrated, 'ana').map((r) => [r.kind, r.targetId, r.helpful])).toEqual([['run', 'x', false]]);
    } finally {
      migrated.close();
    }
  });

  it('a new database gets in one script (freshSchema, derived from the migrations) exactly the schema they build one by one', () => {
    // What each leaves in sqlite_master, row by row in order (not the pages it sits on).
    const schemaOf = (d: DB) => d.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid').all();
    const chained = new Database(':memory:');
    for (const sql of MIGRATIONS) chained.exec(sql);
    const fresh = new Database(':memory:');
    const script = freshSchema(MIGRATIONS);
    expect(script).not.toBeNull();
    fresh.exec(script!);
    try {
      expect(schemaOf(fresh)).toEqual(schemaOf(chained));
      expect(schemaOf(chained).length).toBeGreaterThan(20);
      // A statement it does not know how to fold in leaves the chain to run.
      expect(freshSchema([...MIGRATIONS, 'ALTER TABLE runs RENAME COLUMN cwd TO folder;'])).toBeNull();
      // openDb builds a new file with it: the same rows again, at the current version.
      expect(schemaOf(db)).toEqual(schemaOf(chained));
      // The chain still migrates an existing database (above: v4 to v5); a version-1 file gets every later step.
      const v1 = new Database(join(tree.dir, 'v1.db'));
      v1.exec(MIGRATIONS[0]!);
      v1.pragma('user_version = 1');
      v1.close();
      const migrated = openDb(join(tree.dir, 'v1.db'));
      try {
        expect(migrated.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
        expect(schemaOf(migrated).map((r) => (r as { name: string }).name)).toEqual(
          schemaOf(chained).map((r) => (r as { name: string }).name),
        );
      } finally {
        migrated.close();
      }
    } finally {
      chained.close();
      fresh.close();
    }
  });

  it('migrates an older (empty, version 0) database and refuses a newer one', () => {
    const old = join(tree.dir, 'old.db');
    new Database(old).close();
    const migrated = openDb(old);
    expect(migrated.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    migrated.pragma('user_version = 99');
    migrated.close();
    expect(() => openDb(old)).toThrow(StoreError);
    expect(() => openDb(old)).toThrow(/schema version 99, newer than this toasty understands/);
  });

  it('reports a corrupt file as a StoreError, and RunHistory turns it into a warning', () => {
    const bad = join(tree.dir, 'bad.db');
    writeFileSync(bad, 'this is not a database, just text that is long enough to be a header '.repeat(20));
    expect(() => openDb(bad)).toThrow(/is corrupt/);
    const warnings: string[] = [];
    expect(RunHistory.open(bad, (m) => warnings.push(m))).toBeNull();
    expect(warnings[0]).toMatch(/corrupt.*grading without history/);
  });

  it('records runs and resolves unique id prefixes; ambiguous and unknown prefixes list candidates', () => {
    record(db, run('abcd00000001'));
    record(db, run('abcd11111111', 'bob', 'claude'));
    expect(resolveId(db, 'abcd0')).toMatchObject({ kind: 'run', id: 'abcd00000001' });
    const fileId = childId('abcd00000001', 'a.py');
    expect(resolveId(db, fileId.slice(0, 8))).toMatchObject({ kind: 'file', id: fileId });
    let error: unknown;
    try {
      resolveId(db, 'abcd');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IdLookupError);
    expect((error as IdLookupError).candidates).toHaveLength(2);
    expect((error as IdLookupError).message).toMatch(/ambiguous/);
    expect(() => resolveId(db, 'ffffffff')).toThrow(/no run, file result or finding/);
    expect(() => resolveId(db, 'xyz')).toThrow(/not an id/);
    expect(listRuns(db, { limit: 10, agent: 'claude' }).map((r) => r.id)).toEqual(['abcd11111111']);
    expect(listRuns(db, { limit: 10, absPath: '/w' })[0]).toMatchObject({ pathScore: 80, pathFiles: 1 });
  });

  it('a second vote on the same item replaces the first, and keeps a snapshot of the finding', () => {
    const r = run('abcd00000001');
    record(db, r);
    const target = resolveId(db, r.files[0]!.findings[0]!.id);
    expect(recordVote(db, { user: 'ana', target, helpful: false, comment: null, dimension: null }).replaced).toBe(false);
    expect(recordVote(db, { user: 'ana', target, helpful: true, comment: 'fine', dimension: null }).replaced).toBe(true);
    const rows = feedbackRows(db, 'ana');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      helpful: true,
      ruleId: 'too-many-params',
      metric: { name: 'params', value: 7, threshold: 5, lowerIsWorse: false },
    });
  });

  it('a run is written all or nothing', () => {
    const r = run('abcd00000001');
    r.files[0]!.findings.push({ ...r.files[0]!.findings[0]! }); // duplicate finding id: the insert fails mid-run
    expect(() => record(db, r)).toThrow();
    expect(db.prepare('SELECT COUNT(*) AS n FROM runs').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM file_results').get()).toEqual({ n: 0 });
  });

  it('caches outcomes by key, keeps several variants of a file, and rebinds ids to the new run', () => {
    const r = run('abcd00000001');
    const outcome = { result: r.files[0]!, dimensionsRan: ['complexity' as const] };
    cachePut(db, [{ key: 'k1', absPath: '/w/a.py', outcome }]);
    cachePut(db, [{ key: 'k2', absPath: '/w/a.py', outcome }]);
    // Two variants of one file (e.g. with and without the model): both stay.
    expect([...cacheGet(db, ['k1', 'k2']).keys()].sort()).toEqual(['k1', 'k2']);
    const rebound = rebindOutcome(cacheGet(db, ['k2']).get('k2')!, 'ffff00000000');
    expect(rebound.result.id).toBe(childId('ffff00000000', 'a.py'));
    expect(rebound.result.findings[0]!.id).toBe(childId(rebound.result.id, 'fp1'));
  });

  it('evicts the least recently used variant past the per-file bound, and the oldest entries past the total bound', () => {
    const outcome = { result: run('abcd00000001').files[0]!, dimensionsRan: ['complexity' as const] };
    const limits = { variantsPerFile: 2, entries: 3 };
    const keys = () => (db.prepare('SELECT key FROM cache ORDER BY key').all() as { key: string }[]).map((r) => r.key);
    const put = (key: string, absPath: string, used: string[] = []) => cachePut(db, [{ key, absPath, outcome }], used, limits);
    expect(put('a1', '/w/a.py')).toEqual([]);
    put('a2', '/w/a.py');
    db.prepare("UPDATE cache SET used_at = '2000-01-01'").run(); // both old…
    put('b1', '/w/b.py', ['a1']); // …then a1 serves a run: a2 is now the least recently used of a.py
    expect(put('a3', '/w/a.py')).toEqual([]); // a file's own bound is not an eviction of the file
    expect(keys()).toEqual(['a1', 'a3', 'b1']);
    db.prepare("UPDATE cache SET used_at = '2000-01-02' WHERE key = 'a1'").run();
    // Four entries, three allowed: the least recently used overall goes, and its file is named.
    expect(put('c1', '/w/c.py')).toEqual(['/w/a.py']);
    expect(keys()).toEqual(['a3', 'b1', 'c1']);
  });

  it('looks up cache entries and digests by more keys than one statement binds (selectIn), finding each once', () => {
    const outcome = { result: run('abcd00000002').files[0]!, dimensionsRan: ['complexity' as const] };
    const paths = Array.from({ length: 1201 }, (_, i) => `/w/f${i}.py`);
    cachePut(
      db,
      paths.map((absPath, i) => ({ key: `k${i}`, absPath, outcome })),
      [],
      { variantsPerFile: 4, entries: 5000 },
    );
    digestsPut(
      db,
      paths.map((absPath, i) => ({ absPath, stamp: `s${i}`, sha256: String(i).padStart(64, '0') })),
      [],
      [],
    );
    const keys = [...paths.map((_, i) => `k${i}`), 'absent', 'k0'];
    expect(cacheGet(db, keys).size).toBe(1201);
    const digests = digestsGet(db, [...paths, '/w/absent.py']);
    expect(digests.size).toBe(1201);
    expect(digests.get('/w/f1200.py')).toEqual({ stamp: 's1200', sha256: '1200'.padStart(64, '0') });
    expect(digests.get('/w/f500.py')?.stamp).toBe('s500');
  });

  it('drops the stored digest of a file whose every cache entry was evicted, and no other', () => {
    const outcome = { result: run('abcd00000001').files[0]!, dimensionsRan: ['complexity' as const] };
    const limits = { variantsPerFile: 4, entries: 2 };
    const digest = (absPath: string) => ({ absPath, stamp: `1:2:3:4:${absPath}`, sha256: 'f'.repeat(64) });
    digestsPut(db, [digest('/w/a.py'), digest('/w/b.py'), digest('/w/c.py')], [], []);
    const digests = () => db.prepare('SELECT abs_path FROM file_digests ORDER BY abs_path').pluck().all() as string[];
    cachePut(db, [{ key: 'a1', absPath: '/w/a.py', outcome }], [], limits);
    cachePut(db, [{ key: 'a2', absPath: '/w/a.py', outcome }], [], limits);
    db.prepare("UPDATE cache SET used_at = '2000-01-01' WHERE key = 'a1'").run();
    // a1 is evicted, but a.py keeps a2: its digest stays.
    const first = cachePut(db, [{ key: 'b1', absPath: '/w/b.py', outcome }], [], limits);
    expect(first).toEqual(['/w/a.py']);
    digestsPut(db, [], [], first);
    expect(digests()).toEqual(['/w/a.py', '/w/b.py', '/w/c.py']);
    // a2 goes too: a.py has no entry left, and its digest goes with it.
    db.prepare("UPDATE cache SET used_at = '2000-01-01' WHERE key = 'a2'").run();
    const second = cachePut(db, [{ key: 'c1', absPath: '/w/c.py', outcome }], [], limits);
    expect(second).toEqual(['/w/a.py']);
    digestsPut(db, [], [], second);
    expect(digests()).toEqual(['/w/b.py', '/w/c.py']);
    // A digest the graded bytes contradicted is dropped; a fresh one replaces the stored one.
    digestsPut(db, [{ ...digest('/w/c.py'), sha256: 'e'.repeat(64) }], ['/w/b.py'], []);
    expect(digests()).toEqual(['/w/c.py']);
    expect(db.prepare('SELECT sha256 FROM file_digests').pluck().get()).toBe('e'.repeat(64));
  });

  it('marks a served entry used again only once its mark is older than the grain (a cached re-run writes nothing)', () => {
    const outcome = { result: run('abcd00000001').files[0]!, dimensionsRan: ['complexity' as const] };
    cachePut(db, [
      { key: 'fresh', absPath: '/w/a.py', outcome },
      { key: 'stale', absPath: '/w/b.py', outcome },
    ]);
    const usedAt = (key: string) => (db.prepare('SELECT used_at FROM cache WHERE key = ?').get(key) as { used_at: string }).used_at;
    const justInside = new Date(Date.now() - USED_AT_GRAIN_MS + 60_000).toISOString();
    db.prepare('UPDATE cache SET used_at = ? WHERE key = ?').run(justInside, 'fresh');
    db.prepare("UPDATE cache SET used_at = '2000-01-01T00:00:00.000Z' WHERE key = 'stale'").run();
    const changes = () => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    const before = changes();
    cachePut(db, [], ['fresh', 'stale']);
    expect(usedAt('fresh')).toBe(justInside);
    expect(usedAt('stale') > justInside).toBe(true);
    expect(changes() - before).toBe(1);
  });

  it('migrates a v3 cache in place: its entries count as used when they were stored', () => {
    const file = join(tree.dir, 'v3.db');
    const v3 = new Database(file);
    for (const m of MIGRATIONS.slice(0, 3)) v3.exec(m);
    v3.pragma('user_version = 3');
    v3.prepare("INSERT INTO cache (key, abs_path, outcome, created_at) VALUES ('k', '/w/a.py', '{}', '2025-01-01T00:00:00.000Z')").run();
    v3.close();
    const migrated = openDb(file);
    try {
      expect(migrated.prepare('SELECT used_at FROM cache').get()).toEqual({ used_at: '2025-01-01T00:00:00.000Z' });
    } finally {
      migrated.close();
    }
  });
});

describe('toastyHome', () => {
  it('follows TOASTY_HOME, then the platform user-data folder', () => {
    expect(toastyHome({ TOASTY_HOME: '/x' }, 'linux', '/home/a')).toBe('/x');
    expect(toastyHome({}, 'linux', '/home/a')).toBe('/home/a/.local/share/toasty');
    expect(toastyHome({ XDG_DATA_HOME: '/d' }, 'linux', '/home/a')).toBe('/d/toasty');
    expect(toastyHome({}, 'darwin', '/Users/a')).toBe('/Users/a/Library/Application Support/toasty');
    expect(toastyHome({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32', 'C:\\Users\\a')).toMatch(/Roaming.toasty$/);
  });
});
