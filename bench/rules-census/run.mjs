#!/usr/bin/env node
// Rules census: runs the built CLI (`grade --format json --no-neural`) on the Python standard library
// and on JS/TS packages copied out of node_modules (copied into a temp dir so the repository's
// .gitignore does not hide them), then prints per rule: findings, files, findings per 1,000 sloc,
// and writes a JSON with a seeded random sample of findings per rule, with code context, for review.
//
//   npm run build && node bench/rules-census/run.mjs [--rules id1,id2] [--dimensions reliability,speed]
//                                                   [--sample 10] [--seed 42] [--out bench/out/rules-census.json]
//                                                   [--python /usr/lib/python3.11] [--no-js] [--no-python]
//
// The JSON: { corpora: {name: {files, sloc}}, rules: {id: {dimension, severity, count, files, perKsloc,
// byCorpus, sample: [{corpus, path, line, message, suggestion, context}]}} }.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const flag = (name) => argv.includes(`--${name}`);

const PYTHON = arg('python', '/usr/lib/python3.11');
const SAMPLE = Number(arg('sample', '10'));
const SEED = Number(arg('seed', '42'));
const OUT = resolve(arg('out', join(ROOT, 'bench', 'out', 'rules-census.json')));
const ONLY_RULES = arg('rules', '') ? new Set(arg('rules', '').split(',')) : null;
const ONLY_DIMS = arg('dimensions', '') ? new Set(arg('dimensions', '').split(',')) : null;
/** JS/TS packages (sub-folders of node_modules): hand-written sources, not bundles, where possible. */
const JS_PACKAGES = [
  'eslint/lib',
  'postcss/lib',
  'semver',
  'js-yaml/lib',
  'ajv/lib',
  'fast-xml-parser/src',
  'commander/lib',
  'yaml/dist',
  'debug/src',
  'cosmiconfig/dist',
  'acorn/dist',
  'chai',
  'ora',
  'tar-fs',
  'bl',
  'simple-get',
  'prebuild-install',
  'better-sqlite3/lib',
  'onnxruntime-node/dist',
  'cli-table3',
];

const toasty = join(ROOT, 'bin', 'toasty.js');
if (!existsSync(join(ROOT, 'dist'))) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'toasty-census-'));
const env = { ...process.env, CI: 'true', NO_COLOR: '1', TOASTY_HOME: join(work, 'home') };

/** Copy the JS/TS packages out of node_modules, without maps and declaration files. */
function jsCorpus() {
  const dir = join(work, 'js');
  mkdirSync(dir, { recursive: true });
  const used = [];
  for (const pkg of JS_PACKAGES) {
    const from = join(ROOT, 'node_modules', pkg);
    if (!existsSync(from)) continue;
    used.push(pkg);
    cpSync(from, join(dir, pkg.replace(/\//g, '__')), {
      recursive: true,
      filter: (src) => !/\.(map|d\.ts|d\.mts|d\.cts)$/.test(src) && !/[\\/]node_modules[\\/]/.test(src.slice(from.length)),
    });
  }
  return { dir, used };
}

function grade(name, dir) {
  const output = join(work, `${name}.json`);
  const r = spawnSync(
    process.execPath,
    [toasty, 'grade', dir, '--format', 'json', '--output', output, '--no-neural', '--no-cache', '--no-learning', '--quiet', '--db', join(work, 'census.db'), '--jobs', String(cpus().length)],
    { cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  if (!existsSync(output)) throw new Error(`toasty failed on ${name} (exit ${r.status}): ${r.stderr.slice(-3000)}`);
  const report = JSON.parse(readFileSync(output, 'utf8'));
  return { name, dir, report };
}

/** mulberry32: a small seeded PRNG so samples are reproducible. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sample(items, n, random) {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, n);
}

const fileCache = new Map();
function context(absPath, line, endLine, around = 3) {
  let lines = fileCache.get(absPath);
  if (!lines) {
    try {
      lines = readFileSync(absPath, 'utf8').split('\n');
    } catch {
      lines = [];
    }
    fileCache.set(absPath, lines);
  }
  const from = Math.max(1, line - around);
  const to = Math.min(lines.length, Math.max(line, Math.min(endLine, line + 8)) + around);
  const out = [];
  for (let l = from; l <= to; l++) out.push(`${String(l).padStart(5)}${l >= line && l <= endLine ? ' >' : '  '} ${lines[l - 1] ?? ''}`);
  return out.join('\n');
}

const corpora = [];
if (!flag('no-python')) corpora.push(grade('python-stdlib', PYTHON));
let jsUsed = [];
if (!flag('no-js')) {
  const { dir, used } = jsCorpus();
  jsUsed = used;
  corpora.push(grade('js-packages', dir));
}

const rules = new Map();
const corpusInfo = {};
for (const { name, dir, report } of corpora) {
  let sloc = 0;
  let files = 0;
  for (const f of report.files) {
    if (f.status !== 'graded') continue;
    files++;
    sloc += f.sloc;
    const abs = isAbsolute(f.path) ? f.path : join(dir, f.path);
    for (const finding of f.findings) {
      if (finding.suppressed) continue;
      if (ONLY_RULES && !ONLY_RULES.has(finding.ruleId)) continue;
      if (ONLY_DIMS && !ONLY_DIMS.has(finding.dimension)) continue;
      let r = rules.get(finding.ruleId);
      if (!r) {
        r = { dimension: finding.dimension, severity: finding.severity, count: 0, files: new Set(), byCorpus: {}, all: [] };
        rules.set(finding.ruleId, r);
      }
      r.count++;
      r.files.add(`${name}:${f.path}`);
      r.byCorpus[name] = (r.byCorpus[name] ?? 0) + 1;
      r.all.push({ corpus: name, path: f.path, abs, line: finding.line, endLine: finding.endLine, message: finding.message, suggestion: finding.suggestion, fix: finding.fix ?? null });
    }
  }
  corpusInfo[name] = { files, sloc, path: name === 'js-packages' ? `node_modules/{${jsUsed.join(',')}}` : dir };
}
const totalSloc = Object.values(corpusInfo).reduce((s, c) => s + c.sloc, 0);
// Rules that never fired are listed too (with 0), from the built catalogue.
const { BUILTIN_RULES } = await import(join(ROOT, 'dist', 'rules', 'index.js'));
for (const rule of BUILTIN_RULES) {
  if (rules.has(rule.id) || (ONLY_RULES && !ONLY_RULES.has(rule.id)) || (ONLY_DIMS && !ONLY_DIMS.has(rule.dimension))) continue;
  rules.set(rule.id, { dimension: rule.dimension, severity: rule.meta.severity, count: 0, files: new Set(), byCorpus: {}, all: [] });
}

const random = rng(SEED);
const json = { generated: new Date().toISOString(), seed: SEED, corpora: corpusInfo, rules: {} };
const rows = [...rules.entries()].sort((a, b) => (a[1].dimension + a[0] < b[1].dimension + b[0] ? -1 : 1));
for (const [id, r] of rows) {
  json.rules[id] = {
    dimension: r.dimension,
    severity: r.severity,
    count: r.count,
    files: r.files.size,
    perKsloc: Number(((r.count * 1000) / Math.max(1, totalSloc)).toFixed(3)),
    byCorpus: r.byCorpus,
    sample: sample(r.all, SAMPLE, random).map((s) => ({
      corpus: s.corpus,
      path: s.path,
      line: s.line,
      message: s.message,
      suggestion: s.suggestion,
      ...(s.fix ? { fix: s.fix } : {}),
      context: context(s.abs, s.line, s.endLine),
    })),
  };
}
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(json, null, 2)}\n`);

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
console.log(Object.entries(corpusInfo).map(([n, c]) => `${n}: ${c.files} files, ${c.sloc} sloc (${c.path})`).join('\n'));
console.log();
console.log(`${pad('rule', 36)} ${pad('dimension', 12)} ${lpad('count', 7)} ${lpad('files', 6)} ${lpad('/ksloc', 8)}  by corpus`);
for (const [id, r] of rows) {
  const per = ((r.count * 1000) / Math.max(1, totalSloc)).toFixed(3);
  console.log(`${pad(id, 36)} ${pad(r.dimension, 12)} ${lpad(r.count, 7)} ${lpad(r.files.size, 6)} ${lpad(per, 8)}  ${Object.entries(r.byCorpus).map(([k, v]) => `${k}=${v}`).join(' ')}`);
}
console.log(`\nsample of ${SAMPLE} per rule (seed ${SEED}) written to ${OUT}`);
rmSync(work, { recursive: true, force: true });
