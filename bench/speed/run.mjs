#!/usr/bin/env node
// Issue 19's table, in one run: toasty against its peers on the same corpora, each ratio taken from
// interleaved runs of the same sitting (machines differ and are shared: compare ratios, not seconds).
//
//   npm run build && node bench/speed/run.mjs [--runs 3]
//
// Rows (medians of N; wall and CPU from /usr/bin/time; toasty with `--no-neural --no-cache` unless said):
// - Python standard library against `radon cc -s -j` (target ≤ 1.0×);
// - urllib3 from Debian's dist-packages against radon (target ≤ 1.5×): 37 files, 10k lines, the size
//   of flask + requests, which are kept out of everything here (data rules);
// - the JS/TS corpus copied from node_modules against ESLint with complexity + sonarjs cognitive
//   complexity (target ≤ 0.4×);
// - one 3-line .py file, cold process, `grade f.py --no-cache` against `radon cc f.py` (≤ 1.5×);
// - `toasty --version` (< 100 ms), beside `node -e 0`, Node's own start-up;
// - a fully cached re-run against a cold run of each corpus (≤ 10%), beside `node -e 0` against the
//   same cold run: the share no Node program can go under;
// - peak RSS of the standard library with the default configuration (≤ 300 MB);
// - growth: the standard library against every fourth file of it (4× the files ≤ 4.4× the time);
// - the floors: tree-sitter's parse alone and parse + model in one process (Python), Babel's parse
//   alone (JS/TS), each against the same peer.
//
// Needs: radon (apt-get install radon), /usr/bin/time (apt-get install time).
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyJsCorpus, median, option, pythonFloorScript, ROOT, timed } from './common.mjs';

const runs = Number(option('--runs')) || 3;
const STDLIB = '/usr/lib/python3.11';
const URLLIB3 = '/usr/lib/python3/dist-packages/urllib3';
const WORK = join(tmpdir(), 'toasty-bench-run');
rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });

// Every corpus is copied outside any git repository (neither tool's ignore rules interfere) and
// without __pycache__.
const noCache = (src) => !src.includes('__pycache__');
const corpora = {
  stdlib: join(WORK, 'stdlib'),
  urllib3: join(WORK, 'urllib3'),
  js: join(WORK, 'js'),
  quarter: join(WORK, 'stdlib-quarter'),
};
cpSync(STDLIB, corpora.stdlib, { recursive: true, filter: noCache });
cpSync(URLLIB3, corpora.urllib3, { recursive: true, filter: noCache });
copyJsCorpus(ROOT, corpora.js);
// Growth: every fourth file of the standard library (in path order, so the same mix of sizes)
// against all of it. Copies of one project would not do: duplicate-code findings grow with the
// square of the number of copies.
const stdlibFiles = readdirSync(corpora.stdlib, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.py'))
  .sort();
stdlibFiles.forEach((f, i) => {
  if (i % 4 === 0) cpSync(join(corpora.stdlib, f), join(corpora.quarter, f));
});
const small = join(WORK, 'small');
mkdirSync(small);
writeFileSync(join(small, 'f.py'), 'def f(a):\n    if a:\n        return a + 1\n    return 0\n');
const count = (dir, re) => readdirSync(dir, { recursive: true }).filter((f) => re.test(String(f))).length;

const toasty = join(ROOT, 'bin', 'toasty.js');
const home = join(WORK, 'home');
const env = { ...process.env, CI: 'true', NO_COLOR: '1', TOASTY_HOME: home };
const node = process.execPath;
const grade = (dir, ...extra) => [toasty, 'grade', dir, '--format', 'json', '--output', '/dev/null', '--quiet', '--no-neural', ...extra];
const eslint = (dir) => [node, [join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '-c', join(ROOT, 'bench', 'speed', 'eslint.config.mjs'), '--no-ignore', '-f', 'json', '-o', '/dev/null', dir], { cwd: dir }];

// The floors, each in one process over every file of a corpus (no workers, no start-up of the CLI).
const floorJs = `
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
const { parseSource } = await import(${JSON.stringify(join(ROOT, 'dist', 'languages', 'javascript', 'parse.js'))});
const dir = process.argv[1];
for (const f of readdirSync(dir, { recursive: true }).map(String).filter((f) => /\\.((c|m)?[jt]sx?)$/.test(f))) {
  const path = join(dir, f);
  parseSource(path, readFileSync(path, 'utf8').replace(/^\\uFEFF/, ''), /\\.[cm]?tsx?$/.test(f) ? 'typescript' : 'javascript');
}`;
const inline = (src, dir) => [node, ['--input-type=module', '-e', src, dir], { cwd: ROOT }];

/** Every command, by key: [command, args, spawn options]. */
const commands = {
  'stdlib cold': [node, grade(corpora.stdlib, '--no-cache'), { env }],
  'stdlib cached': [node, grade(corpora.stdlib), { env }],
  'stdlib default (RSS)': [node, [toasty, 'grade', corpora.stdlib, '--format', 'json', '--output', '/dev/null', '--quiet', '--no-cache'], { env }],
  'stdlib radon': ['radon', ['cc', '-s', '-j', corpora.stdlib], {}],
  'stdlib parse': inline(pythonFloorScript('parse'), corpora.stdlib),
  'stdlib addon parse': inline(pythonFloorScript('addon'), corpora.stdlib),
  'stdlib parse + model': inline(pythonFloorScript('model'), corpora.stdlib),
  'urllib3 cold': [node, grade(corpora.urllib3, '--no-cache'), { env }],
  'urllib3 cached': [node, grade(corpora.urllib3), { env }],
  'urllib3 radon': ['radon', ['cc', '-s', '-j', corpora.urllib3], {}],
  'urllib3 parse': inline(pythonFloorScript('parse'), corpora.urllib3),
  'urllib3 parse + model': inline(pythonFloorScript('model'), corpora.urllib3),
  'js cold': [node, grade(corpora.js, '--no-cache'), { env }],
  'js cached': [node, grade(corpora.js), { env }],
  'js eslint': eslint(corpora.js),
  'js parse': inline(floorJs, corpora.js),
  'small toasty': [node, [toasty, 'grade', 'f.py', '--no-cache'], { env, cwd: small }],
  'small radon': ['radon', ['cc', 'f.py'], { cwd: small }],
  version: [node, [toasty, '--version'], { env }],
  'node -e 0': [node, ['-e', '0'], {}],
  'stdlib quarter cold': [node, grade(corpora.quarter, '--no-cache'), { env }],
};

// One graded run of each corpus first, so that the "cached" runs find every file in the cache.
for (const dir of [corpora.stdlib, corpora.urllib3, corpora.js]) timed(node, grade(dir), { env });

const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, { wall: [], cpu: [], rss: 0 }]));
for (let i = 0; i < runs; i++)
  for (const [key, [cmd, args, opts]] of Object.entries(commands)) {
    const r = timed(cmd, args, opts);
    samples[key].wall.push(r.wall);
    samples[key].cpu.push(r.cpu);
    samples[key].rss = Math.max(samples[key].rss, r.rss);
  }
const wall = (k) => median(samples[k].wall);
const cpu = (k) => median(samples[k].cpu);
const x = (v) => `${v.toFixed(2)}×`;
const pct = (v) => `${(100 * v).toFixed(0)}%`;
const s = (v) => `${v.toFixed(2)} s`;
const verdict = (ok) => (ok ? 'met' : '**not met**');

const pyFiles = (dir) => count(dir, /\.py$/);
const rows = [
  ['Python stdlib', `${pyFiles(corpora.stdlib)} files`, 'stdlib cold', 'stdlib radon', 'radon cc -s -j', 1.0],
  ['urllib3 (the size of flask + requests)', `${pyFiles(corpora.urllib3)} files`, 'urllib3 cold', 'urllib3 radon', 'radon cc -s -j', 1.5],
  ['JS/TS corpus', `${count(corpora.js, /\.((c|m)?[jt]sx?)$/)} files`, 'js cold', 'js eslint', 'ESLint complexity + sonarjs', 0.4],
  ['one 3-line .py file, cold process', '1 file', 'small toasty', 'small radon', 'radon cc', 1.5],
];
const out = [
  `# toasty speed, issue 19's table (${new Date().toISOString().slice(0, 16)}Z, ${cpus().length} cores, node ${process.version}, medians of ${runs}, interleaved; load average at the end ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')})`,
  '',
  '| corpus | size | toasty wall | peer | peer wall | ratio | target | toasty CPU vs peer CPU |',
  '| --- | --- | ---: | --- | ---: | ---: | ---: | ---: |',
  ...rows.map(([name, size, t, p, peer, target]) => {
    const ratio = wall(t) / wall(p);
    return `| ${name} | ${size} | ${s(wall(t))} | ${peer} | ${s(wall(p))} | **${x(ratio)}** | ≤ ${target.toFixed(1)}× (${verdict(ratio <= target)}) | ${cpu(t).toFixed(2)} vs ${cpu(p).toFixed(2)} s |`;
  }),
  '',
  '| check | figure | target |',
  '| --- | ---: | --- |',
  `| \`toasty --version\` | ${(1000 * wall('version')).toFixed(0)} ms (\`node -e 0\`: ${(1000 * wall('node -e 0')).toFixed(0)} ms) | < 100 ms (${verdict(wall('version') < 0.1)}) |`,
  ...[
    ['stdlib', 'stdlib'],
    ['urllib3', 'urllib3'],
    ['JS/TS corpus', 'js'],
  ].map(([name, k]) => {
    const share = wall(`${k} cached`) / wall(`${k} cold`);
    return `| fully cached re-run / cold run, ${name} | ${pct(share)} (${s(wall(`${k} cached`))} / ${s(wall(`${k} cold`))}; \`node -e 0\` alone: ${pct(wall('node -e 0') / wall(`${k} cold`))}) | ≤ 10% (${verdict(share <= 0.1)}) |`;
  }),
  `| peak RSS, stdlib, default configuration | ${samples['stdlib default (RSS)'].rss.toFixed(0)} MB (highest of ${runs}) | ≤ 300 MB (${verdict(samples['stdlib default (RSS)'].rss <= 300)}) |`,
  `| growth: the stdlib (${pyFiles(corpora.stdlib)} files) against every fourth file (${pyFiles(corpora.quarter)}) | ${x(wall('stdlib cold') / wall('stdlib quarter cold'))} the time (${s(wall('stdlib cold'))} / ${s(wall('stdlib quarter cold'))}) | ≤ 4.4× (${verdict(wall('stdlib cold') / wall('stdlib quarter cold') <= 4.4)}) |`,
  '',
  'The floors (one process over every file, no CLI; against the same peer run):',
  '',
  '| floor | wall | CPU | / peer wall |',
  '| --- | ---: | ---: | ---: |',
  ...[
    ['stdlib: tree-sitter parse alone (node-tree-sitter)', 'stdlib parse', 'stdlib radon'],
    ["stdlib: tree-sitter parse + table (toasty's addon)", 'stdlib addon parse', 'stdlib radon'],
    ['stdlib: parse + model (parsePythonFile)', 'stdlib parse + model', 'stdlib radon'],
    ['urllib3: tree-sitter parse alone (node-tree-sitter)', 'urllib3 parse', 'urllib3 radon'],
    ['urllib3: parse + model (parsePythonFile)', 'urllib3 parse + model', 'urllib3 radon'],
    ['JS/TS corpus: Babel parse alone', 'js parse', 'js eslint'],
    ['`node -e 0` (Node start-up)', 'node -e 0', 'small radon'],
  ].map(([name, k, p]) => `| ${name} | ${s(wall(k))} | ${cpu(k).toFixed(2)} s | ${x(wall(k) / wall(p))} |`),
];
console.log(out.join('\n'));
rmSync(WORK, { recursive: true, force: true });
