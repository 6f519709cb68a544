import { counts, failsGate } from '../model/gate.js';
import type { FileResult, Finding, RunResult } from '../model/results.js';
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

const line = (file: FileResult, f: Finding): string =>
  `${escapeTerminal(file.path)}:${f.line}:${f.column} ${f.severity} ${escapeTerminal(f.ruleId)} (${f.dimension}, −${f.cost}) ${escapeTerminal(f.message)}`;

interface Suite {
  name: string;
  cases: string[];
  failures: number;
  skipped: number;
}

function suiteXml(s: Suite): string {
  return `  <testsuite name="${text(s.name)}" tests="${s.cases.length}" failures="${s.failures}" errors="0" skipped="${s.skipped}">\n${s.cases.join('\n')}\n  </testsuite>`;
}

/** One file: its gate-failing findings as failed testcases; the file itself as one passing (or skipped) testcase. */
function fileSuite(file: FileResult, result: RunResult): Suite {
  const classname = text(file.path);
  if (file.status === 'skipped')
    return {
      name: file.path,
      cases: [`    <testcase classname="${classname}" name="grade"><skipped message="${text(file.skipReason ?? 'skipped')}"/></testcase>`],
      failures: 0,
      skipped: 1,
    };
  const failOn = result.thresholds.failOn;
  const failing = file.findings.filter((f) => failsGate(f, failOn));
  const others = file.findings.filter((f) => counts(f) && !failsGate(f, failOn));
  const out = others.length ? `\n      <system-out>${xml(others.map((f) => line(file, f)).join('\n'))}</system-out>\n    ` : '';
  const cases =
    file.status === 'parse-error'
      ? [
          `    <testcase classname="${classname}" name="grade"><skipped message="${text(`not graded: ${file.skipReason ?? 'parse error'}`)}"/>${out}</testcase>`,
        ]
      : [`    <testcase classname="${classname}" name="grade (score ${file.score ?? '—'})">${out}</testcase>`];
  for (const f of failing) {
    const body = `${line(file, f)}\n${escapeTerminal(f.suggestion)}`;
    cases.push(
      `    <testcase classname="${classname}" name="${text(`${f.ruleId} at line ${f.line}`)}" file="${classname}" line="${f.line}">\n` +
        `      <failure message="${text(f.message)}" type="${text(f.ruleId)}">${xml(body)}</failure>\n    </testcase>`,
    );
  }
  return { name: file.path, cases, failures: failing.length, skipped: file.status === 'parse-error' ? 1 : 0 };
}

/** `--min-score`, when set: one testcase that fails as the gate does. */
function minScoreSuite(result: RunResult): Suite | null {
  const min = result.thresholds.minScore;
  if (min === null) return null;
  const below = result.score === null || result.score < min;
  const name = `project score ${result.score ?? '—'} (--min-score ${min})`;
  const reason = result.failures.find((r) => r.includes('--min-score')) ?? `project score below --min-score ${min}`;
  return {
    name: 'toasty gate',
    cases: [
      below
        ? `    <testcase classname="toasty" name="${xml(name)}">\n      <failure message="${text(reason)}" type="min-score">${text(reason)}</failure>\n    </testcase>`
        : `    <testcase classname="toasty" name="${xml(name)}"/>`,
    ],
    failures: below ? 1 : 0,
    skipped: 0,
  };
}

/**
 * `--format junit`: one testsuite per file. A testcase fails only where the gate fails, so a CI
 * (GitLab, Jenkins) shows red exactly when toasty exits 1: each finding at or above `--fail-on`
 * (new ones only with `--baseline`) is a failed testcase, and `--min-score` is a testcase of its
 * own. Every graded file is one passing testcase, its other findings in `<system-out>`; skipped
 * and unparseable files are skipped testcases.
 */
export const junitReporter: Reporter = (result) => {
  const suites = result.files.map((file) => fileSuite(file, result));
  const gate = minScoreSuite(result);
  if (gate) suites.push(gate);
  const tests = suites.reduce((n, s) => n + s.cases.length, 0);
  const failures = suites.reduce((n, s) => n + s.failures, 0);
  const skipped = suites.reduce((n, s) => n + s.skipped, 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="toasty" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">\n${suites.map(suiteXml).join('\n')}\n</testsuites>\n`;
};
