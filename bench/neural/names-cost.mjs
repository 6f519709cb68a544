#!/usr/bin/env node
// Cost of name suggestions: cold `grade` runs of the Python standard library, neural on against
// `--no-neural`, alternating the configurations in the same session (median and spread of N runs each):
//   - short-identifier on (so every naming finding runs the names model): the issue's ≤ 10% figure;
//   - the default rules (short-identifier is off by default, so no finding asks for names): what a
//     default grade pays.
// Peak RSS from /usr/bin/time -f %M.
//
//   npm run build && node bench/neural/names-cost.mjs [--runs 3] [--jobs 2]
// → bench/out/names-cost.json
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const arg = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const runs = Number(arg('--runs', 3));
const jobs = String(arg('--jobs', 2));
const STDLIB = process.env.STDLIB ?? '/usr/lib/python3.11';
const dir = mkdtempSync(join(tmpdir(), 'toasty-names-cost-'));
const configs = { short: join(dir, 'short.yaml'), defaults: join(dir, 'defaults.yaml') };
writeFileSync(configs.short, 'rules:\n  short-identifier: info\n');
writeFileSync(configs.defaults, 'rules: {}\n');

function timed(config, extra) {
  const args = [join(ROOT, 'bin/toasty.js'), '--config', config, '--db', join(dir, 'toasty.db'), 'grade', STDLIB, '--no-cache', '--jobs', jobs, '--format', 'json', '--output', join(dir, 'out.json'), ...extra];
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const [wall, rssKb] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  if (r.status !== 0 && r.status !== 1) throw new Error(`grade failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const report = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
  const naming = report.files.flatMap((f) => f.findings.filter((x) => x.ruleId === 'short-identifier'));
  return { wall, rssMb: Math.round(rssKb / 1024), namingFindings: naming.length, withNames: naming.filter((x) => x.nameSuggestions).length };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const samples = { short: { off: [], on: [] }, defaults: { off: [], on: [] } };
for (let i = 0; i < runs; i++) {
  for (const name of Object.keys(samples)) {
    // Alternate which of the pair goes first, so a drift in the machine's load hits both alike.
    const order = i % 2 === 0 ? ['off', 'on'] : ['on', 'off'];
    for (const which of order) samples[name][which].push(timed(configs[name], which === 'off' ? ['--no-neural'] : []));
    console.error(`run ${i + 1}/${runs} ${name}: off ${samples[name].off.at(-1).wall} s, on ${samples[name].on.at(-1).wall} s`);
  }
}
const summary = (pair) => {
  const off = pair.off.map((r) => r.wall);
  const on = pair.on.map((r) => r.wall);
  // Per-round ratios (each round ran the two back to back) show the spread of the overhead itself.
  const ratios = on.map((w, i) => +(w / off[i]).toFixed(3));
  return {
    noNeuralSeconds: { median: median(off), min: Math.min(...off), max: Math.max(...off) },
    neuralSeconds: { median: median(on), min: Math.min(...on), max: Math.max(...on) },
    ratioOfMedians: +(median(on) / median(off)).toFixed(3),
    roundRatios: { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios), all: ratios },
    peakRssMb: { noNeural: Math.max(...pair.off.map((r) => r.rssMb)), neural: Math.max(...pair.on.map((r) => r.rssMb)) },
    namingFindings: pair.on[0].namingFindings,
    withNames: pair.on[0].withNames,
    samples: pair,
  };
};
const result = {
  corpus: STDLIB,
  runs,
  jobs: Number(jobs),
  shortIdentifierOn: summary(samples.short),
  defaultRules: summary(samples.defaults),
};
mkdirSync(join(ROOT, 'bench/out'), { recursive: true });
writeFileSync(join(ROOT, 'bench/out/names-cost.json'), JSON.stringify(result, null, 1));
console.log(JSON.stringify({ ...result, shortIdentifierOn: { ...result.shortIdentifierOn, samples: undefined }, defaultRules: { ...result.defaultRules, samples: undefined } }, null, 1));
