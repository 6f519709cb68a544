import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testFixture } from '../../src/engine/rule-tester.js';
import { BUILTIN_RULES } from '../../src/graders/index.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'rules');
const EXTENSIONS: Record<string, string> = { python: '.py', javascript: '.js', typescript: '.ts' };

describe('built-in rules on their annotated fixtures', () => {
  for (const rule of BUILTIN_RULES) {
    const files = [...new Set(rule.meta.languages.map((l) => EXTENSIONS[l]!))]
      .map((ext) => join(FIXTURES, `${rule.id}${ext}`))
      .filter((f) => existsSync(f));
    it(`${rule.id} has a fixture for Python and for JS/TS`, () => {
      expect(files.some((f) => f.endsWith('.py'))).toBe(rule.meta.languages.includes('python'));
      expect(files.some((f) => !f.endsWith('.py'))).toBe(rule.meta.languages.some((l) => l !== 'python'));
    });
    for (const fixture of files) {
      it(`${rule.id}: ${fixture.split('/').pop()}`, async () => {
        const outcome = await testFixture(rule, fixture);
        expect({ missing: outcome.missing, unexpected: outcome.unexpected }).toEqual({ missing: [], unexpected: [] });
        expect(outcome.expected.length).toBeGreaterThan(0);
      });
    }
  }
});
