import { readFileSync } from 'node:fs';
import { basename, isAbsolute, relative } from 'node:path';
import { languageFromPath } from '../discovery/language.js';
import { loadAdapter } from '../languages/registry.js';
import { parseAnnotations } from './annotations.js';
import type { ActiveRule, Rule, RuleOptions } from './rule.js';
import type { RawFinding } from '../model/findings.js';
import { checkRuleOptions } from './rule-options.js';
import { runRules } from './run-rules.js';

export interface FixtureOutcome {
  fixture: string;
  ruleId: string;
  /** Lines annotated `ruleid:` that were not reported. */
  missing: number[];
  /** Lines reported without a `ruleid:`/`todoruleid:` annotation. */
  unexpected: number[];
  /** `todoruleid:` lines that are now reported (the known miss is fixed: promote the annotation). */
  fixedTodos: number[];
  /** Lines checked by `ok:` annotations. */
  okLines: number[];
  expected: number[];
  /** What the rule reported, in source order: message, range, suggestion and fix (see `renderSnapshot`). */
  findings: RawFinding[];
  /** The fixture's text, as the rule saw it. */
  text: string;
  passed: boolean;
}

/**
 * Runs the real engine (front-end, model, one traversal) with one rule on an
 * annotated fixture: `ruleid: <id>` lines must be reported, `ok: <id>` lines
 * must not, any other report fails, `todoruleid: <id>` marks a known miss.
 * `options: <id> {json}` sets the rule's options for this fixture.
 */
export async function testFixture(rule: Rule, fixture: string): Promise<FixtureOutcome> {
  const text = readFileSync(fixture, 'utf8');
  const language = languageFromPath(fixture);
  if (!language) throw new Error(`${fixture}: not a Python/JS/TS file`);
  const expected = new Set<number>();
  const todo = new Set<number>();
  const ok = new Set<number>();
  let options: RuleOptions = { ...rule.defaultOptions };
  for (const a of parseAnnotations(text.split('\n'))) {
    if (a.ruleId !== rule.id) continue;
    if (a.kind === 'options') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(a.rest);
      } catch {
        parsed = undefined;
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new Error(`${fixture}:${a.line}: \`options: ${rule.id}\` must be followed by a JSON object, got ${JSON.stringify(a.rest)}`);
      options = { ...options, ...(parsed as RuleOptions) };
    } else if (a.kind === 'ruleid') expected.add(a.target);
    else if (a.kind === 'todoruleid') todo.add(a.target);
    else ok.add(a.target);
  }
  // The fixture's options obey the rule's options schema, as a config's would.
  checkRuleOptions(rule, options, fixture, rule.id);
  const adapter = await loadAdapter(language);
  // Relative to the working directory, as grading passes paths (so messages naming the file do not name the machine).
  const shown = relative(process.cwd(), fixture);
  const model = adapter.parse(shown.startsWith('..') || isAbsolute(shown) ? fixture : shown, text, language);
  if (!model.parsed)
    throw new Error(`${fixture}: fixture does not parse: ${model.problems[0]?.message} at line ${model.problems[0]?.line}`);
  const active: ActiveRule = { rule, severity: rule.meta.severity, options };
  const { findings, failures } = runRules(model, [active]);
  if (failures.length) throw new Error(`${fixture}: rule ${rule.id} threw: ${failures[0]!.message}`);
  findings.sort((a, b) => a.line - b.line || a.column - b.column || a.endLine - b.endLine || a.endColumn - b.endColumn);
  const reported = new Set(findings.map((f) => f.line));
  const missing = [...expected].filter((l) => !reported.has(l)).sort((a, b) => a - b);
  const unexpected = [...reported].filter((l) => !expected.has(l) && !todo.has(l)).sort((a, b) => a - b);
  const fixedTodos = [...todo].filter((l) => reported.has(l)).sort((a, b) => a - b);
  return {
    fixture,
    ruleId: rule.id,
    missing,
    unexpected,
    fixedTodos,
    okLines: [...ok],
    expected: [...expected],
    findings,
    text,
    passed: missing.length === 0 && unexpected.length === 0 && expected.size > 0,
  };
}

const range = (r: { line: number; column: number; endLine: number; endColumn: number }): string =>
  `${r.line}:${r.column}-${r.endLine}:${r.endColumn}`;

/** The source line under a range, with carets under the reported columns (to the line's end when the range goes on). */
function underline(lines: readonly string[], f: RawFinding): string[] {
  const source = (lines[f.line - 1] ?? '').replace(/\r$/, '').replace(/\t/g, ' ');
  const end = f.endLine > f.line ? Math.max(source.length + 1, f.column + 1) : Math.max(f.endColumn, f.column + 1);
  const gutter = String(f.line);
  return [
    `  ${gutter} | ${source}`,
    `  ${' '.repeat(gutter.length)} | ${' '.repeat(Math.max(0, f.column - 1))}${'^'.repeat(end - f.column)}${f.endLine > f.line ? ` … ${f.endLine}:${f.endColumn}` : ''}`,
  ];
}

/**
 * The fixture's findings as a reviewable text snapshot (Ruff's insta snapshots, ESLint's
 * RuleTester `errors`): per finding the range (1-based line:column, end column exclusive), the
 * severity, message, suggestion, metric and fix edits, and the source line with the range
 * underlined, so a wrong column shows in the diff.
 */
export function renderSnapshot(outcome: Pick<FixtureOutcome, 'fixture' | 'ruleId' | 'findings' | 'text'>): string {
  const lines = outcome.text.split('\n');
  const name = basename(outcome.fixture);
  const out = [`# ${outcome.ruleId} on ${name}: ${outcome.findings.length} finding${outcome.findings.length === 1 ? '' : 's'}`];
  for (const f of outcome.findings) {
    out.push('', `${name}:${range(f)} ${f.severity}`, ...underline(lines, f), `  message: ${f.message}`, `  suggestion: ${f.suggestion}`);
    if (f.metric)
      out.push(
        `  metric: ${f.metric.name} ${f.metric.value} (threshold ${f.metric.threshold}${f.metric.lowerIsWorse ? ', lower is worse' : ''})`,
      );
    if (f.confidence !== 1) out.push(`  confidence: ${f.confidence}`);
    if (f.fix) {
      out.push(`  fix (${f.fix.applicability}):`);
      for (const e of f.fix.edits) out.push(`    ${range(e)} → ${JSON.stringify(e.text)}`);
    }
  }
  return `${out.join('\n')}\n`;
}
