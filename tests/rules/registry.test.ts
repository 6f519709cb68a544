/**
 * The built-in rule registry: one rule per file, its id the file name and its dimension the folder;
 * every rule file registered; every rule with a fixture per language holding at least one
 * positive (`ruleid:`) and one negative (`ok:`) case; no helper module among the rule files.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { parseAnnotations } from '../../src/engine/annotations.js';
import type { Rule, RuleOptions } from '../../src/engine/rule.js';
import { DIMENSIONS } from '../../src/model/findings.js';
import { complexityRules } from '../../src/rules/complexity/index.js';
import { BUILTIN_RULES } from '../../src/rules/index.js';
import { readabilityRules } from '../../src/rules/readability/index.js';
import { fixturesOf } from '../helpers/rule-fixtures.js';

const RULES_DIR = join(import.meta.dirname, '..', '..', 'src', 'rules');

const ruleFiles = DIMENSIONS.flatMap((dimension) =>
  readdirSync(join(RULES_DIR, dimension))
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .map((f) => ({ dimension, file: join(RULES_DIR, dimension, f), stem: basename(f, '.ts') })),
);

describe('built-in rule registry', () => {
  it('src/rules holds one folder per dimension, plus shared/ for helpers', () => {
    const folders = readdirSync(RULES_DIR).filter((f) => statSync(join(RULES_DIR, f)).isDirectory());
    expect(folders.sort()).toEqual([...DIMENSIONS, 'shared'].sort());
  });

  it('every file in a dimension folder default-exports one rule whose id is the file name and dimension the folder', async () => {
    const wrong: string[] = [];
    for (const { dimension, file, stem } of ruleFiles) {
      const mod = (await import(file)) as { default?: Rule };
      const rule = mod.default;
      if (!rule || typeof rule.create !== 'function')
        wrong.push(`${dimension}/${stem}.ts: no default-exported rule (helpers go in rules/shared/)`);
      else if (rule.id !== stem || rule.dimension !== dimension)
        wrong.push(`${dimension}/${stem}.ts: id ${rule.id}, dimension ${rule.dimension}`);
      else if (!BUILTIN_RULES.includes(rule)) wrong.push(`${dimension}/${stem}.ts: not in BUILTIN_RULES (add it to ${dimension}/index.ts)`);
    }
    expect(wrong).toEqual([]);
  });

  it('every registered rule comes from its own file, once', () => {
    const ids = BUILTIN_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(ruleFiles.map((f) => f.stem).sort());
  });

  it('every rule has, per language it supports, fixtures with a positive and a negative case', () => {
    const gaps: string[] = [];
    for (const rule of BUILTIN_RULES) {
      // JS and TS share a front-end: fixtures of either serve both.
      const groups = new Set(rule.meta.languages.map((l) => (l === 'python' ? 'python' : 'javascript/typescript')));
      for (const group of groups) {
        const fixtures = fixturesOf(rule.id, new Set(group === 'python' ? ['.py'] : ['.ts', '.js']));
        if (!fixtures.length) {
          gaps.push(`${rule.id} (${group}): no fixture`);
          continue;
        }
        const own = fixtures.flatMap((f) => parseAnnotations(readFileSync(f, 'utf8').split('\n')).filter((a) => a.ruleId === rule.id));
        if (!own.some((a) => a.kind === 'ruleid')) gaps.push(`${rule.id} (${group}): no \`ruleid:\` case`);
        if (!own.some((a) => a.kind === 'ok')) gaps.push(`${rule.id} (${group}): no \`ok:\` case`);
      }
    }
    expect(gaps).toEqual([]);
  });

  it('the dimension lists keep defineRule’s option and message types (no cast to Rule[])', () => {
    // Checked by `npm run typecheck`: the element type is the union of the rules' own types, not plain Rule.
    expectTypeOf<(typeof complexityRules)[number]>().not.toEqualTypeOf<Rule>();
    expectTypeOf<(typeof complexityRules)[number]['defaultOptions']>().not.toEqualTypeOf<RuleOptions>();
    expectTypeOf<(typeof readabilityRules)[number]['defaultOptions']>().not.toEqualTypeOf<RuleOptions>();
    expect(complexityRules.find((r) => r.id === 'long-file')?.defaultOptions).toEqual({ max: 750 });
  });
});
