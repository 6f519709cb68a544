import type { RuleSummary } from '../model/findings.js';
import type { DimensionScores, RunResult } from '../model/results.js';

/** One recorded run of the same project, for the html report's score trend. */
export interface TrendRun {
  id: string;
  startedAt: string;
  agent: string | null;
  score: number | null;
  grade: string | null;
  dimensions: DimensionScores;
}

export interface ReportOptions {
  /** Colour and box drawing (a TTY that did not opt out). */
  color: boolean;
  tty: boolean;
  verbose: boolean;
  quiet: boolean;
  cwd: string;
  /** Metadata of every rule that may appear in the result (for SARIF rules, help texts). */
  rules: readonly RuleSummary[];
  /** Score recorded in the baseline, for the markdown delta; null without a baseline. */
  baselineScore?: number | null;
  /** Recorded runs of this project, oldest first, the current one included when it was recorded (the html trend). */
  history?: readonly TrendRun[];
}

/**
 * A report's text. A reporter may also give it in `pieces` that join to the same text, for a large
 * report to be written without one string of its whole size (report/json.ts).
 */
export type Reporter = ((result: RunResult, options: ReportOptions) => string) & {
  pieces?: (result: RunResult, options: ReportOptions) => Iterable<string>;
};

export const FORMATS = ['pretty', 'json', 'sarif', 'github', 'junit', 'markdown', 'codeclimate', 'html'] as const;
export type Format = (typeof FORMATS)[number];
