#!/usr/bin/env node
// Interleaved A/B of `toasty grade` builds or settings on one corpus (issue 19): each round runs
// every variant once (cold: --no-cache, its own fresh-per-variant TOASTY_HOME), in the given order
// in even rounds and the reverse order in odd ones, so that neither is always first; prints wall, CPU
// (user + sys, threads included), peak RSS (/usr/bin/time -f %M) and a hash of the JSON without
// run ids, so that the variants' outputs can be seen to be identical.
//
//   node bench/speed/ab.mjs <corpus> <rounds> 'label|path/to/bin/toasty.js|ENV=V,ENV=V|extra args|node flags' ...
//   e.g. node bench/speed/ab.mjs /usr/lib/python3.11 3 "before|/tmp/before/bin/toasty.js||" "after|bin/toasty.js||"
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const work = mkdtempSync(join(tmpdir(), 'toasty-ab-'));
function digest(file) {
  const j = JSON.parse(readFileSync(file, 'utf8'));
  const runId = j.run.id;
  delete j.run;
  const s = JSON.stringify(j).split(runId).join('RUN').replace(/"id":"[0-9a-f]{6,}"/g, '"id":"X"');
  return createHash('sha1').update(s).digest('hex').slice(0, 8);
}
const [corpus, rounds, ...specs] = process.argv.slice(2);
// spec: label=bin|ENV=V,ENV=V|extra args
const cfgs = specs.map((s) => { const [label, bin, envs, extra, flags] = s.split('|'); return { label, bin, flags: (flags||'').split(' ').filter(Boolean), env: Object.fromEntries((envs||'').split(',').filter(Boolean).map((e) => e.split('='))), extra: (extra||'').split(' ').filter(Boolean), res: [] }; });
for (let r = 0; r < Number(rounds); r++) for (const c of r % 2 ? [...cfgs].reverse() : cfgs) {
  const out = join(work, `${c.label}.json`);
  const p = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', process.execPath, ...c.flags, resolve(c.bin), 'grade', corpus, '--format', 'json', '--output', out, '--quiet', '--no-cache', ...c.extra], { encoding: 'utf8', cwd: work, env: { ...process.env, CI: 'true', NO_COLOR: '1', TOASTY_HOME: join(work, 'home-' + c.label), ...c.env } });
  const [wall, rss, u, s] = p.stderr.trim().split('\n').pop().split(' ').map(Number);
  const h = p.status === 0 || p.status === 1 ? digest(out) : 'failed';
  c.res.push({ wall, rss: Math.round(rss / 1024), cpu: +(u + s).toFixed(2), h, status: p.status });
  console.log(c.label, JSON.stringify(c.res.at(-1)));
}
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
rmSync(work, { recursive: true, force: true });
for (const c of cfgs) console.log(`${c.label}: wall ${med(c.res.map((x) => x.wall))} cpu ${med(c.res.map((x) => x.cpu))} rss med ${med(c.res.map((x) => x.rss))} max ${Math.max(...c.res.map((x) => x.rss))}`);
