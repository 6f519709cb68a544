import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileRuleFile } from '../../src/yaml-rules/index.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { RuleResolver } from '../../src/engine/active-rules.js';
import { fixText } from '../../src/fix/fix-text.js';
import { loadAdapter } from '../../src/languages/registry.js';
import { tempTree } from '../helpers/tmp.js';

const tree = tempTree({});
afterAll(() => tree.remove());
const HEAD = `id: sample\nlanguages: [python]\ndimension: quality\nseverity: info\nmessage: found $FN\nsuggestion: fix it\n`;
const QUERY = `query: |\n  (call function: (identifier) @FN (#eq? @FN "old")) @match\n`;

function compile(name: string, body: string) {
  const path = join(tree.dir, `${name}.yaml`);
  writeFileSync(path, HEAD + QUERY + body);
  const problems: string[] = [];
  const file = compileRuleFile(path, problems);
  return { problems: problems.map((p) => p.slice(p.indexOf('.yaml:') + 6)), rules: file.rules };
}

describe('YAML fix templates', () => {
  it('a fix template replaces the match with $CAPTURES and $MATCH; applicability defaults to unsafe', async () => {
    const { problems, rules } = compile('ok', `fix: 'new_$FN($MATCH)'\n`);
    expect(problems).toEqual([]);
    const rule = rules[0]!;
    expect(rule.meta.fix).toBe('unsafe');
    const config = resolveConfig(null, {}, tree.dir);
    const active = new RuleResolver([rule], config).forPath('a.py');
    const fixer = { path: 'a.py', language: 'python' as const, adapter: await loadAdapter('python'), rules: active, eol: '\n' as const };
    expect(fixText({ ...fixer, policy: { unsafe: false, rules: null, baseline: null } }, 'x = old(1)\n').text).toBe('x = old(1)\n');
    // The finding stays (`old(` is still inside), so the engine rolls the fix back: never applied blindly.
    const unsafe = fixText({ ...fixer, policy: { unsafe: true, rules: null, baseline: null } }, 'x = old(1)\n');
    expect(unsafe.rolledBack).toHaveLength(1);
    expect(unsafe.text).toBe('x = old(1)\n');
  });

  it('fix-regex rewrites part of the match with \\1 groups; safe when the rule says so', async () => {
    const { problems, rules } = compile(
      'regex',
      `fix-regex:\n  regex: '^old\\((.*)\\)$'\n  replacement: 'new(\\1, $FN)'\nfix-applicability: safe\n`,
    );
    expect(problems).toEqual([]);
    const config = resolveConfig(null, {}, tree.dir);
    const active = new RuleResolver(rules, config).forPath('a.py');
    const r = fixText(
      {
        path: 'a.py',
        language: 'python',
        adapter: await loadAdapter('python'),
        rules: active,
        eol: '\n',
        policy: { unsafe: false, rules: null, baseline: null },
      },
      'x = old(1)\n',
    );
    expect(r.text).toBe('x = new(1, old)\n');
  });

  it('is validated at load: unknown captures, bad regexes, both kinds, applicability alone', () => {
    expect(compile('cap', `fix: '$NOPE'\n`).problems).toEqual([
      '9:1 `fix` uses $NOPE, which no pattern captures (write $$ for a literal $)',
    ]);
    expect(compile('re', `fix-regex:\n  regex: '(?<=a)b'\n  replacement: c\n`).problems[0]).toMatch(
      /`fix-regex.regex` is not a valid regex/,
    );
    expect(compile('both', `fix: a\nfix-regex:\n  regex: a\n  replacement: b\n`).problems[0]).toMatch(/`fix` or `fix-regex`, not both/);
    expect(compile('alone', `fix-applicability: safe\n`).problems[0]).toMatch(/`fix-applicability` needs `fix` or `fix-regex`/);
    expect(compile('enum', `fix: a\nfix-applicability: maybe\n`).problems[0]).toMatch(/fix-applicability/);
  });
});
