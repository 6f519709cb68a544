import type { MetricInfo, Severity } from '../model/findings.js';

/** Points a finding of each severity removes before size and overshoot adjustments. */
export const SEVERITY_COST: Record<Severity, number> = { error: 10, warning: 4, info: 1 };

/** How far past its threshold a metric is, as a fraction of the threshold, capped at 3 (= 4× the base cost). */
export function overshoot(metric: MetricInfo | null): number {
  if (!metric) return 0;
  const past = metric.lowerIsWorse ? metric.threshold - metric.value : metric.value - metric.threshold;
  const ratio = past / Math.max(metric.threshold, 1);
  return Math.min(3, Math.max(0, ratio));
}

/** Larger files absorb findings more gently: costs are divided by sqrt(sloc / 200), never by less than 1. */
export function sizeFactor(sloc: number): number {
  return Math.max(1, Math.sqrt(sloc / 200));
}

/**
 * cost = SEVERITY_COST[severity] × (1 + overshoot) × confidence / sizeFactor(sloc),
 * rounded to hundredths. Always ≥ 0, so adding a finding never raises a score.
 */
export function findingCost(severity: Severity, metric: MetricInfo | null, confidence: number, sloc: number): number {
  const raw = (SEVERITY_COST[severity] * (1 + overshoot(metric)) * Math.min(1, Math.max(0, confidence))) / sizeFactor(sloc);
  return Math.round(raw * 100) / 100;
}
