import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateRulesDoc, ruleDocs } from '../../src/rules/docs.js';
import { BUILTIN_RULES } from '../../src/rules/index.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('rule documentation', () => {
  it('docs/rules.md is up to date (regenerate: npm run build && node scripts/gen-rules-doc.mjs)', () => {
    const committed = readFileSync(join(ROOT, 'docs', 'rules.md'), 'utf8');
    expect(committed).toBe(generateRulesDoc(BUILTIN_RULES));
  });

  it('every rule documents at least one bad example from its fixture', () => {
    const undocumented = BUILTIN_RULES.filter((r) => ruleDocs(r).examples.bad.length === 0).map((r) => r.id);
    expect(undocumented).toEqual([]);
  });

  it('examples are the annotated fixture lines', () => {
    const rule = BUILTIN_RULES.find((r) => r.id === 'too-many-params')!;
    const docs = ruleDocs(rule);
    expect(docs.examples.bad.some((code) => code.startsWith('def connect(self, host, port, user, password, timeout, retries):'))).toBe(
      true,
    );
    expect(docs.examples.good.some((code) => code.startsWith('def few(a, b, c):'))).toBe(true);
    expect(docs.fixtures.map((f) => f.language)).toEqual(['python', 'typescript']);
  });
});
