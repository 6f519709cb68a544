#!/usr/bin/env node
// Cost of the pattern detectors: a cold `grade` of the Python standard library with every detector
// rule on (or only the default-on ones with --default) against `--no-neural`, in the same run,
// alternating the two (median of N runs each); peak RSS from /usr/bin/time -f %M.
//
//   npm run build && node bench/neural/detector-cost.mjs [--runs 3] [--default]
// → bench/out/detector-cost.json
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
const onlyDefault = process.argv.includes('--default');
const STDLIB = process.env.STDLIB ?? '/usr/lib/python3.11';
const dir = mkdtempSync(join(tmpdir(), 'toasty-detector-cost-'));
const config = join(dir, '.toastyrc.yaml');
writeFileSync(
  config,
  onlyDefault
    ? '{}\n'
    : 'rules:\n  wrong-comparison-operator: warning\n  wrong-arithmetic-operator: warning\n  swapped-arguments: warning\n  wrong-equality-operator: warning\n  wrong-boolean-operator: warning\n',
);

function timed(extra) {
  const args = [join(ROOT, 'bin/toasty.js'), '--config', config, '--db', join(dir, 'toasty.db'), 'grade', STDLIB, '--no-cache', '--jobs', '2', '--format', 'json', '--output', join(dir, 'out.json'), ...extra];
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const [wall, rssKb] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  if (r.status !== 0 && r.status !== 1) throw new Error(`grade failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return { wall, rssMb: Math.round(rssKb / 1024) };
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
  rules: onlyDefault ? 'default-on neural rules' : 'every detector rule on',
  runs,
  noNeuralSeconds: median(off.map((r) => r.wall)),
  detectorsSeconds: median(on.map((r) => r.wall)),
  ratio: +(median(on.map((r) => r.wall)) / median(off.map((r) => r.wall))).toFixed(2),
  peakRssMb: { noNeural: Math.max(...off.map((r) => r.rssMb)), detectors: Math.max(...on.map((r) => r.rssMb)) },
  samples: { off, on },
};
mkdirSync(join(ROOT, 'bench/out'), { recursive: true });
writeFileSync(join(ROOT, 'bench/out/detector-cost.json'), JSON.stringify(result, null, 1));
console.log(JSON.stringify(result, null, 1));
