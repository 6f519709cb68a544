/**
 * Threshold calibration on held-out clean code (step 6 of models/training/README; it needs the
 * int8 model, so it runs in Node). For each language, the smallest threshold with at most
 * TARGET findings per 100 lines on the calibration files: the corpus manifest's `calib` split for
 * Python and JavaScript, the even-hash half of this repository's src/**.ts for TypeScript.
 * First the per-token baselines (median raw logit of each frequent token text on the calibration
 * files, see src/neural/score.ts adjustedScore), then thresholds on the adjusted scores.
 * Writes `baselines`, `thresholds` and `calibration` into models/manifest.json.
 *
 * Usage: npx tsc -p bench/neural && node bench/out/neural-build/bench/neural/calibrate.js [--target 0.8] [--no-baselines]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lineCandidates, reportable } from '../../src/neural/findings.js';
import { lex, lexLanguage } from '../../src/neural/lexer.js';
import { applyBaselines, logit, scorePreTokens, type Baselines } from '../../src/neural/score.js';
import { getModel } from '../../src/neural/session.js';
import { ROOT, corpusManifest, readSource, tsFiles, tsSplit } from './common.js';

const args = process.argv.slice(2);
const TARGET = Number(args[args.indexOf('--target') + 1] ?? 0.8) || 0.8;
/** --no-baselines: thresholds on the raw probability (score = prob), no per-token baselines in the manifest. */
const BASELINES = !args.includes('--no-baselines');

const model = await getModel(join(ROOT, 'models'));
const corpus = corpusManifest();
const files = corpus.filter((m) => m.split === 'calib').map((m) => ({ path: m.path, language: m.language, text: readSource(m.path) }));
for (const f of tsFiles().filter((x) => tsSplit(x.path) === 'calib')) files.push({ path: f.path, language: 'typescript', text: f.text });

// pass 1: raw scores of every calibration file
const scoredFiles = [];
for (const f of files) {
  const lang = lexLanguage(f.language);
  scoredFiles.push({ f, lang, scored: await scorePreTokens(model, lex(f.text, lang)) });
}

// baselines: median raw logit per token text (≥ MIN_COUNT occurrences) and per kind, from the Python and JavaScript calibration files
const MIN_COUNT = 20;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const baselines: Record<string, Baselines> = {};
for (const lang of BASELINES ? (['python', 'javascript'] as const) : []) {
  const byText = new Map<string, number[]>();
  const byKind = new Map<string, number[]>();
  for (const { f, scored } of scoredFiles) {
    if (f.language !== lang) continue;
    scored.preTokens.forEach((t, i) => {
      if (!reportable(t.text, t.kind)) return;
      const l = logit(scored.scores[i]!.prob);
      (byText.get(t.text) ?? byText.set(t.text, []).get(t.text)!).push(l);
      (byKind.get(t.kind) ?? byKind.set(t.kind, []).get(t.kind)!).push(l);
    });
  }
  const table: Baselines = {};
  for (const [kind, xs] of [...byKind].sort()) table[`*${kind}`] = Math.round(median(xs) * 1000) / 1000;
  for (const [text, xs] of [...byText].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (xs.length >= MIN_COUNT) table[text] = Math.round(median(xs) * 1000) / 1000;
  baselines[lang] = table;
}

// pass 2: thresholds on baseline-adjusted scores
const perLang = new Map<string, { lines: number; files: number; scores: number[] }>();
for (const { f, lang, scored } of scoredFiles) {
  applyBaselines(scored, baselines[lang]);
  const acc = perLang.get(f.language) ?? { lines: 0, files: 0, scores: [] };
  perLang.set(f.language, acc);
  acc.files++;
  acc.lines += f.text.split('\n').length;
  for (const c of lineCandidates(scored, f.text, lang, model.tokenizer, { threshold: 0 })) acc.scores.push(c.score);
}

const thresholds: Record<string, number> = {};
const calibration: Record<string, unknown> = {
  target: `≤ ${TARGET} findings per 100 lines of held-out clean code`,
  baselines: `median raw logit per token text (≥ ${MIN_COUNT} occurrences) and per kind, on the Python/JavaScript calibration files`,
};
for (const [lang, acc] of perLang) {
  const scores = acc.scores.sort((a, b) => b - a);
  const allowed = Math.floor((TARGET * acc.lines) / 100);
  const t = allowed < scores.length ? Math.ceil((scores[allowed]! + 1e-6) * 1000) / 1000 : 0.5;
  thresholds[lang] = t;
  const count = scores.filter((p) => p >= t).length;
  calibration[lang] = { files: acc.files, lines: acc.lines, threshold: t, findings: count, per100Lines: Math.round((10000 * count) / acc.lines) / 100 };
}
const manifestPath = join(ROOT, 'models/manifest.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
manifest.thresholds = thresholds;
if (BASELINES) manifest.baselines = baselines;
else delete manifest.baselines;
manifest.calibration = calibration;
writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(JSON.stringify({ thresholds, calibration, baselineEntries: Object.fromEntries(Object.entries(baselines).map(([k, v]) => [k, Object.keys(v).length])) }, null, 1));
