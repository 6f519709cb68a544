#!/usr/bin/env node
// Speed benchmark: toasty vs radon (Python stdlib) and vs ESLint complexity + sonarjs cognitive
// complexity (a JS/TS corpus copied from node_modules), in the same run; plus `toasty --version`,
// one 200-line file, and peak RSS. Wall times are medians of N runs; RSS from /usr/bin/time -f %M.
//
//   npm run build && node bench/speed/run.mjs [--runs 5]
//
// Needs: radon (apt-get install radon), /usr/bin/time (apt-get install time).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const STDLIB = '/usr/lib/python3.11';
const JS_PACKAGES = ['eslint/lib', 'ajv/dist', 'yaml/dist', 'commander/lib', 'cosmiconfig/dist', 'picomatch/lib', 'vitest/dist', 'typescript-eslint/dist', '@typescript-eslint/typescript-estree/dist', 'ora', 'chalk/source'];

function timed(cmd, args, opts = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [wall, rssKb] = last.split(' ').map(Number);
  return { wall, rssMb: rssKb / 1024, status: r.status, stderr: r.stderr };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function bench(label, cmd, args, opts) {
  const samples = [];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    const r = timed(cmd, args, opts);
    if (r.status !== 0 && r.status !== 1) throw new Error(`${label} failed (${r.status}): ${r.stderr.slice(-2000)}`);
    samples.push(r.wall);
    rss = Math.max(rss, r.rssMb);
  }
  return { label, median: median(samples), min: Math.min(...samples), rss };
}

// A JS/TS corpus outside any git repository, so neither tool's ignore rules interfere.
const corpus = join(tmpdir(), 'toasty-bench-js');
rmSync(corpus, { recursive: true, force: true });
mkdirSync(corpus, { recursive: true });
for (const pkg of JS_PACKAGES) {
  const from = join(ROOT, 'node_modules', pkg);
  if (existsSync(from)) cpSync(from, join(corpus, pkg.replace(/\//g, '__')), { recursive: true, filter: (src) => !src.endsWith('.map') && !src.endsWith('.d.ts') && !src.endsWith('.d.mts') && !src.endsWith('.d.cts') });
}
const countFiles = (dir) => readdirSync(dir, { recursive: true }).filter((f) => /\.((c|m)?[jt]sx?|py)$/.test(String(f))).length;

const toasty = join(ROOT, 'bin', 'toasty.js');
// Cold runs: a fresh TOASTY_HOME and --no-cache, so no run is served from the previous one's cache.
const home = join(tmpdir(), 'toasty-bench-home');
rmSync(home, { recursive: true, force: true });
const env = { ...process.env, CI: 'true', NO_COLOR: '1', TOASTY_HOME: home };
const grade = (target, ...extra) => [toasty, 'grade', target, '--format', 'json', '--output', '/dev/null', '--quiet', '--no-cache', ...extra];
const results = [];
results.push(bench(`toasty grade stdlib --format json (default: all rules + neural, --jobs ${cpus().length})`, process.execPath, grade(STDLIB), { env }));
results.push(bench(`toasty grade stdlib --format json --no-neural (--jobs ${cpus().length})`, process.execPath, grade(STDLIB, '--no-neural'), { env }));
results.push(bench(`toasty grade stdlib --format json --no-neural --dimensions complexity`, process.execPath, grade(STDLIB, '--no-neural', '--dimensions', 'complexity'), { env }));
results.push(bench('radon cc -s -j stdlib', 'radon', ['cc', '-s', '-j', STDLIB], {}));
results.push(bench(`toasty grade js-corpus --format json (default: all rules + neural, --jobs ${cpus().length})`, process.execPath, grade(corpus), { env }));
results.push(bench(`toasty grade js-corpus --format json --no-neural (--jobs ${cpus().length})`, process.execPath, grade(corpus, '--no-neural'), { env }));
results.push(bench(`toasty grade js-corpus --format json --no-neural --dimensions complexity`, process.execPath, grade(corpus, '--no-neural', '--dimensions', 'complexity'), { env }));
results.push(bench('eslint complexity + sonarjs/cognitive-complexity js-corpus', process.execPath, [join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '-c', join(ROOT, 'bench', 'speed', 'eslint.config.mjs'), '--no-ignore', '-f', 'json', '-o', '/dev/null', corpus], { env, cwd: corpus }));
results.push(bench('toasty --version', process.execPath, [toasty, '--version'], { env }));

// One 200-line Python file and one 200-line TS file.
const one = join(tmpdir(), 'toasty-bench-one');
mkdirSync(one, { recursive: true });
const pyFn = (i) => `def f${i}(a, b):\n    if a > b:\n        return a - b\n    for x in range(b):\n        a += x\n    return a\n\n`;
const tsFn = (i) => `export function f${i}(a: number, b: number): number {\n  if (a > b) return a - b;\n  for (let x = 0; x < b; x++) a += x;\n  return a;\n}\n\n`;
writeFileSync(join(one, 'two_hundred.py'), Array.from({ length: 29 }, (_, i) => pyFn(i)).join('').split('\n').slice(0, 200).join('\n'));
writeFileSync(join(one, 'two_hundred.ts'), Array.from({ length: 34 }, (_, i) => tsFn(i)).join('').split('\n').slice(0, 200).join('\n'));
results.push(bench('toasty grade one 200-line .py (with the model)', process.execPath, [toasty, 'grade', join(one, 'two_hundred.py'), '--quiet', '--no-cache'], { env }));
results.push(bench('toasty grade one 200-line .ts (with the model)', process.execPath, [toasty, 'grade', join(one, 'two_hundred.ts'), '--quiet', '--no-cache'], { env }));

const lines = [
  `# speed benchmark (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, node ${process.version}, median of ${runs})`,
  '',
  `corpora: ${STDLIB} (${countFiles(STDLIB)} .py files); js-corpus (${countFiles(corpus)} JS/TS files from ${JS_PACKAGES.join(', ')})`,
  '',
  '| command | median wall (s) | min (s) | peak RSS (MB) |',
  '| --- | ---: | ---: | ---: |',
  ...results.map((r) => `| ${r.label} | ${r.median.toFixed(2)} | ${r.min.toFixed(2)} | ${r.rss.toFixed(0)} |`),
];
console.log(lines.join('\n'));
