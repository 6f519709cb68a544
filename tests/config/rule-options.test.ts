/**
 * Rule options are validated with the JSON Schema derived from each rule's meta: through the real
 * CLI with a config file, a value out of range or of the wrong type is exit 2 naming the file,
 * the key, the rule and what was expected; valid options grade.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { checkRuleOptions, optionsSchema } from '../../src/engine/rule-options.js';
import { BUILTIN_RULES } from '../../src/rules/index.js';
import { toasty } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

const trees: { remove: () => void }[] = [];
afterAll(() => trees.forEach((t) => t.remove()));

function project(config: object): string {
  const t = tempTree({ '.toastyrc.json': JSON.stringify(config, null, 2), 'app.py': 'def f(x):\n    return x + 1\n' });
  trees.push(t);
  return t.dir;
}

describe('rule options against their JSON Schema (CLI, real config file)', () => {
  it('`max: -1` is exit 2 naming the file, the key, the rule and the bound', () => {
    const r = toasty(['grade', '.', '--no-neural'], project({ rules: { 'long-line': { options: { max: -1 } } } }));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.toastyrc.json');
    expect(r.stderr).toContain('`rules.long-line.options.max` of rule long-line must be >= 1 (default 100), got number -1');
  });

  it('a wrong type is exit 2 with the expected type', () => {
    const t = toasty(['grade', '.', '--no-neural'], project({ rules: { 'god-class': { options: { maxMethods: 'many' } } } }));
    expect(t.code).toBe(2);
    expect(t.stderr).toContain("`rules.god-class.options.maxMethods` of rule god-class must be number (default 30), got 'many'");
  });

  it('a fractional value where a count is expected, and an array of the wrong items, are exit 2; overrides are checked too', () => {
    const r = toasty(
      ['grade', '.', '--no-neural'],
      project({ overrides: [{ files: ['**/*.py'], rules: { 'duplicate-code': { options: { minLines: 2.5 } } } }] }),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '`overrides[0].rules.duplicate-code.options.minLines` of rule duplicate-code must be integer (default 6), got number 2.5',
    );
    const a = toasty(['grade', '.', '--no-neural'], project({ rules: { 'magic-number': { options: { ignore: [1, 'two'] } } } }));
    expect(a.code).toBe(2);
    expect(a.stderr).toContain("`rules.magic-number.options.ignore[1]` of rule magic-number must be number (default []), got 'two'");
  });

  it('valid options grade as before (a fractional threshold, as learning lowers them, included)', () => {
    const r = toasty(
      ['grade', '.', '--no-neural', '--format', 'json'],
      project({ rules: { 'long-line': { options: { max: 3 } }, 'cyclomatic-complexity': { options: { max: 0.5 } } } }),
    );
    expect(r.stderr).toBe('');
    const run = JSON.parse(r.stdout) as { files: { findings: { ruleId: string }[] }[] };
    expect(run.files.flatMap((f) => f.findings.map((x) => x.ruleId))).toContain('cyclomatic-complexity');
  });
});

describe('every built-in rule’s options schema', () => {
  it('accepts the rule’s own defaults, declares only options the rule has, and bounds every numeric option', () => {
    const problems: string[] = [];
    for (const rule of BUILTIN_RULES) {
      try {
        checkRuleOptions(rule, rule.defaultOptions, null, `rules.${rule.id}`);
      } catch (error) {
        problems.push((error as Error).message);
      }
      for (const key of Object.keys(rule.meta.optionSchema ?? {}))
        if (!(key in rule.defaultOptions)) problems.push(`${rule.id}: optionSchema.${key} is not an option`);
      const { properties } = optionsSchema(rule) as { properties: Record<string, { type?: string; minimum?: number }> };
      for (const [key, schema] of Object.entries(properties))
        if ((schema.type === 'number' || schema.type === 'integer') && schema.minimum === undefined)
          problems.push(`${rule.id}: option ${key} has no minimum (declare meta.optionSchema.${key})`);
    }
    expect(problems).toEqual([]);
  });
});
