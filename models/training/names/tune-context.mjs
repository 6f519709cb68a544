#!/usr/bin/env node
// Chooses the weights that merge the names the code states for a parameter (src/neural/names/candidates.ts)
// with the names model's ranking, on the CALIB projects of the neural corpus (never the test ones; the
// test split is only read with --split test to report the chosen weights). The same parameters as
// bench/neural/names.mjs (≥ 3 characters, named functions of ≥ 8 lines, renamed with all their uses to
// an unused letter), evaluated in-process with the runtime's own nameEvidence / combineEvidence.
//
//   npm run build && node models/training/names/tune-context.mjs --split calib --per-language 1500 --search
//     [--model-dir models] [--data /work/neural-data] [--weights '{"annotation":0.3,…}'] [--out weights.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadAdapter } from '../../../dist/languages/registry.js';
import { fileContext, nameSite } from '../../../dist/neural/names/features.js';
import { CANDIDATE_SOURCES } from '../../../dist/neural/names/candidates.js';
import { combineEvidence, DEFAULT_CONTEXT_WEIGHTS, getNamer, nameEvidence, namingConvention, scoreNameSites } from '../../../dist/neural/names/suggest.js';
import { isTestPath } from '../../../dist/rules/shared/paths.js';
import { nameKey as key, renameable, renameAll, splitFiles, unusedLetter } from './cases.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const arg = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const split = arg('--split', 'calib');
const perLanguage = Number(arg('--per-language', 1500));
const perFile = Number(arg('--per-file', 3));
// Parameters (what bench/neural/names.mjs measures) and, with --variables N, local variables of the same functions.
const variablesPerLanguage = Number(arg('--variables', 0));
const data = arg('--data', '/work/neural-data');
const modelDir = resolve(arg('--model-dir', join(ROOT, 'models')));
if (split === 'test' && process.argv.includes('--search')) throw new Error('weights are chosen on the calib split only');

const files = splitFiles(data, split);
const namer = await getNamer(modelDir);
const cases = [];
const taken = { python: 0, javascript: 0 };
const takenVars = { python: 0, javascript: 0 };
const t0 = Date.now();
for (const row of files) {
  const lang = row.language === 'python' ? 'python' : 'javascript';
  if ((taken[lang] >= perLanguage && takenVars[lang] >= variablesPerLanguage) || isTestPath(row.rel ?? row.path) || /\.min\.js$/.test(row.path)) continue;
  const language = lang === 'python' ? 'python' : /\.[mc]?ts$/.test(row.path) ? 'typescript' : 'javascript';
  const text = readFileSync(row.path, 'utf8');
  const adapter = await loadAdapter(language);
  let model;
  try {
    model = adapter.parse(row.path, text, language);
  } catch {
    continue;
  }
  const ctx = fileContext(model);
  if (!ctx) continue;
  const letter = unusedLetter(ctx);
  if (!letter) continue;
  let inFile = 0;
  let varsInFile = 0;
  for (const b of model.bindings ?? []) {
    const kind = b.kind === 'param' ? 'param' : b.kind === 'variable' ? 'variable' : null;
    if (!kind || !renameable(model, b)) continue;
    if (kind === 'param' && (inFile >= perFile || taken[lang] >= perLanguage)) continue;
    if (kind === 'variable' && (varsInFile >= perFile || takenVars[lang] >= variablesPerLanguage)) continue;
    const site = nameSite(ctx, b);
    if (!site) continue;
    const out = renameAll(text, site, letter);
    let variant;
    try {
      variant = adapter.parse(row.path, out, language);
    } catch {
      continue;
    }
    const vctx = fileContext(variant);
    const vb = variant.bindings?.find((x) => x.name === letter && x.span.line === b.span.line && x.span.column === b.span.column);
    const vsite = vctx && vb && nameSite(vctx, vb);
    if (!vsite) continue;
    cases.push({ lang, kind, original: b.name, ctx: vctx, site: vsite, convention: namingConvention(variant) });
    if (kind === 'param') {
      inFile++;
      taken[lang]++;
    } else {
      varsInFile++;
      takenVars[lang]++;
    }
  }
}
console.error(`${cases.length} bindings (parameters ${taken.python} Python, ${taken.javascript} JS/TS; variables ${takenVars.python} / ${takenVars.javascript}) of the ${split} split, ${Math.round((Date.now() - t0) / 1000)} s`);
for (let i = 0; i < cases.length; i += 256) {
  const chunk = cases.slice(i, i + 256);
  const rows = await scoreNameSites(
    namer,
    chunk.map((c) => c.site),
  );
  chunk.forEach((c, r) => {
    c.evidence = nameEvidence(c.ctx, c.site, rows[r], namer.manifest, c.convention);
    delete c.ctx;
    delete c.site;
  });
}

function measure(weights, kind = 'param') {
  const res = {};
  for (const lang of ['python', 'javascript']) {
    let n = 0;
    let t1 = 0;
    let t5 = 0;
    for (const c of cases) {
      if (c.lang !== lang || c.kind !== kind) continue;
      n++;
      const names = combineEvidence(c.evidence, weights).map((s) => key(s.name));
      const truth = key(c.original);
      t1 += names[0] === truth;
      t5 += names.includes(truth);
    }
    res[lang] = { n, top1: +((100 * t1) / Math.max(1, n)).toFixed(1), top5: +((100 * t5) / Math.max(1, n)).toFixed(1) };
  }
  return res;
}
const sum = (r) => r.python.top1 + r.python.top5 + r.javascript.top1 + r.javascript.top5;
// Parameters and (when sampled) variables count alike.
const objective = (weights) => sum(measure(weights)) + (variablesPerLanguage ? sum(measure(weights, 'variable')) : 0);
const report = (weights) => ({ ...measure(weights), ...(variablesPerLanguage ? { variables: measure(weights, 'variable') } : {}) });

// How often each kind of evidence names the parameter (recall) and how often what it names is right (precision).
const coverage = {};
for (const [kind, source] of ['param', 'variable'].flatMap((k) => CANDIDATE_SOURCES.map((s) => [k, s]))) {
  let fired = 0;
  let right = 0;
  let proposals = 0;
  for (const c of cases) {
    if (c.kind !== kind) continue;
    const mine = c.evidence.context.filter((x) => x.sources.includes(source));
    if (!mine.length) continue;
    fired++;
    proposals += mine.length;
    right += mine.some((x) => key(x.name) === key(c.original));
  }
  if (fired) coverage[`${kind} ${source}`] = { fired, right, proposals };
}
console.error(JSON.stringify(coverage));

const none = Object.fromEntries(CANDIDATE_SOURCES.map((s) => [s, 0]));
let weights = arg('--weights', null) ? JSON.parse(arg('--weights')) : { ...(namer.manifest.contextWeights ?? DEFAULT_CONTEXT_WEIGHTS) };
const result = { split, modelOnly: report(none), start: { weights: { ...weights }, ...report(weights) } };
if (process.argv.includes('--search')) {
  // Coordinate ascent over a grid, three sweeps; ties keep the smaller weight.
  const grid = [0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.8];
  let best = objective(weights);
  for (let sweep = 0; sweep < 3; sweep++) {
    let moved = false;
    for (const source of CANDIDATE_SOURCES) {
      for (const w of grid) {
        const trial = { ...weights, [source]: w };
        const score = objective(trial);
        if (score > best + 1e-9 || (Math.abs(score - best) < 1e-9 && w < weights[source])) {
          if (score > best + 1e-9) moved = true;
          best = score;
          weights = trial;
        }
      }
    }
    console.error(`sweep ${sweep + 1}: ${best.toFixed(1)} ${JSON.stringify(weights)}`);
    if (!moved) break;
  }
  result.chosen = { weights, ...report(weights) };
}
result.coverage = coverage;
// Misses under the final weights, to read (--examples N per language).
const examples = Number(arg('--examples', 0));
if (examples) {
  const final = result.chosen?.weights ?? weights;
  for (const lang of ['python', 'javascript']) {
    const misses = cases.filter((c) => c.lang === lang && c.kind === 'param');
    const out = [];
    for (const c of misses) {
      const names = combineEvidence(c.evidence, final).map((x) => x.name);
      if (names.some((n) => key(n) === key(c.original))) continue;
      out.push(`${c.original} → ${names.join(', ')} | ${c.evidence.context.map((x) => `${x.name}:${x.sources.join('+')}`).join(' ')}`);
      if (out.length >= examples) break;
    }
    result[`misses_${lang}`] = out;
  }
}
console.log(JSON.stringify(result, null, 1));
if (arg('--out', null)) writeFileSync(arg('--out'), JSON.stringify(result, null, 1));
