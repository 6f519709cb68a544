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
  /**
   * The rule can fix what it reports (Ruff's applicability): `safe` when the fixed program behaves
   * the same for every input, `unsafe` when it may not (`toasty fix --unsafe` applies those).
   */
  fix?: FixApplicability;
}

export type FixApplicability = 'safe' | 'unsafe';

/** One replacement: the text of `span` becomes `text`. */
export interface FixEditDescriptor {
  span: Span;
  text: string;
}

/**
 * A rewrite that removes the finding. Either one edit (`span` + `text`) or several applied
 * together (`edits`, non-overlapping). `applicability` overrides the rule's `meta.fix` for this finding.
 */
export type FixDescriptor = ({ span: Span; text: string } | { edits: FixEditDescriptor[] }) & { applicability?: FixApplicability };

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
  /** A rewrite that removes the finding (`== None` → `is None`), applied by `toasty fix`; the rule's meta must declare `fix`. */
  fix?: FixDescriptor;
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
