#!/usr/bin/env node
// A fully cached re-run, two builds interleaved (issue 19): each round runs `node -e 0` and, for every
// build, `toasty grade DIR --format json --output /dev/null --quiet --no-neural` on a cache that
// build filled once before the rounds; the order of the builds alternates round by round. Figures:
// median wall and median CPU (perf stat's task-clock: every thread of the process, in ms, finer than
// /usr/bin/time's 10 ms) per build, and each build's CPU above `node -e 0`'s. A shared machine's
// load moves walls far more than CPU: compare the CPU columns.
//
//   npm run build && node bench/speed/cached-ab.mjs DIR [--rounds 15] [--before <built checkout>]
// Needs: perf (apt-get install linux-perf).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median, option, ROOT } from './common.mjs';

const dir = resolve(process.argv[2] ?? '.');
const rounds = Number(option('--rounds')) || 15;
const builds = [['after', ROOT]];
if (option('--before')) builds.unshift(['before', resolve(option('--before'))]);
const work = mkdtempSync(join(tmpdir(), 'toasty-cached-ab-'));

function measure(args, env = process.env) {
  const started = process.hrtime.bigint();
  const r = spawnSync('perf', ['stat', '-x,', '-e', 'task-clock', process.execPath, ...args], { encoding: 'utf8', env, maxBuffer: 1 << 28 });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')}: exit ${r.status}: ${r.stderr.slice(-1500)}`);
  const line = r.stderr.split('\n').find((l) => l.includes(',task-clock,'));
  return { wall, cpu: Number(line.split(',')[0]) };
}

const envOf = (name) => ({ ...process.env, CI: 'true', NO_COLOR: '1', TOASTY_HOME: join(work, `home-${name}`) });
const gradeArgs = (root) => [join(root, 'bin', 'toasty.js'), 'grade', dir, '--format', 'json', '--output', '/dev/null', '--quiet', '--no-neural'];
for (const [name, root] of builds) measure(gradeArgs(root), envOf(name)); // fills the cache
const rows = new Map([['node -e 0', { wall: [], cpu: [] }], ...builds.map(([name]) => [name, { wall: [], cpu: [] }])]);
const load = loadavg()[0];
for (let i = 0; i < rounds; i++) {
  const push = (name, m) => (rows.get(name).wall.push(m.wall), rows.get(name).cpu.push(m.cpu));
  push('node -e 0', measure(['-e', '0']));
  for (const [name, root] of i % 2 ? [...builds].reverse() : builds) push(name, measure(gradeArgs(root), envOf(name)));
}
const floor = median(rows.get('node -e 0').cpu);
console.log(`# fully cached re-run of ${dir}, ${rounds} rounds interleaved, load average ${load.toFixed(1)} → ${loadavg()[0].toFixed(1)}`);
console.log('| command | median wall (ms) | median CPU (ms) | CPU above `node -e 0` (ms) |');
console.log('| --- | ---: | ---: | ---: |');
for (const [name, r] of rows)
  console.log(`| ${name} | ${median(r.wall).toFixed(0)} | ${median(r.cpu).toFixed(0)} | ${name === 'node -e 0' ? '' : (median(r.cpu) - floor).toFixed(0)} |`);
rmSync(work, { recursive: true, force: true });
