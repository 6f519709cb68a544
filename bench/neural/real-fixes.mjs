#!/usr/bin/env node
// The detectors on real one- and two-line fixes mined from other projects' histories
// (models/training/detectors/mine_fixes.py; none of these projects is in the training corpus, and
// nothing here selects a threshold): the site on the changed line is scored in the buggy (parent)
// and fixed versions; discrimination = share of pairs where the buggy site scores higher (ties half).
//   npm run build && node bench/neural/real-fixes.mjs [--projects P1,P2,...] FIXES.jsonl [...] → bench/out/real-fixes.json
//   --projects keeps only those projects' pairs (`owner+name`, e.g. a fine-tuning run's held-out test projects).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { scoreSites } from '../../dist/neural/detectors/findings.js';
import { getDetector } from '../../dist/neural/detectors/model.js';
import { swapGate } from '../../dist/neural/detectors/sites.js';
import { changedSites, projectOf, readRecords } from '../../models/training/detectors/real-pairs.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const detector = await getDetector(join(ROOT, 'models'));
const argv = process.argv.slice(2);
const p = argv.indexOf('--projects');
const only = p >= 0 ? new Set(argv.splice(p, 2)[1].split(',')) : null;
const records = readRecords(argv).filter((r) => !only || only.has(projectOf(r)));
const rows = [];
for (const r of records) {
  const c = await changedSites(r);
  const row = { repo: projectOf(r), commit: r.commit.slice(0, 10), path: r.path, line: r.line, rule: r.kind, old: r.old.slice(0, 80), new: r.new.slice(0, 80) };
  if (!c) {
    rows.push({ ...row, site: false });
    continue;
  }
  const [sb, sf] = await scoreSites(detector, [c.buggy, c.fixed]);
  const { thresholds, gate } = detector.manifest.rules[r.kind];
  // Reported as `grade` would: at the threshold and, for a gated rule (swapped-arguments), through the name-evidence gate.
  const reported = (s) => s.score >= thresholds[c.lang] && (!gate || swapGate(s.site.swap, gate));
  rows.push({ ...row, lang: c.lang, site: true, buggy: +sb.score.toFixed(4), fixed: +sf.score.toFixed(4), suggestion: sb.alternative, flaggedBuggy: reported(sb), flaggedFixed: reported(sf), ...(gate ? { gateBuggy: swapGate(sb.site.swap, gate), gateFixed: swapGate(sf.site.swap, gate) } : {}) });
}
const pairs = rows.filter((x) => x.site);
const summary = (p) => ({
  pairs: p.length,
  projects: new Set(p.map((x) => x.repo)).size,
  discrimination: p.length ? +(p.reduce((a, x) => a + (x.buggy > x.fixed ? 1 : x.buggy === x.fixed ? 0.5 : 0), 0) / p.length).toFixed(3) : null,
  flaggedBuggy: p.filter((x) => x.flaggedBuggy).length,
  flaggedFixed: p.filter((x) => x.flaggedFixed).length,
});
const LANGS = ['python', 'javascript'];
const RULES = [...new Set(pairs.map((x) => x.rule))].sort();
const out = {
  mined: rows.length,
  repos: [...new Set(rows.map((x) => x.repo))].sort(),
  atSite: pairs.length,
  ...summary(pairs),
  byLanguage: Object.fromEntries(LANGS.map((l) => [l, summary(pairs.filter((x) => x.lang === l))])),
  byRule: Object.fromEntries(RULES.map((rule) => [rule, summary(pairs.filter((x) => x.rule === rule))])),
  byRuleAndLanguage: Object.fromEntries(RULES.flatMap((rule) => LANGS.map((l) => [`${rule}/${l}`, summary(pairs.filter((x) => x.rule === rule && x.lang === l))]))),
  rows,
};
mkdirSync(join(ROOT, 'bench/out'), { recursive: true });
writeFileSync(join(ROOT, 'bench/out/real-fixes.json'), JSON.stringify(out, null, 1));
console.log(JSON.stringify({ ...out, rows: undefined }, null, 1));
for (const x of rows) console.log(x.site ? `${x.buggy > x.fixed ? 'WIN ' : 'LOSS'} ${x.buggy.toFixed(3)} vs ${x.fixed.toFixed(3)}${x.flaggedBuggy ? ' flagged' : ''}${x.flaggedFixed ? ' FIXED-FLAGGED' : ''}` : 'no site', x.repo, x.rule, x.old, '=>', x.new);
