// The best F1 any learner can reach for the noisy-threshold user of offline.mjs (issue 21): an
// oracle that knows everything about the user except their two cuts — that only
// cyclomatic-complexity and cognitive-complexity have one, that every other finding is wanted, and
// that each answer is flipped with probability 0.15 — keeps, after every vote, the exact posterior
// over the two cuts (a flat prior over every cut from "none" to twice the default) and mutes a
// finding exactly when its value is more likely than not at or below the user's cut (the decision
// with the fewest expected wrong findings, which, with hundreds of wanted findings, is the F1-best
// one to within rounding). Its votes are chosen the way offline.mjs chooses them (ten a round,
// uniformly among the shown findings not yet voted on; `--ask`: toasty asks, see next.ts), so its
// F1 is the ceiling of any learner fed those votes.
//
// For one fixed user a learner that guessed the cuts in advance could do better, so `--drawn` also
// reports users whose cuts are drawn from the oracle's own prior, one per seed: averaged over
// them no learner does better than this oracle (the Bayes decision is optimal on average under the
// prior the users come from).
//
//   node bench/learning/ceiling.mjs --universe grade.json [--seeds 20] [--seed-from 1] [--rounds 10] [--drawn]
import { readFileSync } from 'node:fs';
import { voteRound } from './vote.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const SEEDS = Number(arg('seeds', 20));
const FIRST_SEED = Number(arg('seed-from', 1));
const ROUNDS = Number(arg('rounds', 10));
const FLIP = 0.15;
const run = JSON.parse(readFileSync(arg('universe', 'grade.json'), 'utf8'));
const universe = run.files.flatMap((f) => f.findings.filter((x) => !x.suppressed && x.source !== 'engine').map((x) => ({ ...x, path: f.path })));
const CYC = 'cyclomatic-complexity';
const COG = 'cognitive-complexity';
// The user of offline.mjs (same name, so the same random stream for the same seed).
const user = {
  name: 'noisy-threshold-15',
  wants: (f) => (f.ruleId !== CYC || f.metric.value >= 15) && (f.ruleId !== COG || f.metric.value >= 20),
  noise: FLIP,
};

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** The oracle's belief about one rule's cut: cuts t0 … 2·t0 (a cut c mutes values ≤ c; c = t0 mutes nothing), flat prior. */
function cutBelief(ruleId) {
  const t0 = universe.find((f) => f.ruleId === ruleId).metric.threshold;
  const cuts = Array.from({ length: t0 + 1 }, (_, k) => t0 + k);
  const logp = cuts.map(() => 0);
  return {
    cuts,
    observe(value, helpful) {
      cuts.forEach((c, k) => (logp[k] += Math.log(helpful === value > c ? 1 - FLIP : FLIP)));
    },
    /** P(cut ≥ value): the value is unwanted. */
    pUnwanted(value) {
      const m = Math.max(...logp);
      const w = logp.map((l) => Math.exp(l - m));
      const total = w.reduce((a, b) => a + b, 0);
      return cuts.reduce((acc, c, k) => acc + (c >= value ? w[k] : 0), 0) / total;
    },
  };
}

function f1(shown, wanted) {
  let tp = 0;
  for (const fp of shown) if (wanted.has(fp)) tp++;
  const precision = shown.size ? tp / shown.size : 1;
  const recall = tp / wanted.size;
  return precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
}

const DRAWN = process.argv.includes('--drawn');
const thresholdOf = (ruleId) => universe.find((f) => f.ruleId === ruleId).metric.threshold;
const scores = [];
for (let seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
  const random = rng(seed * 7919 + user.name.length * 104729);
  let who = user;
  if (DRAWN) {
    // Cuts drawn from the prior (c mutes values ≤ c): the user wants values above them.
    const draw = rng(seed * 104723 + 17);
    const [c1, c2] = [CYC, COG].map((r) => thresholdOf(r) + Math.floor(draw() * (thresholdOf(r) + 1)));
    who = { ...user, wants: (f) => (f.ruleId !== CYC || f.metric.value > c1) && (f.ruleId !== COG || f.metric.value > c2) };
  }
  const wanted = new Set(universe.filter((f) => who.wants(f)).map((f) => f.fingerprint));
  const belief = { [CYC]: cutBelief(CYC), [COG]: cutBelief(COG) };
  const voted = new Set();
  const perRound = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const shownFindings = universe.filter((f) => !belief[f.ruleId] || belief[f.ruleId].pUnwanted(f.metric.value) <= 0.5);
    perRound.push(f1(new Set(shownFindings.map((f) => f.fingerprint)), wanted));
    if (round === ROUNDS) break;
    voteRound(shownFindings, voted, who, random, 10, (f, helpful) => belief[f.ruleId]?.observe(f.metric.value, helpful));
  }
  scores.push(perRound);
}
const mean = (k) => scores.reduce((a, s) => a + s[k], 0) / scores.length;
const min = (k) => Math.min(...scores.map((s) => s[k]));
console.log(`noisy-threshold-15${DRAWN ? ' (cuts drawn from the prior, one user per seed)' : ''}, Bayes decision with the two cuts as the only unknowns; seeds ${FIRST_SEED}–${FIRST_SEED + SEEDS - 1}; ${universe.length} findings`);
console.log(`votes:   ${Array.from({ length: ROUNDS + 1 }, (_, k) => String(k * 10).padStart(5)).join(' ')}`);
console.log(`mean F1: ${Array.from({ length: ROUNDS + 1 }, (_, k) => mean(k).toFixed(3)).join(' ')}`);
console.log(`min F1:  ${Array.from({ length: ROUNDS + 1 }, (_, k) => min(k).toFixed(3)).join(' ')}`);
console.log(`seeds at F1 ≥ 0.99 after ${ROUNDS * 10} votes: ${scores.filter((s) => s[ROUNDS] >= 0.99).length} of ${scores.length}`);
