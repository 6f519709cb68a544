// Cold vs warm grading of an unchanged tree, and the feedback command's latency.
//
//   node bench/store/warm-cold.mjs [--size default|large] [--repeat 3]
//
// cold: a fresh database (nothing cached); warm: the same command again on the unchanged tree.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, makeCorpus } from '../learning/corpus.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const size = arg('size', 'default');
const repeat = Number(arg('repeat', 3));
const dir = makeCorpus(size);
const env = { ...process.env, NO_COLOR: '1', CI: '' };

function timed(args, db) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args, '--db', db], { cwd: dir, encoding: 'utf8', env, maxBuffer: 1 << 28 });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`exit ${r.status}: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const cold = [];
const warm = [];
let summary = null;
for (let i = 0; i < repeat; i++) {
  const db = join(dir, `run${i}.db`);
  const c = timed(['grade', 'corpus', '--format', 'json', '--output', 'out.json', '--quiet'], db);
  cold.push(c.ms);
  for (let k = 0; k < 2; k++) warm.push(timed(['grade', 'corpus', '--format', 'json', '--output', 'out.json', '--quiet'], db).ms);
  if (!summary) summary = JSON.parse(timed(['grade', 'corpus', '--format', 'json', '--quiet'], db).stdout).summary;
}
const db = join(dir, 'run0.db');
const ids = JSON.parse(timed(['grade', 'corpus', '--format', 'json', '--quiet'], db).stdout)
  .files.flatMap((f) => f.findings)
  .map((f) => f.id)
  .slice(0, 20);
const fb = ids.map((id, i) => timed(['feedback', id.slice(0, 8), i % 2 ? '--helpful' : '--not-helpful'], db).ms);
const version = median(Array.from({ length: 10 }, () => timed(['--version'], db).ms));

console.log(`corpus: ${summary.files} files, ${summary.graded} graded, ${summary.findings} findings`);
console.log(`cold grade (fresh DB):    median ${median(cold).toFixed(0)} ms  (${cold.map((x) => x.toFixed(0)).join(', ')})`);
console.log(`warm grade (unchanged):   median ${median(warm).toFixed(0)} ms  (${warm.map((x) => x.toFixed(0)).join(', ')})`);
console.log(`warm / cold:              ${((median(warm) / median(cold)) * 100).toFixed(1)}%`);
console.log(`feedback (8-char prefix): median ${median(fb).toFixed(0)} ms, max ${Math.max(...fb).toFixed(0)} ms over ${fb.length} calls`);
console.log(`node + toasty --version:  median ${version.toFixed(0)} ms (process start-up floor on this machine)`);
rmSync(dir, { recursive: true, force: true });
