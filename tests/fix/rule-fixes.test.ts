/**
 * Every rule with a fix, on its own annotated fixture: the fixed text equals the `.fixed` snapshot
 * beside the fixture (Semgrep's `x.fixed.py`), it parses (`python3 -m py_compile` for Python, the
 * real Babel front-end for JS/TS), no fix of the rule is left, and a second pass changes nothing.
 * TOASTY_UPDATE_SNAPSHOTS=1 (or the older TOASTY_UPDATE_FIXED=1) rewrites the snapshots.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.js';
import { RuleResolver } from '../../src/engine/active-rules.js';
import type { Rule } from '../../src/engine/rule.js';
import { fixText } from '../../src/fix/fix-text.js';
import { BUILTIN_RULES } from '../../src/rules/index.js';
import { loadAdapter } from '../../src/languages/registry.js';
import { BUNDLED_RULES_DIR, withoutPaths } from '../../src/yaml-rules/index.js';
import { loadRuleSet } from '../../src/engine/registry.js';
import type { Language } from '../../src/model/types.js';
import { expectFileSnapshot } from '../helpers/snapshots.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'rules');
const EXT: Record<Language, string> = { python: '.py', javascript: '.js', typescript: '.ts' };
const LANG_OF: Record<string, Language> = {
  '.py': 'python',
  '.js': 'javascript',
  '.jsx': 'javascript',
  '.ts': 'typescript',
  '.tsx': 'typescript',
};
const scratch = mkdtempSync(join(tmpdir(), 'toasty-fixed-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function fixOnce(rule: Rule, path: string, text: string) {
  const language = LANG_OF[path.slice(path.lastIndexOf('.'))]!;
  // The rule switched on at its default severity, alone: its fix is what is under test.
  const config = resolveConfig(null, { rules: { [rule.id]: rule.meta.severity } }, FIXTURES);
  const active = new RuleResolver([rule], config).forPath(path.split('/').pop()!);
  return fixText(
    {
      path,
      language,
      adapter: await loadAdapter(language),
      rules: active,
      policy: { unsafe: true, rules: null, baseline: null },
      eol: '\n',
    },
    text,
  );
}

const fixing = BUILTIN_RULES.filter((r) => r.meta.fix);
const bundled = await loadRuleSet(resolveConfig(null, {}, FIXTURES));
const yamlFixing = bundled.rules.filter((r) => r.source === 'yaml' && r.meta.fix);
const FIXTURE_EXTS = ['.py', '.js', '.jsx', '.ts', '.tsx'];

describe('rule fixes on their fixtures', () => {
  it('at least 25 rules have a fix (built-in and bundled YAML)', () => {
    expect(fixing.length + yamlFixing.length).toBeGreaterThanOrEqual(25);
  });
  const cases = [
    ...fixing.flatMap((rule) =>
      [...new Set(rule.meta.languages.map((l) => EXT[l]))].map((ext) => ({ rule, stem: join(FIXTURES, rule.id), ext })),
    ),
    ...yamlFixing.flatMap((rule) =>
      FIXTURE_EXTS.map((ext) => ({
        rule: withoutPaths(rule),
        stem: resolve(BUNDLED_RULES_DIR, '..', bundled.sources.get(rule.id)!).replace(/\.ya?ml$/, ''),
        ext,
      })),
    ),
  ];
  for (const { rule, stem, ext } of cases) {
    {
      const fixture = `${stem}${ext}`;
      if (!existsSync(fixture)) continue;
      it(`${rule.id}${ext}: matches ${rule.id}.fixed${ext}, parses, and a second pass changes nothing`, async () => {
        const before = readFileSync(fixture, 'utf8');
        const first = await fixOnce(rule, fixture, before);
        const snapshot = `${stem}.fixed${ext}`;
        expect(first.rolledBack).toEqual([]);
        expectFileSnapshot(snapshot, first.text);
        // Fixes only ever apply where the rule offered them; none is left over.
        expect(first.remaining.fixable).toBe(0);
        const second = await fixOnce(rule, fixture, first.text);
        expect(second.applied).toEqual([]);
        expect(second.text).toBe(first.text);
        if (ext === '.py') {
          const compile = (text: string) => {
            const file = join(scratch, `${rule.id}.py`);
            writeFileSync(file, text);
            return spawnSync('python3', ['-m', 'py_compile', file], { encoding: 'utf8' });
          };
          const compiled = compile(first.text);
          expect(compiled.status).toBe(0);
          // No warning the fixture did not already have (`ok:` lines may warn on purpose).
          const warnings = (out: string) => out.split('\n').filter((l) => /Warning/.test(l)).length;
          expect(warnings(compiled.stderr)).toBeLessThanOrEqual(warnings(compile(before).stderr));
        } else {
          const language = LANG_OF[ext]!;
          const model = (await loadAdapter(language)).parse(fixture, first.text, language);
          expect(model.parsed).toBe(true);
          expect(model.problems).toEqual([]);
        }
      });
    }
  }
});

describe('fix declarations', () => {
  it('every rule that reports a fix on its fixture declares meta.fix, and declares it only if it does', async () => {
    const undeclared: string[] = [];
    const unused: string[] = [];
    for (const rule of BUILTIN_RULES) {
      let offered = false;
      for (const ext of new Set(rule.meta.languages.map((l) => EXT[l]))) {
        const fixture = join(FIXTURES, `${rule.id}${ext}`);
        if (!existsSync(fixture)) continue;
        const result = await fixOnce(
          { ...rule, meta: { ...rule.meta, fix: rule.meta.fix ?? 'unsafe' } },
          fixture,
          readFileSync(fixture, 'utf8'),
        );
        if (result.applied.length) offered = true;
      }
      if (offered && !rule.meta.fix) undeclared.push(rule.id);
      if (!offered && rule.meta.fix) unused.push(rule.id);
    }
    expect({ undeclared, unused }).toEqual({ undeclared: [], unused: [] });
  });
});
