import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { languageFromPath } from '../../discovery/language.js';
import { parseAnnotations } from '../../engine/annotations.js';
import { type FixtureOutcome, testFixture } from '../../engine/rule-tester.js';
import type { Rule } from '../../engine/rule.js';
import { UsageError } from '../../errors.js';
import { compileRuleFile, displayPath, ruleFilesIn, withoutPaths } from '../../yaml-rules/index.js';
import { throwProblems } from '../../yaml-rules/load.js';
import { EXIT } from '../exit.js';

const FIXTURE_EXTENSIONS = ['.py', '.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts'];

export interface RuleTestResult {
  ruleId: string;
  file: string;
  fixtures: string[];
  passed: boolean;
  /** Human lines explaining a failure (`fixture:line ...`). */
  problems: string[];
  notes: string[];
  /** What the rule reported on each fixture that ran (for snapshots: `renderSnapshot`). */
  outcomes: FixtureOutcome[];
}

/** The fixtures beside a rule file: same stem, a Python/JS/TS extension. */
function fixturesFor(ruleFile: string): string[] {
  const stem = ruleFile.replace(/\.ya?ml$/i, '');
  return FIXTURE_EXTENSIONS.map((ext) => stem + ext).filter((p) => existsSync(p));
}

async function testRule(rule: Rule, file: string, fixtures: string[]): Promise<RuleTestResult> {
  const result: RuleTestResult = { ruleId: rule.id, file, fixtures: [], passed: true, problems: [], notes: [], outcomes: [] };
  const applicable = fixtures.filter((f) => {
    const language = languageFromPath(f);
    return language !== null && language !== undefined && rule.meta.languages.includes(language);
  });
  if (applicable.length === 0) {
    result.passed = false;
    const stem = basename(file).replace(/\.ya?ml$/i, '');
    result.problems.push(
      `no fixture: expected ${stem}.py / ${stem}.ts / ${stem}.js beside ${file} (for ${rule.meta.languages.join(', ')})`,
    );
    return result;
  }
  for (const fixture of applicable) {
    const shown = displayPath(fixture);
    result.fixtures.push(shown);
    try {
      const outcome = await testFixture(withoutPaths(rule), fixture);
      result.outcomes.push(outcome);
      if (outcome.expected.length === 0)
        result.problems.push(`${shown}: no \`ruleid: ${rule.id}\` line; a fixture needs at least one true positive`);
      for (const line of outcome.missing) result.problems.push(`${shown}:${line} missing: annotated \`ruleid\` but not reported`);
      for (const line of outcome.unexpected) result.problems.push(`${shown}:${line} unexpected: reported but not annotated \`ruleid\``);
      for (const line of outcome.fixedTodos) result.notes.push(`${shown}:${line} \`todoruleid\` is now reported: promote it to \`ruleid\``);
    } catch (error) {
      result.problems.push((error as Error).message);
    }
  }
  result.passed = result.problems.length === 0;
  return result;
}

/** Annotations in a fixture that name a rule the rule file does not define (typos). */
function strayAnnotations(fixture: string, ids: Set<string>): string[] {
  return parseAnnotations(readFileSync(fixture, 'utf8').split('\n'))
    .filter((a) => !ids.has(a.ruleId))
    .map((a) => `${displayPath(fixture)}:${a.line} \`${a.kind}: ${a.ruleId}\` names no rule of this file`);
}

/** Tests every YAML rule under `target` (a folder or one file) against its fixtures. Throws RuleError for a bad rule file. */
export async function testRuleFiles(target: string): Promise<RuleTestResult[]> {
  const files = statSync(target).isDirectory() ? ruleFilesIn(target) : [target];
  const problems: string[] = [];
  const compiled = files.map((f) => compileRuleFile(f, problems));
  throwProblems(problems);
  const results: RuleTestResult[] = [];
  for (const file of compiled) {
    const fixtures = fixturesFor(file.path);
    const ids = new Set(file.rules.map((r) => r.id));
    const stray = fixtures.flatMap((f) => strayAnnotations(f, ids));
    for (const rule of file.rules) results.push(await testRule(rule, file.display, fixtures));
    if (stray.length) {
      const first = results.find((r) => r.file === file.display);
      if (first) {
        first.problems.push(...stray);
        first.passed = false;
      }
    }
  }
  return results;
}

/** `toasty rules test [dir]`: pass/fail per rule with the missing and unexpected lines; exit 1 on any failure. */
export async function rulesTestCommand(dir: string | undefined, globals: { quiet?: boolean }): Promise<number> {
  const target = resolve(process.cwd(), dir ?? 'rules');
  if (!existsSync(target))
    throw new UsageError(
      `rules test: ${dir ?? 'rules'} not found`,
      'pass a folder of YAML rules (with fixtures beside them) or one rule file',
    );
  const results = await testRuleFiles(target);
  if (results.length === 0) throw new UsageError(`rules test: no YAML rule files under ${displayPath(target)}`);
  const out: string[] = [];
  for (const r of results) {
    if (r.passed && globals.quiet) continue;
    out.push(`${r.passed ? 'PASS' : 'FAIL'}  ${r.ruleId}  ${r.fixtures.join(', ') || r.file}`);
    for (const p of r.problems) out.push(`      ${p}`);
    for (const n of r.notes) out.push(`      note: ${n}`);
  }
  const failed = results.filter((r) => !r.passed).length;
  out.push(`${results.length - failed} passed, ${failed} failed`);
  process.stdout.write(`${out.join('\n')}\n`);
  return failed ? EXIT.failed : EXIT.ok;
}
