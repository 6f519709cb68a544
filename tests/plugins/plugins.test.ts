import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { discoverFiles } from '../../src/discovery/walk.js';
import { RuleResolver } from '../../src/engine/active-rules.js';
import { gradeFile } from '../../src/engine/grade-file.js';
import { ConfigError } from '../../src/errors.js';
import type { Finding } from '../../src/model/results.js';
import { loadPlugins } from '../../src/plugins/load.js';
import { loadRuleSet } from '../../src/engine/registry.js';
import { tempTree } from '../helpers/tmp.js';

const FIXTURES = resolve('tests/fixtures/plugins');
const plugin = (name: string): string => resolve(FIXTURES, name);

async function grade(
  files: Record<string, string>,
): Promise<{ findings: Map<string, Finding[]>; sources: Map<string, string>; remove: () => void }> {
  const { dir, remove } = tempTree(files);
  try {
    const loaded = await loadConfig(dir);
    const config = resolveConfig(loaded.file, loaded.config, dir);
    const set = await loadRuleSet(config);
    const resolver = new RuleResolver(set.rules, config);
    const findings = new Map<string, Finding[]>();
    for (const file of discoverFiles(['.'], dir, config))
      findings.set(file.path, (await gradeFile(file, 'run1', config, resolver)).result.findings);
    return { findings, sources: set.sources, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

describe('plugins', () => {
  it('loads an ESM plugin from config; its rules run in the same traversal, with config options', async () => {
    const { findings, sources, remove } = await grade({
      '.toastyrc.json': JSON.stringify({
        plugins: [plugin('example-plugin.mjs')],
        rules: { 'acme/long-file-name': { options: { max: 10 } } },
      }),
      'app.py': 'def f():\n    print("DEBUG value", 1)\n    print("hello")\n',
      'a_really_long_module_name.js': 'console.log("DEBUG here");\nconsole.log("fine");\n',
    });
    try {
      const mine = (p: string): [string, number, string, string][] =>
        findings
          .get(p)!
          .filter((f) => f.source === 'plugin')
          .map((f) => [f.ruleId, f.line, f.severity, f.message]);
      expect(mine('app.py')).toEqual([['acme/no-debug-print', 2, 'warning', '`print` prints a debug message']]);
      expect(mine('a_really_long_module_name.js')).toEqual([
        ['acme/long-file-name', 1, 'info', 'File name has 28 characters (max 10)'],
        ['acme/no-debug-print', 1, 'warning', '`console.log` prints a debug message'],
      ]);
      expect(sources.get('acme/no-debug-print')).toBe('plugin:acme');
    } finally {
      remove();
    }
  });

  it('a plugin rule that throws is reported (plugin, rule, file) and the rest of the run goes on', async () => {
    const { findings, remove } = await grade({
      '.toastyrc.json': JSON.stringify({ plugins: [plugin('throwing-plugin.mjs'), plugin('example-plugin.mjs')] }),
      'boom.py': 'def boom():\n    print("DEBUG x")\n',
      'calm.py': 'def calm():\n    print("DEBUG y")\n',
    });
    try {
      const boom = findings.get('boom.py')!;
      const failure = boom.find((f) => f.ruleId === 'internal-rule-error')!;
      expect(failure.message).toContain(
        'plugin "flaky", rule flaky/explodes-on-boom, file boom.py: the `function` visitor threw: cannot handle boom',
      );
      expect(failure.cost).toBe(0);
      // The other plugin's rule and the built-ins still ran on the same file, and the other file is untouched.
      expect(boom.map((f) => f.ruleId)).toContain('acme/no-debug-print');
      const calm = findings.get('calm.py')!.map((f) => f.ruleId);
      expect(calm).toContain('acme/no-debug-print');
      expect(calm).not.toContain('internal-rule-error');
    } finally {
      remove();
    }
  });

  it("a finding with a non-finite confidence or metric becomes the rule's failure, so scores stay numbers", async () => {
    const { findings, remove } = await grade({
      '.toastyrc.json': JSON.stringify({ plugins: [plugin('nan-plugin.mjs')] }),
      'odd.py': 'def odd():\n    return 1\n',
    });
    try {
      const odd = findings.get('odd.py')!;
      expect(odd.map((f) => f.ruleId)).not.toContain('nan/not-a-number');
      const failure = odd.find((f) => f.ruleId === 'internal-rule-error')!;
      expect(failure.message).toContain('nan/not-a-number');
      expect(failure.message).toContain('non-finite');
      for (const f of odd) expect(Number.isFinite(f.cost)).toBe(true);
    } finally {
      remove();
    }
  });

  it('resolves a package name from the project node_modules (ESM-only exports)', async () => {
    const { dir, remove } = tempTree({
      'node_modules/toasty-plugin-x/package.json': JSON.stringify({
        name: 'toasty-plugin-x',
        type: 'module',
        exports: { '.': { import: './index.mjs' } },
      }),
      'node_modules/toasty-plugin-x/index.mjs':
        "export default { name: 'x', rules: [{ id: 'x/rule', dimension: 'quality', meta: { description: 'd', why: 'w', severity: 'info', languages: ['python'], messages: {} }, defaultOptions: {}, create: () => ({}) }] };\n",
    });
    try {
      const [loaded] = await loadPlugins(['toasty-plugin-x'], dir, null);
      expect(loaded!.name).toBe('x');
      expect(loaded!.rules.map((r) => [r.id, r.source])).toEqual([['x/rule', 'plugin']]);
    } finally {
      remove();
    }
  });

  it('loads a TypeScript-typed plugin written against the published API', async () => {
    const [loaded] = await loadPlugins([resolve('tests/plugins/typed-plugin.ts')], process.cwd(), null);
    expect(loaded!.rules.map((r) => r.id)).toEqual(['typed/async-name-suffix']);
  });

  const UNLOADABLE: [string, string, RegExp][] = [
    ['missing file', './nope.mjs', /plugin "\.\/nope\.mjs" \(`plugins\[0\]`\) cannot be loaded: file not found: .*nope\.mjs/],
    [
      'unknown package',
      'toasty-plugin-does-not-exist',
      /plugin "toasty-plugin-does-not-exist" \(`plugins\[0\]`\) cannot be loaded: package not found/,
    ],
    [
      'syntax error',
      plugin('syntax-error-plugin.mjs'),
      /syntax-error-plugin\.mjs" \(`plugins\[0\]`\) cannot be loaded: .*(Unexpected token|invalid JS syntax)/,
    ],
    ['rule without create', plugin('bad-shape-plugin.mjs'), /cannot be loaded: rule bad-shape\/no-create: `create` must be a function/],
    ['no rules export', plugin('no-rules-plugin.mjs'), /cannot be loaded: it exports no `rules` list/],
  ];
  for (const [what, specifier, message] of UNLOADABLE) {
    it(`an unloadable plugin (${what}) is a ConfigError, exit 2`, async () => {
      const error = await loadPlugins([specifier], FIXTURES, '/project/.toastyrc.json').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).exitCode).toBe(2);
      expect((error as ConfigError).key).toBe('plugins[0]');
      expect((error as ConfigError).message).toMatch(message);
    });
  }
});
