/**
 * What counts toward the gate and the score summaries: the predicates every reporter and the
 * engine share. The verdict itself (gateFailures) is made in engine/gate.ts.
 */
import type { Severity } from './findings.js';
import type { FileResult, Finding } from './results.js';

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** Findings that count: not suppressed inline, not muted by the profile, not toasty's own failures. */
export function counts(f: Finding): boolean {
  return !f.suppressed && !f.muted && f.ruleId !== 'internal-rule-error';
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return RANK[severity] >= RANK[threshold];
}

/**
 * A finding that fails `--fail-on`: counted, at or above the threshold, and (with `--baseline`)
 * new. No threshold: none does.
 */
export function failsGate(f: Finding, failOn: Severity | null): boolean {
  return failOn !== null && counts(f) && atLeast(f.severity, failOn) && f.baseline !== 'existing';
}

/** Files that lost the most points (score below 100), worst first. */
export function costliestFiles(files: readonly FileResult[], limit = 5): FileResult[] {
  return files
    .filter((f) => f.status === 'graded' && f.score !== null && f.score < 100)
    .sort((a, b) => a.score! - b.score! || (a.path < b.path ? -1 : 1))
    .slice(0, limit);
}

/** Counted findings that removed the most points, across files. */
export function costliestFindings(files: readonly FileResult[], limit = 5): { file: FileResult; f: Finding }[] {
  return files
    .flatMap((file) => file.findings.filter((f) => counts(f) && f.cost > 0).map((f) => ({ file, f })))
    .sort((a, b) => b.f.cost - a.f.cost || (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : a.f.line - b.f.line))
    .slice(0, limit);
}
