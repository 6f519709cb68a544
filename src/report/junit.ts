import { counts } from '../engine/gate.js';
import type { Reporter } from './types.js';

function xml(s: string): string {
  return (
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
  );
}

/**
 * `--format junit`: one testsuite per file; each counted finding is a failed testcase, a file
 * without findings is one passing testcase; skipped files are skipped testcases.
 */
export const junitReporter: Reporter = (result) => {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const file of result.files) {
    const cases: string[] = [];
    const findings = file.findings.filter((f) => counts(f) && f.baseline !== 'existing');
    if (file.status === 'skipped') {
      cases.push(
        `    <testcase classname="${xml(file.path)}" name="grade"><skipped message="${xml(file.skipReason ?? 'skipped')}"/></testcase>`,
      );
    } else if (findings.length === 0) {
      cases.push(`    <testcase classname="${xml(file.path)}" name="grade (score ${file.score ?? '—'})"/>`);
    }
    for (const f of findings) {
      const body = `${file.path}:${f.line}:${f.column} ${f.severity} ${f.ruleId} (${f.dimension}, −${f.cost})\n${f.message}\n${f.suggestion}`;
      cases.push(
        `    <testcase classname="${xml(file.path)}" name="${xml(`${f.ruleId} at line ${f.line}`)}" file="${xml(file.path)}" line="${f.line}">\n` +
          `      <failure message="${xml(f.message)}" type="${xml(f.ruleId)}">${xml(body)}</failure>\n    </testcase>`,
      );
    }
    const fileFailures = findings.length;
    tests += cases.length;
    failures += fileFailures;
    const skipped = file.status === 'skipped' ? 1 : 0;
    suites.push(
      `  <testsuite name="${xml(file.path)}" tests="${cases.length}" failures="${fileFailures}" errors="0" skipped="${skipped}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="toasty" tests="${tests}" failures="${failures}" errors="0">\n${suites.join('\n')}\n</testsuites>\n`;
};
