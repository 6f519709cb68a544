import type { Severity } from '../model/findings.js';
import { costliestFiles, costliestFindings, failsGate } from '../model/gate.js';
import type { FileResult } from '../model/results.js';
import { plural } from '../util/plural.js';

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
