import { readFileSync } from 'node:fs';
import { languageFromPath } from '../discovery/language.js';
import { loadAdapter } from '../languages/registry.js';
import type { ActiveRule, Rule, RuleOptions } from './rule.js';
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
  passed: boolean;
}

const ANNOTATION = /(?:#|\/\/|\/\*)\s*(ruleid|ok|todoruleid|options)\s*:\s*(.*?)\s*(?:\*\/)?$/;

/** The line an annotation applies to: the next line that is not itself an annotation or blank. */
function targetLine(lines: readonly string[], index: number): number {
  for (let j = index + 1; j < lines.length; j++) {
    const l = lines[j]!;
    if (l.trim() === '' || ANNOTATION.test(l.trim())) continue;
    return j + 1;
  }
  return index + 2;
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
  const lines = text.split('\n');
  const expected = new Set<number>();
  const todo = new Set<number>();
  const ok = new Set<number>();
  let options: RuleOptions = { ...rule.defaultOptions };
  lines.forEach((raw, i) => {
    const m = ANNOTATION.exec(raw.trim());
    if (!m) return;
    const [, kind, rest] = m;
    const [id, ...json] = (rest ?? '').split(/\s+/);
    if (id !== rule.id) return;
    if (kind === 'options') options = { ...options, ...(JSON.parse(json.join(' ')) as RuleOptions) };
    else if (kind === 'ruleid') expected.add(targetLine(lines, i));
    else if (kind === 'todoruleid') todo.add(targetLine(lines, i));
    else ok.add(targetLine(lines, i));
  });
  const adapter = await loadAdapter(language);
  const model = adapter.parse(fixture, text, language);
  if (!model.parsed)
    throw new Error(`${fixture}: fixture does not parse: ${model.problems[0]?.message} at line ${model.problems[0]?.line}`);
  const active: ActiveRule = { rule, severity: rule.meta.severity, options };
  const { findings, failures } = runRules(model, [active]);
  if (failures.length) throw new Error(`${fixture}: rule ${rule.id} threw: ${failures[0]!.message}`);
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
    passed: missing.length === 0 && unexpected.length === 0 && expected.size > 0,
  };
}
