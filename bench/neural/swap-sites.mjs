#!/usr/bin/env node
// Every swapped-arguments site of a tree scoring at least --min (default 0.5) with its name evidence
// (SwapFacts) and whether the shipped gate passes it: the list the hand labels of
// bench/neural/swap-labels.jsonl were read from, and a way to see what a gate or threshold change does.
//   npm run build && node bench/neural/swap-sites.mjs [--min 0.5] DIR... > sites.jsonl
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadAdapter } from '../../dist/languages/registry.js';
import { lineStarts, lineOf } from '../../dist/neural/findings.js';
import { candidateSites, scoreSites } from '../../dist/neural/detectors/findings.js';
import { getDetector } from '../../dist/neural/detectors/model.js';
import { swapGate } from '../../dist/neural/detectors/sites.js';

const args = process.argv.slice(2);
const mi = args.indexOf('--min');
const min = mi >= 0 ? Number(args.splice(mi, 2)[1]) : 0.5;
const ROOT = resolve(import.meta.dirname, '..', '..');
const detector = await getDetector(join(ROOT, 'models'));
const rule = detector.manifest.rules['swapped-arguments'];
const LANG = { '.py': 'python', '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.ts': 'typescript' };
function* walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) {
      if (name !== 'node_modules' && name !== '__pycache__' && !name.startsWith('.')) yield* walk(p);
    } else if (!name.endsWith('.d.ts') && LANG[name.slice(name.lastIndexOf('.'))]) yield p;
  }
}
let lines = 0;
for (const dir of args) {
  for (const path of walk(dir)) {
    const language = LANG[path.slice(path.lastIndexOf('.'))];
    let file;
    try {
      file = (await loadAdapter(language)).parse(path, readFileSync(path, 'utf8'), language);
    } catch {
      continue;
    }
    lines += file.text.split('\n').length;
    const starts = lineStarts(file.text);
    const lang = language === 'python' ? 'python' : 'javascript';
    for (const { site, score } of await scoreSites(detector, candidateSites(file, new Set(['swapped-arguments'])))) {
      if (score < min) continue;
      const line = lineOf(starts, site.start);
      const text = file.text.slice(starts[line], starts[line + 1] ?? file.text.length).trim().slice(0, 160);
      const reported = score >= rule.thresholds[lang] && (!rule.gate || swapGate(site.swap, rule.gate));
      console.log(JSON.stringify({ at: `${path}:${line + 1}`, written: site.written, score: Math.round(score * 1000) / 1000, reported, facts: site.swap, text }));
    }
  }
}
console.error(`${lines} lines`);
