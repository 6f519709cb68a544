import { describe, expect, it } from 'vitest';
import { maintainabilityIndex } from '../../../src/languages/mi.js';
import { HalsteadTable } from '../../../src/languages/javascript/tokens.js';
import { parseJs } from './helpers.js';

describe('raw metrics', () => {
  const src = [
    '// header',
    '',
    'const a = 1; // trailing',
    '/*',
    ' * block',
    ' */',
    'function f() {',
    '  return `x',
    '',
    'y`;',
    '}',
    '',
  ].join('\n');
  const file = parseJs(src);
  it('loc, sloc, comments, blank', () => {
    expect(file.metrics.loc).toBe(11);
    expect(file.metrics.sloc).toBe(5); // lines 3, 7, 8, 10, 11
    expect(file.metrics.comments).toBe(5); // lines 1, 3, 4, 5, 6
    expect(file.metrics.blank).toBe(2); // line 2 and the blank line inside the template literal
    expect(file.metrics.lloc).toBe(3); // const, function, return
    expect(file.metrics.commentRatio).toBeCloseTo(5 / 11, 10);
  });
  it('function sloc and loc', () => {
    expect(file.functions[0]!.metrics).toMatchObject({ loc: 5, sloc: 4, returns: 1 });
  });
});

describe('halstead volume', () => {
  it('counts operators and operands from tokens', () => {
    // tokens: const a = b + 1 ;  → operators const = + ; (4 distinct, N1 = 4), operands a b 1 (3 distinct, N2 = 3)
    const file = parseJs('const a = b + 1;');
    expect(file.metrics.halsteadVolume).toBeCloseTo(7 * Math.log2(7), 10);
    expect(new HalsteadTable(file.tokens).volume()).toBeCloseTo(7 * Math.log2(7), 10);
  });
  it('counts each range of one table on its own', () => {
    // One table serves the file and every function: a range must not see what an earlier range counted.
    const file = parseJs('function f(a) { return a + 1; }\nfunction g(b) { return b * b; }\nconst x = f(1) + g(2);\n');
    const table = new HalsteadTable(file.tokens);
    const at = (line: number): number => file.tokens.findIndex((t) => t.line === line);
    const ranges: Array<[number, number]> = [
      [0, at(2)],
      [at(2), at(3)],
      [0, file.tokens.length],
      [at(2), at(3)],
      [at(3), file.tokens.length],
    ];
    for (const [from, to] of ranges) expect(table.volume(from, to)).toBe(new HalsteadTable(file.tokens.slice(from, to)).volume());
    // g: operators function ( { return * ; (6 distinct, 6), operands g b (2 distinct, 4) → N = 10, n = 8
    expect(table.volume(at(2), at(3))).toBeCloseTo(10 * Math.log2(8), 10);
    expect(file.functions.map((fn) => fn.metrics.halsteadVolume)).toEqual([table.volume(0, at(2)), table.volume(at(2), at(3))]);
  });
  it('closing brackets are not counted separately', () => {
    // f ( x ) ; → operators ( ; — operands f x → N = 4, n = 4
    const file = parseJs('f(x);');
    expect(file.metrics.halsteadVolume).toBeCloseTo(4 * Math.log2(4), 10);
  });
  it('is 0 for an empty file', () => {
    expect(parseJs('').metrics.halsteadVolume).toBe(0);
  });
});

describe('maintainability index (radon mi_compute)', () => {
  it('matches the radon formula', () => {
    // radon: mi_compute(100, 2, 10, 20) = (171 - 5.2 ln100 - 0.46 - 16.2 ln10 + 50 sin(sqrt(2.46*rad(20)))) * 100/171
    const expected =
      ((171 - 5.2 * Math.log(100) - 0.23 * 2 - 16.2 * Math.log(10) + 50 * Math.sin(Math.sqrt(2.46 * ((20 * Math.PI) / 180)))) * 100) / 171;
    expect(maintainabilityIndex(100, 2, 10, 20)).toBeCloseTo(expected, 10);
    expect(maintainabilityIndex(100, 2, 10, 20)).toBeCloseTo(87.29369845, 6); // radon mi_compute(100, 2, 10, 20) evaluated in Python
  });
  it('matches radon on a second point', () => {
    expect(maintainabilityIndex(2500.5, 17, 120, 35.5)).toBeCloseTo(56.16789228762845, 9); // Python radon formula
  });
  it('is 100 when volume or lloc is 0 and clamps at 0', () => {
    expect(maintainabilityIndex(0, 5, 10, 0)).toBe(100);
    expect(maintainabilityIndex(50, 5, 0, 0)).toBe(100);
    expect(maintainabilityIndex(1e12, 5000, 1e6, 0)).toBe(0);
  });
  it('file MI uses the file volume, cyclomatic total and lloc', () => {
    const file = parseJs('function f(a) { if (a) { return 1; } return 2; }\n');
    expect(file.metrics.cyclomaticTotal).toBe(3); // f = 2, module = 1
    const m = file.metrics;
    expect(m.maintainabilityIndex).toBeCloseTo(maintainabilityIndex(m.halsteadVolume, 3, m.lloc, 0), 10);
    expect(m.lloc).toBe(4);
  });
});
