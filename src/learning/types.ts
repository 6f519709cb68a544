import type { Dimension, Severity } from '../model/findings.js';

/** What a vote was about. `import` rows come from `toasty profile --import`. */
export type FeedbackKind = 'finding' | 'file' | 'run' | 'import';

/** The metric a finding carried when it was voted on. */
export interface VotedMetric {
  name: string;
  value: number;
  threshold: number;
  lowerIsWorse: boolean;
}

/**
 * One feedback row, with a snapshot of what it was about, so learning never
 * needs the run that produced the finding (runs can be pruned, rules can change).
 */
export interface FeedbackRow {
  kind: FeedbackKind;
  targetId: string;
  helpful: boolean;
  /** 1 for an explicit vote; less for implicit signals (a finding that disappeared). */
  weight: number;
  implicit: boolean;
  ruleId: string | null;
  /** The finding's own dimension. */
  findingDimension: Dimension | null;
  severity: Severity | null;
  metric: VotedMetric | null;
  /** The dimension named with `--dimension`, if any. */
  dimension: Dimension | null;
  createdAt: string;
}

export interface RuleParam {
  ruleId: string;
  dimension: Dimension | null;
  /** Weighted votes the rule's posterior uses (votes explained by a learned threshold are left out). */
  helpful: number;
  notHelpful: number;
  /** Prior Beta(α0, β0) and posterior mean of "this user finds the rule's findings helpful". */
  prior: { alpha: number; beta: number; pooled: boolean; team?: number };
  mean: number;
  /** Posterior probability that helpfulness is below one half. */
  pLow: number;
  muted: boolean;
  reason: string;
}

export interface ThresholdParam {
  ruleId: string;
  metric: string;
  lowerIsWorse: boolean;
  /** The rule's threshold when the votes were cast (the config's value). */
  defaultValue: number;
  /** The learned threshold: findings at or below it (above it for lowerIsWorse) are muted. */
  value: number;
  bounds: [number, number];
  helpful: number;
  notHelpful: number;
  /** Value ranges of the votes, for the explanation. */
  notHelpfulRange: [number, number] | null;
  helpfulRange: [number, number] | null;
  reason: string;
  /** Set when the threshold is the team's prior (from `toasty sync`): how many users it comes from. */
  team?: number;
  /**
   * Set when the value is stricter than the default (only with `learning.allowLowerThresholds`):
   * it mutes nothing, and `toasty grade` reports the rule's findings from this value on.
   */
  lowered?: boolean;
}

export interface WeightParam {
  dimension: Dimension;
  /** Multiplies the configured weight; within WEIGHT_BOUNDS. */
  factor: number;
  helpful: number;
  notHelpful: number;
  reason: string;
}

/**
 * A dimension whose voted rules (at least MIN_POOLED_RULES) are all disliked: its rate, pooled
 * from their votes, is the prior of its rules that have no helpful vote, and of those nobody voted on.
 */
export interface DimensionPrior {
  dimension: Dimension;
  /** The voted rules the rate is pooled from. */
  rules: string[];
  /** The dimension's most-voted rule, not pooled from (no single rule speaks for its dimension). */
  leftOut: string;
  /** Pooled weighted votes (at most POOL_VOTES_PER_RULE per rule). */
  helpful: number;
  notHelpful: number;
  /** The prior mean and P(helpfulness < ½) it gives an unvoted warning rule. */
  mean: number;
  pLow: number;
  /** True when it mutes unvoted rules of at least one default severity. */
  muted: boolean;
  /** The default severities whose unvoted rules it mutes (error rules need more evidence than info ones). */
  mutes: Severity[];
  reason: string;
  /** How the rate was pooled, in words (for `toasty profile`). */
  basis: string;
}

/** Everything learned for one user. Deterministic in the feedback rows. */
export interface Profile {
  version: 1;
  feedbackCount: number;
  rules: RuleParam[];
  thresholds: ThresholdParam[];
  weights: WeightParam[];
  dimensions: DimensionPrior[];
}

export const EMPTY_PROFILE: Profile = { version: 1, feedbackCount: 0, rules: [], thresholds: [], weights: [], dimensions: [] };
