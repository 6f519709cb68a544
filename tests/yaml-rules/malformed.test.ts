import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RuleError } from '../../src/errors.js';
import { compileRuleFile, loadYamlRules } from '../../src/yaml-rules/index.js';

const DIR = 'tests/fixtures/yaml-rules/malformed';

/** Each malformed rule file and the exact error(s) it must produce: file:line:col, the key, what was expected. */
const CASES: Record<string, string[]> = {
  'bad-severity.yaml': ["7:5 `severity` must be one of error|warning|info, got 'high' (rule `flask-debug`)"],
  'unknown-key.yaml': [
    '1:1 `severity` is required',
    '4:1 unknown key `sevrity` (did you mean `severity`?); expected one of: id, languages, dimension, severity, message, suggestion, why, description, confidence, enabled, fix, fix-regex, fix-applicability, paths, regex, query, selector, metric, pattern-either, pattern-not, pattern-inside',
  ],
  'missing-message.yaml': ['1:1 `message` is required'],
  'bad-id.yaml': ["1:1 `id` must be kebab-case (lowercase words joined by '-', e.g. flask-debug-true), got 'Flask_Debug'"],
  'languages-not-list.yaml': ["2:1 `languages` must be a list, got 'python'"],
  'unknown-language.yaml': ["2:13 `languages[0]` must be one of python|javascript|typescript, got 'ruby'"],
  'no-matcher.yaml': ['1:1 a rule needs one of regex, query, selector, metric, pattern-either'],
  'two-matchers.yaml': ['1:1 a rule has `regex` and `query`; use exactly one (combine several with `pattern-either`)'],
  'bad-regex.yaml': ['7:1 `regex` is not an RE2 regex: missing closing ]: `[bar`; pattern: `foo[bar`'],
  'lookahead-regex.yaml': [
    '7:1 `regex` is not an RE2 regex: invalid or unsupported Perl syntax: `(?!` (lookaround and backreferences are not supported: toasty matches in linear time with RE2); pattern: `password(?!_hash)`',
  ],
  'nested-bad-regex.yaml': ['9:5 `pattern-either[1].regex` is not an RE2 regex: missing closing ): `(unclosed`; pattern: `(unclosed`'],
  'bad-query.yaml': [
    '7:1 `query` is not a tree-sitter query for Python: unknown node type at line 1, column 2 of the query (at `cal`); pattern: `(cal function: (identifier) @f) @match`',
  ],
  'predicate-lookahead.yaml': [
    '7:1 `query` is not a tree-sitter query for Python: invalid or unsupported Perl syntax: `(?=` (lookaround and backreferences are not supported: toasty matches in linear time with RE2); pattern: `((identifier) @id (#match? @id "^(?=x)")) @match`',
  ],
  'query-on-js.yaml': ["7:1 `query` is a tree-sitter query for Python, but the rule's languages are javascript; use `selector` for JS/TS"],
  'bad-selector.yaml': [
    '7:1 `selector` is not an ESLint-style selector: Expected " " or [^ [\\],():#!=><~+.] but "[" found. at column 16; pattern: `CallExpression[[callee`',
  ],
  'unknown-node-type.yaml': [
    '7:1 `selector` is not an ESLint-style selector: unknown node type `CalExpression` (did you mean `CallExpression`?); selectors see Babel node types; pattern: `CalExpression[callee.name="eval"]`',
  ],
  'selector-on-python.yaml': [
    "7:1 `selector` is an ESLint-style selector for JavaScript/TypeScript, but the rule's languages are python; use `query` for Python",
  ],
  'unknown-capture.yaml': [
    '5:1 `message` uses $FUNC, which no pattern captures; available: $MATCH, $fn, $match (write $$ for a literal $)',
  ],
  'metric-unknown-field.yaml': [
    '9:3 `metric.where`: unknown field `parms` for function; expected one of: name, qualifiedName, kind, isAsync, isGenerator, isExported, hasDoc, depth, decorators, defaults, cyclomatic, cognitive, maxNesting, params, loc, sloc, returns, halsteadVolume',
  ],
  'metric-bad-value.yaml': ['9:25 `metric.where`: `isAsync` is true or false, got `yes`'],
  'pattern-not-string.yaml': ["8:1 `pattern-not` must be a mapping, got 'b'"],
  'yaml-syntax.yaml': ["8:1 YAML syntax error: Missing closing 'quote"],
  'duplicate-key.yaml': ['8:1 YAML syntax error: Map keys must be unique'],
  'duplicate-id.yaml': ['9:5 rule id `twice` is already used by rules[0] in this file'],
  'empty.yaml': ['1:1 rule file is empty; expected `rules: [...]` or one rule (`id`, `languages`, …)'],
};

describe('malformed rule files', () => {
  it('has at least 15 cases', () => {
    expect(Object.keys(CASES).length).toBeGreaterThanOrEqual(15);
  });

  for (const [file, expected] of Object.entries(CASES)) {
    it(`${file}: ${expected[0]!.slice(0, 60)}`, () => {
      const problems: string[] = [];
      const compiled = compileRuleFile(join(DIR, file), problems);
      expect(problems).toEqual(expected.map((e) => `${DIR}/${file}:${e}`));
      expect(compiled.rules.length).toBeLessThanOrEqual(1);
    });
  }

  it('a folder with bad files is one RuleError (exit 2) listing every problem', () => {
    let error: unknown;
    try {
      loadYamlRules([DIR]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RuleError);
    const rule = error as RuleError;
    expect(rule.exitCode).toBe(2);
    expect(rule.message).toContain(`${DIR}/bad-severity.yaml:7:5 \`severity\` must be one of error|warning|info, got 'high'`);
    expect(rule.message.split('\n').length).toBeGreaterThanOrEqual(25);
    expect(rule.hint).toContain('schemas/rule.schema.json');
  });

  it('a missing rule folder is an error naming it', () => {
    expect(() => loadYamlRules(['tests/fixtures/yaml-rules/no-such-folder'])).toThrow(/no-such-folder: rule folder not found/);
  });
});
