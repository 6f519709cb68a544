import type { RunResult } from '../model/results.js';

export interface ReportOptions {
  /** Colour and box drawing (a TTY that did not opt out). */
  color: boolean;
  tty: boolean;
  verbose: boolean;
  quiet: boolean;
  cwd: string;
}

export type Reporter = (result: RunResult, options: ReportOptions) => string;

export const FORMATS = ['pretty', 'json', 'sarif', 'github', 'junit', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];
