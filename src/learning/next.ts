import { betaCdf } from './beta.js';
import { cutLogLikelihood, PRIOR_MEAN, PRIOR_STRENGTH, VOTE_FLIP_RATE } from './learn.js';
import { badness, changePoint } from './recency.js';
import { muteReason } from './apply.js';
import type { FeedbackRow, Profile } from './types.js';
import type { Finding } from '../model/results.js';

/**
 * Active selection (issue 21): which findings' votes would teach the learner most. A random vote
 * mostly lands on findings whose answer the profile already knows (one more "helpful" on a rule
 * with ten); asking about the findings the profile is least sure of, weighted by how many findings
 * share that answer, learns a rule in a few votes and a threshold to the exact value.
 *
 * For each finding not yet voted on (muted ones included: a learned cut is only checked by asking
 * about the values it mutes), p = P(the user wants it) is
 *  - for a finding without a metric, P(the user wants the rule): 1 − pLow of the rule's posterior
 *    in the profile, else of its dimension's pooled prior, else of its default prior;
 *  - for a metric finding, P(the user's cut is below its value): the posterior over cuts under the
 *    noisy-vote model of learn.ts (flip rate VOTE_FLIP_RATE), from a prior of ½ on "no cut" and ½
 *    spread evenly over the rule's values between the default and twice it and "the whole rule",
 *    updated by the votes on the rule's metric since its last change of mind (times the rule's
 *    P(wanted) when the profile mutes the whole rule).
 * The finding's score is min(p, 1 − p), the chance the profile decides it wrongly, times the
 * number of findings that share the answer: the rule's findings, or for a metric finding those of
 * its rule with a value within one of its own. Highest first; ties by rule, value and id.
 */
export interface Question {
  finding: Finding;
  /** P(the user wants this finding), as estimated from the votes so far. */
  pWanted: number;
  score: number;
}

function rulePWanted(ruleId: string, finding: Finding, profile: Profile): number {
  const rule = profile.rules.find((r) => r.ruleId === ruleId);
  if (rule) return 1 - rule.pLow;
  const dim = profile.dimensions.find((d) => d.dimension === finding.dimension);
  if (dim) return 1 - dim.pLow;
  const mean = PRIOR_MEAN[finding.severity];
  return 1 - betaCdf(0.5, PRIOR_STRENGTH * mean, PRIOR_STRENGTH * (1 - mean));
}

/** P(value is at or below the user's cut) for each value of `values`, from the votes on one rule metric. */
function cutPosterior(
  values: readonly number[],
  votes: readonly FeedbackRow[],
  threshold: number,
  lowerIsWorse: boolean,
): Map<number, number> {
  const t0 = badness(threshold, lowerIsWorse);
  const cap = lowerIsWorse ? -threshold / 2 : 2 * threshold;
  const cuts = [...new Set(values.map((v) => badness(v, lowerIsWorse)).filter((b) => b > t0 && b < cap))].sort((a, b) => a - b);
  const points = votes.map((r) => ({ b: badness(r.metric!.value, lowerIsWorse), helpful: r.helpful, w: r.weight }));
  // "No cut" (every finding wanted) has half the prior; the cuts between the default and twice it
  // and "the whole rule" (a cut above every value) share the other half.
  const hypotheses = [{ cut: t0, prior: 0.5 }, ...[...cuts, Infinity].map((cut) => ({ cut, prior: 0.5 / (cuts.length + 1) }))];
  const logs = hypotheses.map((h) => Math.log(h.prior) + cutLogLikelihood(points, h.cut, VOTE_FLIP_RATE));
  const top = Math.max(...logs);
  const weights = logs.map((l) => Math.exp(l - top));
  const total = weights.reduce((a, b) => a + b, 0);
  const out = new Map<number, number>();
  for (const v of values) {
    const b = badness(v, lowerIsWorse);
    out.set(v, hypotheses.reduce((acc, h, k) => acc + (h.cut >= b ? weights[k]! : 0), 0) / total);
  }
  return out;
}

/** The findings to ask the user about, most informative first (at most `limit`). Pure and deterministic. */
export function nextQuestions(
  findings: readonly Finding[],
  rows: readonly FeedbackRow[],
  profile: Profile,
  limit = 1,
  /** Fingerprints of findings voted on in other runs (the same finding has a new id in each run). */
  votedFingerprints: ReadonlySet<string> = new Set(),
): Question[] {
  const votedIds = new Set(rows.map((r) => r.targetId));
  const candidates = findings.filter((f) => !f.suppressed && f.source !== 'engine');
  const byRule = new Map<string, Finding[]>();
  for (const f of candidates) {
    const list = byRule.get(f.ruleId);
    if (list) list.push(f);
    else byRule.set(f.ruleId, [f]);
  }
  const sortedRows = [...rows].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  const questions: Question[] = [];
  for (const [ruleId, list] of byRule) {
    // A metric rule's "not wanted at all" is one of its cut hypotheses (a cut above every value), so
    // its not-helpful votes are not counted twice; a rule muted by the profile stays unwanted.
    const pRule = rulePWanted(ruleId, list[0]!, profile);
    const ruleMuted = muteReason({ ...list[0]!, metric: null }, profile) !== null;
    const metricOf = (f: Finding): string | null => f.metric?.name ?? null;
    const cutP = new Map<string, Map<number, number>>();
    for (const name of new Set(list.map(metricOf).filter((m): m is string => m !== null))) {
      const withMetric = list.filter((f) => f.metric?.name === name);
      const m = withMetric[0]!.metric!;
      const votes = sortedRows.filter((r) => r.ruleId === ruleId && r.metric?.name === name);
      const recent = votes.slice(changePoint(votes));
      cutP.set(
        name,
        cutPosterior(
          withMetric.map((f) => f.metric!.value),
          recent,
          m.threshold,
          Boolean(m.lowerIsWorse),
        ),
      );
    }
    const atValue = new Map<string, Map<number, number>>();
    for (const f of list) {
      if (!f.metric) continue;
      const counts = atValue.get(f.metric.name) ?? new Map<number, number>();
      counts.set(f.metric.value, (counts.get(f.metric.value) ?? 0) + 1);
      atValue.set(f.metric.name, counts);
    }
    const near = (name: string, v: number): number => {
      const counts = atValue.get(name)!;
      return (counts.get(v - 1) ?? 0) + counts.get(v)! + (counts.get(v + 1) ?? 0);
    };
    for (const f of list) {
      if (votedIds.has(f.id) || votedFingerprints.has(f.fingerprint)) continue;
      const name = metricOf(f);
      let p = pRule;
      let share = list.length;
      if (name !== null) {
        p = (ruleMuted ? pRule : 1) * (1 - cutP.get(name)!.get(f.metric!.value)!);
        share = near(name, f.metric!.value);
      }
      questions.push({ finding: f, pWanted: p, score: Math.min(p, 1 - p) * share });
    }
  }
  const order = (a: Question, b: Question): number =>
    b.score - a.score ||
    (a.finding.ruleId < b.finding.ruleId ? -1 : a.finding.ruleId > b.finding.ruleId ? 1 : 0) ||
    (a.finding.metric?.value ?? 0) - (b.finding.metric?.value ?? 0) ||
    (a.finding.id < b.finding.id ? -1 : a.finding.id > b.finding.id ? 1 : 0);
  if (limit === 1) return questions.length ? [questions.reduce((best, q) => (order(q, best) < 0 ? q : best))] : [];
  return questions.sort(order).slice(0, limit);
}
