#!/usr/bin/env node
// In-process A/B of the whole per-file grade (issue 19): two or more built checkouts' `dist` loaded
// side by side in one Node process (their own module instances, Babel included), `gradeFile` run
// over every file of a corpus by each in turn, round after round, with the bundled rules and the
// neural model off. CPU per variant-round from process.cpuUsage: on a loaded machine the variants of
// one round share its load, which whole-process runs minutes apart do not. Round 0 is cold (JIT
// warm-up, and the first variant also warms what the process shares), so medians leave it out; run
// it twice with the variants in both orders.
//
//   node bench/speed/js-inproc.mjs <corpus> <rounds> base=/path/to/base/dist after=dist
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [corpus, rounds, ...specs] = process.argv.slice(2);
if (!corpus || !specs.length) {
  console.error('usage: js-inproc.mjs <corpus> <rounds> label=dist ...');
  process.exit(2);
}
const variants = [];
for (const spec of specs) {
  const [label, dir] = spec.split('=');
  const load = (p) => import(pathToFileURL(resolve(dir, p)).href);
  const { loadConfig } = await load('config/load.js');
  const { resolveConfig } = await load('config/resolve.js');
  const { loadRuleSet } = await load('engine/registry.js');
  const { RuleResolver } = await load('engine/active-rules.js');
  const { gradeFile } = await load('engine/grade-file.js');
  const { discoverFiles } = await load('discovery/walk.js');
  const loaded = await loadConfig(corpus);
  const config = resolveConfig(loaded.file, { ...loaded.config, neural: { enabled: false } }, corpus);
  const resolver = new RuleResolver((await loadRuleSet(config)).rules, config);
  variants.push({ label, gradeFile, config, resolver, files: discoverFiles(['.'], corpus, config), cpu: [] });
}
for (let r = 0; r < Number(rounds); r++) {
  for (const v of variants) {
    const t0 = process.cpuUsage();
    let findings = 0;
    for (const f of v.files) findings += (await v.gradeFile(f, 'run', v.config, v.resolver)).result.findings.length;
    const d = process.cpuUsage(t0);
    v.cpu.push((d.user + d.system) / 1e6);
    console.log(`round ${r} ${v.label}: ${v.cpu[r].toFixed(2)} CPU-s, ${v.files.length} files, ${findings} findings`);
  }
}
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
for (const v of variants) {
  const warm = v.cpu.slice(1);
  console.log(`${v.label}: cold ${v.cpu[0].toFixed(2)}, warm median ${warm.length ? median(warm).toFixed(2) : '-'}, min ${warm.length ? Math.min(...warm).toFixed(2) : '-'} CPU-s`);
}
