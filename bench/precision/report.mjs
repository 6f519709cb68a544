#!/usr/bin/env node
// Per-rule precision from a labels file (one JSON object per line, see PROTOCOL.md).
//
//   node bench/precision/report.mjs bench/precision/labels.jsonl [more.jsonl …] [--counts bench/precision/counts.json] [--write docs/rule-precision.json] [--date YYYY-MM-DD]
//
// Prints, per rule: findings labelled, useful / noise / wrong, precision (useful share) and wrong
// share; then the totals over the sample and, with --counts (default findings per rule on the bench
// projects), the estimate for all default findings, each rule's rates weighted by its volume.
// --write stores the per-rule figures as the data `toasty rules show` prints.
import { readFileSync, writeFileSync } from 'node:fs';

const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : null;
};
const files = argv.filter((a, i) => !a.startsWith('--') && (i === 0 || !argv[i - 1].startsWith('--')));
if (!files.length) throw new Error('usage: report.mjs LABELS.jsonl [more.jsonl …] [--counts FILE] [--write FILE] [--date YYYY-MM-DD]');

// Several files (the default set, the opt-in rules) are read as one set of labels; a fingerprint counts once.
const seen = new Set();
const labels = files
  .flatMap((file) => readFileSync(file, 'utf8').split('\n'))
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l))
  .filter((l) => !seen.has(l.fingerprint) && seen.add(l.fingerprint));
// Where each rule's labels come from (a labels file may date its labels: `"date": "2026-12-07"`).
const origin = new Map();
for (const file of files)
  for (const l of readFileSync(file, 'utf8').split('\n').filter((x) => x.trim()).map((x) => JSON.parse(x))) {
    const o = origin.get(l.rule) ?? { files: new Set(), date: null };
    o.files.add(file);
    if (l.date && (!o.date || l.date > o.date)) o.date = l.date;
    origin.set(l.rule, o);
  }
const counts = opt('counts') ? JSON.parse(readFileSync(opt('counts'), 'utf8')) : null;

const byRule = new Map();
for (const l of labels) {
  if (!['useful', 'noise', 'wrong'].includes(l.label)) throw new Error(`bad label '${l.label}' for ${l.fingerprint}`);
  const r = byRule.get(l.rule) ?? { useful: 0, noise: 0, wrong: 0, n: 0 };
  r[l.label]++;
  r.n++;
  byRule.set(l.rule, r);
}

const pct = (x) => (Number.isFinite(x) ? x.toFixed(2) : '-');
const rows = [...byRule.entries()].sort((a, b) => a[0].localeCompare(b[0]));
console.log(`| rule | default findings | labelled | useful | noise | wrong | precision | wrong share |`);
console.log(`|---|---:|---:|---:|---:|---:|---:|---:|`);
for (const [rule, r] of rows) {
  const total = counts ? (counts[rule] ?? 0) : '-';
  console.log(`| ${rule} | ${total} | ${r.n} | ${r.useful} | ${r.noise} | ${r.wrong} | ${pct(r.useful / r.n)} | ${pct(r.wrong / r.n)} |`);
}
const sum = rows.reduce((a, [, r]) => ({ n: a.n + r.n, useful: a.useful + r.useful, noise: a.noise + r.noise, wrong: a.wrong + r.wrong }), {
  n: 0,
  useful: 0,
  noise: 0,
  wrong: 0,
});
const projects = [...new Set(labels.map((l) => `${l.project}@${l.version}`))].sort();
console.log(
  `\nsample: ${sum.n} findings from ${projects.length} projects; useful ${pct(sum.useful / sum.n)}, noise ${pct(sum.noise / sum.n)}, wrong ${pct(sum.wrong / sum.n)}`,
);
if (counts) {
  // Volume-weighted: what share of all default findings is noise / wrong, by each rule's sampled rates.
  let all = 0;
  const est = { useful: 0, noise: 0, wrong: 0 };
  let unlabelled = 0;
  for (const [rule, n] of Object.entries(counts)) {
    all += n;
    const r = byRule.get(rule);
    if (!r) {
      unlabelled += n;
      continue;
    }
    for (const k of Object.keys(est)) est[k] += (n * r[k]) / r.n;
  }
  const labelled = all - unlabelled;
  console.log(
    `all default findings: ${all} (${unlabelled} from rules with no label); estimated useful ${pct(est.useful / labelled)}, noise ${pct(est.noise / labelled)}, wrong ${pct(est.wrong / labelled)}`,
  );
}

const out = opt('write');
if (out) {
  const rules = {};
  for (const [rule, r] of rows) {
    rules[rule] = { labelled: r.n, useful: r.useful, noise: r.noise, wrong: r.wrong, precision: Number((r.useful / r.n).toFixed(2)) };
    // Labels kept outside bench/precision (a neural rule's hand-read findings) name their file and date.
    const o = origin.get(rule);
    const own = [...o.files].filter((f) => !f.startsWith('bench/precision/'));
    if (own.length) Object.assign(rules[rule], { source: own.join(', '), ...(o.date ? { date: o.date } : {}) });
  }
  const data = {
    source: 'bench/precision',
    date: opt('date') ?? new Date().toISOString().slice(0, 10),
    projects,
    rules,
  };
  writeFileSync(out, `${JSON.stringify(data, null, 2)}\n`);
  console.log(`wrote ${out}`);
}
