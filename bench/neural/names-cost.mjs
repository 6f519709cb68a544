#!/usr/bin/env node
// Cost of name suggestions: a cold `grade` of the Python standard library with short-identifier on
// (so every naming finding runs the names model) against the same with `--no-neural`, in the same
// run, alternating the two (median of N runs each); peak RSS from /usr/bin/time -f %M.
//
//   npm run build && node bench/neural/names-cost.mjs [--runs 3]
// → bench/out/names-cost.json
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
const STDLIB = process.env.STDLIB ?? '/usr/lib/python3.11';
const dir = mkdtempSync(join(tmpdir(), 'toasty-names-cost-'));
const config = join(dir, '.toastyrc.yaml');
writeFileSync(config, 'rules:\n  short-identifier: info\n');

function timed(extra) {
  const args = [join(ROOT, 'bin/toasty.js'), '--config', config, '--db', join(dir, 'toasty.db'), 'grade', STDLIB, '--no-cache', '--jobs', '2', '--format', 'json', '--output', join(dir, 'out.json'), ...extra];
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const [wall, rssKb] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  if (r.status !== 0 && r.status !== 1) throw new Error(`grade failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const report = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
  const naming = report.files.flatMap((f) => f.findings.filter((x) => x.ruleId === 'short-identifier'));
  return { wall, rssMb: Math.round(rssKb / 1024), namingFindings: naming.length, withNames: naming.filter((x) => x.nameSuggestions).length };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const off = [];
const on = [];
for (let i = 0; i < runs; i++) {
  off.push(timed(['--no-neural']));
  on.push(timed([]));
}
const result = {
  corpus: STDLIB,
  rules: 'short-identifier on (default rules besides)',
  runs,
  noNeuralSeconds: median(off.map((r) => r.wall)),
  namesSeconds: median(on.map((r) => r.wall)),
  ratio: +(median(on.map((r) => r.wall)) / median(off.map((r) => r.wall))).toFixed(2),
  peakRssMb: { noNeural: Math.max(...off.map((r) => r.rssMb)), names: Math.max(...on.map((r) => r.rssMb)) },
  samples: { off, on },
};
mkdirSync(join(ROOT, 'bench/out'), { recursive: true });
writeFileSync(join(ROOT, 'bench/out/names-cost.json'), JSON.stringify(result, null, 1));
console.log(JSON.stringify(result, null, 1));
