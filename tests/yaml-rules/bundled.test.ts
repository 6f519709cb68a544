import { describe, expect, it } from 'vitest';
import { testRuleFiles } from '../../src/cli/commands/rules-test.js';
import { BUNDLED_RULES_DIR } from '../../src/yaml-rules/index.js';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { type FixtureOutcome, renderSnapshot } from '../../src/engine/rule-tester.js';
import { expectFileSnapshot } from '../helpers/snapshots.js';
import { parse } from 'yaml';
import { snapshotByStamp, snapshotData, stubHeadsByStamp } from '../../src/yaml-rules/snapshot.js';
import { contentStamp } from '../../src/store/cache-key.js';
import { fillStubs, placeUnder, stubHeadsOf, stubsOf } from '../../src/yaml-rules/bundled.js';
import { displayPath } from '../../src/util/paths.js';
import { tmpdir } from 'node:os';
import { compilerOf } from '../../src/engine/registry.js';
import { compileRuleFile, ruleFilesIn } from '../../src/yaml-rules/load.js';
import type { Rule } from '../../src/engine/rule.js';
import { RuleFileSource } from '../../src/yaml-rules/source.js';
import { validateRuleFile } from '../../src/yaml-rules/validate.js';

describe('bundled YAML packs', () => {
  it('every file validates against schemas/rule.schema.json (grading skips the check for them)', () => {
    const files = ruleFilesIn(BUNDLED_RULES_DIR);
    expect(files.length).toBeGreaterThanOrEqual(30);
    for (const path of files) {
      const source = new RuleFileSource(path, path);
      expect(source.read() && validateRuleFile(source), `${path}: ${source.formatted().join('; ')}`).toBe(true);
    }
  });

  it('the build snapshot (dist/rules-snapshot.json) holds every bundled file exactly as YAML parses it, and only while unchanged', () => {
    for (const path of ruleFilesIn(BUNDLED_RULES_DIR)) {
      const text = readFileSync(path, 'utf8');
      expect(snapshotData(path, text), path).toEqual(parse(text));
      expect(snapshotData(path, `${text}\n# edited after the build\n`), path).toBeUndefined();
    }
  });

  it("the snapshot carries each file under its code-stamp hash: the stamp alone finds a file's rules, an edit finds none", () => {
    for (const path of ruleFilesIn(BUNDLED_RULES_DIR)) {
      const rel = relative(BUNDLED_RULES_DIR, path).split('\\').join('/');
      expect(snapshotByStamp(rel, contentStamp(path)), path).toEqual(parse(readFileSync(path, 'utf8')));
      // With the placeholder heads built from the same YAML (a run lists the rules from these).
      expect(stubHeadsByStamp(rel, contentStamp(path)), path).toEqual(stubHeadsOf(parse(readFileSync(path, 'utf8'))));
      expect(stubHeadsByStamp(rel, contentStamp(path))?.length, path).toBeGreaterThan(0);
      expect(
        snapshotByStamp(
          rel,
          contentStamp(path).replace(/^./, (c) => (c === '0' ? '1' : '0')),
        ),
        path,
      ).toBeUndefined();
      expect(
        stubHeadsByStamp(
          rel,
          contentStamp(path).replace(/^./, (c) => (c === '0' ? '1' : '0')),
        ),
        path,
      ).toBeUndefined();
    }
  });

  it('the placeholders a fully cached run lists are the compiled rules less their patterns: same ids, order and meta', () => {
    let rules = 0;
    for (const path of ruleFilesIn(BUNDLED_RULES_DIR)) {
      const problems: string[] = [];
      const compiled = compileRuleFile(path, problems, true).rules;
      expect(problems).toEqual([]);
      const stubs = stubsOf(parse(readFileSync(path, 'utf8')))!;
      const head = (r: Rule) => ({ id: r.id, dimension: r.dimension, source: r.source, meta: r.meta, defaultOptions: r.defaultOptions });
      expect(stubs.map(head), path).toEqual(compiled.map(head));
      // Until the pack is compiled, a placeholder refuses to run rather than find nothing.
      expect(() => stubs[0]!.create({} as never, {}), path).toThrow(/before its pack was compiled/);
      fillStubs([{ path, display: path, rules: stubs }], [{ rules: compiled }]);
      expect(
        stubs.map((r) => r.create),
        path,
      ).toEqual(compiled.map((r) => r.create));
      rules += stubs.length;
    }
    expect(rules).toBeGreaterThanOrEqual(30);
    expect(stubsOf([])).toBeNull();
    expect(stubsOf({ rules: 'x' })).toBeNull();
  });

  it('every rule passes its fixture, which has a true positive and a true negative', async () => {
    const results = await testRuleFiles(BUNDLED_RULES_DIR);
    const failures = results.filter((r) => !r.passed).map((r) => `${r.ruleId}:\n  ${r.problems.join('\n  ')}`);
    expect(failures).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(30);
    for (const r of results) {
      expect(r.outcomes.length, r.ruleId).toBeGreaterThan(0);
      expect(
        r.outcomes.reduce((n, o) => n + o.expected.length, 0),
        `${r.ruleId}: a \`ruleid:\` line`,
      ).toBeGreaterThan(0);
      expect(
        r.outcomes.reduce((n, o) => n + o.okLines.length, 0),
        `${r.ruleId}: an \`ok:\` line`,
      ).toBeGreaterThan(0);
    }
  });
});

/**
 * As strict as the built-in rules' fixtures (tests/rules/fixtures.test.ts): every finding's message,
 * range, suggestion, metric and fix edits on each fixture equal the `<fixture>.snap` beside it
 * (`rules/<language>/<category>/<id>.py.snap`); the fixed text is the `<id>.fixed.<ext>` snapshot
 * (tests/fix/rule-fixes.test.ts). `TOASTY_UPDATE_SNAPSHOTS=1` rewrites them; review the diff.
 */
describe('bundled YAML rules: findings snapshots beside the fixtures', async () => {
  const results = await testRuleFiles(BUNDLED_RULES_DIR);
  // One snapshot per fixture: the findings of every rule of its file, in rule order.
  const byFixture = new Map<string, FixtureOutcome[]>();
  for (const r of results) for (const o of r.outcomes) byFixture.set(o.fixture, [...(byFixture.get(o.fixture) ?? []), o]);
  for (const [fixture, outcomes] of byFixture) {
    it(`${relative(BUNDLED_RULES_DIR, fixture)} (message, range, suggestion and fix against the .snap)`, () => {
      for (const o of outcomes)
        for (const f of o.findings) {
          expect(f.line).toBeGreaterThanOrEqual(1);
          expect(f.column).toBeGreaterThanOrEqual(1);
          expect(
            f.endLine > f.line || (f.endLine === f.line && f.endColumn > f.column),
            `${f.line}:${f.column}-${f.endLine}:${f.endColumn}`,
          ).toBe(true);
          expect(f.message.trim()).not.toBe('');
          expect(f.suggestion.trim()).not.toBe('');
        }
      expectFileSnapshot(`${fixture}.snap`, outcomes.map((o) => renderSnapshot(o)).join('\n'));
    });
  }
  it('every .snap under rules/ belongs to a fixture tested here (no stale snapshots)', () => {
    const snaps = (readdirSync(BUNDLED_RULES_DIR, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.snap'))
      .map((f) => join(BUNDLED_RULES_DIR, f));
    expect(snaps.length).toBeGreaterThanOrEqual(30);
    expect(snaps.filter((s) => !byFixture.has(s.slice(0, -'.snap'.length)))).toEqual([]);
  });
});

describe('where the bundled packs are shown (placeUnder, for the placeholders of a run)', () => {
  it('gives each file the path path.join gives and the shown path displayPath gives, from inside, at and outside the folder', () => {
    const rels = ruleFilesIn(BUNDLED_RULES_DIR).map((p) => relative(BUNDLED_RULES_DIR, p).split('\\').join('/'));
    expect(rels.length).toBeGreaterThan(30);
    for (const cwd of [BUNDLED_RULES_DIR, dirname(BUNDLED_RULES_DIR), join(BUNDLED_RULES_DIR, 'python'), tmpdir(), '/']) {
      const place = placeUnder(BUNDLED_RULES_DIR, cwd);
      for (const rel of rels) {
        const path = join(BUNDLED_RULES_DIR, ...rel.split('/'));
        expect(place(rel), `${cwd}: ${rel}`).toEqual({ path, display: displayPath(path, cwd) });
      }
    }
  });
});

describe('bundled YAML packs compiled by language (issue 19: a Python-only run compiles no JavaScript pack)', () => {
  it('compiles the packs with a rule for the languages asked, each once; the others stay placeholders until asked', async () => {
    const stubs = ruleFilesIn(BUNDLED_RULES_DIR).map((path) => ({
      path,
      display: path,
      rules: stubsOf(parse(readFileSync(path, 'utf8')))!,
    }));
    const compiled = (r: Rule) => {
      try {
        r.create({} as never, {});
        return true;
      } catch (error) {
        if (/before its pack was compiled/.test((error as Error).message)) return false;
        return true; // a compiled rule ran on the empty context: it is compiled
      }
    };
    const rules = stubs.flatMap((f) => f.rules);
    const python = rules.filter((r) => r.meta.languages.includes('python'));
    const jsOnly = rules.filter((r) => !r.meta.languages.includes('python'));
    expect(python.length).toBeGreaterThan(10);
    expect(jsOnly.length).toBeGreaterThan(10);
    expect(rules.filter(compiled)).toEqual([]);

    const compile = compilerOf(stubs);
    await compile(new Set(['python']));
    expect(python.filter((r) => !compiled(r)).map((r) => r.id)).toEqual([]);
    expect(jsOnly.filter(compiled).map((r) => r.id)).toEqual([]);
    const pythonCreate = python.map((r) => r.create);

    await Promise.all([compile(new Set(['javascript'])), compile(new Set(['javascript', 'python']))]);
    expect(rules.filter((r) => r.meta.languages.includes('javascript') && !compiled(r)).map((r) => r.id)).toEqual([]);
    expect(python.map((r) => r.create)).toEqual(pythonCreate); // compiled once
    await compile();
    expect(rules.filter((r) => !compiled(r)).map((r) => r.id)).toEqual([]);
    // The same rules as the loader compiles from the files.
    const problems: string[] = [];
    const loaded = stubs.flatMap((f) => compileRuleFile(f.path, problems, true).rules);
    expect(rules.map((r) => r.id)).toEqual(loaded.map((r) => r.id));
    expect(rules.map((r) => r.create)).toEqual(loaded.map((r) => r.create));
  });
});
