import { counts } from '../model/gate.js';
import { escapeTerminal } from '../util/escape-terminal.js';
import type { Reporter } from './types.js';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

/**
 * Workflow-command escaping (the runner's own rules): data escapes %, CR, LF; properties also : and ,.
 * Other control characters (ESC…) are written as on a terminal, so the log shows them inert.
 */
function escapeData(s: string): string {
  const runner = s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  return escapeTerminal(runner);
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * `--format github`: one `::error|warning|notice file=…,line=…::` workflow command per counted
 * finding, so GitHub Actions annotates the pull request. The Markdown job summary is written to
 * $GITHUB_STEP_SUMMARY by the grade command when that variable is set.
 */
export const githubReporter: Reporter = (result) => {
  const lines: string[] = [];
  for (const file of result.files) {
    for (const f of file.findings) {
      if (!counts(f) || f.baseline === 'existing') continue;
      const props = [
        `file=${escapeProperty(file.path)}`,
        `line=${f.line}`,
        `col=${f.column}`,
        `endLine=${f.endLine}`,
        `endColumn=${f.endColumn}`,
        `title=${escapeProperty(`toasty ${f.ruleId} (${f.dimension})`)}`,
      ].join(',');
      lines.push(`::${COMMAND[f.severity]} ${props}::${escapeData(`${f.message}\n${f.suggestion}`)}`);
    }
  }
  const verdict = result.passed ? 'passed' : `failed: ${result.failures.join('; ')}`;
  lines.push(`::notice title=toasty::${escapeData(`score ${result.score ?? '—'} (${result.grade ?? '—'}); ${verdict}`)}`);
  return `${lines.join('\n')}\n`;
};
