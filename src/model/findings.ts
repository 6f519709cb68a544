/**
 * The vocabulary every layer shares: dimensions, severities, where a finding comes from, metric
 * figures, and a finding as a rule reports it (RawFinding) with its fix. The rule-writing API that
 * produces them is in engine/rule.ts; a graded finding (ids, cost, muting) is in model/results.ts.
 */
export const DIMENSIONS = ['complexity', 'readability', 'quality', 'reliability', 'speed', 'security'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type FindingSource = 'builtin' | 'yaml' | 'plugin' | 'neural' | 'engine';

/**
 * Whether a fix may be applied (Ruff's applicability): `safe` when the fixed program behaves the
 * same for every input, `unsafe` when it may not (`toasty fix --unsafe` applies those).
 */
export type FixApplicability = 'safe' | 'unsafe';

export interface MetricInfo {
  name: string;
  value: number;
  threshold: number;
  /** For metrics where smaller is worse (maintainability index). */
  lowerIsWorse?: boolean;
}

export interface RawFinding {
  ruleId: string;
  dimension: Dimension;
  severity: Severity;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  suggestion: string;
  metric: MetricInfo | null;
  source: FindingSource;
  confidence: number;
  fix?: FixSuggestion;
  /** Naming findings: concrete names for the binding from the names model, best first, at most 5. */
  nameSuggestions?: { name: string; confidence: number }[];
}

export interface FixEdit {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  text: string;
}

/**
 * A finding's fix as reports carry it. `edits` are applied together; `range` + `text` (the first
 * shape of this field) is one replacement covering all of them, for consumers that read only those.
 */
export interface FixSuggestion {
  applicability: FixApplicability;
  edits: FixEdit[];
  range: { line: number; column: number; endLine: number; endColumn: number };
  text: string;
}

/** What reports need to know about a rule (SARIF rule metadata, `rules list`). */
export interface RuleSummary {
  id: string;
  dimension: Dimension;
  severity: Severity;
  description: string;
  why: string;
  source: string;
}
