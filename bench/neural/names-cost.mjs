#!/usr/bin/env node
// Cost of name suggestions: cold `grade` runs of the Python standard library, neural on against
// `--no-neural`, alternating the configurations in the same session (median and spread of N runs each):
//   - short-identifier on (so every naming finding runs the names model): the issue's ≤ 10% figure;
//     a third configuration, neural on with `neural: { names: false }`, separates the names pass from
//     the other neural rules: extra = (names on − names off) / --no-neural;
//   - the default rules (short-identifier is off by default, so no finding asks for names and the
//     names model is never loaded): what a default grade pays for neural work at all.
// Peak RSS, wall and CPU (user + system) seconds from /usr/bin/time.
//
//   npm run build && node bench/neural/names-cost.mjs [--runs 3] [--jobs 2] [--only short|defaults]
// → bench/out/names-cost[-<only>].json
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
const configs = { short: join(dir, 'short.yaml'), defaults: join(dir, 'defaults.yaml'), shortNoNames: join(dir, 'short-no-names.yaml') };
writeFileSync(configs.short, 'rules:\n  short-identifier: info\n');
writeFileSync(configs.shortNoNames, 'rules:\n  short-identifier: info\nneural:\n  names: false\n');
writeFileSync(configs.defaults, 'rules: {}\n');

function timed(config, extra) {
  const args = [join(ROOT, 'bin/toasty.js'), '--config', config, '--db', join(dir, 'toasty.db'), 'grade', STDLIB, '--no-cache', '--jobs', jobs, '--format', 'json', '--output', join(dir, 'out.json'), ...extra];
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const [wall, rssKb, user, sys] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  if (r.status !== 0 && r.status !== 1) throw new Error(`grade failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const report = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
  const naming = report.files.flatMap((f) => f.findings.filter((x) => x.ruleId === 'short-identifier'));
  // CPU seconds (user + system, all threads) move much less than wall time on a loaded machine.
  return { wall, cpu: +(user + sys).toFixed(2), rssMb: Math.round(rssKb / 1024), namingFindings: naming.length, withNames: naming.filter((x) => x.nameSuggestions).length };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const only = arg('--only', null);
const samples = Object.fromEntries(
  ['short', 'defaults'].filter((n) => !only || n === only).map((n) => [n, n === 'short' ? { off: [], on: [], namesOff: [] } : { off: [], on: [] }]),
);
const flags = (name, which) => ({
  config: which === 'namesOff' ? configs.shortNoNames : configs[name],
  extra: which === 'off' ? ['--no-neural'] : [],
});
for (let i = 0; i < runs; i++) {
  for (const name of Object.keys(samples)) {
    // Rotate which configuration goes first, so a drift in the machine's load hits all alike.
    const kinds = Object.keys(samples[name]);
    const order = kinds.map((_, j) => kinds[(i + j) % kinds.length]);
    for (const which of order) {
      const { config, extra } = flags(name, which);
      samples[name][which].push(timed(config, extra));
    }
    console.error(`run ${i + 1}/${runs} ${name}: ${kinds.map((k) => `${k} ${samples[name][k].at(-1).wall} s (${samples[name][k].at(-1).cpu} s CPU)`).join(', ')}`);
  }
}
const summary = (pair) => {
  const off = pair.off.map((r) => r.wall);
  const on = pair.on.map((r) => r.wall);
  const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });
  // Per-round ratios (each round ran the configurations back to back) show the spread of the overhead itself.
  const ratios = (a, b) => a.map((w, i) => +(w / b[i]).toFixed(3));
  const out = {
    noNeuralSeconds: stats(off),
    neuralSeconds: stats(on),
    ratioOfMedians: +(median(on) / median(off)).toFixed(3),
    roundRatios: { ...stats(ratios(on, off)), all: ratios(on, off) },
    peakRssMb: { noNeural: Math.max(...pair.off.map((r) => r.rssMb)), neural: Math.max(...pair.on.map((r) => r.rssMb)) },
    namingFindings: pair.on[0].namingFindings,
    withNames: pair.on[0].withNames,
  };
  const cpu = (rows) => rows.map((r) => r.cpu);
  out.cpuSeconds = { noNeural: stats(cpu(pair.off)), neural: stats(cpu(pair.on)) };
  if (pair.namesOff) {
    const mid = pair.namesOff.map((r) => r.wall);
    const cpuExtra = cpu(pair.on).map((c, i) => +((c - pair.namesOff[i].cpu) / pair.off[i].cpu).toFixed(3));
    out.cpuSeconds.namesOff = stats(cpu(pair.namesOff));
    // The same share in CPU time: (names on − names off) / no-neural, per round.
    out.namesExtraCpuShare = { ...stats(cpuExtra), all: cpuExtra, ofMedians: +((median(cpu(pair.on)) - median(cpu(pair.namesOff))) / median(cpu(pair.off))).toFixed(3) };
    // The names pass alone, as a share of the --no-neural run: (names on − names off) / no-neural, per round.
    const extra = on.map((w, i) => +((w - mid[i]) / off[i]).toFixed(3));
    Object.assign(out, {
      namesOffSeconds: stats(mid),
      namesExtraShare: { ...stats(extra), all: extra, ofMedians: +((median(on) - median(mid)) / median(off)).toFixed(3) },
      peakRssMbNamesOff: Math.max(...pair.namesOff.map((r) => r.rssMb)),
    });
  }
  return { ...out, samples: pair };
};
const result = {
  corpus: STDLIB,
  runs,
  jobs: Number(jobs),
  ...(samples.short && { shortIdentifierOn: summary(samples.short) }),
  ...(samples.defaults && { defaultRules: summary(samples.defaults) }),
};
const brief = Object.fromEntries(Object.entries(result).map(([k, v]) => [k, v && typeof v === 'object' ? { ...v, samples: undefined } : v]));
mkdirSync(join(ROOT, 'bench/out'), { recursive: true });
writeFileSync(join(ROOT, `bench/out/names-cost${only ? `-${only}` : ''}.json`), JSON.stringify(result, null, 1));
console.log(JSON.stringify(brief, null, 1));
