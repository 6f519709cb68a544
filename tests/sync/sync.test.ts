import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.js';
import { openDb } from '../../src/store/db.js';
import { runSync } from '../../src/sync/client/sync.js';
import { SyncError } from '../../src/sync/errors.js';
import { toasty } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';
import { freePort, spawnServe, type Served } from './helpers.js';

const PARAMS_PY = [6, 7, 8, 9]
  .map((n) => `def f${n}(${Array.from({ length: n }, (_, i) => `a${i}`).join(', ')}):\n    return a0\n`)
  .join('\n');
const SECRET_MARK = 'very_secret_identifier_4711';

describe('toasty sync against toasty serve (built CLI, real SQLite files)', () => {
  let project: { dir: string; remove: () => void };
  let home: string;
  let serverDb: string;
  let server: Served;
  const env = (user: string): NodeJS.ProcessEnv => ({ CI: '', TOASTY_HOME: home, TOASTY_TOKEN: tokens[user] ?? '' });
  const tokens: Record<string, string> = {};
  const cli = (user: string, args: string[], extra: NodeJS.ProcessEnv = {}) =>
    toasty([...args, '--db', join(home, `${user}.db`), '--user', user], project.dir, { ...env(user), ...extra });
  const serverCount = (sqlText: string): number => {
    const db = new Database(serverDb, { readonly: true });
    try {
      return (db.prepare(sqlText).get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  const localCount = (user: string, table: string): number => {
    const db = new Database(join(home, `${user}.db`), { readonly: true });
    try {
      return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  const config = (url: string): void =>
    writeFileSync(join(project.dir, '.toastyrc.yaml'), `sync:\n  url: ${url}\n  tokenEnv: TOASTY_TOKEN\nneural:\n  enabled: false\n`);
  const grade = (user: string, extra: string[] = []): RunResult => {
    const r = cli(user, ['grade', 'src', '--format', 'json', ...extra]);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as RunResult;
  };

  beforeAll(async () => {
    project = tempTree({ 'src/params.py': PARAMS_PY, 'src/clean.py': `def ${SECRET_MARK}(a, b):\n    return a + b\n` });
    home = mkdtempSync(join(tmpdir(), 'toasty-sync-home-'));
    serverDb = join(home, 'server.db');
    for (const user of ['ana', 'bob', 'cy', 'dan']) {
      const r = toasty(['serve', 'keys', 'create', '--role', 'user', '--tier', 'premium', '--db', serverDb, '--user', user], project.dir, {
        TOASTY_HOME: home,
      });
      expect(r.code, r.stderr).toBe(0);
      tokens[user] = r.stdout.trim();
      expect(r.stderr).not.toContain(tokens[user]);
    }
    server = await spawnServe(['--db', serverDb], { TOASTY_HOME: home });
    config(server.url);
  });
  afterAll(async () => {
    await server?.stop();
    project?.remove();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('pushes runs once (a second sync pushes nothing), metadata only, and pulls priors', () => {
    grade('ana');
    writeFileSync(join(project.dir, 'src', 'more.py'), 'def h(a):\n    return a\n');
    grade('ana');
    const first = cli('ana', ['sync', '--format', 'json']);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ pushed: { runs: 2, feedback: 0 }, alreadyThere: 0, priors: { rules: 0 } });
    const second = cli('ana', ['sync', '--format', 'json']);
    expect(JSON.parse(second.stdout)).toMatchObject({ pushed: { runs: 0, feedback: 0 } });
    expect(serverCount("SELECT COUNT(*) AS n FROM srv_runs WHERE user_name = 'ana'")).toBe(2);
    expect(serverCount("SELECT COUNT(*) AS n FROM srv_findings WHERE user_name = 'ana'")).toBe(localCount('ana', 'findings'));
    // Never source code (nor messages, which quote identifiers) without sync.includeCode.
    expect(serverCount('SELECT COUNT(*) AS n FROM srv_files WHERE code IS NOT NULL')).toBe(0);
    expect(serverCount('SELECT COUNT(*) AS n FROM srv_findings WHERE message IS NOT NULL')).toBe(0);
    expect(readFileSync(serverDb).includes(SECRET_MARK)).toBe(false);
  });

  it('server killed mid-push, or the client dying before it records the push: the next sync completes, nothing lost or doubled', async () => {
    for (let i = 0; i < 4; i++) {
      writeFileSync(join(project.dir, 'src', 'more.py'), `def h${i}(a):\n    return a\n`);
      grade('bob');
    }
    const db = openDb(join(home, 'bob.db'));
    try {
      let calls = 0;
      // The second push request goes out, then the server dies under it.
      const killing: typeof fetch = async (input, init) => {
        calls++;
        const p = fetch(input, init);
        if (calls === 2) server.child.kill('SIGKILL');
        return p;
      };
      await expect(
        runSync({
          db,
          user: 'bob',
          url: server.url,
          token: tokens.bob!,
          includeCode: false,
          batchFindings: 1,
          fetch: killing,
          sleep: () => Promise.resolve(),
        }),
      ).rejects.toBeInstanceOf(SyncError);
      expect(calls).toBeGreaterThanOrEqual(2);
      await server.stop();
      server = await spawnServe(['--db', serverDb], { TOASTY_HOME: home });
      // Now the client "crashes" right after the server answered a push (before marking it pushed).
      let answered = 0;
      const crashing: typeof fetch = async (input, init) => {
        const res = await fetch(input, init);
        if (String(input).endsWith('/sync/push') && ++answered === 1) throw new Error('client crashed');
        return res;
      };
      await expect(
        runSync({
          db,
          user: 'bob',
          url: server.url,
          token: tokens.bob!,
          includeCode: false,
          batchFindings: 1,
          fetch: crashing,
          attempts: 1,
        }),
      ).rejects.toBeInstanceOf(SyncError);
      const report = await runSync({ db, user: 'bob', url: server.url, token: tokens.bob!, includeCode: false, batchFindings: 1 });
      expect(report.alreadyThere).toBeGreaterThanOrEqual(1);
      expect(report.priors).not.toBeNull();
    } finally {
      db.close();
    }
    config(server.url);
    expect(serverCount("SELECT COUNT(*) AS n FROM srv_runs WHERE user_name = 'bob'")).toBe(localCount('bob', 'runs'));
    expect(serverCount("SELECT COUNT(*) AS n FROM srv_files WHERE user_name = 'bob'")).toBe(localCount('bob', 'file_results'));
    expect(serverCount("SELECT COUNT(*) AS n FROM srv_findings WHERE user_name = 'bob'")).toBe(localCount('bob', 'findings'));
    const again = cli('bob', ['sync', '--format', 'json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ pushed: { runs: 0 } });
  });

  it('an unreachable server loses nothing: exit 2, backoff for `grade --sync`, and the next sync pushes it', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    grade('cy');
    const r = cli('cy', ['sync', '--url', dead]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot reach the team server/);
    config(dead);
    const g = cli('cy', ['grade', 'src', '--sync', '--format', 'json']);
    expect(g.code).toBe(0);
    expect(g.stderr).toMatch(/sync postponed until/);
    config(server.url);
    const ok = cli('cy', ['sync', '--format', 'json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ pushed: { runs: 2 } });
  });

  it('team priors appear at k = 3 users and change a new member’s defaults; their own votes refine them', () => {
    const voteNotHelpful = (user: string): void => {
      const run = grade(user);
      const findings = run.files.flatMap((f) => f.findings).filter((f) => f.ruleId === 'too-many-params');
      for (const f of findings.slice(2)) expect(cli(user, ['feedback', f.id, '--not-helpful']).code).toBe(0);
      const s = cli(user, ['sync', '--format', 'json']);
      expect(s.code, s.stderr).toBe(0);
    };
    const priorsOf = (user: string) =>
      JSON.parse(cli(user, ['sync', '--format', 'json']).stdout) as { priors: { rules: number; thresholds: number } };
    voteNotHelpful('ana');
    voteNotHelpful('bob');
    expect(priorsOf('ana').priors.rules).toBe(0);
    voteNotHelpful('cy');
    expect(priorsOf('dan').priors.rules).toBeGreaterThanOrEqual(1);
    // Dan never voted: the team's prior mutes too-many-params for him.
    const run = grade('dan');
    const tmp = run.files.flatMap((f) => f.findings).filter((f) => f.ruleId === 'too-many-params');
    expect(tmp.length).toBe(4);
    expect(tmp.every((f) => f.muted)).toBe(true);
    expect(tmp[0]!.mutedReason).toMatch(/team/);
    // Without learning, the defaults are untouched.
    expect(
      grade('dan', ['--no-learning'])
        .files.flatMap((f) => f.findings)
        .filter((f) => f.ruleId === 'too-many-params' && f.muted),
    ).toHaveLength(0);
    // His own helpful votes refine the team prior: the rule is shown again.
    for (const f of tmp) expect(cli('dan', ['feedback', f.id, '--helpful']).code).toBe(0);
    const after = grade('dan')
      .files.flatMap((f) => f.findings)
      .filter((f) => f.ruleId === 'too-many-params');
    expect(after.some((f) => !f.muted)).toBe(true);
  });
});
