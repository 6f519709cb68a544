import { counts } from '../engine/gate.js';
import { escapeTerminal } from '../util/escape-terminal.js';
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

/** A name or message from the graded tree: one line (escaped as on a terminal), then XML-escaped. */
function text(s: string): string {
  return xml(escapeTerminal(s));
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
        `    <testcase classname="${text(file.path)}" name="grade"><skipped message="${text(file.skipReason ?? 'skipped')}"/></testcase>`,
      );
    } else if (findings.length === 0) {
      cases.push(`    <testcase classname="${text(file.path)}" name="grade (score ${file.score ?? '—'})"/>`);
    }
    for (const f of findings) {
      const body = `${escapeTerminal(file.path)}:${f.line}:${f.column} ${f.severity} ${escapeTerminal(f.ruleId)} (${f.dimension}, −${f.cost})\n${escapeTerminal(f.message)}\n${escapeTerminal(f.suggestion)}`;
      cases.push(
        `    <testcase classname="${text(file.path)}" name="${text(`${f.ruleId} at line ${f.line}`)}" file="${text(file.path)}" line="${f.line}">\n` +
          `      <failure message="${text(f.message)}" type="${text(f.ruleId)}">${xml(body)}</failure>\n    </testcase>`,
      );
    }
    const fileFailures = findings.length;
    tests += cases.length;
    failures += fileFailures;
    const skipped = file.status === 'skipped' ? 1 : 0;
    suites.push(
      `  <testsuite name="${text(file.path)}" tests="${cases.length}" failures="${fileFailures}" errors="0" skipped="${skipped}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="toasty" tests="${tests}" failures="${failures}" errors="0">\n${suites.join('\n')}\n</testsuites>\n`;
};
