import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

/** util-linux `script` gives the command a real pseudo-terminal. */
// `script` (bsdutils) drives the pseudo-terminal. Outside CI a machine without it skips these tests
// with a warning; in CI (CI=true, where .ci/run installs it) they run and fail if it is missing.
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0 || Boolean(process.env.CI);
if (!hasScript) console.warn('skipping the pseudo-terminal tests: `script` is missing (apt-get install bsdutils); CI is not set');

const sq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

interface PtyRun {
  code: number | null;
  /** Everything the command wrote to the terminal, up to 1 MB. */
  output: string;
  bytes: number;
  timedOut: boolean;
}

/**
 * Runs `node bin/toasty.js ...args` on a pseudo-terminal of the given size, in `cwd`. The shell
 * `exec`s node, so the pid it writes is node's: a signal goes to it, and a run past `timeoutMs` is
 * killed (it would otherwise spin on after the test).
 */
function toastyInPty(
  args: string[],
  cwd: string,
  size: { cols: number; rows: number },
  timeoutMs: number,
  onOutput?: (output: string, pid: number) => void,
): Promise<PtyRun> {
  const pidFile = join(cwd, '.pid');
  const command = `stty cols ${size.cols} rows ${size.rows}; echo $$ > ${sq(pidFile)}; exec ${sq(process.execPath)} ${[BIN, ...args].map(sq).join(' ')}`;
  const env: NodeJS.ProcessEnv = { ...process.env, TOASTY_HOME: cwd };
  for (const k of ['CI', 'NO_COLOR', 'FORCE_COLOR', 'GITHUB_ACTIONS']) delete env[k];
  const child = spawn('script', ['-qec', command, '/dev/null'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const pid = (): number => (existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : 0);
  let output = '';
  let bytes = 0;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (pid()) process.kill(pid(), 'SIGKILL');
    child.kill('SIGKILL');
  }, timeoutMs);
  child.stdout.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (output.length < 1_000_000) output += chunk.toString('utf8');
    if (pid()) onOutput?.(output, pid());
  });
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, bytes, timedOut });
    });
  });
}

const BARE_EXCEPT = 'def f(x):\n    try:\n        return 1\n    except:\n        pass\n';

function dbState(file: string): { runs: number; files: number; integrity: string } {
  const db = new Database(file, { readonly: true });
  try {
    return {
      runs: (db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n,
      files: (db.prepare('SELECT COUNT(*) AS n FROM file_results').get() as { n: number }).n,
      integrity: (db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check,
    };
  } finally {
    db.close();
  }
}

describe.skipIf(!hasScript)('on a pseudo-terminal', () => {
  it('with 0 columns: no spinner, the run ends after the report (it used to clear lines forever)', async () => {
    const t = tempTree({ 'a.py': BARE_EXCEPT });
    try {
      const r = await toastyInPty(['--db', join(t.dir, 't.db'), 'grade', '--no-neural', 'a.py'], t.dir, { cols: 0, rows: 0 }, 60_000);
      expect(r.timedOut).toBe(false);
      expect(r.code).toBe(0);
      expect(r.output).toContain('bare-except');
      expect(r.output).not.toContain('\u001b[1A');
      expect(r.bytes).toBeLessThan(20_000);
    } finally {
      t.remove();
    }
  }, 90_000);

  it('SIGTERM mid-run (through the long-command-line relaunch) ends it with 143 and records nothing; the next run records one whole run', async () => {
    // 600 paths on the command line: over 8 KB, so bin/toasty.js relaunches itself and must forward the signal.
    const names = Array.from({ length: 600 }, (_, i) => `src/module_number_${String(i).padStart(4, '0')}.py`);
    const t = tempTree(Object.fromEntries(names.map((n) => [n, BARE_EXCEPT])));
    const db = join(t.dir, 't.db');
    const args = ['--db', db, 'grade', '--no-neural', '--jobs', '1', ...names];
    try {
      let signalledAt = 0;
      const r = await toastyInPty(args, t.dir, { cols: 100, rows: 30 }, 60_000, (output, pid) => {
        if (signalledAt === 0 && /graded \d+\/600 files/.test(output)) {
          signalledAt = Date.now();
          process.kill(pid, 'SIGTERM');
        }
      });
      expect(r.timedOut).toBe(false);
      expect(signalledAt).toBeGreaterThan(0);
      expect(r.code).toBe(143);
      expect(Date.now() - signalledAt).toBeLessThan(5_000);
      expect(r.output).not.toContain('toasty ');
      expect(dbState(db)).toEqual({ runs: 0, files: 0, integrity: 'ok' });

      const again = await toastyInPty(args, t.dir, { cols: 100, rows: 30 }, 60_000);
      expect(again.code).toBe(0);
      expect(dbState(db)).toEqual({ runs: 1, files: 600, integrity: 'ok' });
    } finally {
      t.remove();
    }
  }, 150_000);
});

describe('signals without a terminal', () => {
  it('SIGINT ends a run with 130 (not killed by the signal), leaving the database consistent', async () => {
    const names = Array.from({ length: 400 }, (_, i) => `m${i}.py`);
    const t = tempTree(Object.fromEntries(names.map((n) => [n, BARE_EXCEPT])));
    const db = join(t.dir, 't.db');
    try {
      const child = spawn(process.execPath, [BIN, '--db', db, 'grade', '--no-neural', '--jobs', '1', '.'], {
        cwd: t.dir,
        env: { ...process.env, CI: 'true', TOASTY_HOME: t.dir },
        stdio: 'ignore',
      });
      // Once the database exists, the run is under way (it is written only at the end).
      const started = Date.now();
      while (!existsSync(db) && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGINT');
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.on('exit', (c, s) => {
          clearTimeout(timer);
          resolve([c, s]);
        });
      });
      expect(signal).toBeNull();
      expect(code).toBe(130);
      const state = dbState(db);
      expect(state.integrity).toBe('ok');
      expect(state.files).toBe(state.runs * names.length);
    } finally {
      t.remove();
    }
  }, 60_000);
});
