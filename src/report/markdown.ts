import { summaryLine } from './summary.js';
import { DIMENSIONS } from '../model/findings.js';
import { costliestFindings } from '../model/gate.js';
import { escapeTerminal } from '../util/escape-terminal.js';
import type { Reporter } from './types.js';

const TOP = 10;

/** A table cell on one line: newlines and control characters escaped (as on a terminal), `|` escaped. */
function cell(s: string): string {
  return escapeTerminal(s).replace(/\|/g, '\\|');
}

/** `--format markdown`: a PR-comment-sized summary: score, delta against the baseline, dimensions, top findings. */
export const markdownReporter: Reporter = (result, options) => {
  const out: string[] = [];
  const icon = result.passed ? '✅' : '❌';
  const score = result.score === null ? 'no score' : `**${result.score.toFixed(1)}** (${result.grade})`;
  let delta = '';
  if (options.baselineScore !== undefined && options.baselineScore !== null && result.score !== null) {
    const d = Math.round((result.score - options.baselineScore) * 10) / 10;
    delta = ` (${d >= 0 ? '+' : ''}${d.toFixed(1)} vs baseline ${options.baselineScore.toFixed(1)})`;
  }
  out.push(`## ${icon} toasty: ${score}${delta}`, '');
  out.push(`${summaryLine(result)}.`, '');
  if (!result.passed) {
    for (const reason of result.failures) out.push(`- ❌ ${cell(reason)}`);
    out.push('');
  }
  out.push(
    `| ${DIMENSIONS.join(' | ')} |`,
    `| ${DIMENSIONS.map(() => '---:').join(' | ')} |`,
    `| ${DIMENSIONS.map((d) => result.dimensions[d].toFixed(1)).join(' | ')} |`,
    '',
  );
  const top = costliestFindings(result.files, TOP).filter(({ f }) => f.baseline !== 'existing');
  if (top.length) {
    out.push('| file | line | rule | finding | cost |', '| --- | ---: | --- | --- | ---: |');
    for (const { file, f } of top)
      out.push(`| \`${cell(file.path)}\` | ${f.line} | \`${f.ruleId}\` | ${cell(f.message)} ${cell(f.suggestion)} | −${f.cost} |`);
    out.push('');
  }
  if (result.dimensionsWithoutRules.length) out.push(`_No rules ran for: ${result.dimensionsWithoutRules.join(', ')}._`, '');
  return `${out.join('\n')}\n`;
};
