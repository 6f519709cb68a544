// wrong-variable on real one-line name-replacement fixes (mine_fixes.py --names): for each record whose
// changed name is a wrong-variable site in both versions (the buggy one offering the fixed name, the fixed
// one offering the buggy name), the buggy site's score against the fixed site's: the model alone, and through
// the shipped name-evidence gate (a version the gate passes with no suggestion scores 0). Nothing here chooses anything.
//   npx tsc -p tsconfig.build.json && node bench/neural/varmisuse-real.mjs ALL.jsonl [MODEL_DIR] > results.json
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAdapter } from '../../dist/languages/registry.js';
import { extractVarSites } from '../../dist/neural/detectors/varmisuse-sites.js';
import { loadVarMisuseManifest, scoreVarSites } from '../../dist/neural/detectors/varmisuse.js';

const [input, modelDir = join(import.meta.dirname, '..', '..', 'models')] = process.argv.slice(2);
const manifest = loadVarMisuseManifest(modelDir);
const gate = manifest.rules['wrong-variable'].gate ?? null;
const records = readFileSync(input, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((r) => r.kind === 'wrong-variable');

/** The site of `name` on 1-based `line` whose alternatives hold `other`. */
async function siteOf(text, path, line, name, other) {
  const language = path.endsWith('.py') ? 'python' : /\.[mc]?ts$/.test(path) ? 'typescript' : 'javascript';
  let model;
  try {
    model = (await loadAdapter(language)).parse(path, text, language);
  } catch {
    return null;
  }
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const sites = extractVarSites(model).filter((s) => s.written === name && s.start >= starts[line - 1] && s.start < (starts[line] ?? Infinity));
  const site = sites.find((s) => s.alternatives.includes(other));
  if (!site) return null;
  const [scored] = await scoreVarSites(modelDir, [site]);
  const [gated] = gate ? await scoreVarSites(modelDir, [site], gate) : [scored];
  return { language: model.language === 'python' ? 'python' : 'javascript', score: scored.score, alternative: scored.alternative,
    gated: gated.score, gatedAlternative: gated.alternative, slots: site.slots.map((x) => `${x.kind}:${x.name}`).join(' ') };
}

const pairs = [];
for (const r of records) {
  const oldNames = r.old.match(/[A-Za-z_$][A-Za-z0-9_$]*/g) ?? [];
  const newNames = r.new.match(/[A-Za-z_$][A-Za-z0-9_$]*/g) ?? [];
  const k = oldNames.findIndex((n, i) => n !== newNames[i]);
  if (k < 0 || r.line === null) continue;
  const [bad, good] = [oldNames[k], newNames[k]];
  const buggy = await siteOf(r.buggy, r.path, r.line, bad, good);
  const fixed = await siteOf(r.fixed, r.path, r.line, good, bad);
  if (!buggy || !fixed) continue;
  pairs.push({ repo: r.repo.replace(/^.*\/\.mirror\//, '').replace(/\/repo$/, ''), commit: r.commit.slice(0, 10), path: r.path, line: r.line,
    old: r.old.slice(0, 120), new: r.new.slice(0, 120), language: buggy.language, buggy: buggy.score, fixed: fixed.score,
    buggySuggests: buggy.alternative, buggyGated: buggy.gated, fixedGated: fixed.gated, gatedSuggests: buggy.gatedAlternative, slots: buggy.slots,
    gatedFlaggedBuggy: buggy.gated >= manifest.rules['wrong-variable'].thresholds[buggy.language],
    gatedFlaggedFixed: fixed.gated >= manifest.rules['wrong-variable'].thresholds[fixed.language], flaggedBuggy: buggy.score >= manifest.rules['wrong-variable'].thresholds[buggy.language],
    flaggedFixed: fixed.score >= manifest.rules['wrong-variable'].thresholds[fixed.language] });
}
const disc = (ps, b = 'buggy', f = 'fixed') => (ps.length ? ps.reduce((a, p) => a + (p[b] > p[f] ? 1 : p[b] === p[f] ? 0.5 : 0), 0) / ps.length : null);
const summary = { records: records.length, pairsAtSite: pairs.length, projects: new Set(pairs.map((p) => p.repo)).size, discrimination: disc(pairs),
  python: { pairs: pairs.filter((p) => p.language === 'python').length, discrimination: disc(pairs.filter((p) => p.language === 'python')) },
  javascript: { pairs: pairs.filter((p) => p.language !== 'python').length, discrimination: disc(pairs.filter((p) => p.language !== 'python')) },
  gated: gate && { discrimination: disc(pairs, 'buggyGated', 'fixedGated'), evidenceBuggy: pairs.filter((p) => p.buggyGated > 0).length,
    evidenceFixed: pairs.filter((p) => p.fixedGated > 0).length, flaggedBuggy: pairs.filter((p) => p.gatedFlaggedBuggy).length,
    flaggedFixed: pairs.filter((p) => p.gatedFlaggedFixed).length },
  flaggedBuggy: pairs.filter((p) => p.flaggedBuggy).length, flaggedFixed: pairs.filter((p) => p.flaggedFixed).length,
  suggestsTheFix: pairs.filter((p) => p.flaggedBuggy && p.buggySuggests === p.new.match(/[A-Za-z_$][A-Za-z0-9_$]*/g)?.find((n, i) => n !== (p.old.match(/[A-Za-z_$][A-Za-z0-9_$]*/g) ?? [])[i])).length };
console.log(JSON.stringify({ summary, pairs }, null, 1));
console.error(JSON.stringify(summary));
