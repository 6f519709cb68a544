import { createRequire } from 'node:module';
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import { DIMENSIONS } from '../model/findings.js';
import { counts } from '../model/gate.js';
import type { FileResult, Finding, RunResult } from '../model/results.js';
import { readGradedSource } from './graded-source.js';
import { summaryLine } from './summary.js';
import { escapeSourceText, escapeTerminal as t } from '../util/escape-terminal.js';
import type { ReportOptions, Reporter } from './types.js';

/** The code frame (with its highlighter) loads only for a run with findings to show. */
const require = createRequire(import.meta.url);

const FRAMES_PER_FILE = 3;

function gradeColor(c: ChalkInstance, grade: string | null): (s: string) => string {
  if (grade === 'A' || grade === 'B') return c.green;
  if (grade === 'C') return c.yellow;
  return c.red;
}

function severityLabel(c: ChalkInstance, f: Finding): string {
  const label = f.severity.padEnd(7);
  return f.severity === 'error' ? c.red(label) : f.severity === 'warning' ? c.yellow(label) : c.blue(label);
}

function frame(file: FileResult, f: Finding, options: ReportOptions): string | null {
  const text = readGradedSource(file, options.cwd);
  if (text === null) return null;
  try {
    const { codeFrameColumns } = require('@babel/code-frame') as typeof import('@babel/code-frame');
    return codeFrameColumns(
      escapeSourceText(text),
      // code-frame marks [start, end) on one line but the first `end` columns of a range's last line.
      {
        start: { line: f.line, column: f.column },
        end: { line: f.endLine, column: f.endLine === f.line ? f.endColumn : Math.max(1, f.endColumn - 1) },
      },
      { highlightCode: options.color, linesAbove: 1, linesBelow: 1, forceColor: options.color },
    );
  } catch {
    return null;
  }
}

function fileSection(c: ChalkInstance, file: FileResult, options: ReportOptions): string[] {
  const out: string[] = [];
  const score = file.score === null ? c.dim('—') : gradeColor(c, file.grade)(`${file.score.toFixed(1)} ${file.grade}`);
  if (file.status === 'skipped') {
    if (options.verbose) out.push(`${c.dim(t(file.path))}  ${c.dim(`skipped: ${t(file.skipReason ?? '')}`)}`);
    return out;
  }
  const shown = file.findings.filter(counts);
  if (file.status === 'graded' && shown.length === 0 && !options.verbose) return out;
  out.push(`${c.underline(t(file.path))}  ${score}`);
  const framed = new Set(
    [...shown]
      .sort((a, b) => b.cost - a.cost || a.line - b.line)
      .slice(0, options.verbose ? shown.length : FRAMES_PER_FILE)
      .map((f) => f.id),
  );
  for (const f of shown) {
    const cost = f.cost > 0 ? c.dim(` −${f.cost}`) : '';
    const fixable = f.fix ? `  ${f.fix.applicability === 'safe' ? c.green('[*] fixable') : c.yellow('[*] fixable with --unsafe')}` : '';
    out.push(
      `  ${c.dim(`${f.line}:${f.column}`.padEnd(8))} ${severityLabel(c, f)} ${f.baseline === 'new' ? `${c.magenta.bold('new')} ` : ''}${t(f.message)}  ${c.dim(t(f.ruleId))}${cost}  ${c.dim(f.id.slice(0, 7))}${fixable}`,
    );
    if (framed.has(f.id) && !options.quiet) {
      const code = frame(file, f, options);
      if (code) out.push(code.replace(/^/gm, '    '));
    }
    out.push(`    ${c.cyan('→')} ${t(f.suggestion)}`);
    if (f.nameSuggestions?.length)
      out.push(`      ${c.dim(`names: ${f.nameSuggestions.map((s) => `${t(s.name)} ${s.confidence.toFixed(2)}`).join(', ')}`)}`);
  }
  out.push('');
  return out;
}

function summaryTable(c: ChalkInstance, result: RunResult, options: ReportOptions): string {
  const head = ['file', 'score', ...DIMENSIONS];
  const graded = result.files.filter((f) => f.status === 'graded');
  const rows = graded.map((f) => [t(f.path), `${f.score!.toFixed(1)} ${f.grade}`, ...DIMENSIONS.map((d) => f.dimensions![d].toFixed(0))]);
  rows.push([
    c.bold('project'),
    result.score === null ? '—' : c.bold(`${result.score.toFixed(1)} ${result.grade}`),
    ...DIMENSIONS.map((d) => result.dimensions[d].toFixed(0)),
  ]);
  if (options.tty) {
    const table = new Table({ head, style: { head: options.color ? ['cyan'] : [], border: options.color ? ['grey'] : [] } });
    table.push(...rows);
    return table.toString();
  }
  // Off a TTY: plain aligned columns, no box drawing.
  const all = [head, ...rows];
  const width = head.map((_, i) => Math.max(...all.map((r) => stripAnsi(r[i] ?? '').length)));
  return all.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(width[i]!) : cell.padStart(width[i]!))).join('  ')).join('\n');
}

// Matches ANSI SGR sequences (colour codes) so padding counts visible characters only.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}

/** Counted findings `toasty fix` would fix (safe) and those it fixes only with `--unsafe`. */
function fixableCounts(result: RunResult): { safe: number; unsafe: number } {
  const fixable = result.files.flatMap((f) => f.findings.filter((x) => x.fix && counts(x) && x.baseline !== 'existing'));
  const safe = fixable.filter((x) => x.fix!.applicability === 'safe').length;
  return { safe, unsafe: fixable.length - safe };
}

/** `--format pretty`: per-file findings with code frames and suggestions, a summary table, the verdict. */
export const prettyReporter: Reporter = (result, options) => {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [];
  if (!options.quiet) for (const file of result.files) out.push(...fileSection(c, file, options));
  const graded = result.files.filter((f) => f.status === 'graded').length;
  if (!options.quiet && graded > 0 && graded <= 200) out.push(summaryTable(c, result, options), '');
  const score =
    result.score === null ? 'no score (nothing graded)' : `${gradeColor(c, result.grade)(`${result.score.toFixed(1)} (${result.grade})`)}`;
  out.push(`${c.bold('toasty')} ${score} — ${summaryLine(result)}`);
  const fixes = fixableCounts(result);
  if (fixes.safe) {
    const unsafe = fixes.unsafe ? ` (${fixes.unsafe} more with \`toasty fix --unsafe\`)` : '';
    out.push(`${fixes.safe} fixable with \`toasty fix\`${unsafe}`);
  } else if (fixes.unsafe)
    out.push(`${fixes.unsafe} fixable with \`toasty fix --unsafe\` (none with \`toasty fix\`: each may change behaviour)`);
  if (result.dimensionsWithoutRules.length)
    out.push(c.dim(`no rules ran for: ${result.dimensionsWithoutRules.join(', ')} (they score 100)`));
  const parseErrors = result.files.filter((f) => f.status === 'parse-error');
  for (const f of parseErrors) out.push(c.red(`not graded: ${t(f.path)} (${t(f.skipReason ?? '')})`));
  if (!result.passed) {
    out.push(c.red.bold('FAILED'));
    for (const reason of result.failures) out.push(c.red(`  ✗ ${t(reason)}`));
  }
  return `${out.join('\n')}\n`;
};
