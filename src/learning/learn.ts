import { betaCdf } from './beta.js';
import { badness, changePoint, DIMENSION_CHANGE_EVIDENCE, MIN_DIMENSION_VOTES_AFTER_CHANGE } from './recency.js';
import type { TeamPriors, TeamThresholdPrior } from './team.js';
import type { DimensionPrior, FeedbackRow, Profile, RuleParam, ThresholdParam, WeightParam } from './types.js';
import { SEVERITIES, type Dimension, type Severity } from '../model/findings.js';

/** Prior belief that a rule's findings help, from its default severity (an enabled rule is presumed useful). */
export const PRIOR_MEAN: Record<Severity, number> = { error: 0.85, warning: 0.75, info: 0.65 };
/** Pseudo-votes behind a prior. */
export const PRIOR_STRENGTH = 1;
/** Mute only when P(helpfulness < ½ | votes) is at least this. */
export const MUTE_CONFIDENCE = 0.9;
export { IMPLICIT_WEIGHT } from './implicit.js';
/** Learned dimension weights stay within these multiples of the configured weight. */
export const WEIGHT_BOUNDS: [number, number] = [0.5, 2];
/**
 * A dimension lends its rate only when at least this many of its rules are disliked, not counting
 * its most-voted rule (the rule it is a prior for counts when it has not-helpful votes).
 */
export const MIN_POOLED_RULES = 3;
/** Pseudo-votes (at the default rate) behind a dimension's rate: it moves more slowly than one rule's. */
export const DIMENSION_PRIOR_STRENGTH = 2;
/** A rule's votes count for at most this many in its dimension's rate, so one much-voted rule cannot speak for the rest. */
export const POOL_VOTES_PER_RULE = 3;
/**
 * Pseudo-votes behind the prior a dimension's rate gives one of its rules: a rule is expected to
 * follow its dimension, but two of its own helpful votes outweigh the dimension.
 */
export const POOLED_PRIOR_STRENGTH = 2;

/** Options of the learner that come from the configuration (`learning:` in .toastyrc). */
export interface LearnOptions {
  /**
   * `learning.allowLowerThresholds`: a rule metric's threshold may also move below (stricter than)
   * its default, down to half of it (twice it for lowerIsWorse metrics), when the mildest findings
   * are confidently helpful. Off by default: thresholds then stay within [default, 2 × default].
   */
  allowLowerThresholds?: boolean;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
export interface Beta {
  alpha: number;
  beta: number;
}

function defaultPrior(severity: Severity | null): Beta & { pooled: boolean } {
  const mean = PRIOR_MEAN[severity ?? 'warning'];
  return { alpha: PRIOR_STRENGTH * mean, beta: PRIOR_STRENGTH * (1 - mean), pooled: false };
}

function posterior(prior: Beta, helpful: number, notHelpful: number): { mean: number; pLow: number } {
  const a = prior.alpha + helpful;
  const b = prior.beta + notHelpful;
  return { mean: a / (a + b), pLow: betaCdf(0.5, a, b) };
}

/** Rows sorted so every derived value is independent of the order the store returned them in. */
function sorted(rows: readonly FeedbackRow[]): FeedbackRow[] {
  return [...rows].sort((a, b) =>
    a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.targetId < b.targetId ? -1 : a.targetId > b.targetId ? 1 : 0,
  );
}

/** A rule's votes: weighted (for the posterior) and counted (for the explanation). */
export interface Tally {
  helpful: number;
  notHelpful: number;
  explicitHelpful: number;
  explicitNot: number;
  implicit: number;
}

/** One rule's own evidence: the votes no learned threshold explains. */
export interface RuleEvidence {
  ruleId: string;
  dimension: Dimension | null;
  severity: Severity | null;
  t: Tally;
}

function tally(rows: readonly FeedbackRow[]): Tally {
  const t = { helpful: 0, notHelpful: 0, explicitHelpful: 0, explicitNot: 0, implicit: 0 };
  for (const r of rows) {
    if (r.helpful) t.helpful += r.weight;
    else t.notHelpful += r.weight;
    if (r.implicit) t.implicit++;
    else if (r.helpful) t.explicitHelpful++;
    else t.explicitNot++;
  }
  return t;
}

function range(values: number[]): [number, number] | null {
  return values.length ? [Math.min(...values), Math.max(...values)] : null;
}

function rangeText(metric: string, r: [number, number] | null): string {
  if (!r) return '';
  return r[0] === r[1] ? ` with ${metric} ${r[0]}` : ` with ${metric} ${r[0]}–${r[1]}`;
}

interface Point {
  /** The metric's value as badness (larger is worse). */
  b: number;
  helpful: boolean;
  w: number;
  value: number;
}

const weightOf = (points: readonly Point[], helpful: boolean): number =>
  points.filter((p) => p.helpful === helpful).reduce((acc, p) => acc + p.w, 0);

/**
 * Noisy-vote model of a learned threshold: a vote agrees with the user's cut (not helpful at or
 * below it, helpful above it) except with probability VOTE_FLIP_RATE, so one vote that disagrees
 * costs log((1 − ε) / ε) nats of log-likelihood, wherever it falls.
 */
export const VOTE_FLIP_RATE = 0.15;
/**
 * A threshold is learned only when the best cut explains the votes at least this many nats better
 * than "no threshold" (the default: every reported finding helpful). With ε = 0.15 one vote is
 * worth 1.73 nats, so the cut must explain three more votes than the default does (two would be
 * 3.47): a muted finding is never shown again to be voted back, so a wrong cut would not be
 * corrected, and the measured users gain nothing from less evidence (bench/learning/RESULTS.md).
 */
export const THRESHOLD_EVIDENCE = 3.6;

/** Log-likelihood of the votes under "not helpful at or below `cut` (in badness), helpful above", with flips at VOTE_FLIP_RATE. */
export function cutLogLikelihood(
  points: readonly { b: number; helpful: boolean; w: number }[],
  cut: number,
  flip = VOTE_FLIP_RATE,
): number {
  let agree = 0;
  let disagree = 0;
  for (const p of points) {
    if (p.helpful === p.b > cut) agree += p.w;
    else disagree += p.w;
  }
  return agree * Math.log(1 - flip) + disagree * Math.log(flip);
}

/**
 * The cut above the default (in badness) that maximises the likelihood of the votes under the
 * noisy-vote model (ties: the smallest, which mutes least), up to `cap`; null when it does not
 * beat the default by THRESHOLD_EVIDENCE nats. Learned from the ordering of values and votes, not
 * from unanimous regions, so a few flipped answers near the cut do not stop it.
 */
function raisedCut(points: readonly Point[], t0: number, cap: number): number | null {
  if (!points.some((p) => !p.helpful)) return null;
  const candidates = [...new Set([t0, cap, ...points.map((p) => p.b).filter((b) => b < cap)])].sort((a, b) => a - b);
  const none = cutLogLikelihood(points, t0);
  let chosen: number | null = null;
  let best = none + THRESHOLD_EVIDENCE;
  for (const c of candidates) {
    if (c <= t0) continue;
    const ll = cutLogLikelihood(points, c);
    if (ll > best + 1e-9) {
      best = ll;
      chosen = c;
    }
  }
  if (chosen === null) return null;
  // Not-helpful votes past the middle of the range and no helpful vote above the cut: the whole
  // rule, not its threshold, is the problem; the rule's own posterior decides.
  const middle = t0 + (cap - t0) / 2;
  if (!points.some((p) => p.helpful && p.b > chosen) && Math.max(...points.filter((p) => !p.helpful).map((p) => p.b)) >= middle)
    return null;
  // Cut halfway to the next voted value above it, so 12 not helpful and 18 helpful give 15.
  const above = points.filter((p) => p.b > chosen).map((p) => p.b);
  return above.length && chosen < cap ? Math.min(cap, (chosen + Math.min(...above)) / 2) : chosen;
}

/**
 * With `learning.allowLowerThresholds`: a cut below the default (in badness), down to `strict`.
 * The threshold steps down by `step` while the mildest findings at the current cut (those within
 * one step above it) are confidently helpful (flat prior, P(helpful > ½) ≥ MUTE_CONFIDENCE: at
 * least 3 of 3 votes); a not-helpful vote on a finding already reported below the default stops
 * it halfway between that value and the next helpful one. Null when it stays at the default.
 */
function loweredCut(points: readonly Point[], t0: number, strict: number): number | null {
  const step = (t0 - strict) / 2;
  const prior = { alpha: 1, beta: 1 };
  let cut = t0;
  while (cut > strict) {
    const mildest = points.filter((p) => p.b > cut && p.b <= cut + step);
    if (1 - posterior(prior, weightOf(mildest, true), weightOf(mildest, false)).pLow < MUTE_CONFIDENCE) break;
    const next = Math.max(strict, cut - step);
    const disliked = points.filter((p) => !p.helpful && p.b > next && p.b <= cut).map((p) => p.b);
    if (disliked.length) {
      const worst = Math.max(...disliked);
      const above = points.filter((p) => p.helpful && p.b > worst).map((p) => p.b);
      cut = above.length ? (worst + Math.min(...above)) / 2 : worst;
      break;
    }
    cut = next;
  }
  return cut < t0 ? cut : null;
}

/** The default a vote's threshold is measured against: the loosest threshold any vote was cast under. */
function loosest(votes: readonly FeedbackRow[], lowerIsWorse: boolean): number {
  const values = votes.map((v) => v.metric!.threshold);
  return lowerIsWorse ? Math.min(...values) : Math.max(...values);
}

/**
 * Learns one rule metric's threshold from the votes on its findings: the cut that best separates
 * not-helpful values (muted) from helpful ones (kept), within [default, 2× default] (for
 * lowerIsWorse metrics [default / 2, default]), accepted only when the votes it mutes are
 * themselves confidently not helpful. With `allowLowerThresholds`, it may also go down to half
 * the default (twice it for lowerIsWorse) when the mildest findings are confidently helpful.
 * Returns null when the threshold stays at its default.
 */
function learnThreshold(ruleId: string, votes: FeedbackRow[], options: LearnOptions): ThresholdParam | null {
  const latest = votes[votes.length - 1]!.metric!;
  const { name, lowerIsWorse } = latest;
  const allowLower = Boolean(options.allowLowerThresholds);
  // A lowered threshold reports findings under a stricter threshold than the default: with lower
  // thresholds allowed, the default is the loosest threshold a vote was cast under.
  const d = allowLower ? loosest(votes, lowerIsWorse) : latest.threshold;
  if (!(d > 0)) return null;
  const t0 = badness(d, lowerIsWorse);
  const cap = lowerIsWorse ? -d / 2 : 2 * d;
  const strict = lowerIsWorse ? -2 * d : d / 2;
  const all: Point[] = votes.map((v) => ({
    b: badness(v.metric!.value, lowerIsWorse),
    helpful: v.helpful,
    w: v.weight,
    value: v.metric!.value,
  }));
  const points = all.filter((p) => p.b > t0);
  const raised = raisedCut(points, t0, cap);
  const lowered = raised === null && allowLower ? loweredCut(all, t0, strict) : null;
  const t = raised ?? lowered;
  if (t === null) return null;
  const value = round2(badness(t, lowerIsWorse));
  const bounds: [number, number] = allowLower ? [round2(d / 2), round2(2 * d)] : lowerIsWorse ? [round2(d / 2), d] : [d, 2 * d];
  const helpful = round2(votes.filter((v) => v.helpful).reduce((acc, v) => acc + v.weight, 0));
  const notHelpful = round2(votes.filter((v) => !v.helpful).reduce((acc, v) => acc + v.weight, 0));
  if (lowered !== null) {
    const step = (t0 - strict) / 2;
    const hidden = all.filter((p) => !p.helpful && p.b <= t);
    const liked = all.filter((p) => p.helpful && p.b > t && p.b <= t0 + step);
    const notHelpfulRange = range(hidden.map((p) => p.value));
    const helpfulRange = range(liked.map((p) => p.value));
    const reason =
      `\`${ruleId}\` ${name} threshold ${d} → ${value}, stricter than the default (bounds ${bounds[0]}–${bounds[1]}; learning.allowLowerThresholds is on): ` +
      `you marked ${liked.length} of its mildest findings${rangeText(name, helpfulRange)} helpful` +
      (hidden.length ? ` and ${hidden.length}${rangeText(name, notHelpfulRange)} not helpful` : '') +
      `; findings with ${name} ${lowerIsWorse ? 'below' : 'above'} ${value} are reported`;
    return {
      ruleId,
      metric: name,
      lowerIsWorse,
      defaultValue: d,
      value,
      bounds,
      helpful,
      notHelpful,
      notHelpfulRange,
      helpfulRange,
      reason,
      lowered: true,
    };
  }
  const nh = points.filter((p) => !p.helpful && p.b <= t);
  const hv = points.filter((p) => p.helpful && p.b > t);
  const notHelpfulRange = range(nh.map((p) => p.value));
  const helpfulRange = range(hv.map((p) => p.value));
  const reason =
    `\`${ruleId}\` ${name} threshold ${d} → ${value} (bounds ${bounds[0]}–${bounds[1]}): you marked ${nh.length} finding(s)${rangeText(name, notHelpfulRange)} not helpful` +
    (hv.length ? ` and ${hv.length}${rangeText(name, helpfulRange)} helpful` : '');
  return { ruleId, metric: name, lowerIsWorse, defaultValue: d, value, bounds, helpful, notHelpful, notHelpfulRange, helpfulRange, reason };
}

/** True when a vote is explained by a learned threshold (a not-helpful vote on a value the threshold now mutes). */
function explained(row: FeedbackRow, threshold: ThresholdParam | undefined): boolean {
  if (!threshold || row.helpful || !row.metric) return false;
  return badness(row.metric.value, threshold.lowerIsWorse) <= badness(threshold.value, threshold.lowerIsWorse);
}

/**
 * A team threshold the user's own votes do not contradict (no helpful vote on a value it would
 * mute), as a learned threshold; null when the user's votes overrule it.
 */
function teamThreshold(t: TeamThresholdPrior, own: readonly FeedbackRow[]): ThresholdParam | null {
  const d = t.defaultValue;
  const bounds: [number, number] = t.lowerIsWorse ? [round2(d / 2), d] : [d, 2 * d];
  const value = Math.min(bounds[1], Math.max(bounds[0], t.value));
  if (value === d) return null;
  const votes = own.filter((r) => r.metric?.name === t.metric);
  const mutes = (v: number): boolean =>
    badness(v, t.lowerIsWorse) > badness(d, t.lowerIsWorse) && badness(v, t.lowerIsWorse) <= badness(value, t.lowerIsWorse);
  if (votes.some((r) => r.helpful && mutes(r.metric!.value))) return null;
  return {
    ruleId: t.ruleId,
    metric: t.metric,
    lowerIsWorse: t.lowerIsWorse,
    defaultValue: d,
    value,
    bounds,
    helpful: round2(votes.filter((v) => v.helpful).reduce((acc, v) => acc + v.weight, 0)),
    notHelpful: round2(votes.filter((v) => !v.helpful).reduce((acc, v) => acc + v.weight, 0)),
    notHelpfulRange: null,
    helpfulRange: null,
    reason: `\`${t.ruleId}\` ${t.metric} threshold ${d} → ${value} (bounds ${bounds[0]}–${bounds[1]}): team prior from ${t.users} users' feedback; a helpful vote of yours on a finding it mutes overrules it`,
    team: t.users,
  };
}

/** A rule the user likes: explicit helpful votes and a posterior mean of at least ½ (from the default prior). */
function liked(o: RuleEvidence): boolean {
  if (o.t.explicitHelpful === 0) return false;
  const prior = defaultPrior(o.severity);
  return (prior.alpha + o.t.helpful) / (prior.alpha + prior.beta + o.t.helpful + o.t.notHelpful) >= 0.5;
}

/** The votes of a dimension's other rules, as evidence about the dimension as a whole. */
export interface DimensionPool {
  dimension: Dimension;
  /** The rules pooled from. */
  rules: string[];
  /** The dimension's most-voted rule, left out so that no single rule speaks for its dimension. */
  leftOut: string;
  /** Weighted votes, at most POOL_VOTES_PER_RULE per rule. */
  helpful: number;
  notHelpful: number;
  /** Explicit votes, as cast (for the explanation). */
  explicitNot: number;
  explicitAll: number;
}

/**
 * Partial pooling: what the voted rules of `dimension` other than `self` say about the dimension.
 * Null when the user likes one of them (a mixed dimension lends nothing), or when, not counting
 * the most-voted one (so that one much-voted rule cannot speak for the others), fewer than
 * MIN_POOLED_RULES disliked rules remain; `self`, when it has not-helpful votes of its own, is one
 * of them.
 */
export function dimensionPool(own: readonly RuleEvidence[], dimension: Dimension, self: RuleEvidence | null): DimensionPool | null {
  const weight = (o: RuleEvidence): number => o.t.helpful + o.t.notHelpful;
  const voted = own
    .filter((o) => o.dimension === dimension && o.ruleId !== self?.ruleId && weight(o) > 0)
    .sort((a, b) => weight(b) - weight(a) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  const selfCounts = self !== null && self.t.notHelpful > 0 ? 1 : 0;
  if (voted.length - 1 + selfCounts < MIN_POOLED_RULES || voted.some(liked)) return null;
  const [most, ...rest] = voted;
  const pool: DimensionPool = { dimension, rules: [], leftOut: most!.ruleId, helpful: 0, notHelpful: 0, explicitNot: 0, explicitAll: 0 };
  for (const o of rest.sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0))) {
    const scale = Math.min(1, POOL_VOTES_PER_RULE / weight(o));
    pool.rules.push(o.ruleId);
    pool.helpful += o.t.helpful * scale;
    pool.notHelpful += o.t.notHelpful * scale;
    pool.explicitNot += o.t.explicitNot;
    pool.explicitAll += o.t.explicitNot + o.t.explicitHelpful;
  }
  return pool;
}

/**
 * The hierarchical prior a pool gives a rule of its dimension: the dimension's rate, a Beta
 * posterior from DIMENSION_PRIOR_STRENGTH pseudo-votes at the rule's default rate plus the pooled
 * votes, as a prior of POOLED_PRIOR_STRENGTH pseudo-votes at that rate's mean.
 */
export function pooledPrior(pool: DimensionPool, severity: Severity | null): Beta & { mean: number } {
  const m0 = PRIOR_MEAN[severity ?? 'warning'];
  const mean = (DIMENSION_PRIOR_STRENGTH * m0 + pool.helpful) / (DIMENSION_PRIOR_STRENGTH + pool.helpful + pool.notHelpful);
  return { alpha: POOLED_PRIOR_STRENGTH * mean, beta: POOLED_PRIOR_STRENGTH * (1 - mean), mean };
}

/** "7 of 7 findings of 3 other `readability` rules (a, b, c)" */
const poolEvidence = (pool: DimensionPool): string =>
  `${pool.explicitNot} of ${pool.explicitAll} findings of ${pool.rules.length} other \`${pool.dimension}\` rules (${pool.rules.join(', ')})`;
const poolText = (pool: DimensionPool): string =>
  `you marked ${pool.explicitNot} of ${pool.explicitAll} findings of ${pool.rules.length} other \`${pool.dimension}\` rules not helpful (${pool.rules.join(', ')})`;

function ruleReason(
  ruleId: string,
  t: Tally,
  muted: boolean,
  pooledFrom: DimensionPool | null,
  team: TeamPriors['rules'][number] | null = null,
): string {
  const votes = t.explicitHelpful + t.explicitNot;
  const implicit = t.implicit ? ` (and ${t.implicit} fixed without a vote)` : '';
  const teamText = team
    ? `your team (${team.users} users) marked ${team.notHelpful} of ${round2(team.helpful + team.notHelpful)} \`${ruleId}\` findings not helpful`
    : '';
  if (team && votes === 0 && !t.implicit) return `${muted ? 'muted' : 'shown'}: ${teamText}`;
  if (muted) {
    const own = votes ? `you marked ${t.explicitNot} of ${votes} \`${ruleId}\` findings not helpful${implicit}` : '';
    if (pooledFrom)
      return `muted: ${own}, and ${poolEvidence(pooledFrom)}, its dimension's prior; a helpful vote on \`${ruleId}\` unmutes it`;
    return `muted: ${own}${teamText ? `; ${teamText}` : ''}`;
  }
  return `shown: ${t.explicitHelpful} of ${votes} \`${ruleId}\` findings marked helpful${implicit}${teamText ? `; ${teamText}` : ''}`;
}

/** "; 50 older votes (48 helpful) set aside: your recent votes on it changed your mind" */
function setAsideText(rows: readonly FeedbackRow[] | undefined): string {
  const explicit = (rows ?? []).filter((r) => !r.implicit);
  if (!explicit.length) return '';
  const helpful = explicit.filter((r) => r.helpful).length;
  return `; ${explicit.length} older vote${explicit.length === 1 ? '' : 's'} (${helpful} helpful, ${explicit.length - helpful} not) set aside: your recent votes changed your mind`;
}

function learnWeights(rows: readonly FeedbackRow[]): WeightParam[] {
  const byDim = new Map<Dimension, FeedbackRow[]>();
  for (const r of rows) if (r.dimension && !r.implicit) byDim.set(r.dimension, [...(byDim.get(r.dimension) ?? []), r]);
  const out: WeightParam[] = [];
  for (const [dimension, list] of [...byDim].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const h = list.filter((r) => r.helpful).length;
    const n = list.length - h;
    const enough = h + n >= 2;
    const factor = enough ? round2(Math.min(WEIGHT_BOUNDS[1], Math.max(WEIGHT_BOUNDS[0], 2 ** ((h - n) / (h + n + 2))))) : 1;
    const reason = enough
      ? `${dimension} weight ×${factor} (bounds ×${WEIGHT_BOUNDS[0]}–×${WEIGHT_BOUNDS[1]}): ${h} helpful and ${n} not-helpful vote(s) given with --dimension ${dimension}`
      : `${dimension} weight unchanged: ${h + n} vote given with --dimension ${dimension} (2 needed)`;
    out.push({ dimension, factor, helpful: h, notHelpful: n, reason });
  }
  return out;
}

/** What a dimension's pool does to its rules nobody voted on: for each default severity, muted or not. */
function dimensionPrior(pool: DimensionPool): DimensionPrior {
  const mutes = SEVERITIES.filter((s) => {
    const p = pooledPrior(pool, s);
    return betaCdf(0.5, p.alpha, p.beta) >= MUTE_CONFIDENCE;
  });
  const warning = pooledPrior(pool, 'warning');
  const which = mutes.length === SEVERITIES.length ? 'its' : `its ${mutes.join(' and ')}`;
  return {
    dimension: pool.dimension,
    rules: pool.rules,
    leftOut: pool.leftOut,
    helpful: round2(pool.helpful),
    notHelpful: round2(pool.notHelpful),
    mean: round2(warning.mean),
    pLow: round2(betaCdf(0.5, warning.alpha, warning.beta)),
    muted: mutes.length > 0,
    mutes,
    reason: mutes.length
      ? `muted: ${poolText(pool)}, so ${which} rules you have not voted on start muted; a helpful vote on one unmutes it`
      : `not muted yet: ${poolText(pool)}; its rules you have not voted on start from a rate of ${round2(warning.mean)} instead of their default`,
    basis: `pooled from ${pool.rules.length} voted \`${pool.dimension}\` rules (not counting \`${pool.leftOut}\`, the most-voted one, so that no single rule speaks for the dimension), at most ${POOL_VOTES_PER_RULE} votes each, over ${DIMENSION_PRIOR_STRENGTH} pseudo-votes at the default rate: ${round2(pool.notHelpful)} not helpful, ${round2(pool.helpful)} helpful`,
  };
}

/**
 * Votes to set aside after a change of opinion about a whole dimension: when the dimension's votes,
 * all its rules together, turned from mostly helpful to mostly not helpful, every vote on its rules
 * from before that change is stale (a rule voted on only before it is then treated as not voted on
 * and follows its dimension). A turn towards helpful sets nothing aside: muting some rules of a
 * dimension leaves only its liked rules to vote on, which is no change of mind.
 */
function staleInChangedDimensions(ruleRows: ReadonlyMap<string, FeedbackRow[]>): Map<string, FeedbackRow[]> {
  const byDimension = new Map<Dimension, FeedbackRow[]>();
  for (const list of ruleRows.values())
    for (const r of list)
      if (r.findingDimension && !r.implicit) byDimension.set(r.findingDimension, [...(byDimension.get(r.findingDimension) ?? []), r]);
  const stale = new Map<string, FeedbackRow[]>();
  for (const [dimension, list] of byDimension) {
    const votes = sorted(list);
    const at = changePoint(votes, DIMENSION_CHANGE_EVIDENCE, MIN_DIMENSION_VOTES_AFTER_CHANGE);
    if (at === 0) continue;
    const after = votes.slice(at);
    if (after.filter((r) => r.helpful).length * 2 >= after.length) continue;
    const since = after[0]!.createdAt;
    for (const [ruleId, rows] of ruleRows) {
      if (rows[rows.length - 1]?.findingDimension !== dimension) continue;
      const before = rows.filter((r) => r.createdAt < since);
      if (before.length) stale.set(ruleId, before);
    }
  }
  return stale;
}

/**
 * The meta-learner: feedback rows in, a profile out. Pure and deterministic.
 *  1. per (rule, metric) thresholds, learned where votes separate not-helpful from helpful values;
 *  2. per rule, a Beta-Bernoulli posterior of helpfulness over the votes no threshold explains,
 *     muted when confidently low;
 *  3. hierarchical (partially pooled) priors: a rule without helpful votes in a dimension where
 *     at least MIN_POOLED_RULES rules (itself included, its most-voted rule not) are disliked and
 *     none is liked starts from the rate of the dimension's other rules (their votes, at most
 *     POOL_VOTES_PER_RULE each, over DIMENSION_PRIOR_STRENGTH pseudo-votes at the default) instead of
 *     its default, with POOLED_PRIOR_STRENGTH pseudo-votes; rules nobody voted on follow the same
 *     prior;
 *  4. dimension weights from votes given with --dimension.
 */
export function learnProfile(rows: readonly FeedbackRow[], team: TeamPriors | null = null, options: LearnOptions = {}): Profile {
  const all = sorted(rows);
  const ruleRows = new Map<string, FeedbackRow[]>();
  for (const r of all)
    if (r.ruleId && (r.kind === 'finding' || r.kind === 'import')) ruleRows.set(r.ruleId, [...(ruleRows.get(r.ruleId) ?? []), r]);
  // Recency: votes from before the user changed their mind about a rule, or about a whole
  // dimension, are set aside (kept in the store, counted in the explanation).
  const setAside = new Map<string, FeedbackRow[]>();
  for (const [ruleId, list] of ruleRows) {
    const at = changePoint(list);
    if (at > 0) {
      setAside.set(ruleId, list.slice(0, at));
      ruleRows.set(ruleId, list.slice(at));
    }
  }
  for (const [ruleId, stale] of staleInChangedDimensions(ruleRows)) {
    setAside.set(ruleId, [...(setAside.get(ruleId) ?? []), ...stale]);
    const rest = ruleRows.get(ruleId)!.slice(stale.length);
    if (rest.length) ruleRows.set(ruleId, rest);
    else ruleRows.delete(ruleId);
  }
  const ownRuleIds = [...ruleRows.keys()].sort();
  // Team priors (from `toasty sync`) replace the default prior of their rules, voted on or not.
  const teamRule = new Map((team?.rules ?? []).map((r) => [r.ruleId, r]));
  const ruleIds = [...new Set([...ownRuleIds, ...teamRule.keys()])].sort();

  const thresholds: ThresholdParam[] = [];
  const thresholdOf = new Map<string, ThresholdParam>();
  for (const ruleId of ownRuleIds) {
    const list = ruleRows.get(ruleId)!;
    const metrics = [...new Set(list.filter((r) => r.metric).map((r) => r.metric!.name))].sort();
    for (const metric of metrics) {
      const t = learnThreshold(
        ruleId,
        list.filter((r) => r.metric?.name === metric),
        options,
      );
      if (t) {
        thresholds.push(t);
        thresholdOf.set(`${ruleId}\u0000${metric}`, t);
      }
    }
  }

  // Team thresholds where the user learned none of their own and does not contradict them.
  for (const t of team?.thresholds ?? []) {
    const key = `${t.ruleId}\u0000${t.metric}`;
    if (thresholdOf.has(key)) continue;
    const param = teamThreshold(t, ruleRows.get(t.ruleId) ?? []);
    if (param) {
      thresholds.push(param);
      thresholdOf.set(key, param);
    }
  }
  thresholds.sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0));

  // Every rule on its own votes (those no threshold explains).
  const own: RuleEvidence[] = ruleIds.map((ruleId) => {
    const list = ruleRows.get(ruleId) ?? [];
    const last = list[list.length - 1];
    if (!last) {
      const t = teamRule.get(ruleId)!;
      return { ruleId, dimension: t.dimension, severity: t.severity, t: tally([]) };
    }
    const counted = list.filter((r) => !explained(r, r.metric ? thresholdOf.get(`${ruleId}\u0000${r.metric.name}`) : undefined));
    return { ruleId, dimension: last.findingDimension, severity: last.severity, t: tally(counted) };
  });

  // Dimensions whose voted rules are all disliked: the prior of the rules nobody voted on.
  const dims = [...new Set(own.map((o) => o.dimension).filter((d): d is Dimension => d !== null))].sort();
  const dimensions = dims
    .map((d) => dimensionPool(own, d, null))
    .filter((p): p is DimensionPool => p !== null)
    .map(dimensionPrior);

  const rules: RuleParam[] = own.map((o) => {
    const teamPrior = teamRule.get(o.ruleId) ?? null;
    // A team prior is about this very rule: it comes before its dimension's. Any helpful vote or
    // signal on the rule keeps it on its own evidence.
    const base = teamPrior ? { alpha: teamPrior.alpha, beta: teamPrior.beta, pooled: false } : defaultPrior(o.severity);
    let prior: Beta & { pooled: boolean } = base;
    let pool: DimensionPool | null = null;
    if (!teamPrior && o.dimension && o.t.helpful === 0) {
      const p = dimensionPool(own, o.dimension, o);
      const pp = p ? pooledPrior(p, o.severity) : null;
      if (p && pp && pp.mean < base.alpha / (base.alpha + base.beta)) {
        prior = { alpha: pp.alpha, beta: pp.beta, pooled: true };
        pool = p;
      }
    }
    const post = posterior(prior, o.t.helpful, o.t.notHelpful);
    const muted = post.pLow >= MUTE_CONFIDENCE;
    const ownMuted = posterior(base, o.t.helpful, o.t.notHelpful).pLow >= MUTE_CONFIDENCE;
    const param: RuleParam = {
      ruleId: o.ruleId,
      dimension: o.dimension,
      helpful: round2(o.t.helpful),
      notHelpful: round2(o.t.notHelpful),
      prior: { alpha: round2(prior.alpha), beta: round2(prior.beta), pooled: prior.pooled },
      mean: round2(post.mean),
      pLow: round2(post.pLow),
      muted,
      reason: ruleReason(o.ruleId, o.t, muted, muted && !ownMuted ? pool : null, teamPrior) + setAsideText(setAside.get(o.ruleId)),
    };
    if (teamPrior) param.prior.team = teamPrior.users;
    return param;
  });

  return { version: 1, feedbackCount: all.filter((r) => !r.implicit).length, rules, thresholds, weights: learnWeights(all), dimensions };
}
