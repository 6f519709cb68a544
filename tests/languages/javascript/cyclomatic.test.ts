import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eslintReference } from './eslint-reference.js';
import { metric, parseJs } from './helpers.js';

const cc = (src: string, path = 'a.js'): Record<string, number> => metric(parseJs(src, path), 'cyclomatic');

describe('cyclomatic complexity (ESLint complexity, classic)', () => {
  it('counts each decision point', () => {
    expect(cc('function a(x) {}')).toEqual({ a: 1 });
    expect(cc('function a(x) {if (true) {return x;} else if (false) {return x+1;} else {return 4;}}')).toEqual({ a: 3 });
    expect(cc('function a(obj) {if(obj){ for(var x in obj) {try {x.getThis();} catch (e) {x.getThat();}}} else {return false;}}')).toEqual({
      a: 4,
    });
    expect(cc('function a(x) {return x === 4 ? 3 : (x === 3 ? 2 : 1);}')).toEqual({ a: 3 });
    expect(cc('function a(x) {switch(x){case 1: 1; break; case 2: 2; break; default: 3;}}')).toEqual({ a: 3 });
    expect(cc('function a(x) {while(true) {} do {} while (x); for (;;) {} for (const y of x) {}}')).toEqual({ a: 5 });
  });

  it('counts logical operators, logical assignment, optional chaining and defaults', () => {
    expect(cc('function a(x) {return x || 4 && x ?? 1;}'.replace('x ?? 1', '(x ?? 1)'))).toEqual({ a: 4 });
    expect(cc('function a(x) {x ||= 4; x &&= 4; x ??= 4; x += 1; x |= 2;}')).toEqual({ a: 4 });
    expect(cc('function a(b) { b?.c; b?.(); b?.c.d.e; b.c?.d?.(); }')).toEqual({ a: 6 });
    expect(cc("function a(b = '', { c = 1, d: [e = 2] } = {}) {}")).toEqual({ a: 5 });
  });

  it('nested functions are their own entries and do not add to the parent', () => {
    expect(cc('function outer(a) { if (a) {} return () => a && a.b || 0; }')).toEqual({ outer: 2, 'outer.<anonymous>': 3 });
  });

  it('class field initializers and static blocks are separate code paths', () => {
    expect(cc('function foo() { class C { x = a || b; static { if (c) d(); } m() { return e ?? f; } } g && h; }')).toEqual({
      foo: 2,
      'foo.C.m': 2,
    });
  });

  it('method keys and decorators count in the enclosing function', () => {
    expect(cc('function foo() { class C { @dec(a || b) [k ?? j]() { return c && d; } } }')).toEqual({ foo: 3, 'foo.C.[k ?? j]': 2 });
  });

  it('TypeScript: optional params are not decisions, parameter-property defaults are', () => {
    expect(cc('class A { constructor(private a = 1, b?: number) {} m(x?: string): string { return x ?? ""; } }', 'a.ts')).toEqual({
      'A.constructor': 2,
      'A.m': 2,
    });
  });

  it("matches ESLint on every snippet of ESLint's own complexity rule tests", () => {
    const cases = JSON.parse(readFileSync(new URL('./fixtures/eslint-complexity-cases.json', import.meta.url), 'utf8')) as string[];
    expect(cases.length).toBeGreaterThan(100);
    let compared = 0;
    for (const code of cases) {
      const reference = eslintReference(code);
      const file = parseJs(code);
      expect(file.parsed).toBe(true);
      const ours = new Map(file.functions.map((f) => [`${f.bodySpan.line}:${f.bodySpan.column - 1}`, f.metrics.cyclomatic]));
      expect(ours.size, code).toBe(reference.size);
      for (const [key, value] of reference) {
        expect(ours.get(key), `${code} @${key}`).toBe(value.cc);
        compared++;
      }
    }
    expect(compared).toBe(108);
  });
});
