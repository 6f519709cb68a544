import type { Dimension } from '../model/findings.js';
import type { FileResult, Finding } from '../model/results.js';
import { letterGrade } from '../scoring/letter.js';
import { dimensionScores, fileScore, type Weights } from '../scoring/score.js';
import type { Profile, ThresholdParam } from './types.js';

export interface ApplyContext {
  /** The configured weights for a file (after per-path overrides). */
  weightsFor: (file: FileResult) => Weights;
  dimensions: readonly Dimension[];
}

/** Learned weights: the configured weight times the learned factor (already within bounds). */
export function learnedWeights(base: Weights, profile: Profile): Weights {
  const out = { ...base };
  for (const w of profile.weights) out[w.dimension] = base[w.dimension] * w.factor;
  return out;
}

function withinThreshold(f: Finding, t: ThresholdParam): boolean {
  const m = f.metric!;
  // Bounded against the threshold in force now: never below the default, never past the bound.
  if (t.lowerIsWorse) {
    const value = Math.min(m.threshold, Math.max(m.threshold / 2, t.value));
    return m.value >= value;
  }
  const value = Math.max(m.threshold, Math.min(m.threshold * 2, t.value));
  return m.value <= value;
}

/** Why the profile mutes this finding, or null when it stays. */
export function muteReason(f: Finding, profile: Profile): string | null {
  if (f.suppressed || f.source === 'engine') return null;
  if (f.metric) {
    const t = profile.thresholds.find((x) => x.ruleId === f.ruleId && x.metric === f.metric!.name);
    if (t && withinThreshold(f, t)) {
      return `muted: ${f.metric.name} ${f.metric.value} is within your learned threshold ${t.value} (default ${f.metric.threshold}); ${t.reason.replace(/^[^:]*: /, '')}`;
    }
  }
  const rule = profile.rules.find((r) => r.ruleId === f.ruleId);
  if (rule) return rule.muted ? rule.reason : null;
  // A rule nobody voted on follows its dimension's pooled prior, for its default severity.
  const dim = profile.dimensions.find((d) => d.dimension === f.dimension);
  return dim?.muted && dim.mutes.includes(f.severity) ? dim.reason : null;
}

/**
 * Applies a learned profile to graded files: muted findings keep their place in the JSON with
 * `muted: true`, a reason and cost 0; dimension and file scores are recomputed with the learned
 * weights. Pure: returns new objects and leaves the input (the cached, default results) untouched.
 * Muting only ever removes cost, so adding a finding still never raises a score.
 */
export function applyProfile(files: readonly FileResult[], profile: Profile, ctx: ApplyContext): FileResult[] {
  const reweigh = profile.weights.some((w) => w.factor !== 1);
  return files.map((file) => {
    if (file.status !== 'graded' || file.dimensions === null) return file;
    let changed = false;
    const findings = file.findings.map((f) => {
      const reason = muteReason(f, profile);
      if (reason === null) return f;
      changed = true;
      return { ...f, muted: true, mutedReason: reason, cost: 0 };
    });
    if (!changed && !reweigh) return file;
    const dims = dimensionScores(findings);
    const score = fileScore(dims, learnedWeights(ctx.weightsFor(file), profile), ctx.dimensions);
    return { ...file, findings, dimensions: dims, score, grade: letterGrade(score) };
  });
}
