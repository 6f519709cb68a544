import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.js';
import { BIN, toasty } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';
import { spawnServe, type Served } from '../sync/helpers.js';

/** 40 files with findings: grading takes long enough for a kill to land mid-write. */
const PROJECT = Object.fromEntries(
  Array.from({ length: 40 }, (_, i) => [
    `src/m${i}.py`,
    Array.from({ length: 8 }, (_, j) => `def f${i}_${j}(a, b, c, d, e, f, g):\n    if a:\n        return b\n    return c\n`).join('\n'),
  ]),
);
const ITERATIONS = 6;

/** Starts the CLI, SIGKILLs it after a random delay in [minMs, maxMs) (or lets it finish first). */
function killMidway(args: string[], cwd: string, env: NodeJS.ProcessEnv, minMs: number, maxMs: number): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', CI: 'true', ...env },
      stdio: 'ignore',
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), minMs + Math.random() * (maxMs - minMs));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(signal ?? `exit ${code}`);
    });
  });
}

function check(file: string, fn: (db: Database.Database) => void): void {
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    fn(db);
  } finally {
    db.close();
  }
}

describe('kill -9 mid-write loses nothing and half-writes nothing (grade, feedback, sync)', () => {
  let t: { dir: string; remove: () => void };
  let server: Served;
  let token: string;
  const db = () => join(t.dir, 'h.db');
  const env = () => ({ TOASTY_HOME: t.dir, TOASTY_TOKEN: token });
  let reference: RunResult;
  /** Wall time of one whole cold grade here: kills land within it, however fast or loaded the machine is. */
  let gradeMs = 0;

  beforeAll(async () => {
    t = tempTree(PROJECT);
    const created = toasty(
      ['serve', 'keys', 'create', '--role', 'user', '--tier', 'premium', '--user', 'ana', '--db', join(t.dir, 'server.db')],
      t.dir,
    );
    token = created.stdout.trim();
    server = await spawnServe(['--db', join(t.dir, 'server.db')], { TOASTY_HOME: t.dir });
    const out = join(t.dir, 'reference.json');
    const started = performance.now();
    const r = toasty(['grade', 'src', '--no-neural', '--format', 'json', '--output', out, '--db', db(), '--user', 'ana'], t.dir);
    gradeMs = performance.now() - started;
    expect(r.code, r.stderr).toBe(0);
    reference = JSON.parse(readFileSync(out, 'utf8')) as RunResult;
  });
  afterAll(async () => {
    await server?.stop();
    t?.remove();
  });

  it(`grade killed ${ITERATIONS} times: every stored run is whole`, async () => {
    const outcomes: string[] = [];
    // The kill lands within the time a whole grade takes, as last measured: a run that finished
    // before its kill (the machine got faster than when the reference run was timed) sets the
    // window of the next one, so a load spike during the reference run cannot make every kill miss.
    let wholeMs = gradeMs;
    for (let i = 0; i < ITERATIONS; i++) {
      const started = performance.now();
      const outcome = await killMidway(
        ['grade', 'src', '--no-neural', '--no-cache', '--db', db(), '--user', 'ana'],
        t.dir,
        env(),
        wholeMs * 0.2,
        wholeMs * 0.9,
      );
      if (outcome !== 'SIGKILL') wholeMs = Math.min(wholeMs, performance.now() - started);
      outcomes.push(outcome);
    }
    expect(outcomes.filter((o) => o === 'SIGKILL').length).toBeGreaterThan(0);
    const findings = reference.files.reduce((a, f) => a + f.findings.length, 0);
    check(db(), (d) => {
      const runs = d.prepare('SELECT id FROM runs').all() as { id: string }[];
      for (const { id } of runs) {
        expect((d.prepare('SELECT COUNT(*) AS n FROM file_results WHERE run_id = ?').get(id) as { n: number }).n).toBe(40);
        expect((d.prepare('SELECT COUNT(*) AS n FROM findings WHERE run_id = ?').get(id) as { n: number }).n).toBe(findings);
      }
    });
  });

  it(`feedback killed ${ITERATIONS} times: one vote per item, none half-written`, async () => {
    const ids = reference.files.flatMap((f) => f.findings.map((x) => x.id));
    for (let i = 0; i < ITERATIONS; i++)
      await killMidway(
        ['feedback', ids[i % 3]!, i % 2 ? '--helpful' : '--not-helpful', '--db', db(), '--user', 'ana'],
        t.dir,
        env(),
        100,
        1200,
      );
    check(db(), (d) => {
      const votes = d.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT user_id || target_kind || target_key) AS k FROM feedback').get() as {
        n: number;
        k: number;
      };
      expect(votes.n).toBe(votes.k);
      expect(votes.n).toBeLessThanOrEqual(3);
    });
  });

  it(`sync killed ${ITERATIONS} times: the server has each run once and whole, and a last sync completes it`, async () => {
    const args = ['sync', '--url', server.url, '--db', db(), '--user', 'ana'];
    for (let i = 0; i < ITERATIONS; i++) {
      // A new run each time, so there is always something to push.
      toasty(['grade', 'src', '--no-neural', '--db', db(), '--user', 'ana'], t.dir);
      await killMidway(args, t.dir, env(), 100, 1500);
    }
    const last = toasty(args, t.dir, env());
    expect(last.code, last.stderr).toBe(0);
    const local = new Database(db(), { readonly: true });
    const runs = (local.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n;
    const files = (local.prepare('SELECT COUNT(*) AS n FROM file_results').get() as { n: number }).n;
    const votes = (local.prepare('SELECT COUNT(*) AS n FROM feedback').get() as { n: number }).n;
    local.close();
    check(join(t.dir, 'server.db'), (d) => {
      expect((d.prepare('SELECT COUNT(*) AS n FROM srv_runs').get() as { n: number }).n).toBe(runs);
      expect((d.prepare('SELECT COUNT(*) AS n FROM srv_files').get() as { n: number }).n).toBe(files);
      expect((d.prepare('SELECT COUNT(*) AS n FROM srv_feedback').get() as { n: number }).n).toBe(votes);
    });
  });
});
