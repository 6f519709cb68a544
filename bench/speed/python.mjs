#!/usr/bin/env node
// The Python front-end against radon, in the same run (issue 19): for each corpus, interleaved
// runs of `toasty grade --no-neural --no-cache` and `radon cc -s -j`, plus the floors toasty cannot
// go under with tree-sitter on this machine: tree-sitter's parse alone, and parse + the model
// (`parsePythonFile`: tree → model, metrics, semantic layer), each in one process over every file.
// Wall times are medians of N runs; peak RSS from /usr/bin/time -f %M; ratios are to radon's median.
//
//   npm run build && node bench/speed/python.mjs [--runs 3] [--before <built checkout>] [corpus ...]
//
// --before: a built checkout of an earlier commit (its own dist/ and node_modules/); its toasty run
// and its parse + model floor are interleaved with this one's, so before/after ratios share the load.
//
// Default corpora: the Python standard library and urllib3 from Debian's dist-packages (37 files,
// 10k lines: the size of flask + requests, which are not used here — see the data rules).
// Needs: radon (apt-get install radon), /usr/bin/time (apt-get install time).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pythonFloorScript } from './common.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const argv = process.argv.slice(2);
const runsAt = argv.indexOf('--runs');
const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) || 3 : 3;
const beforeAt = argv.indexOf('--before');
const before = beforeAt >= 0 ? resolve(argv[beforeAt + 1]) : null;
const named = argv.filter((a, i) => !a.startsWith('--') && (runsAt < 0 || i !== runsAt + 1) && (beforeAt < 0 || i !== beforeAt + 1));
const corpora = named.length ? named : ['/usr/lib/python3.11', '/usr/lib/python3/dist-packages/urllib3'];

function timed(cmd, args, opts = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [wall, rssKb, user, sys] = last.split(' ').map(Number);
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return { wall, rssMb: rssKb / 1024, cpu: user + sys };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pyFiles = (dir) =>
  readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.py') && !f.includes('__pycache__'));


const home = join(tmpdir(), 'toasty-bench-python-home');
rmSync(home, { recursive: true, force: true });
const env = { ...process.env, CI: 'true', NO_COLOR: '1', TOASTY_HOME: home };
const toasty = join(ROOT, 'bin', 'toasty.js');
const grade = (bin, dir) => [bin, 'grade', dir, '--format', 'json', '--output', '/dev/null', '--quiet', '--no-cache', '--no-neural', '--no-learning'];
const commands = (dir) => [
  ['toasty grade --no-neural --no-cache', process.execPath, grade(toasty, dir), { env }],
  ['radon cc -s -j', 'radon', ['cc', '-s', '-j', dir], {}],
  ['floor: tree-sitter parse only (1 process)', process.execPath, ['--input-type=module', '-e', pythonFloorScript('parse'), dir], { cwd: ROOT }],
  ['floor: parse + model (parsePythonFile, 1 process)', process.execPath, ['--input-type=module', '-e', pythonFloorScript('model'), dir], { cwd: ROOT }],
  ...(before
    ? [
        ['before: toasty grade --no-neural --no-cache', process.execPath, grade(join(before, 'bin', 'toasty.js'), dir), { env }],
        ['before: floor: parse + model', process.execPath, ['--input-type=module', '-e', pythonFloorScript('model', before), dir], { cwd: before }],
      ]
    : []),
];

const out = [`# Python front-end vs radon (${new Date().toISOString().slice(0, 16)}Z, ${cpus().length} cores, node ${process.version}, median of ${runs}, interleaved)`, ''];
for (const dir of corpora) {
  if (!existsSync(dir)) continue;
  const cmds = commands(dir);
  const samples = cmds.map(() => ({ wall: [], cpu: [], rss: 0 }));
  for (let i = 0; i < runs; i++) {
    cmds.forEach(([, cmd, args, opts], k) => {
      const r = timed(cmd, args, opts);
      samples[k].wall.push(r.wall);
      samples[k].cpu.push(r.cpu);
      samples[k].rss = Math.max(samples[k].rss, r.rssMb);
    });
  }
  const radonWall = median(samples[1].wall);
  out.push(`## ${dir} (${pyFiles(dir).length} .py files)`, '', '| command | median wall (s) | CPU user+sys (s) | peak RSS (MB) | wall / radon |', '| --- | ---: | ---: | ---: | ---: |');
  cmds.forEach(([label], k) => {
    const w = median(samples[k].wall);
    out.push(`| ${label} | ${w.toFixed(2)} | ${median(samples[k].cpu).toFixed(2)} | ${samples[k].rss.toFixed(0)} | ${(w / radonWall).toFixed(2)}× |`);
  });
  out.push('');
}
console.log(out.join('\n'));
