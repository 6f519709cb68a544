/**
 * `toasty grade --statistics`: how many findings each rule reported and how many of them carry a
 * fix, instead of the report on stdout (as `ruff check --statistics` does). Counted findings only
 * (not suppressed, not muted), so the total is the report's `summary.findings`.
 */
import type { Dimension, FindingSource } from '../model/findings.js';
import { counts } from '../model/gate.js';
import type { RunResult, RunSelection } from '../model/results.js';

export interface RuleStatistic {
  ruleId: string;
  dimension: Dimension;
  source: FindingSource;
  count: number;
  /** Findings that carry a `fix`. */
  fixable: number;
}

export interface Statistics {
  schemaVersion: 1;
  statistics: RuleStatistic[];
  total: { findings: number; fixable: number };
  selection: RunSelection | null;
}

/** Per rule, most findings first, then by rule id: the same for the same findings. */
export function statisticsOf(result: RunResult): Statistics {
  const byRule = new Map<string, RuleStatistic>();
  for (const f of result.files.flatMap((file) => file.findings)) {
    if (!counts(f)) continue;
    let row = byRule.get(f.ruleId);
    if (!row) byRule.set(f.ruleId, (row = { ruleId: f.ruleId, dimension: f.dimension, source: f.source, count: 0, fixable: 0 }));
    row.count++;
    if (f.fix) row.fixable++;
  }
  const statistics = [...byRule.values()].sort((a, b) => b.count - a.count || (a.ruleId < b.ruleId ? -1 : 1));
  return {
    schemaVersion: 1,
    statistics,
    total: { findings: statistics.reduce((n, s) => n + s.count, 0), fixable: statistics.reduce((n, s) => n + s.fixable, 0) },
    selection: result.selection ?? null,
  };
}

/** `[*]` every finding of the rule is fixable, `[-]` some are, blank none. */
function fixMark(s: RuleStatistic): string {
  return s.fixable === 0 ? '   ' : s.fixable === s.count ? '[*]' : '[-]';
}

export function statisticsText(stats: Statistics): string {
  const rows = stats.statistics;
  const countWidth = Math.max(1, ...rows.map((s) => String(s.count).length));
  const idWidth = Math.max(0, ...rows.map((s) => s.ruleId.length));
  const lines = rows.map(
    (s) =>
      `${String(s.count).padStart(countWidth)}  ${s.ruleId.padEnd(idWidth)}  ${fixMark(s)} ${s.dimension}${s.fixable && s.fixable < s.count ? ` (${s.fixable} fixable)` : ''}`,
  );
  const { findings, fixable } = stats.total;
  lines.push(`${findings} finding${findings === 1 ? '' : 's'} from ${rows.length} rule${rows.length === 1 ? '' : 's'}; ${fixable} fixable`);
  return `${lines.join('\n')}\n`;
}

export function statisticsJson(stats: Statistics): string {
  return `${JSON.stringify(stats, null, 2)}\n`;
}
