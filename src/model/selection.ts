import type { Severity } from './findings.js';

/**
 * What `--select`, `--extend-select`, `--ignore` and `--severity-min` asked for (validated
 * selectors). Parsed and applied by engine/selection.ts.
 */
export interface RuleSelection {
  /** null: keep the config's set; a list: replace it. */
  select: string[] | null;
  extendSelect: string[];
  ignore: string[];
  /** Rules (and findings) below this severity do not run (are dropped). */
  severityMin: Severity | null;
}

export const NO_SELECTION: RuleSelection = { select: null, extendSelect: [], ignore: [], severityMin: null };
