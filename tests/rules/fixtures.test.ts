/**
 * Every built-in rule on its annotated fixtures, as strict as ESLint's RuleTester and Ruff's
 * snapshots: the annotated lines are reported and no other, and every finding's message, range
 * (line, column, end line, end column), suggestion, metric and fix edits equal the snapshot beside
 * the fixture (`<fixture>.snap`). `TOASTY_UPDATE_SNAPSHOTS=1` rewrites the snapshots; review the diff.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderSnapshot, testFixture } from '../../src/engine/rule-tester.js';
import { BUILTIN_RULES } from '../../src/rules/index.js';
import { FIXTURES, fixturesOf, isMainFixture } from '../helpers/rule-fixtures.js';
import { expectFileSnapshot } from '../helpers/snapshots.js';

const EXTENSIONS: Record<string, string> = { python: '.py', javascript: '.js', typescript: '.ts' };

const tested = new Set<string>();

describe('built-in rules on their annotated fixtures', () => {
  for (const rule of BUILTIN_RULES) {
    const files = fixturesOf(rule.id, new Set(rule.meta.languages.map((l) => EXTENSIONS[l]!)));
    it(`${rule.id} has a fixture for Python and for JS/TS`, () => {
      const main = files.filter((f) => isMainFixture(rule.id, f));
      expect(main.some((f) => f.endsWith('.py'))).toBe(rule.meta.languages.includes('python'));
      expect(main.some((f) => !f.endsWith('.py'))).toBe(rule.meta.languages.some((l) => l !== 'python'));
    });
    for (const fixture of files) {
      tested.add(`${fixture.split('/').pop()}.snap`);
      it(`${rule.id}: ${fixture.split('/').pop()} (lines, then message, range, suggestion and fix against the .snap)`, async () => {
        const outcome = await testFixture(rule, fixture);
        expect({ missing: outcome.missing, unexpected: outcome.unexpected }).toEqual({ missing: [], unexpected: [] });
        // The main fixture has true positives; a variant (`<id>.<case>.py`) may hold only negatives.
        if (isMainFixture(rule.id, fixture)) expect(outcome.expected.length).toBeGreaterThan(0);
        else expect(outcome.expected.length + outcome.okLines.length).toBeGreaterThan(0);
        for (const f of outcome.findings) {
          // A range inside the file, non-empty, and a message with every placeholder filled.
          expect(f.line).toBeGreaterThanOrEqual(1);
          expect(f.column).toBeGreaterThanOrEqual(1);
          expect(
            f.endLine > f.line || (f.endLine === f.line && f.endColumn > f.column),
            `${f.line}:${f.column}-${f.endLine}:${f.endColumn}`,
          ).toBe(true);
          // (Quoted code may hold braces: `f"{user}"`.)
          expect(f.message.replace(/`+[^`]*`+/g, '')).not.toMatch(/\{\w+\}/);
          expect(f.suggestion.trim()).not.toBe('');
        }
        expectFileSnapshot(`${fixture}.snap`, renderSnapshot(outcome));
      });
    }
  }
  it('every .snap beside the fixtures belongs to a fixture tested here (no stale snapshots)', () => {
    const stale = readdirSync(FIXTURES).filter((f) => f.endsWith('.snap') && !tested.has(f));
    expect(stale).toEqual([]);
  });
});
