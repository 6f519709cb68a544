#!/usr/bin/env node
// In-process cost of the detector pass on the Python standard library, less noisy than wall-clock
// grades on a shared machine: per file, the front-end parse vs site extraction + model scoring
// (CPU time of this process, model load counted once).
//   npm run build && node bench/neural/detector-overhead.mjs [--files 300] [--rules swapped-arguments,...]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadAdapter } from '../../dist/languages/registry.js';
import { candidateSites, scoreSites } from '../../dist/neural/detectors/findings.js';
import { getDetector } from '../../dist/neural/detectors/model.js';
import { DETECTOR_RULES } from '../../dist/neural/detectors/sites.js';

const max = Number(process.argv[process.argv.indexOf('--files') + 1]) || 300;
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (name === 'test' || name === 'site-packages' || name === '__pycache__') continue;
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.py')) files.push(p);
  }
})('/usr/lib/python3.11');
const sample = files.filter((_, i) => i % Math.ceil(files.length / max) === 0);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const adapter = await loadAdapter('python');
const ri = process.argv.indexOf('--rules');
const rules = new Set(ri >= 0 ? process.argv[ri + 1].split(',') : DETECTOR_RULES);
let parseMs = 0, detectMs = 0, sites = 0, lines = 0;
const t0 = cpu();
const detector = await getDetector();
const loadMs = cpu() - t0;
for (const path of sample) {
  const text = readFileSync(path, 'utf8');
  lines += text.split('\n').length;
  let t = cpu();
  const model = adapter.parse(path, text, 'python');
  parseMs += cpu() - t;
  t = cpu();
  const s = candidateSites(model, rules);
  await scoreSites(detector, s);
  detectMs += cpu() - t;
  sites += s.length;
}
console.log(JSON.stringify({ rules: [...rules], files: sample.length, lines, sites, modelLoadMs: Math.round(loadMs), parseMs: Math.round(parseMs), detectorMs: Math.round(detectMs), detectorOverParse: +(detectMs / parseMs).toFixed(3) }));
