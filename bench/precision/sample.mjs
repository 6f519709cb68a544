#!/usr/bin/env node
// Grades every project under DATA (one folder per project, named `name@version`) with the built CLI,
// default rules only (`--no-neural --no-cache --no-learning`), and draws a seeded sample of findings
// stratified by rule, for labelling by hand (see PROTOCOL.md).
//
//   node bench/precision/sample.mjs --data /work/precision-data/projects --seed 24 --out bench/out/precision-sample.jsonl
//   node bench/precision/sample.mjs --data DIR --show bench/out/precision-sample.jsonl   # print each with ±4 lines of context
//
// Per rule it takes min(n, 2 + floor(0.6 log2 n)) findings, so every rule that fires gets some and the
// loud ones get more. The order is a mulberry32 shuffle of the findings (sorted by fingerprint first),
// so the same seed on the same sources gives the same sample.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function args(argv) {
  const out = { seed: 24, out: null, show: null, data: null, runs: null, from: null, counts: null, config: null };
  for (let i = 0; i < argv.length; i += 2) out[argv[i].replace(/^--/, '')] = argv[i + 1];
  if (!out.data) throw new Error('--data DIR is required (a folder of name@version project folders)');
  return out;
}

export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every default finding of every project, as flat rows. */
export function gradeAll(data, config = null) {
  const home = mkdtempSync(join(tmpdir(), 'toasty-precision-'));
  const rows = [];
  for (const project of readdirSync(data).sort()) {
    const [name, version] = project.split('@');
    const json = execFileSync(
      process.execPath,
      [
        join(repo, 'bin/toasty.js'),
        'grade',
        '.',
        '--format',
        'json',
        '--no-neural',
        '--no-cache',
        '--no-learning',
        '--jobs',
        '1',
        ...(config ? ['--config', resolve(config)] : []),
      ],
      { cwd: join(data, project), env: { ...process.env, TOASTY_HOME: home }, maxBuffer: 1 << 28, encoding: 'utf8' },
    );
    for (const file of JSON.parse(json).files) {
      for (const f of file.findings) {
        rows.push({
          fingerprint: f.fingerprint,
          project: name,
          version,
          file: file.path,
          line: f.line,
          rule: f.ruleId,
          severity: f.severity,
          message: f.message,
          suggestion: f.suggestion ?? '',
        });
      }
    }
  }
  return rows;
}

export function stratify(rows, seed) {
  const byRule = new Map();
  for (const r of [...rows].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1))) {
    if (!byRule.has(r.rule)) byRule.set(r.rule, []);
    byRule.get(r.rule).push(r);
  }
  const rand = mulberry32(Number(seed));
  const sample = [];
  for (const rule of [...byRule.keys()].sort()) {
    const list = byRule.get(rule);
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    sample.push(...list.slice(0, Math.min(list.length, 2 + Math.floor(0.6 * Math.log2(list.length)))));
  }
  return sample;
}

function show(data, file) {
  const rows = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  rows.forEach((r, i) => {
    const lines = readFileSync(join(data, `${r.project}@${r.version}`, r.file), 'utf8').split(/\r?\n/);
    console.log(`#${i} ${r.rule} ${r.project} ${r.file}:${r.line} ${r.fingerprint.slice(0, 10)}`);
    console.log(`  msg: ${r.message}\n  sug: ${r.suggestion}`);
    for (let n = Math.max(1, r.line - 4); n <= Math.min(lines.length, r.line + 4); n++)
      console.log(`  ${n === r.line ? '>' : ' '}${String(n).padStart(5)} | ${lines[n - 1].slice(0, 160)}`);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const opts = args(process.argv.slice(2));
  if (opts.show) show(opts.data, opts.show);
  else {
    // --runs FILE keeps every graded finding, --counts FILE the number per rule (for report.mjs); --from FILE samples from such a file instead of grading again.
    // --config FILE grades with that config instead of the defaults (opt-in.toastyrc.yaml turns on every rule that is off by default).
    const rows = opts.from ? JSON.parse(readFileSync(opts.from, 'utf8')) : gradeAll(opts.data, opts.config);
    const sample = stratify(rows, opts.seed);
    const out = opts.out ?? join(repo, 'bench/out/precision-sample.jsonl');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, sample.map((r) => JSON.stringify(r)).join('\n') + '\n');
    if (opts.runs) writeFileSync(opts.runs, JSON.stringify(rows));
    if (opts.counts) {
      const counts = {};
      for (const r of rows) counts[r.rule] = (counts[r.rule] ?? 0) + 1;
      writeFileSync(opts.counts, `${JSON.stringify(Object.fromEntries(Object.entries(counts).sort()), null, 2)}\n`);
    }
    console.log(`${rows.length} default findings; ${sample.length} sampled from ${new Set(sample.map((r) => r.rule)).size} rules -> ${out}`);
  }
}
