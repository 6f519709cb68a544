// wrong-variable with its name-evidence gate (src/neural/detectors/varmisuse-gate.ts) on the held-out
// projects of the corpus, through the built runtime (dist/): the real front-ends, site extraction,
// model and gate. Two steps:
//   node bench/neural/varmisuse-gate.mjs dump ORDER.jsonl OUT.jsonl [shard shards]
//     every calib/test file's sites with their slots, uses and raw name scores (the shipped model)
//   node bench/neural/varmisuse-gate.mjs eval OUT.jsonl[,OUT2…] ORDER.jsonl [GATE.json|-] [budgets] > results.json
//     per language: the threshold that gives each budget of false findings per 100 lines on the calib
//     projects' code as written (gated best alternative), then on the test projects: false findings per
//     100 lines, recall on one planted slip per site (a seeded alternative written instead of the
//     original; the original is among the suggestions), recall with the right fix, recall on the planted
//     slips "of the gate's kind" (the gate gives evidence for the original name against the planted one),
//     and pair discrimination (planted score above the same site as written, ties half; a site the gate
//     passes in neither version ties). GATE '-' = no gate (the model alone, the sixth session's figures).
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAdapter } from '../../dist/languages/registry.js';
import { varMisuseEvidence } from '../../dist/neural/detectors/varmisuse-gate.js';
import { extractVarSites } from '../../dist/neural/detectors/varmisuse-sites.js';
import { scoreVarSiteNames } from '../../dist/neural/detectors/varmisuse.js';

const MODELS = join(import.meta.dirname, '..', '..', 'models');
const [mode, ...args] = process.argv.slice(2);
const readJsonl = (path) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

if (mode === 'dump') {
  const [order, output, shardArg = '0', shardsArg = '1'] = args;
  const files = readJsonl(order);
  const out = createWriteStream(output);
  const started = Date.now();
  let n = 0;
  let failed = 0;
  for (let f = Number(shardArg); f < files.length; f += Number(shardsArg)) {
    const row = files[f];
    if (row.split === 'train') continue;
    const language = row.language === 'python' ? 'python' : /\.[mc]?ts$/.test(row.path) ? 'typescript' : 'javascript';
    let sites;
    try {
      const model = (await loadAdapter(language)).parse(row.path, readFileSync(row.path, 'utf8'), language);
      sites = extractVarSites(model);
    } catch {
      failed++;
      continue;
    }
    const scores = await scoreVarSiteNames(MODELS, sites);
    const line = {
      f,
      split: row.split,
      lang: row.language === 'python' ? 'python' : 'javascript',
      sites: sites.map((s, k) => ({ w: s.written, a: s.alternatives, slots: s.slots, uses: s.uses, v: [...scores[k]].map((x) => Math.round(x * 1e5) / 1e5) })),
    };
    if (!out.write(JSON.stringify(line) + '\n')) await new Promise((resolve) => out.once('drain', resolve));
    n += sites.length;
  }
  out.end();
  console.error(`done: ${n} sites, ${failed} files failed, ${((Date.now() - started) / 1000).toFixed(0)} s`);
} else if (mode === 'eval') {
  const [dumps, order, gateArg = '-', budgetsArg = '0.02,0.05,0.1,0.2,0.3'] = args;
  const files = readJsonl(order);
  const gate = gateArg === '-' ? null : JSON.parse(readFileSync(gateArg, 'utf8'));
  const sigmoid = (x) => 1 / (1 + Math.exp(-x));
  // mulberry32: the planted alternative of each site, seeded by file and site index.
  const rand = (seed) => {
    let t = (seed + 0x6d2b79f5) >>> 0;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const lines = {};
  const per = {}; // `${split}:${lang}` → [{clean, buggy, fixOk, kind}]
  for (const f of files) if (f.split !== 'train') lines[`${f.split}:${f.language === 'python' ? 'python' : 'javascript'}`] = (lines[`${f.split}:${f.language === 'python' ? 'python' : 'javascript'}`] ?? 0) + f.lines;
  /** Best slip score for `written` (index m) among the other names the gate lets through; with the index. */
  const best = (site, names, v, m) => {
    let score = gate ? 0 : -1;
    let at = -1;
    for (let j = 0; j < names.length; j++) {
      if (j === m) continue;
      const slip = sigmoid(v[j] - v[m]);
      if (slip > score && (!gate || varMisuseEvidence(site, names[m], names[j], gate) !== null)) {
        score = slip;
        at = j;
      }
    }
    return { score: Math.max(score, 0), at };
  };
  for (const path of dumps.split(',')) {
    for (const row of readJsonl(path)) {
      const key = `${row.split}:${row.lang}`;
      const list = (per[key] ??= []);
      row.sites.forEach((s, k) => {
        const site = { written: s.w, alternatives: s.a, slots: s.slots, uses: s.uses };
        const names = [s.w, ...s.a];
        const clean = best(site, names, s.v, 0).score;
        const m = 1 + Math.floor(rand(row.f * 7919 + k) * s.a.length);
        const planted = best(site, names, s.v, m);
        const kind = !gate || varMisuseEvidence(site, names[m], names[0], gate) !== null;
        list.push({ clean, buggy: planted.score, fixOk: planted.at === 0, kind });
      });
    }
  }
  const disc = (xs) => Math.round((10000 * xs.reduce((a, r) => a + (r.buggy > r.clean ? 1 : r.buggy === r.clean ? 0.5 : 0), 0)) / xs.length) / 10000;
  const figures = (rows, n, thr) => {
    const kind = rows.filter((r) => r.kind);
    const rate = (xs, pred) => (xs.length ? Math.round((10000 * xs.filter(pred).length) / xs.length) / 10000 : null);
    const falseFindings = rows.filter((r) => r.clean >= thr).length;
    return {
      falsePer100Lines: Math.round((100000 * falseFindings) / n) / 1000,
      falseFindings,
      lines: n,
      plantedBugs: rows.length,
      recall: rate(rows, (r) => r.buggy >= thr),
      recallWithFix: rate(rows, (r) => r.buggy >= thr && r.fixOk),
      gatedKind: kind.length,
      gatedKindRecall: rate(kind, (r) => r.buggy >= thr),
      gatedKindRecallWithFix: rate(kind, (r) => r.buggy >= thr && r.fixOk),
      pairDiscrimination: disc(rows),
      gatedKindDiscrimination: kind.length ? disc(kind) : null,
    };
  };
  const result = { gate, rules: {} };
  for (const lang of ['python', 'javascript']) {
    const calib = per[`calib:${lang}`] ?? [];
    const test = per[`test:${lang}`] ?? [];
    const ordered = calib.map((r) => r.clean).sort((a, b) => b - a);
    result.rules[lang] = {};
    for (const budget of budgetsArg.split(',').map(Number)) {
      const allowed = Math.floor((budget * lines[`calib:${lang}`]) / 100);
      let thr = allowed < ordered.length ? ordered[allowed] + 1e-6 : 0.5;
      thr = Math.round(Math.max(0.5, Math.min(thr, 0.9999)) * 10000) / 10000;
      result.rules[lang][budget] = { threshold: thr, calib: figures(calib, lines[`calib:${lang}`], thr), test: figures(test, lines[`test:${lang}`], thr) };
    }
  }
  console.log(JSON.stringify(result, null, 1));
  for (const lang of ['python', 'javascript'])
    for (const [budget, e] of Object.entries(result.rules[lang]))
      console.error(
        `${lang} ${budget}: thr ${e.threshold} test false/100 ${e.test.falsePer100Lines} (${e.test.falseFindings}) recall ${e.test.recall} kind ${e.test.gatedKindRecall} (${e.test.gatedKind}/${e.test.plantedBugs}) fix ${e.test.gatedKindRecallWithFix} disc ${e.test.pairDiscrimination} kindDisc ${e.test.gatedKindDiscrimination} | calib kind ${e.calib.gatedKindRecall}`,
      );
} else {
  throw new Error('usage: varmisuse-gate.mjs dump ORDER OUT [shard shards] | eval DUMPS ORDER [GATE|-] [budgets]');
}
