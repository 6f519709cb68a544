#!/usr/bin/env node
// Name suggestions on projects never trained on (the test split of the neural corpus): every
// well-named parameter (≥ 3 characters, not self/cls/rest) of a named function of ≥ 8 lines is
// renamed, with all its uses (the runtime's own occurrence finder), to a one-letter name unused in
// the file; each variant is graded by the real CLI (`toasty grade`, short-identifier on) and the
// finding's `nameSuggestions` is compared with the original name, lower-case without `_`:
// top-1 / top-5 exact, sub-token F1 of the first suggestion, and a frequency baseline (the commonest
// parameter names of the training split, from models/names.json). Python and JS/TS separately.
//
//   npm run build && node bench/neural/names.mjs [--per-language 600] [--per-file 3] [--data /work/neural-data] [--split test|calib]
// → bench/out/names.json (names-calib.json for --split calib)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { loadAdapter } from '../../dist/languages/registry.js';
import { fileContext, nameSite, normalName } from '../../dist/neural/names/features.js';
import { subTokens } from '../../dist/neural/detectors/sites.js';
import { isTestPath } from '../../dist/rules/shared/paths.js';
import { nameKey as key, renameable, renameAll, splitFiles, unusedLetter } from '../../models/training/names/cases.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const arg = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const perLanguage = Number(arg('--per-language', 600));
const perFile = Number(arg('--per-file', 3));
const data = arg('--data', '/work/neural-data');
// The test split reports; --split calib reads the projects the context weights were chosen on.
const split = arg('--split', 'test');

function f1(predicted, truth) {
  const p = subTokens(predicted);
  const t = subTokens(truth);
  if (!p.length || !t.length) return 0;
  const common = p.filter((s) => t.includes(s)).length;
  if (!common) return 0;
  const precision = common / p.length;
  const recall = common / t.length;
  return (2 * precision * recall) / (precision + recall);
}

// Deterministic order: files sorted by path, parameters in source order.
const files = splitFiles(data, split);
const work = mkdtempSync(join(tmpdir(), 'toasty-names-bench-'));
const src = join(work, 'src');
mkdirSync(src);
const cases = [];
const taken = { python: 0, javascript: 0 };
for (const row of files) {
  const lang = row.language === 'python' ? 'python' : 'javascript';
  if (taken[lang] >= perLanguage || isTestPath(row.rel ?? row.path)) continue;
  const language = lang === 'python' ? 'python' : /\.[mc]?ts$/.test(row.path) ? 'typescript' : 'javascript';
  const text = readFileSync(row.path, 'utf8');
  let model;
  try {
    model = (await loadAdapter(language)).parse(row.path, text, language);
  } catch {
    continue;
  }
  const ctx = fileContext(model);
  if (!ctx || /\.min\.js$/.test(row.path)) continue;
  const letter = unusedLetter(ctx);
  if (!letter) continue;
  let inFile = 0;
  for (const b of model.bindings ?? []) {
    if (inFile >= perFile || taken[lang] >= perLanguage) break;
    if (b.kind !== 'param' || !renameable(model, b)) continue;
    const site = nameSite(ctx, b);
    if (!site) continue;
    const out = renameAll(text, site, letter);
    const name = `v${String(cases.length).padStart(5, '0')}_${basename(row.path)}`;
    writeFileSync(join(src, name), out);
    cases.push({ file: name, lang, project: row.project, original: b.name, letter, line: b.span.line, column: b.span.column });
    inFile++;
    taken[lang]++;
  }
}
console.error(`${cases.length} variants (${taken.python} Python, ${taken.javascript} JS/TS) in ${work}`);

const config = join(work, '.toastyrc.yaml');
writeFileSync(config, 'rules:\n  short-identifier: info\n');
const started = Date.now();
const r = spawnSync(
  process.execPath,
  [join(ROOT, 'bin/toasty.js'), '--config', config, '--db', join(work, 'toasty.db'), 'grade', src, '--no-cache', '--select', 'short-identifier', '--format', 'json', '--output', join(work, 'out.json')],
  { encoding: 'utf8', maxBuffer: 1 << 30 },
);
if (r.status !== 0 && r.status !== 1) throw new Error(`grade failed (${r.status}): ${r.stderr.slice(-2000)}`);
const report = JSON.parse(readFileSync(join(work, 'out.json'), 'utf8'));
const byFile = new Map(report.files.map((f) => [basename(f.path), f]));
const manifest = JSON.parse(readFileSync(join(ROOT, 'models/names.json'), 'utf8'));

const stats = {};
for (const lang of ['python', 'javascript']) {
  const mine = cases.filter((c) => c.lang === lang);
  // Rest parameters (`*args`, `**kwargs`) are not benchmarked, so their names are no baseline guess.
  const baseline = (manifest.frequencyBaseline[lang] ?? []).filter((n) => !['args', 'kwargs', 'rest'].includes(n));
  let found = 0;
  let suggested = 0;
  let top1 = 0;
  let top5 = 0;
  let f1sum = 0;
  let b1 = 0;
  let b5 = 0;
  let bf1 = 0;
  let fixes = 0;
  let inVocab = 0;
  const vocab = new Set(manifest.vocab);
  const examples = [];
  for (const c of mine) {
    const file = byFile.get(c.file);
    const finding = file?.findings.find((f) => f.ruleId === 'short-identifier' && f.line === c.line && f.column === c.column);
    if (finding) found++;
    const names = finding?.nameSuggestions?.map((s) => s.name) ?? [];
    if (names.length) suggested++;
    if (finding?.fix) fixes++;
    if (vocab.has(normalName(c.original))) inVocab++;
    const truth = key(c.original);
    top1 += names.length > 0 && key(names[0]) === truth;
    top5 += names.some((n) => key(n) === truth);
    f1sum += names.length ? f1(names[0], c.original) : 0;
    const base = baseline.filter((n) => n !== c.letter).slice(0, 5);
    b1 += key(base[0] ?? '') === truth;
    b5 += base.some((n) => key(n) === truth);
    bf1 += base.length ? f1(base[0], c.original) : 0;
    if (examples.length < 15) examples.push(`${c.original} → ${c.letter} → ${names.slice(0, 3).join(', ') || '(none)'}`);
  }
  const n = mine.length || 1;
  const pct = (x) => +((100 * x) / n).toFixed(1);
  stats[lang] = {
    variants: mine.length,
    projects: new Set(mine.map((c) => c.project)).size,
    findings: found,
    withSuggestions: suggested,
    withRenameFix: fixes,
    inVocabulary: pct(inVocab),
    top1: pct(top1),
    top5: pct(top5),
    subtokenF1: pct(f1sum),
    frequencyBaseline: { top1: pct(b1), top5: pct(b5), subtokenF1: pct(bf1), names: baseline.slice(0, 5) },
    examples,
  };
}
const result = { corpus: `${data}/corpus (${split} split)`, gradeSeconds: Math.round((Date.now() - started) / 1000), ...stats };
mkdirSync(join(ROOT, 'bench/out'), { recursive: true });
writeFileSync(join(ROOT, `bench/out/names${split === 'test' ? '' : `-${split}`}.json`), JSON.stringify(result, null, 1));
console.log(JSON.stringify(result, null, 1));
rmSync(work, { recursive: true, force: true });
