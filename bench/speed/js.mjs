#!/usr/bin/env node
// The JS/TS front-end against ESLint (issue 19), interleaved in one run so that ratios share the
// machine's load. Each round runs, on the JS/TS corpus of run.mjs:
//   - the parse floor: one Node process that parses every file with toasty's own `parseSource`
//     (Babel with the options and fallbacks toasty uses), nothing else;
//   - ESLint complexity + sonarjs cognitive complexity (bench/speed/eslint.config.mjs);
//   - toasty grade --no-neural --no-cache (default --jobs, so workers), and the same with --jobs 1;
//   - with --before <built checkout>: that checkout's two toasty rows.
// Figures: median wall and CPU (user + sys, threads included, /usr/bin/time), peak RSS, and each
// row's ratio to ESLint. With --before the --no-neural JSON (run ids and timings removed) must be
// identical to the checkout's, and the script says whether it is.
//
//   npm run build && node bench/speed/js.mjs [--runs 3] [--before <built checkout>]
import { rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { copyJsCorpus, digest, median, option as opt, ROOT, timed } from './common.mjs';

const runs = Number(opt('--runs')) || 3;
const before = opt('--before') ? resolve(opt('--before')) : null;
const WORK = join(tmpdir(), 'toasty-bench-jsfront');
const SOURCE = /\.((c|m)?[jt]sx?)$/;

rmSync(WORK, { recursive: true, force: true });
const corpus = join(WORK, 'js');
copyJsCorpus(ROOT, corpus);

// The parse floor: toasty's parseSource over every file, in one process (the files listed and read
// the way discovery would, so the row pays Node's start-up, Babel's loading and the reads too).
const floorScript = join(WORK, 'floor.mjs');
writeFileSync(
  floorScript,
  `import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
const { parseSource } = await import(${JSON.stringify(join(ROOT, 'dist', 'languages', 'javascript', 'parse.js'))});
const dir = process.argv[2];
let n = 0;
for (const f of readdirSync(dir, { recursive: true }).map(String).filter((f) => ${SOURCE}.test(f)).sort()) {
  const path = join(dir, f);
  const lang = /\\.[cm]?tsx?$/.test(f) ? 'typescript' : 'javascript';
  if (parseSource(path, readFileSync(path, 'utf8').replace(/^\\uFEFF/, ''), lang).ast) n++;
}
console.error('parsed', n);
`,
);

const env = (home) => ({ ...process.env, CI: 'true', NO_COLOR: '1', TOASTY_HOME: join(WORK, home) });
const grade = (bin, out, ...extra) => [join(bin, 'bin', 'toasty.js'), 'grade', corpus, '--format', 'json', '--output', out, '--quiet', '--no-cache', '--no-neural', ...extra];
const rows = [
  ['Babel parse alone (toasty parseSource, one process)', () => timed(process.execPath, [floorScript, corpus])],
  ['ESLint complexity + sonarjs cognitive', () => timed(process.execPath, [join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '-c', join(ROOT, 'bench', 'speed', 'eslint.config.mjs'), '--no-ignore', '-f', 'json', '-o', '/dev/null', corpus], { cwd: corpus })],
  ['toasty --no-neural (default --jobs)', () => timed(process.execPath, grade(ROOT, join(WORK, 'after.json')), { env: env('home-after'), cwd: WORK })],
  ['toasty --no-neural --jobs 1', () => timed(process.execPath, grade(ROOT, '/dev/null', '--jobs', '1'), { env: env('home-after1'), cwd: WORK })],
  ...(before
    ? [
        ['before: toasty --no-neural (default --jobs)', () => timed(process.execPath, grade(before, join(WORK, 'before.json')), { env: env('home-before'), cwd: WORK })],
        ['before: toasty --no-neural --jobs 1', () => timed(process.execPath, grade(before, '/dev/null', '--jobs', '1'), { env: env('home-before1'), cwd: WORK })],
      ]
    : []),
];
const loadStart = loadavg();
const samples = rows.map(() => []);
for (let i = 0; i < runs; i++) rows.forEach(([, run], k) => samples[k].push(run()));
const stat = (k) => ({ wall: median(samples[k].map((s) => s.wall)), cpu: median(samples[k].map((s) => s.cpu)), rss: Math.max(...samples[k].map((s) => s.rss)) });
const eslint = stat(1);
const out = [
  `# JS/TS front-end vs ESLint (${new Date().toISOString().slice(0, 16)}Z, ${cpus().length} cores, node ${process.version}, median of ${runs}, interleaved, load average ${loadStart.map((x) => x.toFixed(1)).join(' ')} at start, ${loadavg().map((x) => x.toFixed(1)).join(' ')} at end)`,
  '',
  '| command | median wall (s) | median CPU (s) | peak RSS (MB) | wall / ESLint | CPU / ESLint |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(([label], k) => {
    const s = stat(k);
    return `| ${label} | ${s.wall.toFixed(2)} | ${s.cpu.toFixed(2)} | ${s.rss.toFixed(0)} | ${(s.wall / eslint.wall).toFixed(3)} | ${(s.cpu / eslint.cpu).toFixed(3)} |`;
  }),
];
if (before) out.push('', `--no-neural JSON before = after: ${digest(join(WORK, 'before.json')) === digest(join(WORK, 'after.json')) ? 'identical' : 'DIFFERENT'}`);
console.log(out.join('\n'));
