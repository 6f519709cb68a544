import type { Language, ModelNodes, SourceFile, Span } from '../model/types.js';

export const DIMENSIONS = ['complexity', 'readability', 'quality', 'reliability', 'speed', 'security'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type FindingSource = 'builtin' | 'yaml' | 'plugin' | 'neural' | 'engine';

export interface RuleMeta<M extends string = string> {
  description: string;
  /** Why the pattern matters, in one or two sentences (shown by `rules show` and `explain`). */
  why: string;
  severity: Severity;
  /** Shipped switched off (too noisy on some codebases): a config that sets the rule's severity turns it on. */
  defaultOff?: boolean;
  languages: readonly Language[];
  messages: Record<M, string>;
  /**
   * The measured figures behind the rule's default (neural rules: false findings per 100 clean
   * lines, recall on planted bugs, buggy-vs-fixed discrimination), one line each, shown by `rules show`.
   */
  measured?: readonly string[];
}

export interface MetricInfo {
  name: string;
  value: number;
  threshold: number;
  /** For metrics where smaller is worse (maintainability index). */
  lowerIsWorse?: boolean;
}

export interface ReportDescriptor<M extends string = string> {
  /** Anything with a span (a model node) or a span itself. */
  node: { span: Span } | Span;
  /** Use the node's `nameSpan` when it has one (functions, classes). */
  useNameSpan?: boolean;
  messageId: M;
  data?: Record<string, string | number>;
  /** Concrete, in terms of the code at hand. */
  suggestion: string;
  metric?: MetricInfo;
  confidence?: number;
  /** A safe, obvious rewrite (`== None` → `is None`): replace `span` with `text`. Suggested only; never applied automatically yet. */
  fix?: { span: Span; text: string };
}

export interface RuleContext<M extends string = string> {
  readonly file: SourceFile;
  report(descriptor: ReportDescriptor<M>): void;
}

export type Visitors = {
  [K in keyof ModelNodes]?: (node: ModelNodes[K]) => void;
} & { 'file:exit'?: (file: SourceFile) => void };

export type RuleOptions = Record<string, unknown>;

export interface Rule<O extends RuleOptions = RuleOptions, M extends string = string> {
  id: string;
  dimension: Dimension;
  meta: RuleMeta<M>;
  defaultOptions: O;
  source?: FindingSource;
  create(ctx: RuleContext<M>, options: O): Visitors;
}

/** Identity function that gives rule authors full type inference for options and message ids. */
export function defineRule<O extends RuleOptions, M extends string>(rule: Rule<O, M>): Rule<O, M> {
  return rule;
}

/** A rule with its resolved severity and options, ready to run. */
export interface ActiveRule {
  rule: Rule;
  severity: Severity;
  options: RuleOptions;
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
}

export interface FixSuggestion {
  range: { line: number; column: number; endLine: number; endColumn: number };
  text: string;
}
