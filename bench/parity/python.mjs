#!/usr/bin/env node
// Parity benchmark: toasty's Python front-end vs radon (cc, mi, raw, hal).
//
// Usage (from the repository root):
//   npx tsc -p tsconfig.build.json        # or any build that emits dist/languages/python/
//   node bench/parity/python.mjs [corpusDir] [--out bench/parity/RESULTS-python.md]
//
// Needs `radon` on PATH (Debian: apt-get install radon). Corpus default: /usr/lib/python3.11
// without test suites and third-party packages (see EXCLUDE below).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pythonAdapter } from '../../dist/languages/python/index.js';

const args = process.argv.slice(2);
const outIdx = args.indexOf('--out');
const outFile = outIdx >= 0 ? args[outIdx + 1] : null;
const corpus = (outIdx === 0 ? args[2] : args[0]) ?? '/usr/lib/python3.11';
// pydoc_data/topics.py (750 KB of triple-quoted strings) is left out only because radon's raw
// analysis re-tokenizes every multi-line string line by line (quadratic) and takes tens of minutes on it.
const EXCLUDE = [/\/test\//, /\/tests\//, /\/idle_test\//, /\/site-packages\//, /\/dist-packages\//, /\/__pycache__\//, /\/pydoc_data\/topics\.py$/];

function listFiles(dir) {
  const out = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop();
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (EXCLUDE.some((re) => re.test(p + (e.isDirectory() ? '/' : '')))) continue;
      if (e.isDirectory() && !e.isSymbolicLink()) stack.push(p);
      else if (e.isFile() && e.name.endsWith('.py')) out.push(p);
    }
  }
  return out.sort();
}

// RADON="<command>" picks the radon to compare with (default `radon`; e.g. radon's git HEAD:
//   RADON="env PYTHONPATH=/tmp/radon-head /usr/bin/python3 -m radon").
let usedCache = false;
const RADON = (process.env.RADON ?? 'radon').split(' ').filter(Boolean);
// RADON_CACHE=<dir> keeps radon's JSON between runs (radon raw is slow on big files).
function radon(cmd, files) {
  const cacheDir = process.env.RADON_CACHE;
  const cacheFile = cacheDir ? path.join(cacheDir, `${cmd[0]}.json`) : null;
  if (cacheFile && fs.existsSync(cacheFile)) return (usedCache = true), JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
  const res = {};
  for (let i = 0; i < files.length; i += 200) {
    const chunk = files.slice(i, i + 200);
    const out = execFileSync(RADON[0], [...RADON.slice(1), ...cmd, ...chunk], { maxBuffer: 1 << 30, encoding: 'utf8' });
    Object.assign(res, JSON.parse(out));
  }
  if (cacheFile) {
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(cacheFile, JSON.stringify(res));
  }
  return res;
}

const files = listFiles(corpus);
const t0 = Date.now();
const cc = radon(['cc', '-s', '-j'], files);
const mi = radon(['mi', '-s', '-j'], files);
const raw = radon(['raw', '-j'], files);
const hal = radon(['hal', '-f', '-j'], files);
const radonMs = Date.now() - t0;

let fnTotal = 0, fnSame = 0, fnMissing = 0;
const fnDiffs = [];
let miTotal = 0, miClose = 0;
const miDiffs = [];
let rawTotal = 0, rawSame = 0;
const rawDiffs = [];
let halTotal = 0, halClose = 0;
const halDiffs = [];
let halFnTotal = 0, halFnClose = 0;
const halFnDiffs = [];
let parseErrors = [];
let radonErrors = 0;
const t1 = Date.now();
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  const model = pythonAdapter.parse(file, text, 'python');
  if (!model.parsed) parseErrors.push(`${file}:${model.problems[0]?.line}`);
  const mine = new Map();
  for (const f of model.functions) if (f.kind !== 'lambda') mine.set(`${f.span.line}:${f.name}`, f);
  const blocks = cc[file] ?? []; // radon cc leaves out files without blocks
  if (!Array.isArray(blocks)) radonErrors++;
  else {
    const seen = new Set();
    const stack = [...blocks];
    while (stack.length) {
      const b = stack.pop();
      if (b.type === 'class') stack.push(...(b.methods ?? []));
      else {
        stack.push(...(b.closures ?? []));
        const key = `${b.lineno}:${b.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        fnTotal++;
        const m = mine.get(key);
        if (!m) {
          fnMissing++;
          fnDiffs.push(`${file}:${b.lineno} ${b.name}: radon ${b.complexity}, toasty (not found)`);
        } else if (m.metrics.cyclomatic === b.complexity) fnSame++;
        else fnDiffs.push(`${file}:${b.lineno} ${b.name}: radon ${b.complexity}, toasty ${m.metrics.cyclomatic}`);
      }
    }
  }
  const r = raw[file];
  if (r && !r.error) {
    rawTotal++;
    const keys = ['loc', 'lloc', 'sloc', 'comments', 'multi', 'blank'];
    const bad = keys.filter((k) => model.metrics[k] !== r[k]);
    if (!bad.length) rawSame++;
    else rawDiffs.push(`${file}: ` + bad.map((k) => `${k} radon ${r[k]} toasty ${model.metrics[k]}`).join(', '));
  }
  const m = mi[file];
  if (m && !m.error) {
    miTotal++;
    if (Math.abs(m.mi - model.metrics.maintainabilityIndex) <= 0.01) miClose++;
    else miDiffs.push(`${file}: radon ${m.mi.toFixed(4)}, toasty ${model.metrics.maintainabilityIndex.toFixed(4)}`);
  }
  const h = hal[file];
  const vol = (r) => (Array.isArray(r) ? r[7] : r.volume); // radon 5 writes namedtuples as lists
  const close = (a, b) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a));
  if (h && !h.error && h.total) {
    halTotal++;
    const rv = vol(h.total);
    if (close(rv, model.metrics.halsteadVolume)) halClose++;
    else halDiffs.push(`${file}: radon ${rv.toFixed(3)}, toasty ${model.metrics.halsteadVolume.toFixed(3)}`);
    // radon's per-function list: every def not inside another def, in source order. radon 5 writes
    // a list of [name, report]; radon 6 a dict by name (a later def of the same name wins).
    const ours = model.functions.filter((f) => f.kind !== 'lambda' && f.parentFunction === null);
    const pairs = Array.isArray(h.functions)
      ? h.functions.map(([name, rep], i) => [name, rep, ours[i]])
      : Object.entries(h.functions ?? {}).map(([name, rep]) => [name, rep, ours.filter((f) => f.name === name).pop()]);
    for (const [name, rep, o] of pairs) {
      halFnTotal++;
      if (o && o.name === name && close(vol(rep), o.metrics.halsteadVolume)) halFnClose++;
      else halFnDiffs.push(`${file}: ${name}: radon ${vol(rep).toFixed(3)}, toasty ${o ? `${o.name} ${o.metrics.halsteadVolume.toFixed(3)}` : '(none)'}`);
    }
  }
}
const toastyMs = Date.now() - t1;
const pct = (a, b) => (b ? ((100 * a) / b).toFixed(3) : 'n/a');
const summary = {
  corpus, files: files.length, radonErrors, toastyParseErrors: parseErrors.length,
  functions: fnTotal, exact: fnSame, exactPct: pct(fnSame, fnTotal), missing: fnMissing,
  mi: { files: miTotal, within001: miClose, pct: pct(miClose, miTotal) },
  raw: { files: rawTotal, identical: rawSame, pct: pct(rawSame, rawTotal) },
  halstead: { files: halTotal, identical: halClose, pct: pct(halClose, halTotal) },
  halsteadFunctions: { functions: halFnTotal, identical: halFnClose, pct: pct(halFnClose, halFnTotal) },
  radonMs, toastyMs,
};
console.log(JSON.stringify(summary, null, 2));
const list = (xs) => (xs.length ? xs.slice(0, 200).map((x) => `- ${x.replace(corpus + '/', '')}`).join('\n') + (xs.length > 200 ? `\n- … ${xs.length - 200} more` : '') : '- none');
const report = `### Figures (generated by bench/parity/python.mjs)

| check | compared | agree | % |
| --- | ---: | ---: | ---: |
| cyclomatic per function (radon cc) | ${fnTotal} | ${fnSame} | ${summary.exactPct} |
| maintainability index per file, within 0.01 (radon mi -s) | ${miTotal} | ${miClose} | ${summary.mi.pct} |
| raw loc/lloc/sloc/comments/multi/blank per file (radon raw), all six equal | ${rawTotal} | ${rawSame} | ${summary.raw.pct} |
| module Halstead volume per file (radon hal), rel. error ≤ 1e-6 | ${halTotal} | ${halClose} | ${summary.halstead.pct} |
| per-function Halstead volume (radon hal -f), rel. error ≤ 1e-6 | ${halFnTotal} | ${halFnClose} | ${summary.halsteadFunctions.pct} |

Reference: \`${RADON.join(' ')}\`. Corpus: \`${corpus}\`, ${files.length} files (excluded: ${EXCLUDE.map(String).join(' ')}); radon failed on ${radonErrors} file(s); tree-sitter reported syntax errors in ${parseErrors.length} file(s)${parseErrors.length ? ': ' + parseErrors.map((p) => p.replace(corpus + '/', '')).join(', ') : ''}.
Time: radon (4 runs) ${usedCache ? '(read from RADON_CACHE) ' : ''}${radonMs} ms, toasty (parse + full model) ${toastyMs} ms.

#### Cyclomatic differences
${list(fnDiffs)}

#### MI differences
${list(miDiffs)}

#### Raw differences
${list(rawDiffs)}

#### Halstead differences (module)
${list(halDiffs)}

#### Halstead differences (functions)
${list(halFnDiffs)}
`;
if (outFile) fs.writeFileSync(outFile, report);
else console.log(report);
