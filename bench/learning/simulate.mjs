// User-simulator benchmark for the meta-learner: simulated users with hidden preferences give
// feedback through the real CLI (`toasty feedback`) on a real corpus, ten findings a round; after
// every round we grade again and score the unmuted findings against each hidden preference.
//
//   node bench/learning/simulate.mjs [--rounds 10] [--seed 1] [--json out.json]
//
// Users are defined generically over whatever rules fire on the corpus (see `users()`).
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, makeCorpus } from './corpus.mjs';
import { voteRound } from './vote.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const ROUNDS = Number(arg('rounds', 10));
const PER_ROUND = 10;
const SEED = Number(arg('seed', 1));

const dir = makeCorpus();
const db = join(dir, 'bench.db');
const env = { ...process.env, NO_COLOR: '1', CI: '' };
const feedbackMs = [];

function toasty(args) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args, '--db', db], { cwd: dir, encoding: 'utf8', env, maxBuffer: 1 << 28 });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`toasty ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ...r, ms };
}
const grade = (user, extra = []) => JSON.parse(toasty(['grade', 'corpus', '--format', 'json', '--user', user, ...extra]).stdout);
const findingsOf = (run) => run.files.flatMap((f) => f.findings.filter((x) => !x.suppressed && x.source !== 'engine'));

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

// The universe: every default finding, by fingerprint (ids change per run, fingerprints do not).
const base = grade('bench-baseline', ['--no-learning']);
const universe = findingsOf(base);
const byRule = new Map();
for (const f of universe) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
const rulesByCount = [...byRule].sort((a, b) => b[1].length - a[1].length).map(([r]) => r);
const dimCount = new Map();
for (const f of universe) dimCount.set(f.dimension, (dimCount.get(f.dimension) ?? 0) + 1);
const dimsByCount = [...dimCount].sort((a, b) => b[1] - a[1]).map(([d]) => d);

/** Hidden preferences: wants(finding) → is this finding helpful to this user; noise flips answers. */
function users() {
  const metricRule = rulesByCount.find((r) => byRule.get(r).every((f) => f.metric && !f.metric.lowerIsWorse));
  const t = metricRule ? byRule.get(metricRule)[0].metric.threshold : 0;
  const cut = Math.ceil(t * 1.5);
  const disliked = dimsByCount.find((d) => d !== 'security' && dimsByCount.length > 1) ?? null;
  const noisy = rulesByCount.slice(1, 3);
  return [
    { name: 'agrees-with-defaults', describe: 'every finding is helpful', wants: () => true },
    { name: 'threshold-shifter', describe: `${metricRule} only from ${metricRule && byRule.get(metricRule)[0].metric.name} ≥ ${cut} (default > ${t})`, wants: (f) => f.ruleId !== metricRule || f.metric.value >= cut },
    disliked
      ? { name: 'dislikes-a-dimension', describe: `nothing from ${disliked}`, wants: (f) => f.dimension !== disliked, dimension: disliked }
      : { name: 'dislikes-a-dimension', describe: `nothing from ${dimsByCount[0]} (the only dimension with findings)`, wants: (f) => f.dimension !== dimsByCount[0], dimension: dimsByCount[0] },
    { name: 'security-only', describe: 'only security findings', wants: (f) => f.dimension === 'security' },
    { name: 'two-noisy-rules', describe: `everything but ${noisy.join(' and ')}`, wants: (f) => !noisy.includes(f.ruleId) },
    { name: 'inconsistent', describe: `everything but ${rulesByCount[0]}, 20% of answers flipped`, wants: (f) => f.ruleId !== rulesByCount[0], noise: 0.2 },
  ];
}

function metrics(shown, wanted) {
  const tp = [...shown].filter((fp) => wanted.has(fp)).length;
  if (wanted.size === 0) return { precision: null, recall: null, f1: null, shown: shown.size, wanted: 0 };
  const precision = shown.size ? tp / shown.size : 1;
  const recall = tp / wanted.size;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, shown: shown.size, wanted: wanted.size };
}

const report = { corpus: { files: base.summary.files, graded: base.summary.graded, findings: universe.length, rules: Object.fromEntries([...byRule].map(([r, l]) => [r, l.length])), dimensions: Object.fromEntries(dimCount) }, users: [] };
console.log(`corpus: ${base.summary.graded} files graded, ${universe.length} findings; rules: ${[...byRule].map(([r, l]) => `${r} ${l.length}`).join(', ')}`);

const only = arg('only', null);
for (const user of users().filter((u) => !only || u.name === only)) {
  const random = rng(SEED * 7919 + user.name.length * 104729);
  const wanted = new Set(universe.filter(user.wants).map((f) => f.fingerprint));
  const voted = new Set();
  const rounds = [];
  let securityLost = 0;
  for (let round = 0; round <= ROUNDS; round++) {
    const run = grade(user.name);
    const current = findingsOf(run);
    const shownFindings = current.filter((f) => !f.muted);
    const shown = new Set(shownFindings.map((f) => f.fingerprint));
    securityLost = Math.max(securityLost, current.filter((f) => f.dimension === 'security' && f.muted).length);
    const m = metrics(shown, wanted);
    const mutedWanted = current.filter((f) => f.muted && wanted.has(f.fingerprint)).length;
    rounds.push({ feedbacks: voted.size, ...m, muted: current.length - shownFindings.length, mutedWanted });
    if (round === ROUNDS) break;
    voteRound(shownFindings, voted, user, random, PER_ROUND, (f, helpful) => {
      const args = ['feedback', f.id, helpful ? '--helpful' : '--not-helpful', '--user', user.name];
      if (user.dimension && f.dimension === user.dimension) args.push('--dimension', user.dimension);
      feedbackMs.push(toasty(args).ms);
    });
  }
  if (process.argv.includes('--keep')) console.log(toasty(['profile', '--user', user.name]).stdout);
  report.users.push({ name: user.name, describe: user.describe, wanted: wanted.size, securityFindingsMuted: securityLost, rounds });
  const fmt = (x) => (x === null ? '  —  ' : x.toFixed(3));
  console.log(`\n${user.name}: ${user.describe} (wants ${wanted.size} of ${universe.length})`);
  console.log('feedbacks  precision  recall  F1     shown  muted  muted-but-wanted');
  for (const r of rounds) console.log(`${String(r.feedbacks).padStart(9)}  ${fmt(r.precision).padStart(9)}  ${fmt(r.recall).padStart(6)}  ${fmt(r.f1)}  ${String(r.shown).padStart(5)}  ${String(r.muted).padStart(5)}  ${String(r.mutedWanted).padStart(5)}`);
}

const meanAt = (n) => {
  // Round k comes after k × 10 feedbacks were asked for (a user may run out of unvoted findings).
  const f1s = report.users.map((u) => (u.rounds[n / PER_ROUND] ?? u.rounds.at(-1)).f1).filter((x) => typeof x === 'number');
  return f1s.length ? f1s.reduce((a, b) => a + b, 0) / f1s.length : null;
};
const sortedMs = [...feedbackMs].sort((a, b) => a - b);
report.summary = {
  meanF1: Object.fromEntries([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((n) => [n, meanAt(n)])),
  usersInMean: report.users.filter((u) => u.wanted > 0).map((u) => u.name),
  agreeingUserMuted: report.users.find((u) => u.name === 'agrees-with-defaults')?.rounds.at(-1).muted ?? null,
  securityFindingsMuted: report.users.find((u) => u.name === 'security-only')?.securityFindingsMuted ?? null,
  feedbackCommandMs: { n: sortedMs.length, median: sortedMs[Math.floor(sortedMs.length / 2)], p95: sortedMs[Math.floor(sortedMs.length * 0.95)] },
};
console.log(`\nmean F1 (users with a non-empty preference: ${report.summary.usersInMean.join(', ')}):`);
for (const [n, v] of Object.entries(report.summary.meanF1)) console.log(`  after ${String(n).padStart(3)} feedbacks: ${v === null ? '—' : v.toFixed(3)}`);
console.log(`agreeing user: ${report.summary.agreeingUserMuted} muted; security-only user: ${report.summary.securityFindingsMuted} security findings muted`);
console.log(`feedback command wall time (spawned node process): median ${report.summary.feedbackCommandMs.median.toFixed(0)} ms, p95 ${report.summary.feedbackCommandMs.p95.toFixed(0)} ms over ${sortedMs.length} calls`);
const out = arg('json', null);
if (out) writeFileSync(out, JSON.stringify(report, null, 2));
rmSync(dir, { recursive: true, force: true });
