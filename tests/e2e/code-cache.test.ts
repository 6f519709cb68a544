import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, BUNDLE } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

// bin/toasty.js runs the bundle's CommonJS files (dist/bundle/cjs/) with the V8 code cache the build
// wrote beside them (scripts/code-cache.mjs); TOASTY_DEBUG_CODE_CACHE=1 reports what V8 did with it.
const ROOT = join(BIN, '..', '..');

interface CacheReport {
  files: string[];
  required: string[];
  accepted: string[];
  rejected: string[];
  absent: string[];
}

function run(bin: string, args: string[], cwd: string, home: string) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: 'true', TOASTY_HOME: home, TOASTY_DEBUG_CODE_CACHE: '1' },
    timeout: 120_000,
  });
  const line = r.stderr.split('\n').find((l) => l.startsWith('toasty-code-cache '));
  const report = line ? (JSON.parse(line.slice('toasty-code-cache '.length)) as CacheReport) : null;
  const stderr = r.stderr
    .split('\n')
    .filter((l) => !l.startsWith('toasty-code-cache '))
    .join('\n');
  return { code: r.status, stdout: r.stdout, stderr, report };
}

/** The grade report without what differs between two runs (ids of the run, timings). */
function stable(json: string): unknown {
  return JSON.parse(json, (key, value: unknown) =>
    ['runId', 'id', 'durationMs', 'startedAt', 'timings', 'elapsedMs'].includes(key) ? 0 : value,
  );
}

let work: { dir: string; remove: () => void };
let copy: string;
const PY = 'def area(w, h, d, e, f, g):\n    if w < 0 or h < 0:\n        return 0\n    return w * h\n';

beforeAll(() => {
  work = tempTree({ 'src/f.py': PY });
  // A second installation of the built package (its own bin/ and dist/bundle/, the rest linked), to damage.
  copy = join(work.dir, 'pkg');
  cpSync(join(ROOT, 'bin'), join(copy, 'bin'), { recursive: true });
  cpSync(BUNDLE, join(copy, 'dist', 'bundle'), { recursive: true });
  cpSync(join(ROOT, 'dist', 'rules-snapshot.json'), join(copy, 'dist', 'rules-snapshot.json'));
  cpSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
  for (const linked of ['node_modules', 'rules', 'models', 'schemas']) symlinkSync(join(ROOT, linked), join(copy, linked));
});
afterAll(() => work.remove());

describe('the V8 code cache of the CLI', () => {
  it('is written by the build for every CommonJS file of the bundle', () => {
    const files = readdirSync(join(BUNDLE, 'cjs'));
    const sources = files.filter((f) => f.endsWith('.cjs'));
    expect(sources).toContain('main.cjs');
    for (const f of sources) expect(files, f).toContain(`${f}.v8cache`);
  });

  it('is used by the installed CLI: V8 accepts the cache of every file a command runs', () => {
    for (const args of [['--help'], ['grade', 'src/f.py', '--no-cache', '--no-neural', '--format', 'json']]) {
      const r = run(BIN, args, work.dir, join(work.dir, 'home'));
      expect(r.code, r.stderr).toBeLessThanOrEqual(1);
      expect(r.report!.files.length).toBeGreaterThan(0);
      expect(r.report!.accepted).toContain('main.js');
      expect(r.report!.accepted).toHaveLength(r.report!.files.length);
      expect(r.report!.rejected).toEqual([]);
      expect(r.report!.absent).toEqual([]);
    }
  });

  it('prints `--version` alone without running the program, as the program prints it', () => {
    const quick = run(BIN, ['--version'], work.dir, join(work.dir, 'home'));
    expect(quick.report!.files).toEqual([]);
    const program = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { main } from ${JSON.stringify(pathToFileURL(join(BUNDLE, 'main.js')).href)}; process.exitCode = await main(['node', 'toasty', '--version']);`,
      ],
      { cwd: work.dir, encoding: 'utf8' },
    );
    expect(quick.stdout).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version + '\n');
    expect({ code: quick.code, stdout: quick.stdout, stderr: quick.stderr }).toEqual({
      code: program.status,
      stdout: program.stdout,
      stderr: program.stderr,
    });
    // With anything else on the command line the program runs (and commander answers).
    expect(run(BIN, ['--version', '--quiet'], work.dir, join(work.dir, 'home')).report!.files.length).toBeGreaterThan(0);
  });

  it('keeps the long command line relaunch: the relaunched process runs from the cache too', () => {
    const many = Array.from({ length: 1500 }, () => 'src/f.py'); // ~13 KB of arguments, over the 8 KB limit
    const r = spawnSync(process.execPath, [BIN, 'grade', ...many, '--no-cache', '--no-neural', '--format', 'json'], {
      cwd: work.dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', CI: 'true', TOASTY_HOME: join(work.dir, 'home'), TOASTY_DEBUG_CODE_CACHE: '1' },
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { files: { path: string }[] }).files.map((f) => f.path)).toEqual(['src/f.py']);
    const reports = r.stderr
      .split('\n')
      .filter((l) => l.startsWith('toasty-code-cache '))
      .map((l) => JSON.parse(l.slice('toasty-code-cache '.length)) as CacheReport);
    expect(reports).toHaveLength(2); // the launcher that relaunched, and the child that graded
    for (const report of reports) expect(report.rejected).toEqual([]);
    // The child (it ends first, so it reports first) ran the grader; the launcher only the entry.
    const [child, launcher] = reports.map((x) => x.accepted.length);
    expect(child).toBeGreaterThan(launcher!);
  });

  it('falls back to compiling the source when a cache file is damaged, with the same output', () => {
    const home = join(work.dir, 'home-copy');
    const args = ['grade', 'src/f.py', '--no-cache', '--no-neural', '--format', 'json'];
    const good = run(join(copy, 'bin', 'toasty.js'), args, work.dir, home);
    expect(good.code, good.stderr).toBe(0);
    expect((JSON.parse(good.stdout) as { files: { findings: unknown[] }[] }).files[0]!.findings.length).toBeGreaterThan(0);
    expect(good.report!.rejected).toEqual([]);
    // Damage the cache of every file the command runs: flipped bytes in one, a truncated one, an empty one.
    const cjs = join(copy, 'dist', 'bundle', 'cjs');
    good.report!.files.forEach((f, i) => {
      const cache = join(cjs, f.split('/').pop()!.replace(/\.js$/, '.cjs.v8cache'));
      const bytes = readFileSync(cache);
      if (i % 3 === 0)
        writeFileSync(
          cache,
          bytes.map((b, k) => (k > 16 ? b ^ 0x5a : b)),
        );
      else if (i % 3 === 1) writeFileSync(cache, bytes.subarray(0, bytes.length >> 1));
      else writeFileSync(cache, '');
    });
    const damaged = run(join(copy, 'bin', 'toasty.js'), args, work.dir, home);
    expect(damaged.code, damaged.stderr).toBe(0);
    expect(damaged.report!.accepted).toEqual([]);
    expect(damaged.report!.rejected.sort()).toEqual(good.report!.files.map((f) => f.split('/').pop()!).sort());
    expect(stable(damaged.stdout)).toEqual(stable(good.stdout));
    expect(damaged.stderr).toBe(good.stderr);
  });

  it('runs a vote from its own entry, without main.js, as the whole program would', () => {
    const home = join(work.dir, 'home-vote');
    const graded = run(BIN, ['grade', 'src/f.py', '--no-cache', '--no-neural', '--format', 'json', '--user', 'ana'], work.dir, home);
    const id = (JSON.parse(graded.stdout) as { files: { findings: { id: string; source: string }[] }[] }).files[0]!.findings.find(
      (f) => f.source !== 'engine',
    )!.id;
    // The same command lines through the whole program (commander, main()) of the ES module bundle, on a copy of the history.
    const program = (args: string[]) => {
      const r = spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `import { main } from ${JSON.stringify(pathToFileURL(join(BUNDLE, 'main.js')).href)}; process.exitCode = await main(${JSON.stringify(['node', 'toasty', ...args])});`,
        ],
        {
          cwd: work.dir,
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1', CI: 'true', TOASTY_HOME: join(work.dir, 'home-vote-program') },
        },
      );
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    cpSync(home, join(work.dir, 'home-vote-program'), { recursive: true });
    for (const args of [
      ['feedback', id.slice(0, 7), '--helpful', '--user', 'ana'],
      ['feedback', id, '--not-helpful', '--comment', 'noisy', '--user', 'ana'],
      ['--user', 'bo', 'feedback', '--dimension', 'complexity', id, '--not-helpful'],
      ['feedback', id, '--helpful', '--quiet', '--user', 'ana'],
      ['feedback', id, '--helpful', '--not-helpful', '--user', 'ana'],
      ['feedback', id, '--helpful', '--dimension', 'nonsense', '--user', 'ana'],
      ['feedback', 'ffffff', '--helpful', '--user', 'ana'],
      ['feedback', 'xyz', '--helpful', '--user', 'ana'],
      ['feedback', id, '--helpful', '--db', join(work.dir, 'no-such-dir', 'sub', 'x.db'), '--user', 'ana'],
    ]) {
      const quick = run(BIN, args, work.dir, home);
      expect(
        quick.report!.files.map((f) => f.split('/').pop()),
        args.join(' '),
      ).toContain('feedback.js');
      expect(
        quick.report!.files.map((f) => f.split('/').pop()),
        args.join(' '),
      ).not.toContain('main.js');
      expect(quick.report!.accepted).toHaveLength(quick.report!.files.length);
      expect(quick, args.join(' ')).toEqual({ ...program(args), report: quick.report });
    }
    // A command line that is not a plain vote runs the whole program.
    const next = run(BIN, ['feedback', '--next', '--user', 'ana'], work.dir, home);
    expect(next.code, next.stderr).toBe(0);
    expect(next.report!.files.map((f) => f.split('/').pop())).toContain('main.js');
    expect(next).toEqual({ ...program(['feedback', '--next', '--user', 'ana']), report: next.report });
  });

  it('without the CommonJS files the ES module bundle runs, with the same output', () => {
    const home = join(work.dir, 'home-esm');
    const args = ['grade', 'src/f.py', '--no-cache', '--no-neural', '--format', 'json'];
    const before = run(join(copy, 'bin', 'toasty.js'), args, work.dir, home);
    rmSync(join(copy, 'dist', 'bundle', 'cjs'), { recursive: true, force: true });
    expect(existsSync(join(copy, 'dist', 'bundle', 'main.js'))).toBe(true);
    const esm = run(join(copy, 'bin', 'toasty.js'), args, work.dir, home);
    expect(esm.code, esm.stderr).toBe(0);
    expect(esm.report!.files).toEqual([]);
    expect(stable(esm.stdout)).toEqual(stable(before.stdout));
    const version = run(join(copy, 'bin', 'toasty.js'), ['--version'], work.dir, home);
    expect(version.stdout).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version + '\n');
  });
});
