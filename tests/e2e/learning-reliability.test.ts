import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.js';
import { BIN, toasty } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

const PY = `def route(kind, payload, a, b, c, d, strict=False):
    if kind == "a" and payload:
        return 1
    for item in payload:
        if item > 3:
            while item:
                item -= 1
    return None
`;

let project: { dir: string; remove: () => void };
beforeAll(() => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) files[`src/m${i}.py`] = `${PY}\n# variant ${i}\n`;
  project = tempTree(files);
});
afterAll(() => project.remove());

function start(args: string[]): {
  done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>;
  kill: () => void;
} {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: project.dir, env: { ...process.env, NO_COLOR: '1', CI: '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { done, kill: () => child.kill('SIGKILL') };
}

function check(db: string): { integrity: string; runs: string[] } {
  const sqlite = new Database(db, { readonly: true });
  try {
    const integrity = sqlite.pragma('integrity_check', { simple: true }) as string;
    const runs = (sqlite.prepare('SELECT id FROM runs').all() as { id: string }[]).map((r) => r.id);
    return { integrity, runs };
  } finally {
    sqlite.close();
  }
}

describe('history database under concurrency and crashes (real SQLite file)', () => {
  it('8 concurrent grade processes on one new database all succeed and are all recorded', async () => {
    const db = join(project.dir, 'concurrent.db');
    const runs = Array.from({ length: 8 }, (_, i) =>
      start(['grade', 'src', '--db', db, '--format', 'json', '--jobs', '1', '--agent', `agent${i}`]),
    );
    const results = await Promise.all(runs.map((r) => r.done));
    for (const r of results) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    const ids = results.map((r) => (JSON.parse(r.stdout) as RunResult).run.id);
    const { integrity, runs: stored } = check(db);
    expect(integrity).toBe('ok');
    expect(stored.sort()).toEqual([...ids].sort());
  });

  it('20 runs killed with SIGKILL at random moments leave the database intact and earlier runs readable', async () => {
    const db = join(project.dir, 'killed.db');
    const completed: string[] = [];
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 20; i++) {
      if (i % 4 === 0) {
        const ok = toasty(['grade', 'src', '--db', db, '--format', 'json', '--no-cache', '--jobs', '1'], project.dir, { CI: '' });
        expect(ok.code).toBe(0);
        completed.push((JSON.parse(ok.stdout) as RunResult).run.id);
      }
      const run = start(['grade', 'src', '--db', db, '--format', 'json', '--no-cache', '--jobs', '1']);
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.floor(random() * 900)));
      run.kill();
      await run.done;
    }
    const { integrity, runs } = check(db);
    expect(integrity).toBe('ok');
    for (const id of completed) expect(runs).toContain(id);
    // Every recorded run is complete: all its files were written with it.
    const sqlite = new Database(db, { readonly: true });
    const counts = sqlite
      .prepare('SELECT r.id, COUNT(f.id) AS n FROM runs r LEFT JOIN file_results f ON f.run_id = r.id GROUP BY r.id')
      .all() as { n: number }[];
    sqlite.close();
    for (const c of counts) expect(c.n).toBe(40);
    const history = toasty(['history', '--db', db, '--format', 'json', '--limit', '100'], project.dir);
    expect(history.code).toBe(0);
    expect((JSON.parse(history.stdout) as { runs: unknown[] }).runs.length).toBe(runs.length);
  }, 180_000);

  it('a truncated database file is reported and grading still completes', () => {
    const db = join(project.dir, 'truncated.db');
    expect(toasty(['grade', 'src', '--db', db], project.dir).code).toBe(0);
    const sqlite = new Database(db);
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.close();
    const bytes = readFileSync(db);
    rmSync(`${db}-wal`, { force: true });
    rmSync(`${db}-shm`, { force: true });
    writeFileSync(db, Buffer.concat([bytes.subarray(0, 100), Buffer.alloc(bytes.length - 100, 0xff)]));
    const r = toasty(['grade', 'src', '--db', db, '--format', 'json'], project.dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: history database .*(corrupt|failed)/);
    expect((JSON.parse(r.stdout) as RunResult).summary.graded).toBe(40);
  });
});
