import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.js';
import { BIN, toasty, type CliResult } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

const PY = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`src/m${i}.py`, `def f${i}(a, b, c, d, e, f, g):\n    return a\n`]));

/** A project graded once, with a vote, so every table the commands read has rows. */
function graded(): { dir: string; db: string; run: RunResult; remove: () => void } {
  const t = tempTree(PY);
  const db = join(t.dir, 'h.db');
  const g = toasty(['grade', 'src', '--no-neural', '--format', 'json', '--db', db, '--user', 'ana'], t.dir);
  expect(g.code, g.stderr).toBe(0);
  const run = JSON.parse(g.stdout) as RunResult;
  const v = toasty(['feedback', run.files[0]!.findings[0]!.id, '--not-helpful', '--db', db, '--user', 'ana'], t.dir);
  expect(v.code, v.stderr).toBe(0);
  return { ...t, db, run };
}

/** Overwrites every page of these tables with garbage (the schema on page 1 stays readable, so the file still opens). */
function corruptTables(file: string, tables: string[]): void {
  const db = new Database(file);
  const pages = db.prepare(`SELECT pageno FROM dbstat WHERE name IN (${tables.map(() => '?').join(', ')})`).all(...tables) as {
    pageno: number;
  }[];
  db.close();
  const bytes = readFileSync(file);
  const size = bytes.readUInt16BE(16);
  for (const { pageno } of pages) for (let i = 0; i < size; i++) bytes[(pageno - 1) * size + i] = (i * 7 + pageno) & 255;
  writeFileSync(file, bytes);
}

/**
 * The CLI on a database it may read but not write: as root (who writes anything), as `nobody`
 * on a root-owned file; otherwise with the file's write bits removed. The folder stays writable
 * (SQLite's -wal and -shm files), so the database opens and the first write fails.
 */
function readOnlyCli(dir: string, db: string, args: string[]): CliResult {
  chmodSync(dir, 0o777);
  chmodSync(db, 0o444);
  const asRoot = process.getuid?.() === 0;
  const cmd = asRoot ? ['runuser', '-u', 'nobody', '--', process.execPath, BIN] : [process.execPath, BIN];
  const r = spawnSync(cmd[0]!, [...cmd.slice(1), ...args, '--db', db, '--user', 'ana'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: 'true', HOME: dir, TOASTY_HOME: dir },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('store errors are exit 2 with the store’s message (path, what is wrong, what to do), never "a bug"', () => {
  let t: ReturnType<typeof graded> | null = null;
  afterEach(() => t?.remove());

  it('a read-only database: feedback and history --prune', () => {
    t = graded();
    const finding = t.run.files[1]!.findings[0]!.id;
    for (const args of [
      ['feedback', finding, '--helpful'],
      ['history', '--prune', '--keep', '0'],
    ]) {
      const r = readOnlyCli(t.dir, t.db, args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(`toasty: history database ${t.db} cannot be opened for writing (attempt to write a readonly database)`);
      expect(r.stderr).toMatch(/hint: make .* and its folder writable by this user, or pass --db with another file/);
      expect(r.stderr).not.toMatch(/internal error|this is a bug/);
    }
  });

  it('a database with corrupt pages: history, show, feedback, profile, history --prune, sync; grade warns and goes on', () => {
    t = graded();
    corruptTables(t.db, ['runs', 'file_results', 'findings', 'feedback']);
    const run = t.run.run.id;
    for (const args of [
      ['history'],
      ['show', run],
      ['feedback', run, '--helpful'],
      ['profile'],
      ['history', '--prune', '--keep', '0'],
      ['sync', '--url', 'http://127.0.0.1:9'],
    ]) {
      const r = toasty([...args, '--db', t.db, '--user', 'ana'], t.dir, { TOASTY_TOKEN: 'tsk_x' });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(`toasty: history database ${t.db} is corrupt (database disk image is malformed)`);
      expect(r.stderr).toMatch(/hint: move it away \(toasty starts a new one/);
      expect(r.stderr).not.toMatch(/internal error|this is a bug/);
    }
    const g = toasty(['grade', 'src', '--no-neural', '--db', t.db, '--user', 'ana'], t.dir);
    expect(g.code).toBe(0);
    expect(g.stderr).toMatch(/warning: history database .* is corrupt/);
  });
});
