import type { Dimension, FindingSource, FixSuggestion, MetricInfo, Severity } from './findings.js';
import type { RuleSelection } from './selection.js';
import type { Language } from './types.js';

export type DimensionScores = Record<Dimension, number>;

export interface Finding {
  id: string;
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
  fingerprint: string;
  /** Points this finding removes from its dimension score (0 when muted or suppressed). */
  cost: number;
  source: FindingSource;
  muted: boolean;
  mutedReason: string | null;
  confidence: number;
  /** Silenced by an inline `toasty: ignore` directive; kept so nothing is silently dropped. */
  suppressed: boolean;
  suppressionReason: string | null;
  /** A safe rewrite, when one is obvious (not applied by toasty). */
  fix?: FixSuggestion;
  /** Naming findings: concrete names for the binding from the names model, best first, at most 5. */
  nameSuggestions?: { name: string; confidence: number }[];
  /** With `--baseline`: whether the finding was already in the baseline. */
  baseline?: 'new' | 'existing';
}

export interface FunctionResult {
  name: string;
  qualifiedName: string;
  kind: string;
  line: number;
  endLine: number;
  metrics: {
    cyclomatic: number;
    cognitive: number;
    maxNesting: number;
    params: number;
    loc: number;
    sloc: number;
    returns: number;
    halsteadVolume: number;
  };
}

export type FileStatus = 'graded' | 'parse-error' | 'skipped';

export interface FileResult {
  id: string;
  path: string;
  language: Language | null;
  status: FileStatus;
  /** Why a file was skipped (`binary`, `too large: 1.3 MB > 1 MB`, `minified`, `generated`). */
  skipReason: string | null;
  sha256: string | null;
  loc: number;
  sloc: number;
  score: number | null;
  grade: string | null;
  dimensions: DimensionScores | null;
  metrics: { maintainabilityIndex: number; halsteadVolume: number; commentRatio: number } | null;
  functions: FunctionResult[];
  findings: Finding[];
}

/** What grading one file produced (engine/grade-file.ts), as the cache stores it. */
export interface GradeOutcome {
  result: FileResult;
  /** Dimensions for which at least one rule ran on this file. */
  dimensionsRan: Dimension[];
  /** Problems that did not stop grading (e.g. the neural model could not be loaded). */
  warnings?: string[];
  /** The parser ran out of stack on this thread: grading again on a thread with a bigger stack may succeed. */
  nestedTooDeep?: boolean;
  /** Some rules were stopped (a plugin's time budget): the result depends on timing and is not cached. */
  incomplete?: boolean;
}

export interface RunInfo {
  id: string;
  startedAt: string;
  durationMs: number;
  user: string;
  agent: string | null;
  learning: 'off' | 'profile' | 'user';
  config: string | null;
}

/** The command line's rule selection, with the ids of the rules that ran where no override applies. */
export type RunSelection = RuleSelection & { rules: string[] };

export interface RunResult {
  schemaVersion: 1;
  tool: { name: 'toasty'; version: string };
  run: RunInfo;
  score: number | null;
  grade: string | null;
  passed: boolean;
  thresholds: { minScore: number | null; failOn: Severity | null };
  dimensions: DimensionScores;
  /** Dimensions for which no rule ran on any graded file: they score 100 by construction. */
  dimensionsWithoutRules: Dimension[];
  summary: { files: number; graded: number; skipped: number; parseErrors: number; findings: number; muted: number; suppressed: number };
  /** Why the gate failed; empty when passed. */
  failures: string[];
  /** The command line's rule selection and the ids of the rules that ran (where no override applies). */
  selection?: RunSelection;
  files: FileResult[];
  /** Problems that did not stop the run (each once), e.g. the neural model could not be loaded. */
  warnings?: string[];
  /** With `--baseline`: fingerprints of baseline findings no longer found in the graded files. */
  baselineFixed?: string[];
  /** `grade --shard i/n`: which part of the files this report holds (`toasty merge` joins the parts). */
  shard?: { index: number; count: number };
  /** `toasty merge`: the shard reports this one was joined from, in shard order. */
  merged?: { count: number; runs: string[] };
}
