// Fast companion to simulate.mjs: the same kind of simulated users, voting ten findings a round,
// but through the learner's pure functions (learnProfile + muteReason from dist/learning) instead
// of the CLI, so many more users and seeds run in seconds. It guards against tuning the learner
// to the six users of simulate.mjs: its extra users have preferences simulate.mjs does not have
// (pooling traps such as "dislikes the three biggest rules of one dimension but likes the rest").
//
//   node bench/learning/offline.mjs [--universe grade.json] [--rounds 10] [--seeds 5] [--seed-from 1] [--only NAME] [--dist DIR] [--implicit] [--ask K]
//
// --implicit: also measures the implicit signals (issue 21, item 4). Each round the user fixes
// FIX_PER_ROUND of the shown findings they want (a fix is an edit of the finding's lines: the
// finding disappears), and leaves the rest. "fixed": a shown finding that disappeared is a helpful
// signal of weight IMPLICIT_WEIGHT (what `toasty grade` records today). "ignored": a shown finding
// that survives IGNORED_AFTER runs of a file the user edited (fixed something else in), unvoted, is
// a not-helpful signal of the same weight. F1 is reported (for the same fixing user) without any
// signal, with each and with both.
//
// --universe: a `toasty grade --format json --no-learning` report; without it, the corpus of
// simulate.mjs is graded once through the CLI.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { voteRound } from './vote.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const ROUNDS = Number(arg('rounds', 10));
const SEEDS = Number(arg('seeds', 5));
// Seeds FIRST_SEED … FIRST_SEED + SEEDS − 1 (the reported figures: 1–20; held out: 501–600; tuning: 1001–1020).
const FIRST_SEED = Number(arg('seed-from', 1));
const PER_ROUND = 10;
const dist = join(arg('dist', join(import.meta.dirname, '..', '..', 'dist')), 'learning');
const { learnProfile } = await import(pathToFileURL(join(dist, 'learn.js')).href);
const { muteReason } = await import(pathToFileURL(join(dist, 'apply.js')).href);
const { IMPLICIT_WEIGHT } = await import(pathToFileURL(join(dist, 'learn.js')).href);
const IMPLICIT = process.argv.includes('--implicit');
// --ask K: K of each round's votes answer toasty's questions (nextQuestions, recomputed after each
// vote: what `toasty feedback --next` would ask, muted findings included), the rest are random.
const ASK = Number(arg('ask', 0));
const { nextQuestions } = ASK ? await import(pathToFileURL(join(dist, 'next.js')).href) : {};
const FIX_PER_ROUND = 3;
const IGNORED_AFTER = 3;

async function loadUniverse() {
  const file = arg('universe', null);
  if (file) return JSON.parse(readFileSync(file, 'utf8'));
  const { BIN, makeCorpus } = await import('./corpus.mjs');
  const dir = makeCorpus();
  const r = spawnSync(process.execPath, [BIN, 'grade', 'corpus', '--format', 'json', '--no-learning', '--db', join(dir, 'bench.db')], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: '' },
    maxBuffer: 1 << 28,
  });
  rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0 && r.status !== 1) throw new Error(`grade exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const run = await loadUniverse();
const universe = run.files.flatMap((f) => f.findings.filter((x) => !x.suppressed && x.source !== 'engine').map((x) => ({ ...x, path: f.path })));
const byRule = new Map();
for (const f of universe) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
const rulesByCount = [...byRule].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1)).map(([r]) => r);
const dimOf = new Map(universe.map((f) => [f.ruleId, f.dimension]));
const dimCount = new Map();
for (const f of universe) dimCount.set(f.dimension, (dimCount.get(f.dimension) ?? 0) + 1);
const dimsByCount = [...dimCount].sort((a, b) => b[1] - a[1]).map(([d]) => d);
const rulesOf = (d) => rulesByCount.filter((r) => dimOf.get(r) === d);

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function users() {
  const metricRule = (name) => rulesByCount.find((r) => byRule.get(r).every((f) => f.metric?.name === name && !f.metric.lowerIsWorse));
  const cyclo = metricRule('cyclomatic');
  const cog = metricRule('cognitive');
  const cutOf = (rule, factor) => Math.ceil(byRule.get(rule)[0].metric.threshold * factor);
  const bigDim = dimsByCount.find((d) => rulesOf(d).length >= 6) ?? dimsByCount[0];
  const top3 = rulesOf(bigDim).slice(0, 3);
  const topPerDim = dimsByCount.map((d) => rulesOf(d)[0]).filter((r) => dimOf.get(r) !== 'security');
  const drift = dimsByCount.includes('readability') ? 'readability' : dimsByCount[0];
  const out = [
    // The six users of simulate.mjs.
    { name: 'agrees-with-defaults', wants: () => true },
    { name: 'threshold-shifter', wants: (f) => f.ruleId !== cyclo || f.metric.value >= cutOf(cyclo, 1.5) },
    { name: 'dislikes-a-dimension', wants: (f) => f.dimension !== dimsByCount.find((d) => d !== 'security'), dimension: true },
    { name: 'security-only', wants: (f) => f.dimension === 'security' },
    { name: 'two-noisy-rules', wants: (f) => !rulesByCount.slice(1, 3).includes(f.ruleId) },
    { name: 'inconsistent', wants: (f) => f.ruleId !== rulesByCount[0], noise: 0.2 },
    // Preferences simulate.mjs does not have.
    { name: 'noisy-agreer', wants: () => true, noise: 0.15 },
    { name: 'complexity-only', wants: (f) => f.dimension === 'complexity' },
    { name: 'security-and-reliability', wants: (f) => f.dimension === 'security' || f.dimension === 'reliability' },
    { name: 'dislikes-two-dimensions', wants: (f) => !dimsByCount.filter((d) => d !== 'security').slice(1, 3).includes(f.dimension) },
    { name: `dislikes-top-3-of-${bigDim}`, wants: (f) => !top3.includes(f.ruleId) },
    { name: 'dislikes-top-rule-per-dimension', wants: (f) => !topPerDim.includes(f.ruleId) },
    { name: 'cognitive-shifter-noisy', wants: (f) => f.ruleId !== cog || f.metric.value >= cutOf(cog, 1.6), noise: 0.1 },
    { name: 'inconsistent-30', wants: (f) => f.ruleId !== rulesByCount[0], noise: 0.3 },
    // Users whose opinion changes, or who vote like people (issue 21). `wants(f, n)`: n is the
    // number of votes the user has cast so far; F1 is scored against the preference in force.
    {
      name: `drifting: ${drift} off after 50`,
      wants: (f, n = 0) => n < 50 || f.dimension !== drift,
      changesAt: 50,
    },
    {
      name: 'noisy-threshold-15',
      wants: (f) => (f.ruleId !== cyclo || f.metric.value >= 15) && (f.ruleId !== cog || f.metric.value >= 20),
      noise: 0.15,
    },
    {
      name: `mutes ${rulesByCount[0]}, wants it back after 40`,
      wants: (f, n = 0) => n >= 40 || f.ruleId !== rulesByCount[0],
      // Someone who wants a muted rule back looks at its muted findings (the JSON keeps them).
      alsoVotesOnMuted: (f, n) => n >= 40 && f.ruleId === rulesByCount[0],
      changesAt: 40,
    },
  ];
  const only = arg('only', null);
  return out.filter((u) => !only || u.name === only);
}

function f1(shown, wanted) {
  if (wanted.size === 0) return null;
  let tp = 0;
  for (const fp of shown) if (wanted.has(fp)) tp++;
  const precision = shown.size ? tp / shown.size : 1;
  const recall = tp / wanted.size;
  return precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
}

const row = (f, helpful, n, extra = {}) => ({
  kind: 'finding',
  targetId: f.id,
  helpful,
  weight: 1,
  implicit: false,
  ruleId: f.ruleId,
  findingDimension: f.dimension,
  severity: f.severity,
  metric: f.metric ? { ...f.metric, lowerIsWorse: Boolean(f.metric.lowerIsWorse) } : null,
  dimension: null,
  createdAt: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
  ...extra,
});

/** `implicit`: null (the user fixes nothing), or the user fixes findings and the learner gets these implicit signals: 'none', 'fixed', 'ignored', 'both'. */
function simulate(user, seed, implicit = null) {
  const random = rng(seed * 7919 + user.name.length * 104729);
  const fixing = implicit !== null;
  const fixRandom = rng(seed * 15485863 + user.name.length);
  const voted = new Set();
  const fixed = new Set();
  const age = new Map();
  const rows = [];
  const scores = [];
  let lostWanted = 0;
  let securityMuted = 0;
  let mutedEver = 0;
  let wanted = null;
  for (let round = 0; round <= ROUNDS; round++) {
    const n = rows.filter((r) => !r.implicit).length;
    const present = fixing ? universe.filter((f) => !fixed.has(f.fingerprint)) : universe;
    wanted = new Set(present.filter((f) => user.wants(f, n)).map((f) => f.fingerprint));
    const profile = learnProfile(rows);
    const shownFindings = present.filter((f) => muteReason(f, profile) === null);
    const shown = new Set(shownFindings.map((f) => f.fingerprint));
    scores.push(f1(shown, wanted));
    lostWanted = present.filter((f) => !shown.has(f.fingerprint) && wanted.has(f.fingerprint)).length;
    securityMuted = Math.max(securityMuted, present.filter((f) => f.dimension === 'security' && !shown.has(f.fingerprint)).length);
    mutedEver = Math.max(mutedEver, present.length - shown.size);
    if (round === ROUNDS) break;
    const votable = user.alsoVotesOnMuted ? present.filter((f) => shown.has(f.fingerprint) || user.alsoVotesOnMuted(f, n)) : shownFindings;
    const current = { ...user, wants: (f) => user.wants(f, n) };
    let clock = rows.length;
    for (let k = 0; k < ASK; k++) {
      const [q] = nextQuestions(present, rows, learnProfile(rows), 1);
      if (!q) break;
      let helpful = current.wants(q.finding);
      if (current.noise && random() < current.noise) helpful = !helpful;
      voted.add(q.finding.fingerprint);
      rows.push(row(q.finding, helpful, clock++, { dimension: user.dimension && !current.wants(q.finding) ? q.finding.dimension : null }));
    }
    voteRound(votable, voted, current, random, PER_ROUND - ASK, (f, helpful) =>
      rows.push(row(f, helpful, clock++, { dimension: user.dimension && !user.wants(f, n) ? f.dimension : null })),
    );
    if (!fixing) continue;
    // The user fixes a few of the shown findings they want; the files they edit are where an unfixed finding counts as ignored.
    const pool = shownFindings.filter((f) => current.wants(f) && !fixed.has(f.fingerprint));
    const edited = new Set();
    for (let k = 0; k < FIX_PER_ROUND && pool.length; k++) {
      const f = pool.splice(Math.floor(fixRandom() * pool.length), 1)[0];
      fixed.add(f.fingerprint);
      edited.add(f.path);
      if (implicit === 'fixed' || implicit === 'both') rows.push(row(f, true, clock++, { weight: IMPLICIT_WEIGHT, implicit: true }));
    }
    for (const f of shownFindings) {
      if (fixed.has(f.fingerprint) || voted.has(f.fingerprint) || !edited.has(f.path)) continue;
      const a = (age.get(f.fingerprint) ?? 0) + 1;
      age.set(f.fingerprint, a);
      if (a === IGNORED_AFTER && (implicit === 'ignored' || implicit === 'both'))
        rows.push(row(f, false, clock++, { weight: IMPLICIT_WEIGHT, implicit: true }));
    }
  }
  return { scores, lostWanted, securityMuted, mutedEver };
}

const fmt = (x) => (x === null || x === undefined ? '  —  ' : x.toFixed(3));
console.log(`universe: ${universe.length} findings, ${byRule.size} rules; ${SEEDS} seeds, ${ROUNDS} rounds of ${PER_ROUND}`);
console.log(`${'user'.padEnd(34)} F1@0   F1@50  F1@100  (min over seeds @50 / @100)  wanted-but-muted@100  security-muted  agree-muted`);
const all = [];
const perRound = [];
for (const user of users()) {
  const results = Array.from({ length: SEEDS }, (_, s) => simulate(user, s + FIRST_SEED));
  const at = (k) => results.map((r) => r.scores[Math.min(k, r.scores.length - 1)]).filter((x) => x !== null);
  const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  const row = { name: user.name, f0: mean(at(0)), f50: mean(at(5)), f100: mean(at(10)), min50: Math.min(...at(5)), min100: Math.min(...at(10)) };
  all.push(row);
  console.log(
    `${user.name.padEnd(34)} ${fmt(row.f0)}  ${fmt(row.f50)}  ${fmt(row.f100)}   (${fmt(row.min50)} / ${fmt(row.min100)})            ${String(Math.max(...results.map((r) => r.lostWanted))).padStart(5)}           ${String(Math.max(...results.map((r) => r.securityMuted))).padStart(4)}  ${user.name.startsWith('agrees') ? Math.max(...results.map((r) => r.mutedEver)) : ''}`,
  );
  perRound.push([user.name, Array.from({ length: ROUNDS + 1 }, (_, k) => mean(at(k)))]);
  if (user.changesAt !== undefined) {
    const k = user.changesAt / PER_ROUND;
    const after = [0, 1, 2, 3, 4, 5].filter((j) => k + j <= ROUNDS);
    console.log(
      `  after the change at ${user.changesAt} votes: ${after.map((j) => `+${j * PER_ROUND}: ${fmt(mean(at(k + j)))}`).join('  ')}`,
    );
  }
}
const meanOf = (k) => all.map((r) => r[k]).filter((x) => x !== null).reduce((a, b, _, xs) => a + b / xs.length, 0);
console.log(`mean F1 over ${all.length} users: @0 ${fmt(meanOf('f0'))}  @50 ${fmt(meanOf('f50'))}  @100 ${fmt(meanOf('f100'))}`);
// F1 after each round (PER_ROUND votes a round), mean over the seeds, as a Markdown table.
console.log(`\n| user | ${Array.from({ length: ROUNDS + 1 }, (_, k) => k * PER_ROUND).join(' | ')} |`);
console.log(`| --- |${' --- |'.repeat(ROUNDS + 1)}`);
for (const [name, xs] of perRound) console.log(`| ${name} | ${xs.map(fmt).join(' | ')} |`);

if (IMPLICIT) {
  // Implicit signals: the same users, now also fixing FIX_PER_ROUND wanted findings a round.
  const modes = ['none', 'fixed', 'ignored', 'both'];
  console.log(`\nimplicit signals (the user fixes ${FIX_PER_ROUND} wanted findings a round; ignored after ${IGNORED_AFTER} runs of an edited file): mean F1 @50 / @100`);
  console.log(`${'user'.padEnd(40)} ${modes.map((m) => m.padEnd(15)).join(' ')}`);
  // Users whose wanted findings can all be fixed away (security-only: few findings) have no F1 then: left out of the mean.
  const cells = new Map(modes.map((m) => [m, []]));
  for (const user of users()) {
    const row = modes.map((m) => {
      const results = Array.from({ length: SEEDS }, (_, s) => simulate(user, s + FIRST_SEED, m));
      const at = (k) => results.map((r) => r.scores[Math.min(k, r.scores.length - 1)]).filter((x) => x !== null);
      const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
      return [mean(at(5)), mean(at(10))];
    });
    if (row.every(([a, b]) => a !== null && b !== null)) modes.forEach((m, i) => cells.get(m).push(row[i]));
    console.log(`${user.name.slice(0, 40).padEnd(40)} ${row.map(([a, b]) => `${fmt(a)} / ${fmt(b)}`.padEnd(15)).join(' ')}`);
  }
  const avg = (m, i) => cells.get(m).reduce((acc, r) => acc + r[i], 0) / cells.get(m).length;
  console.log(`${`mean (${cells.get('none').length} users)`.padEnd(40)} ${modes.map((m) => `${fmt(avg(m, 0))} / ${fmt(avg(m, 1))}`.padEnd(15)).join(' ')}`);
}
