#!/usr/bin/env node
// Whole-corpus runs (issue 19): peak RSS, the JS/TS ratio to ESLint, the cached re-run and growth,
// all interleaved in one run so that ratios share the machine's load. Per corpus (the Python stdlib
// and the JS/TS corpus of run.mjs), each round runs:
//   - toasty grade, default configuration, cold (--no-cache, fresh TOASTY_HOME) — also fills the cache;
//   - the same with --no-neural;
//   - a fully cached re-run (the same TOASTY_HOME, no --no-cache);
//   - a cold run on a quarter of the corpus (every fourth file), for growth: full / quarter ≤ 4.4;
//   - ESLint complexity + sonarjs cognitive complexity (JS corpus only);
//   - with --before <built checkout>: that checkout's default cold run.
// Figures: median wall, CPU (user + sys, threads included), peak RSS of the process (threads share
// it: /usr/bin/time -f %M). The default run's JSON (run ids and timings removed) must be identical
// to the --before one's; the script says so.
//
//   npm run build && node bench/speed/corpus.mjs [--runs 3] [--before <built checkout>] [--only python|js]
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { copyJsCorpus, digest, median, option as opt, ROOT, timed } from './common.mjs';

const runs = Number(opt('--runs')) || 3;
const before = opt('--before') ? resolve(opt('--before')) : null;
const only = opt('--only');
const STDLIB = '/usr/lib/python3.11';
const WORK = join(tmpdir(), 'toasty-bench-corpus');
const SOURCE = /\.((c|m)?[jt]sx?|py)$/;

rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
const js = join(WORK, 'js');
copyJsCorpus(ROOT, js);
/** Every fourth source file of `dir`, same relative paths. */
function quarter(dir, to) {
  const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => SOURCE.test(f) && !f.includes('__pycache__')).sort();
  files.forEach((f, i) => {
    if (i % 4) return;
    mkdirSync(dirname(join(to, f)), { recursive: true });
    cpSync(join(dir, f), join(to, f));
  });
  return files.length;
}
const corpora = [
  { name: 'python', dir: STDLIB, files: quarter(STDLIB, join(WORK, 'python-quarter')), quarter: join(WORK, 'python-quarter') },
  { name: 'js', dir: js, files: quarter(js, join(WORK, 'js-quarter')), quarter: join(WORK, 'js-quarter') },
].filter((c) => !only || c.name === only);

const env = (home) => ({ ...process.env, CI: 'true', NO_COLOR: '1', TOASTY_HOME: join(WORK, home) });
const grade = (bin, dir, out, ...extra) => [join(bin, 'bin', 'toasty.js'), 'grade', dir, '--format', 'json', '--output', out, '--quiet', ...extra];
const out = [
  `# whole-corpus runs (${new Date().toISOString().slice(0, 16)}Z, ${cpus().length} cores, node ${process.version}, median of ${runs}, interleaved, load average at start ${loadavg().map((x) => x.toFixed(1)).join(' ')})`,
  '',
];
for (const c of corpora) {
  const rows = [
    ['toasty default, cold (--no-cache)', () => { rmSync(join(WORK, 'home-after'), { recursive: true, force: true }); return timed(process.execPath, grade(ROOT, c.dir, join(WORK, `${c.name}-after.json`), '--no-cache'), { env: env('home-after'), cwd: WORK }); }],
    ['toasty default, fully cached re-run', () => timed(process.execPath, grade(ROOT, c.dir, '/dev/null'), { env: env('home-after'), cwd: WORK })],
    ['toasty --no-neural, cold', () => timed(process.execPath, grade(ROOT, c.dir, '/dev/null', '--no-cache', '--no-neural'), { env: env('home-nn'), cwd: WORK })],
    ['toasty default, cold, a quarter of the files', () => timed(process.execPath, grade(ROOT, c.quarter, '/dev/null', '--no-cache'), { env: env('home-q'), cwd: WORK })],
    ...(c.name === 'js'
      ? [['eslint complexity + sonarjs/cognitive-complexity', () => timed(process.execPath, [join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '-c', join(ROOT, 'bench', 'speed', 'eslint.config.mjs'), '--no-ignore', '-f', 'json', '-o', '/dev/null', c.dir], { cwd: c.dir, env: { ...process.env } })]]
      : []),
    ...(before ? [['before: toasty default, cold', () => timed(process.execPath, grade(before, c.dir, join(WORK, `${c.name}-before.json`), '--no-cache'), { env: env('home-before'), cwd: WORK })]] : []),
  ];
  const samples = rows.map(() => []);
  for (let i = 0; i < runs; i++) rows.forEach(([, run], k) => samples[k].push(run()));
  const stat = (k) => ({ wall: median(samples[k].map((s) => s.wall)), cpu: median(samples[k].map((s) => s.cpu)), rss: Math.max(...samples[k].map((s) => s.rss)), rssAll: samples[k].map((s) => Math.round(s.rss)) });
  const cold = stat(0);
  out.push(`## ${c.name}: ${c.dir} (${c.files} files; quarter: ${Math.ceil(c.files / 4)})`, '', '| command | median wall (s) | median CPU (s) | peak RSS (MB), each run | wall / cold default | CPU / cold default |', '| --- | ---: | ---: | ---: | ---: | ---: |');
  rows.forEach(([label], k) => {
    const s = stat(k);
    out.push(`| ${label} | ${s.wall.toFixed(2)} | ${s.cpu.toFixed(2)} | ${s.rssAll.join(', ')} | ${(s.wall / cold.wall).toFixed(3)} | ${(s.cpu / cold.cpu).toFixed(3)} |`);
  });
  const q = stat(3);
  out.push('', `growth: ${c.files} files / ${Math.ceil(c.files / 4)} files = ${(c.files / Math.ceil(c.files / 4)).toFixed(2)}× the files take ${(cold.wall / q.wall).toFixed(2)}× the wall and ${(cold.cpu / q.cpu).toFixed(2)}× the CPU (target ≤ 4.4×)`);
  if (c.name === 'js') {
    const e = stat(4);
    out.push(`toasty default / ESLint: ${(cold.wall / e.wall).toFixed(2)}× wall, ${(cold.cpu / e.cpu).toFixed(2)}× CPU; --no-neural / ESLint: ${(stat(2).wall / e.wall).toFixed(2)}× wall, ${(stat(2).cpu / e.cpu).toFixed(2)}× CPU (target ≤ 0.4×)`);
  }
  if (before) out.push(`default JSON before = after: ${digest(join(WORK, `${c.name}-before.json`)) === digest(join(WORK, `${c.name}-after.json`)) ? 'identical' : 'DIFFERENT'}`);
  out.push('');
}
console.log(out.join('\n'));
