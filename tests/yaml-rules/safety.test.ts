import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAdapter } from '../../src/languages/registry.js';
import { compileRuleFile } from '../../src/yaml-rules/index.js';
import { runRules } from '../../src/engine/run-rules.js';
import { tempTree } from '../helpers/tmp.js';

const RULE_HEAD = 'id: slow\nlanguages: [python, javascript]\ndimension: speed\nseverity: info\nmessage: slow\nsuggestion: none\n';

/** 30 000 'a's and no match at the end: exponential for a backtracking engine. */
const EVIL_INPUT = `${'a'.repeat(30_000)}!`;

describe('resource limits', () => {
  it('refuses a YAML alias bomb ("billion laughs") quickly, with the position of the first alias', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const { dir, remove } = tempTree({ 'bomb.yaml': `${RULE_HEAD}regex: x\n${levels.join('\n')}\n` });
    try {
      const started = Date.now();
      const problems: string[] = [];
      compileRuleFile(join(dir, 'bomb.yaml'), problems);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(
        /bomb\.yaml:9:\d+ too many YAML alias expansions \(more than 100\): refusing a possible "billion laughs" file$/,
      );
    } finally {
      remove();
    }
  });

  it('runs a catastrophic regex, selector regex and query predicate in linear time', async () => {
    const { dir, remove } = tempTree({
      'regex.yaml': `${RULE_HEAD}regex: '(a+)+$'\n`,
      'query.yaml': `${RULE_HEAD.replace('id: slow', 'id: slow-query').replace('[python, javascript]', '[python]')}query: |\n  ((string) @s (#match? @s "(a+)+b")) @match\n`,
      'selector.yaml': `${RULE_HEAD.replace('id: slow', 'id: slow-selector').replace('[python, javascript]', '[javascript]')}selector: 'Literal[value=/(a+)+b/]'\n`,
      'evil.py': `x = "${EVIL_INPUT}"\n`,
      'evil.js': `const x = "${EVIL_INPUT}";\n`,
    });
    try {
      const problems: string[] = [];
      const rules = ['regex.yaml', 'query.yaml', 'selector.yaml'].flatMap((f) => compileRuleFile(join(dir, f), problems).rules);
      expect(problems).toEqual([]);
      const py = (await loadAdapter('python')).parse('evil.py', `x = "${EVIL_INPUT}"\n`, 'python');
      const js = (await loadAdapter('javascript')).parse('evil.js', `const x = "${EVIL_INPUT}";\n`, 'javascript');
      const started = Date.now();
      const active = rules.map((rule) => ({ rule, severity: rule.meta.severity, options: {} }));
      const a = runRules(py, active);
      const b = runRules(js, active);
      const elapsed = Date.now() - started;
      expect(a.failures).toEqual([]);
      expect(b.failures).toEqual([]);
      expect(elapsed).toBeLessThan(5000);
      // `(a+)+$` matches nothing here (the line ends with `!"`), the predicates find no `b`.
      expect([...a.findings, ...b.findings]).toEqual([]);
      // The same rules do match where they should: the patterns were really evaluated above.
      const hitPy = runRules((await loadAdapter('python')).parse('ok.py', 'x = "aab"\n', 'python'), active);
      const hitJs = runRules((await loadAdapter('javascript')).parse('ok.js', 'const x = "aab";\n', 'javascript'), active);
      expect(hitPy.findings.map((f) => f.ruleId)).toEqual(['slow-query']);
      expect(hitJs.findings.map((f) => f.ruleId)).toEqual(['slow-selector']);
    } finally {
      remove();
    }
  });
});
