import type { Dimension, Severity } from '../engine/rule.js';
import { betaCdf } from './beta.js';
import type { TeamPriors, TeamThresholdPrior } from './team.js';
import type { DimensionPrior, FeedbackRow, Profile, RuleParam, ThresholdParam, WeightParam } from './types.js';

/** Prior belief that a rule's findings help, from its default severity (an enabled rule is presumed useful). */
export const PRIOR_MEAN: Record<Severity, number> = { error: 0.85, warning: 0.75, info: 0.65 };
/** Pseudo-votes behind a prior. */
export const PRIOR_STRENGTH = 1;
/** Mute only when P(helpfulness < ½ | votes) is at least this. */
export const MUTE_CONFIDENCE = 0.9;
/** Weight of an implicit signal (a shown finding that later disappeared) relative to a vote. */
export const IMPLICIT_WEIGHT = 0.25;
/** Learned dimension weights stay within these multiples of the configured weight. */
export const WEIGHT_BOUNDS: [number, number] = [0.5, 2];
/** A dimension's other rules inherit a low prior only when at least this many of its rules are muted and none is liked. */
export const MIN_POOLED_RULES = 3;

const round2 = (x: number): number => Math.round(x * 100) / 100;

interface Beta {
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

function tally(rows: readonly FeedbackRow[]): {
  helpful: number;
  notHelpful: number;
  explicitHelpful: number;
  explicitNot: number;
  implicit: number;
} {
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

/** "badness": larger is worse for every metric, so one code path handles lowerIsWorse metrics. */
const badness = (value: number, lowerIsWorse: boolean): number => (lowerIsWorse ? -value : value);

/**
 * Learns one rule metric's threshold from the votes on its findings: the cut that best separates
 * not-helpful values (muted) from helpful ones (kept), within [default, 2× default] (for
 * lowerIsWorse metrics [default / 2, default]), accepted only when the votes it mutes are
 * themselves confidently not helpful. Returns null when the threshold stays at its default.
 */
function learnThreshold(ruleId: string, votes: FeedbackRow[]): ThresholdParam | null {
  const latest = votes[votes.length - 1]!.metric!;
  const { name, lowerIsWorse } = latest;
  const d = latest.threshold;
  if (!(d > 0)) return null;
  const t0 = badness(d, lowerIsWorse);
  const cap = lowerIsWorse ? -d / 2 : 2 * d;
  const points = votes
    .map((v) => ({ b: badness(v.metric!.value, lowerIsWorse), helpful: v.helpful, w: v.weight, value: v.metric!.value }))
    .filter((p) => p.b > t0);
  if (!points.some((p) => !p.helpful)) return null;
  const candidates = [...new Set([t0, cap, ...points.map((p) => p.b).filter((b) => b < cap)])].sort((a, b) => a - b);
  const error = (t: number): number => points.reduce((acc, p) => acc + (p.helpful ? (p.b <= t ? p.w : 0) : p.b > t ? p.w : 0), 0);
  let best = t0;
  for (const c of candidates) if (error(c) < error(best) - 1e-9) best = c;
  // A threshold mutes only the rule's mildest findings, so its region starts from a flat prior.
  const prior = { alpha: 1, beta: 1 };
  // Walk down from the best cut to the largest one whose muted region is confidently not helpful.
  let chosen: number | null = null;
  for (const c of candidates.filter((x) => x > t0 && x <= best).reverse()) {
    const region = points.filter((p) => p.b <= c);
    const h = region.filter((p) => p.helpful).reduce((acc, p) => acc + p.w, 0);
    const n = region.filter((p) => !p.helpful).reduce((acc, p) => acc + p.w, 0);
    if (error(c) < error(t0) && posterior(prior, h, n).pLow >= MUTE_CONFIDENCE) {
      chosen = c;
      break;
    }
  }
  if (chosen === null) return null;
  // No helpful vote above the cut and not-helpful votes past the middle of the range: the whole
  // rule, not its threshold, is the problem; the rule's own posterior decides.
  const middle = t0 + (cap - t0) / 2;
  if (!points.some((p) => p.helpful && p.b > chosen) && Math.max(...points.filter((p) => !p.helpful).map((p) => p.b)) >= middle)
    return null;
  // Cut halfway to the next voted value above it, so 12 not helpful and 18 helpful give 15.
  const above = points.filter((p) => p.b > chosen).map((p) => p.b);
  let t = chosen;
  if (above.length && chosen < cap) t = Math.min(cap, (chosen + Math.min(...above)) / 2);
  const value = round2(badness(t, lowerIsWorse));
  const muted = points.filter((p) => p.b <= t);
  const kept = points.filter((p) => p.b > t);
  const nh = muted.filter((p) => !p.helpful);
  const hv = kept.filter((p) => p.helpful);
  const bounds: [number, number] = lowerIsWorse ? [round2(d / 2), d] : [d, 2 * d];
  const notHelpfulRange = range(nh.map((p) => p.value));
  const helpfulRange = range(hv.map((p) => p.value));
  const reason =
    `\`${ruleId}\` ${name} threshold ${d} → ${value} (bounds ${bounds[0]}–${bounds[1]}): you marked ${nh.length} finding(s)${rangeText(name, notHelpfulRange)} not helpful` +
    (hv.length ? ` and ${hv.length}${rangeText(name, helpfulRange)} helpful` : '');
  return {
    ruleId,
    metric: name,
    lowerIsWorse,
    defaultValue: d,
    value,
    bounds,
    helpful: round2(votes.filter((v) => v.helpful).reduce((acc, v) => acc + v.weight, 0)),
    notHelpful: round2(votes.filter((v) => !v.helpful).reduce((acc, v) => acc + v.weight, 0)),
    notHelpfulRange,
    helpfulRange,
    reason,
  };
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

function ruleReason(
  ruleId: string,
  t: ReturnType<typeof tally>,
  muted: boolean,
  pooledFrom: DimensionPrior | null,
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
    if (pooledFrom) return `muted: ${own ? `${own}; ` : ''}${pooledFrom.reason.replace(/^muted: /, '')}`;
    return `muted: ${own}${teamText ? `; ${teamText}` : ''}`;
  }
  return `shown: ${t.explicitHelpful} of ${votes} \`${ruleId}\` findings marked helpful${implicit}${teamText ? `; ${teamText}` : ''}`;
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

/**
 * The meta-learner: feedback rows in, a profile out. Pure and deterministic.
 *  1. per (rule, metric) thresholds, learned where votes separate not-helpful from helpful values;
 *  2. per rule, a Beta-Bernoulli posterior of helpfulness over the votes no threshold explains,
 *     muted when confidently low;
 *  3. a dimension whose voted rules are all muted (at least MIN_POOLED_RULES) lends its low rate,
 *     as a prior, to its other rules;
 *  4. dimension weights from votes given with --dimension.
 */
export function learnProfile(rows: readonly FeedbackRow[], team: TeamPriors | null = null): Profile {
  const all = sorted(rows);
  const ruleRows = new Map<string, FeedbackRow[]>();
  for (const r of all)
    if (r.ruleId && (r.kind === 'finding' || r.kind === 'import')) ruleRows.set(r.ruleId, [...(ruleRows.get(r.ruleId) ?? []), r]);
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

  // Pass 1: every rule on its own votes, from the default prior.
  interface Own {
    ruleId: string;
    dimension: Dimension | null;
    severity: Severity | null;
    t: ReturnType<typeof tally>;
  }
  const own: Own[] = ruleIds.map((ruleId) => {
    const list = ruleRows.get(ruleId) ?? [];
    const last = list[list.length - 1];
    if (!last) {
      const t = teamRule.get(ruleId)!;
      return { ruleId, dimension: t.dimension, severity: t.severity, t: tally([]) };
    }
    const counted = list.filter((r) => !explained(r, r.metric ? thresholdOf.get(`${ruleId}\u0000${r.metric.name}`) : undefined));
    return { ruleId, dimension: last.findingDimension, severity: last.severity, t: tally(counted) };
  });
  const ownMuted = (o: Own): boolean => posterior(defaultPrior(o.severity), o.t.helpful, o.t.notHelpful).pLow >= MUTE_CONFIDENCE;
  const liked = (o: Own): boolean =>
    o.t.explicitHelpful > 0 && posterior(defaultPrior(o.severity), o.t.helpful, o.t.notHelpful).mean >= 0.5;

  // Pass 2: dimensions whose voted rules are all muted lend their low rate to their other rules.
  const dimensions: DimensionPrior[] = [];
  const dims = [...new Set(own.map((o) => o.dimension).filter((d): d is Dimension => d !== null))].sort();
  for (const dimension of dims) {
    // Pool only when enough of the dimension's rules are muted and none of its voted rules is
    // liked (rules with a few not-helpful votes that are not muted yet do not block it).
    const inDim = own.filter((o) => o.dimension === dimension && o.t.helpful + o.t.notHelpful > 0);
    const voted = inDim.filter(ownMuted);
    if (voted.length < MIN_POOLED_RULES || inDim.some(liked)) continue;
    const helpful = voted.reduce((acc, o) => acc + o.t.helpful, 0);
    const notHelpful = voted.reduce((acc, o) => acc + o.t.notHelpful, 0);
    const mean = (helpful + 1) / (helpful + notHelpful + 2);
    const pLow = betaCdf(0.5, PRIOR_STRENGTH * mean, PRIOR_STRENGTH * (1 - mean));
    const explicitNot = voted.reduce((acc, o) => acc + o.t.explicitNot, 0);
    const explicitAll = voted.reduce((acc, o) => acc + o.t.explicitNot + o.t.explicitHelpful, 0);
    const rules = voted.map((o) => o.ruleId);
    dimensions.push({
      dimension,
      rules,
      helpful: round2(helpful),
      notHelpful: round2(notHelpful),
      mean: round2(mean),
      pLow: round2(pLow),
      muted: pLow >= MUTE_CONFIDENCE,
      reason: `muted: you marked ${explicitNot} of ${explicitAll} findings of ${rules.length} other \`${dimension}\` rules not helpful (${rules.join(', ')}); a helpful vote on this rule unmutes it`,
    });
  }

  const rules: RuleParam[] = own.map((o) => {
    const pooled = dimensions.find((d) => d.dimension === o.dimension && !d.rules.includes(o.ruleId)) ?? null;
    const teamPrior = teamRule.get(o.ruleId) ?? null;
    // A team prior is about this very rule: it comes before a dimension's pooled prior.
    const prior = teamPrior
      ? { alpha: teamPrior.alpha, beta: teamPrior.beta, pooled: false }
      : pooled
        ? { alpha: PRIOR_STRENGTH * pooled.mean, beta: PRIOR_STRENGTH * (1 - pooled.mean), pooled: true }
        : defaultPrior(o.severity);
    const post = posterior(prior, o.t.helpful, o.t.notHelpful);
    const muted = post.pLow >= MUTE_CONFIDENCE;
    const param: RuleParam = {
      ruleId: o.ruleId,
      dimension: o.dimension,
      helpful: round2(o.t.helpful),
      notHelpful: round2(o.t.notHelpful),
      prior: { alpha: round2(prior.alpha), beta: round2(prior.beta), pooled: prior.pooled },
      mean: round2(post.mean),
      pLow: round2(post.pLow),
      muted,
      reason: ruleReason(o.ruleId, o.t, muted, muted && !teamPrior && pooled && !ownMuted(o) ? pooled : null, teamPrior),
    };
    if (teamPrior) param.prior.team = teamPrior.users;
    return param;
  });

  return { version: 1, feedbackCount: all.filter((r) => !r.implicit).length, rules, thresholds, weights: learnWeights(all), dimensions };
}
