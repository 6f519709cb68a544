import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/languages/javascript/build-model.js';
import { computeCognitive } from '../../../src/languages/javascript/cognitive.js';
import { computeCyclomatic } from '../../../src/languages/javascript/cyclomatic.js';
import type { BNode } from '../../../src/languages/javascript/walk.js';
import { parseJs } from './helpers.js';

const loc = (line: number) => ({ start: { line, column: 0 }, end: { line, column: 1 } });
const node = (type: string, extra: Record<string, unknown> = {}, line = 1): BNode => ({
  type,
  start: line,
  end: line + 1,
  loc: loc(line),
  ...extra,
});

/** A Babel-shaped AST of `function f(a) { if (a) { if (a) { ... } } }`, `depth` levels deep. */
function deepIfAst(depth: number): { program: BNode; fn: BNode } {
  let inner: BNode = node('BlockStatement', { body: [] }, depth + 2);
  for (let i = depth; i >= 1; i--) {
    const ifNode = node('IfStatement', { test: node('Identifier', { name: 'a' }, i + 1), consequent: inner, alternate: null }, i + 1);
    inner = node('BlockStatement', { body: [ifNode] }, i + 1);
  }
  const fn = node('FunctionDeclaration', {
    id: node('Identifier', { name: 'f' }),
    params: [],
    body: inner,
    async: false,
    generator: false,
  });
  return { program: node('Program', { body: [fn] }), fn };
}

describe('robustness', () => {
  it('our walkers are iterative: 100 000 nested ifs in a synthetic AST', () => {
    const { program, fn } = deepIfAst(100_000);
    expect(computeCyclomatic(program).functions.get(fn)).toBe(100_001);
    // cognitive: sum of 1..n (each if +1 + its nesting)
    expect(computeCognitive(program).get(fn)).toBe((100_000 * 100_001) / 2);
    const model = buildModel(program, 'x'.repeat(10), [], []);
    expect(model.fnCtxs[0]!.maxNesting).toBe(100_000);
    expect(model.branches).toHaveLength(100_000);
  });

  it('500 nested ifs parse and are measured', () => {
    const file = parseJs('function f(a){' + 'if (a) {'.repeat(500) + '}'.repeat(500) + '}');
    expect(file.parsed).toBe(true);
    expect(file.functions[0]!.metrics.cyclomatic).toBe(501);
    expect(file.functions[0]!.metrics.cognitive).toBe(125_250);
    expect(file.functions[0]!.metrics.maxNesting).toBe(500);
  });

  it('3000 nested ifs / 10 000 parentheses / arrays do not throw (Babel overflows: parsed=false)', () => {
    for (const src of [
      'function f(a){' + 'if (a) {'.repeat(3000) + '}'.repeat(3000) + '}',
      'x = ' + '('.repeat(10_000) + '1' + ')'.repeat(10_000),
      'x = ' + '['.repeat(10_000) + ']'.repeat(10_000),
    ]) {
      const file = parseJs(src);
      expect(file.parsed).toBe(false);
      expect(file.problems[0]!.message).toMatch(/nested too deeply/);
      expect(file.metrics.loc).toBe(1);
    }
  });

  it('a 20 000-long member chain and a 20 000-operand && chain', () => {
    const chain = parseJs('x = a' + '.b'.repeat(20_000) + '();');
    expect(chain.parsed).toBe(true);
    expect(chain.calls).toHaveLength(1);
    expect(chain.calls[0]!.name).toBe('b');
    const logical = parseJs('function f() { return ' + Array.from({ length: 2_000 }, (_, i) => `a${i}`).join(' && ') + '; }');
    expect(logical.parsed).toBe(true);
    expect(logical.functions[0]!.metrics.cyclomatic).toBe(2_000);
    expect(logical.functions[0]!.metrics.cognitive).toBe(1);
  });

  it('empty, garbage and binary input return a model', () => {
    const empty = parseJs('');
    expect(empty.parsed).toBe(true);
    expect(empty.metrics).toMatchObject({ loc: 0, sloc: 0, maintainabilityIndex: 100 });
    const garbage = parseJs('\u0000\u0001\u00ff{{{{ ))) ;;; @@@');
    expect(garbage.parsed).toBe(false);
    expect(garbage.problems[0]).toMatchObject({ line: 1, column: 1 });
    const binary = parseJs(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)).toString('latin1'));
    expect(binary.parsed).toBe(false);
    expect(binary.problems.length).toBeGreaterThan(0);
  });

  it('syntax errors are reported at the right line and column', () => {
    const bad = parseJs('function f() {\n  const x = 1;\n  let y = ;\n}\n');
    expect(bad.parsed).toBe(false);
    expect(bad.problems).toEqual([{ message: 'Unexpected token', line: 3, column: 11 }]);
    expect(bad.metrics.loc).toBe(4);
    // Recoverable errors keep the model and are listed as problems.
    const recovered = parseJs('function f() {\n  const a = 1;\n  const a = 2;\n}\n');
    expect(recovered.parsed).toBe(true);
    expect(recovered.problems).toHaveLength(1);
    expect(recovered.problems[0]).toMatchObject({ line: 3, column: 9 });
    expect(recovered.functions).toHaveLength(1);
    const tsBad = parseJs('let x: = 1;\n', 'a.ts');
    expect(tsBad.parsed).toBe(false);
    expect(tsBad.problems[0]!.line).toBe(1);
  });

  it('a 1 MB file', () => {
    let big = '';
    let i = 0;
    while (big.length < 1_000_000) {
      big += `/** doc ${i} */\nexport function fn${i}(a, b = 1) {\n  for (const x of a) { if (x && b) { console.log(x?.y ?? b); } }\n  return a.map((v) => v * 2);\n}\n`;
      i++;
    }
    const started = Date.now();
    const file = parseJs(big);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(file.parsed).toBe(true);
    expect(file.functions).toHaveLength(2 * i);
    const first = file.functions[0]!;
    expect(first).toMatchObject({ name: 'fn0', isExported: true, doc: 'doc 0' });
    // b = 1, for-of, if, &&, ?., ?? → 7; cognitive: for 1 + if 2 + && 1 = 4
    expect(first.metrics).toMatchObject({ cyclomatic: 7, cognitive: 4, maxNesting: 2, loc: 4, returns: 1 });
    expect(file.metrics.loc).toBe(5 * i);
    expect(file.metrics.comments).toBe(i);
  }, 60_000);

  it('a file with a Flow pragma is parsed with Flow type annotations', () => {
    const code =
      '/**\n * @flow strict\n */\ntype T = {| a: ?number |};\nexport function f(x: T): number {\n  if (x.a != null) return x.a;\n  return 0;\n}\n';
    const file = parseJs(code);
    expect(file.parsed).toBe(true);
    expect(file.functions[0]!.metrics.cyclomatic).toBe(2);
    // Without the pragma the same annotations are not JavaScript.
    expect(parseJs(code.replace('@flow strict', 'plain')).parsed).toBe(false);
  });
});
