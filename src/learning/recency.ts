/**
 * Recency: the point in a rule's (or a dimension's) votes after which the user changed their mind,
 * so older evidence is set aside. Votes on one metric are compared value by value, so a learned
 * threshold (which leaves only larger values to vote on) does not read as a change of mind.
 */
import type { FeedbackRow } from './types.js';
/**
 * Recency: a change of opinion on a rule (or a dimension) sets the older votes aside when one
 * steady rate explains the votes worse, by at least this many nats of log-likelihood, than a rate
 * that changed at some vote (a two-segment Bernoulli change-point test). A user who always votes
 * the same way, or whose answers are flipped at random now and then, has no such change.
 */
export const CHANGE_EVIDENCE = 4;
/** Votes after a change that it needs before it counts (a few odd answers are not a change of mind). */
export const MIN_VOTES_AFTER_CHANGE = 4;
/**
 * The same for a whole dimension, whose change sets aside the votes of all its rules: stronger
 * evidence, so that a user whose answers are often flipped at random does not trigger it.
 */
export const DIMENSION_CHANGE_EVIDENCE = 8;
export const MIN_DIMENSION_VOTES_AFTER_CHANGE = 5;

/** "badness": larger is worse for every metric, so one code path handles lowerIsWorse metrics. */
export const badness = (value: number, lowerIsWorse: boolean): number => (lowerIsWorse ? -value : value);

/** Log-likelihood of h helpful and n not-helpful (weighted) votes under their own best rate. */
function steadyLogLikelihood(h: number, n: number): number {
  const total = h + n;
  return (h > 0 ? h * Math.log(h / total) : 0) + (n > 0 ? n * Math.log(n / total) : 0);
}

/**
 * Log-likelihood of votes on one metric under their best "one rate at or below a cut, another, no
 * lower, above it" (the cut anywhere between voted values, or none: one steady rate), so that votes
 * whose opinion depends on the value are explained by the value, not by when they were cast.
 */
function byValueLogLikelihood(rows: readonly FeedbackRow[]): number {
  const points = rows
    .map((r) => ({ b: badness(r.metric!.value, r.metric!.lowerIsWorse), h: r.helpful ? r.weight : 0, n: r.helpful ? 0 : r.weight }))
    .sort((a, b) => a.b - b.b);
  const h = points.reduce((acc, p) => acc + p.h, 0);
  const n = points.reduce((acc, p) => acc + p.n, 0);
  const steady = steadyLogLikelihood(h, n);
  let best = -Infinity;
  let positions = 0;
  let lowH = 0;
  let lowN = 0;
  for (let i = 0; i < points.length - 1; i++) {
    lowH += points[i]!.h;
    lowN += points[i]!.n;
    const highH = h - lowH;
    const highN = n - lowN;
    // Worse values are never less helpful than milder ones (a threshold, not its reverse).
    if (points[i + 1]!.b === points[i]!.b) continue;
    positions++;
    if (highH * (lowH + lowN) < lowH * (highH + highN)) continue;
    best = Math.max(best, steadyLogLikelihood(lowH, lowN) + steadyLogLikelihood(highH, highN));
  }
  // Where the cut is was chosen among `positions` places: a flat prior over them costs log(positions)
  // nats, so a cut explains a segment only when it explains it clearly, and two segments with a cut
  // each do not beat one by fitting the flips.
  return positions ? Math.max(steady, best - Math.log(positions)) : steady;
}

/**
 * Where the user's opinion in `rows` (oldest first) last changed: the index of the first vote of
 * the newest segment, or 0 when there is no change. The split that best explains the votes as two
 * rates is kept when it gains CHANGE_EVIDENCE nats over one rate, its later part has at least
 * MIN_VOTES_AFTER_CHANGE explicit votes and the two parts lean opposite ways; the later part is
 * then searched again, so a second change of mind is followed too.
 */
export function changePoint(rows: readonly FeedbackRow[], evidence = CHANGE_EVIDENCE, minAfter = MIN_VOTES_AFTER_CHANGE): number {
  // Votes on one metric of one rule are compared value for value: a rate with a cut in it
  // explains them (see byValueLogLikelihood), so a learned threshold, which leaves only the
  // larger values to be voted on, does not read as a turn to helpful.
  const metric = rows[0]?.metric?.name;
  const byValue = metric !== undefined && rows.every((r) => r.metric?.name === metric);
  const fit = (part: readonly FeedbackRow[], h: number, n: number): number =>
    byValue ? byValueLogLikelihood(part) : steadyLogLikelihood(h, n);
  let start = 0;
  for (;;) {
    const part = rows.slice(start);
    const h = part.reduce((acc, r) => acc + (r.helpful ? r.weight : 0), 0);
    const n = part.reduce((acc, r) => acc + (r.helpful ? 0 : r.weight), 0);
    const steady = fit(part, h, n);
    let best = 0;
    let bestGain = evidence;
    let preH = 0;
    let preN = 0;
    let explicitAfter = part.filter((r) => !r.implicit).length;
    for (let i = 1; i < part.length; i++) {
      const r = part[i - 1]!;
      if (r.helpful) preH += r.weight;
      else preN += r.weight;
      if (!r.implicit) explicitAfter--;
      if (explicitAfter < minAfter) break;
      const sufH = h - preH;
      const sufN = n - preN;
      if (Math.sign(preH - preN) * Math.sign(sufH - sufN) >= 0) continue;
      const gain = fit(part.slice(0, i), preH, preN) + fit(part.slice(i), sufH, sufN) - steady;
      if (gain > bestGain + 1e-9) {
        bestGain = gain;
        best = i;
      }
    }
    if (best === 0) return start;
    start += best;
  }
}
