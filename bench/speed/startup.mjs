#!/usr/bin/env node
// Start-up benchmark (issue 19): a cold process on one small file against `radon cc` on the same
// file, `toasty --version`, and a fully cached re-run against a cold run, all in the same run
// (ratios only: the machine is shared). Wall and CPU (user + sys) medians of N runs, interleaved.
//
//   npm run build && node bench/speed/startup.mjs [--runs 5] [--before /path/to/other/checkout] [--corpora [--corpus-runs 3]]
//
// --before: the same rows for another built checkout (e.g. `git worktree add` of main), interleaved.
// Projects re-run fully cached: three stdlib packages (67 files) and urllib3 (37 files, 10k lines,
// Debian's python3-urllib3; skipped when absent). --corpora adds the Python standard library and the
// JS/TS corpus of js.mjs, cold and fully cached, --corpus-runs times each (default 3).
// `node -e 0` is timed in the same rounds: the floor of any cached re-run.
// The default one-file run and radon run again with stdout on /dev/null (as hyperfine runs them).
// Needs: radon (apt-get install radon), /usr/bin/time (apt-get install time).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { copyJsCorpus } from './common.mjs';

const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const runs = Number(arg('--runs')) || 5;
const ROOT = resolve(import.meta.dirname, '..', '..');
const builds = [['after', ROOT]];
if (arg('--before')) builds.unshift(['before', resolve(arg('--before'))]);

const work = join(tmpdir(), 'toasty-bench-startup');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
writeFileSync(join(work, 'f.py'), 'def f(a):\n    if a:\n        return a + 1\n    return 0\n');
// A small Python project (not a calibration corpus): three stdlib packages, copied outside any git repository.
const project = join(work, 'project');
for (const pkg of ['json', 'email', 'asyncio']) cpSync(join('/usr/lib/python3.11', pkg), join(project, pkg), { recursive: true, filter: (p) => !p.includes('__pycache__') });
const pyFiles = (dir) => readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.py') && !String(f).includes('__pycache__')).length;
const files = pyFiles(project);
const URLLIB3 = '/usr/lib/python3/dist-packages/urllib3';
const projects = [[`project (${files} files)`, project]];
if (existsSync(URLLIB3)) {
  cpSync(URLLIB3, join(work, 'urllib3'), { recursive: true, filter: (p) => !p.includes('__pycache__') });
  projects.push([`urllib3 (${pyFiles(join(work, 'urllib3'))} files)`, join(work, 'urllib3')]);
}
const corpora = [];
if (process.argv.includes('--corpora')) {
  copyJsCorpus(ROOT, join(work, 'js'));
  corpora.push(['stdlib (/usr/lib/python3.11)', '/usr/lib/python3.11'], ['JS/TS corpus (js.mjs)', join(work, 'js')]);
}
const corpusRuns = Number(arg('--corpus-runs')) || 3;

const devNull = openSync('/dev/null', 'w');

/**
 * One run under /usr/bin/time: CPU (user + sys, 10 ms steps) and peak RSS from it, wall from the
 * clock around it (time's own `%e` has 10 ms steps too: 5% of a one-file run). stdout is a pipe,
 * or /dev/null with `toNull` (as hyperfine runs commands: a terminal check then needs no `node:tty`).
 */
function timed(cmd, args, env, cwd = work, toNull = false) {
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', cmd, ...args], {
    encoding: 'utf8',
    env,
    cwd,
    maxBuffer: 1 << 28,
    stdio: ['ignore', toNull ? devNull : 'pipe', 'pipe'],
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-1500)}`);
  const [, user, sys, rss] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wall, cpu: user + sys, rss: rss / 1024 };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rows = new Map();
const add = (label, t) => {
  const r = rows.get(label) ?? { wall: [], cpu: [], rss: 0 };
  r.wall.push(t.wall);
  r.cpu.push(t.cpu);
  r.rss = Math.max(r.rss, t.rss);
  rows.set(label, r);
};
for (let i = 0; i < runs; i++) {
  add('node -e 0', timed(process.execPath, ['-e', '0'], process.env));
  add('radon cc f.py', timed('radon', ['cc', 'f.py'], process.env));
  add('radon cc f.py > /dev/null', timed('radon', ['cc', 'f.py'], process.env, work, true));
  for (const [name, root] of builds) {
    const bin = join(root, 'bin', 'toasty.js');
    const home = join(work, `home-${name}`);
    rmSync(home, { recursive: true, force: true });
    const env = { ...process.env, CI: 'true', NO_COLOR: '1', TOASTY_HOME: home };
    add(`${name}: toasty --version`, timed(process.execPath, [bin, '--version'], env));
    add(`${name}: toasty grade f.py --no-cache --no-neural`, timed(process.execPath, [bin, 'grade', 'f.py', '--no-cache', '--no-neural'], env));
    add(`${name}: toasty grade f.py --no-cache (with the model)`, timed(process.execPath, [bin, 'grade', 'f.py', '--no-cache'], env));
    add(`${name}: toasty grade f.py --no-cache > /dev/null`, timed(process.execPath, [bin, 'grade', 'f.py', '--no-cache'], env, work, true));
    const targets = i < corpusRuns ? [...projects, ...corpora] : projects;
    for (const [label, dir] of targets) {
      const grade = [bin, 'grade', dir, '--format', 'json', '--output', '/dev/null', '--quiet', '--no-neural'];
      add(`${name}: ${label} cold --no-cache --no-neural`, timed(process.execPath, [...grade, '--no-cache'], env));
      add(`${name}: ${label} fully cached re-run --no-neural`, timed(process.execPath, grade, env));
    }
  }
}

const out = ['| command | median wall (s) | median CPU (s) | peak RSS (MB) |', '| --- | ---: | ---: | ---: |'];
for (const [label, r] of rows) out.push(`| ${label} | ${median(r.wall).toFixed(3)} | ${median(r.cpu).toFixed(2)} | ${r.rss.toFixed(0)} |`);
const get = (label, k) => median(rows.get(label)[k]);
out.push('', '| ratio (same run) | wall | CPU |', '| --- | ---: | ---: |');
for (const [name] of builds) {
  const small = `${name}: toasty grade f.py --no-cache --no-neural`;
  out.push(`| ${name}: one small file cold / radon cc | ${(get(small, 'wall') / get('radon cc f.py', 'wall')).toFixed(2)}× | ${(get(small, 'cpu') / get('radon cc f.py', 'cpu')).toFixed(2)}× |`);
  const discarded = `${name}: toasty grade f.py --no-cache > /dev/null`;
  out.push(
    `| ${name}: one small file cold, the default run, stdout /dev/null (as hyperfine) / radon cc > /dev/null | ${(get(discarded, 'wall') / get('radon cc f.py > /dev/null', 'wall')).toFixed(2)}× | ${(get(discarded, 'cpu') / get('radon cc f.py > /dev/null', 'cpu')).toFixed(2)}× |`,
  );
  for (const [label] of [...projects, ...corpora]) {
    const cold = `${name}: ${label} cold --no-cache --no-neural`;
    const warm = `${name}: ${label} fully cached re-run --no-neural`;
    const pct = (k) => `${((100 * get(warm, k)) / get(cold, k)).toFixed(1)}%`;
    out.push(`| ${name}: ${label}: cached re-run / cold run | ${pct('wall')} | ${pct('cpu')} |`);
    if (name === builds.at(-1)[0])
      out.push(`| ${label}: \`node -e 0\` / cold run (the floor of a cached re-run) | ${((100 * get('node -e 0', 'wall')) / get(cold, 'wall')).toFixed(1)}% | ${((100 * get('node -e 0', 'cpu')) / get(cold, 'cpu')).toFixed(1)}% |`);
  }
}
console.log(out.join('\n'));
rmSync(work, { recursive: true, force: true });
