import type { FileResult, Finding } from '../model/results.js';
import type { Severity } from './rule.js';
import { plural } from '../util/plural.js';

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

/** Reasons the gate fails: empty when it passes. */
export function gateFailures(
  score: number | null,
  files: readonly FileResult[],
  minScore: number | null,
  failOn: Severity | null,
): string[] {
  const failures: string[] = [];
  if (minScore !== null && score !== null && score < minScore) {
    const worst = costliestFiles(files, 3).map((f) => `${f.path} (${f.score})`);
    const costly = costliestFindings(files, 3).map(({ file, f }) => `${file.path}:${f.line} ${f.ruleId} −${f.cost}`);
    failures.push(
      `project score ${score} is below --min-score ${minScore}` +
        (worst.length ? `; lowest files: ${worst.join(', ')}` : '') +
        (costly.length ? `; costliest findings: ${costly.join(', ')}` : ''),
    );
  }
  if (minScore !== null && score === null) {
    failures.push(`no file could be graded, so the score cannot reach --min-score ${minScore}`);
  }
  if (failOn !== null) {
    const offending = files.flatMap((file) => file.findings.filter((f) => failsGate(f, failOn)).map((f) => ({ file, f })));
    if (offending.length) {
      const shown = offending.slice(0, 5).map(({ file, f }) => `${file.path}:${f.line} ${f.ruleId} (${f.severity})`);
      failures.push(
        `${plural(offending.length, 'finding')} at or above --fail-on ${failOn}: ${shown.join('; ')}${offending.length > 5 ? '; …' : ''}`,
      );
    }
  }
  return failures;
}
