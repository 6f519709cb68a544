import type { RuleSummary } from '../engine/catalogue.js';
import type { RunResult } from '../model/results.js';

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
}

export type Reporter = (result: RunResult, options: ReportOptions) => string;

export const FORMATS = ['pretty', 'json', 'sarif', 'github', 'junit', 'markdown', 'codeclimate'] as const;
export type Format = (typeof FORMATS)[number];
