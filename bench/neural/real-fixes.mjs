#!/usr/bin/env node
// The detectors on real one- and two-line fixes mined from other projects' histories
// (models/training/detectors/mine_fixes.py; none of these projects is in the training corpus, and
// nothing here selects a threshold): the site on the changed line is scored in the buggy (parent)
// and fixed versions; discrimination = share of pairs where the buggy site scores higher (ties half).
//   npm run build && node bench/neural/real-fixes.mjs FIXES.jsonl [...] → bench/out/real-fixes.json
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadAdapter } from '../../dist/languages/registry.js';
import { lineStarts, lineOf } from '../../dist/neural/findings.js';
import { candidateSites, scoreSites } from '../../dist/neural/detectors/findings.js';
import { getDetector } from '../../dist/neural/detectors/model.js';
import { swapGate } from '../../dist/neural/detectors/sites.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const detector = await getDetector(join(ROOT, 'models'));
const seen = new Set();
const records = process.argv.slice(2).flatMap((f) => readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)));
const rows = [];
async function siteOn(text, path, language, rule, line) {
  const file = (await loadAdapter(language)).parse(path, text, language);
  const starts = lineStarts(text);
  const sites = candidateSites(file, new Set([rule])).filter((s) => lineOf(starts, s.start) + 1 === line);
  return { sites, scored: await scoreSites(detector, sites) };
}
for (const r of records) {
  const key = `${r.commit}:${r.line}`;
  if (seen.has(key)) continue;
  seen.add(key);
  const language = r.path.endsWith('.py') ? 'python' : r.path.endsWith('.ts') ? 'typescript' : 'javascript';
  const lang = language === 'python' ? 'python' : 'javascript';
  const [b, f] = [await siteOn(r.buggy, r.path, language, r.kind, r.line), await siteOn(r.fixed, r.path, language, r.kind, r.line)];
  // The changed site: the one whose written token differs between the versions (same order on the line).
  const k = b.sites.findIndex((s, i) => f.sites[i] && s.written !== f.sites[i].written);
  const row = { repo: r.repo.split('/')[3], commit: r.commit.slice(0, 10), path: r.path, line: r.line, rule: r.kind, old: r.old.slice(0, 80), new: r.new.slice(0, 80) };
  if (k < 0) {
    rows.push({ ...row, site: false });
    continue;
  }
  const { thresholds, gate } = detector.manifest.rules[r.kind];
  const sb = b.scored[k];
  const sf = f.scored[k];
  // Reported as `grade` would: at the threshold and, for a gated rule (swapped-arguments), through the name-evidence gate.
  const reported = (s) => s.score >= thresholds[lang] && (!gate || swapGate(s.site.swap, gate));
  rows.push({ ...row, site: true, buggy: +sb.score.toFixed(4), fixed: +sf.score.toFixed(4), suggestion: sb.alternative, flaggedBuggy: reported(sb), flaggedFixed: reported(sf), ...(gate ? { gateBuggy: swapGate(sb.site.swap, gate), gateFixed: swapGate(sf.site.swap, gate) } : {}) });
}
const pairs = rows.filter((x) => x.site);
const disc = pairs.reduce((a, x) => a + (x.buggy > x.fixed ? 1 : x.buggy === x.fixed ? 0.5 : 0), 0) / Math.max(1, pairs.length);
const byLanguage = (lang) => {
  const p = pairs.filter((x) => (x.path.endsWith('.py') ? 'python' : 'javascript') === lang);
  return { pairs: p.length, discrimination: p.length ? +(p.reduce((a, x) => a + (x.buggy > x.fixed ? 1 : x.buggy === x.fixed ? 0.5 : 0), 0) / p.length).toFixed(3) : null };
};
const out = {
  mined: rows.length,
  repos: [...new Set(rows.map((x) => x.repo))].sort(),
  byLanguage: { python: byLanguage('python'), javascript: byLanguage('javascript') },
  atSite: pairs.length,
  discrimination: +disc.toFixed(3),
  flaggedBuggy: pairs.filter((x) => x.flaggedBuggy).length,
  flaggedFixed: pairs.filter((x) => x.flaggedFixed).length,
  byRule: Object.fromEntries(
    [...new Set(pairs.map((x) => x.rule))].map((rule) => {
      const p = pairs.filter((x) => x.rule === rule);
      return [rule, { pairs: p.length, flaggedBuggy: p.filter((x) => x.flaggedBuggy).length, flaggedFixed: p.filter((x) => x.flaggedFixed).length, discrimination: +(p.reduce((a, x) => a + (x.buggy > x.fixed ? 1 : x.buggy === x.fixed ? 0.5 : 0), 0) / p.length).toFixed(3) }];
    }),
  ),
  rows,
};
mkdirSync(join(ROOT, 'bench/out'), { recursive: true });
writeFileSync(join(ROOT, 'bench/out/real-fixes.json'), JSON.stringify(out, null, 1));
console.log(JSON.stringify({ ...out, rows: undefined }, null, 1));
for (const x of rows) console.log(x.site ? `${x.buggy > x.fixed ? 'WIN ' : 'LOSS'} ${x.buggy.toFixed(3)} vs ${x.fixed.toFixed(3)}${x.flaggedBuggy ? ' flagged' : ''}${x.flaggedFixed ? ' FIXED-FLAGGED' : ''}` : 'no site', x.repo, x.rule, x.old, '=>', x.new);
