import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { RuleResolver } from '../../src/engine/active-rules.js';
import { ConfigError } from '../../src/errors.js';
import { BUILTIN_RULES } from '../../src/rules/index.js';
import { tempTree } from '../helpers/tmp.js';

/** Every temporary tree a test made (one test may make several), removed after it. */
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const remove of cleanups.splice(0)) remove();
});

async function configError(files: Record<string, string>): Promise<ConfigError> {
  const t = tempTree(files);
  cleanups.push(t.remove);
  try {
    const { file, config } = await loadConfig(t.dir);
    new RuleResolver(BUILTIN_RULES, resolveConfig(file, config, t.dir));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('a JSON syntax error is file:line:col with one code frame, in .toastyrc.json and in package.json (issue 18)', async () => {
    const rc = await configError({ '.toastyrc.json': '{"rules": {"long-line": "warning",}\n' });
    expect(rc.message).toMatch(/\.toastyrc\.json:1:35 JSON syntax error: /);
    expect(rc.message.match(/> 1 \|/g)).toHaveLength(1);
    expect(rc.hint).toBe('fix the syntax of the config file');
    const pkg = await configError({ 'package.json': '{"name": "x",\n "toasty": {"minScore": 70},\n}\n' });
    expect(pkg.message).toMatch(/package\.json:3:1 JSON syntax error: /);
    expect(pkg.message.match(/> 3 \|/g)).toHaveLength(1);
  });

  it('a JSON syntax error V8 gives no position for (`[1,,2]`, a bad literal) still names its line and column', async () => {
    const comma = await configError({ '.toastyrc.json': '{\n  "rules": {"long-line": "warning"},\n  "ignore": ["a",, "b"]\n}\n' });
    expect(comma.message).toMatch(/\.toastyrc\.json:3:18 JSON syntax error: unexpected ',', expected a value\n/);
    expect(comma.message.match(/> 3 \|/g)).toHaveLength(1);
    expect(comma.message).not.toMatch(/is not valid JSON/);
    const literal = await configError({ '.toastyrc.json': '{\n  "cache": tru\n}\n' });
    expect(literal.message).toMatch(/\.toastyrc\.json:2:15 JSON syntax error: unexpected '\\n', expected 'true'\n/);
    expect(literal.message.match(/> 2 \|/g)).toHaveLength(1);
  });

  it('finds .toastyrc.yaml and resolves defaults', async () => {
    const t = tempTree({ '.toastyrc.yaml': 'minScore: 70\nweights:\n  security: 2\n' });
    cleanups.push(t.remove);
    const { file, config } = await loadConfig(t.dir);
    expect(file).toMatch(/\.toastyrc\.yaml$/);
    const resolved = resolveConfig(file, config, t.dir);
    expect(resolved.minScore).toBe(70);
    expect(resolved.weights.security).toBe(2);
    expect(resolved.weights.complexity).toBe(1);
    expect(resolved.maxFileSize).toBe(1024 * 1024);
  });

  it('reads package.json#toasty', async () => {
    const t = tempTree({ 'package.json': JSON.stringify({ name: 'x', toasty: { failOn: 'error' } }) });
    cleanups.push(t.remove);
    const { config } = await loadConfig(t.dir);
    expect(config.failOn).toBe('error');
  });

  it('an unknown key names the file, the key and the allowed keys', async () => {
    const e = await configError({ '.toastyrc.json': JSON.stringify({ minScroe: 80 }) });
    expect(e.key).toBe('minScroe');
    expect(e.message).toContain('.toastyrc.json');
    expect(e.message).toContain('unknown key `minScroe`');
    expect(e.message).toContain('minScore');
    expect(e.exitCode).toBe(2);
  });

  it('a wrong type names the key, the expected type and the value', async () => {
    const e = await configError({ '.toastyrc.json': JSON.stringify({ minScore: 'high' }) });
    expect(e.key).toBe('minScore');
    expect(e.message).toContain('`minScore` must be number');
    expect(e.message).toContain("'high'");
  });

  it('a bad severity inside overrides names the nested key', async () => {
    const e = await configError({ '.toastyrc.json': JSON.stringify({ overrides: [{ files: ['a/**'], rules: { 'long-file': 'loud' } }] }) });
    expect(e.key).toBe('overrides[0].rules.long-file');
    expect(e.message).toContain("got 'loud'");
  });

  it('an unknown rule id is an error', async () => {
    const e = await configError({ '.toastyrc.json': JSON.stringify({ rules: { 'no-such-rule': 'off' } }) });
    expect(e.key).toBe('rules.no-such-rule');
    expect(e.hint).toContain('rules list');
  });

  it('an unknown rule id suggests the rule it most likely meant', async () => {
    const shortened = await configError({ '.toastyrc.json': JSON.stringify({ rules: { cyclomatic: 'warning' } }) });
    expect(shortened.message).toContain('did you mean `cyclomatic-complexity`?');
    const typo = await configError({ '.toastyrc.json': JSON.stringify({ rules: { 'lnog-line': 'info' } }) });
    expect(typo.message).toContain('did you mean `long-line`?');
    const unrelated = await configError({ '.toastyrc.json': JSON.stringify({ rules: { 'no-such-rule': 'off' } }) });
    expect(unrelated.message).not.toContain('did you mean');
  });

  it('options written beside severity (not under `options`) are named, with the fix', async () => {
    const e = await configError({ '.toastyrc.yaml': 'rules:\n  long-line: { max: 120 }\n' });
    expect(e.key).toBe('rules.long-line');
    expect(e.message).toContain('`rules.long-line` has `max` beside severity/options');
    expect(e.message).toContain("a rule's options go under `options`");
  });

  it('rule options are checked against the rule defaults', async () => {
    const bad = await configError({
      '.toastyrc.json': JSON.stringify({ rules: { 'cyclomatic-complexity': { options: { max: 'ten' } } } }),
    });
    expect(bad.key).toBe('rules.cyclomatic-complexity.options.max');
    expect(bad.message).toContain('must be number');
    const unknown = await configError({
      '.toastyrc.json': JSON.stringify({ rules: { 'cyclomatic-complexity': { options: { limit: 3 } } } }),
    });
    expect(unknown.message).toContain('expected one of: max');
  });

  it('invalid YAML syntax is a ConfigError naming the file', async () => {
    const e = await configError({ '.toastyrc.yaml': 'rules:\n  a: [unclosed\n' });
    expect(e.message).toContain('.toastyrc.yaml');
  });
});

describe('RuleResolver', () => {
  it('applies severities, options and per-path overrides', async () => {
    const t = tempTree({
      '.toastyrc.json': JSON.stringify({
        rules: { 'long-file': 'off', 'cyclomatic-complexity': { severity: 'error', options: { max: 5 } } },
        overrides: [{ files: ['scripts/**'], rules: { 'cyclomatic-complexity': 'off' }, weights: { complexity: 0 } }],
      }),
    });
    cleanups.push(t.remove);
    const { file, config } = await loadConfig(t.dir);
    const resolver = new RuleResolver(BUILTIN_RULES, resolveConfig(file, config, t.dir));
    const src = resolver.forPath('src/a.py');
    expect(src.find((a) => a.rule.id === 'long-file')).toBeUndefined();
    const cc = src.find((a) => a.rule.id === 'cyclomatic-complexity')!;
    expect(cc.severity).toBe('error');
    expect(cc.options).toEqual({ max: 5 });
    expect(resolver.forPath('scripts/x.py').find((a) => a.rule.id === 'cyclomatic-complexity')).toBeUndefined();
    expect(resolver.weightsFor('scripts/x.py').complexity).toBe(0);
    expect(resolver.weightsFor('src/a.py').complexity).toBe(1);
  });
});
