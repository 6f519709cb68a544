import type { Dimension, Severity } from '../engine/rule.js';

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
}

export interface WeightParam {
  dimension: Dimension;
  /** Multiplies the configured weight; within WEIGHT_BOUNDS. */
  factor: number;
  helpful: number;
  notHelpful: number;
  reason: string;
}

/** A dimension whose voted rules are all muted: its unvoted rules start from this prior instead of the default. */
export interface DimensionPrior {
  dimension: Dimension;
  rules: string[];
  helpful: number;
  notHelpful: number;
  mean: number;
  pLow: number;
  muted: boolean;
  reason: string;
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
