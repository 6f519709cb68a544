import { describe, it, expect } from 'vitest';
import { parse } from './helpers.js';

describe('python front-end robustness', () => {
  const nestedIfs = (n: number): string => {
    let code = 'def f(x):\n';
    for (let i = 0; i < n; i++) code += ' '.repeat(4 * (i + 1)) + `if x > ${i}:\n`;
    return code + ' '.repeat(4 * (n + 1)) + 'return x\n';
  };

  it('3000 nested ifs return a model without throwing', () => {
    // CPython rejects more than 100 indentation levels and tree-sitter-python's scanner gives up
    // after a few hundred, so this is a parse error, reported, not a crash.
    const file = parse(nestedIfs(3000));
    expect(file.parsed).toBe(false);
    expect(file.problems[0]!.line).toBe(1);
  });

  it('400 nested ifs are analysed iteratively', () => {
    const file = parse(nestedIfs(400));
    expect(file.parsed).toBe(true);
    expect(file.functions).toHaveLength(1);
    expect(file.functions[0]!.metrics.cyclomatic).toBe(401);
    expect(file.functions[0]!.metrics.maxNesting).toBe(400);
    expect(file.functions[0]!.metrics.cognitive).toBe((400 * 401) / 2);
  });

  it('3000 nested conditional expressions (a 9000-deep tree) are analysed iteratively', () => {
    let expr = 'x';
    for (let i = 0; i < 3000; i++) expr = `(a if b else ${expr})`;
    const file = parse(`def f(a, b, x):\n    return ${expr}\n`);
    expect(file.parsed).toBe(true);
    expect(file.functions[0]!.metrics.cyclomatic).toBe(3001);
  });

  it('10000 nested parentheses and a 50000-element list do not throw', () => {
    const parens = parse('x = ' + '('.repeat(10000) + '1' + ')'.repeat(10000) + '\n');
    expect(parens.metrics.loc).toBe(1);
    const list = parse('x = [' + Array.from({ length: 50000 }, (_, i) => String(i)).join(', ') + ']\n');
    expect(list.parsed).toBe(true);
    expect(list.tokens.length).toBeGreaterThan(100000);
  });

  it('a 1 MB file is parsed completely', () => {
    const unit = 'def fn_NAME(a, b):\n    """Doc."""\n    if a and b:\n        return a + b\n    return [i for i in range(a)]\n\n';
    let code = '';
    let i = 0;
    while (code.length < 1024 * 1024) code += unit.replace('NAME', String(i++));
    const file = parse(code);
    expect(file.parsed).toBe(true);
    expect(file.functions).toHaveLength(i);
    expect(file.functions[i - 1]!.metrics.cyclomatic).toBe(4);
    expect(file.metrics.loc).toBe(6 * i);
  }, 60000);

  it('binary garbage, empty input and lone brackets return a model', () => {
    const garbage = String.fromCharCode(...Array.from({ length: 4000 }, (_, k) => (k * 7919) % 256));
    for (const text of ['', '\u0000\u0001\u0002', garbage, ')))', '"""unterminated', 'def', '\ufeffx = 1\n']) {
      const file = parse(text);
      expect(file.language).toBe('python');
      expect(Array.isArray(file.functions)).toBe(true);
    }
    expect(parse('').parsed).toBe(true);
    expect(parse(garbage).parsed).toBe(false);
    expect(parse('\ufeffx = 1\n').parsed).toBe(true);
  });

  it('Python 2 print and exec statements are parse errors (tree-sitter accepts them, CPython 3 does not)', () => {
    const file = parse('import sys\nprint "hello"\nprint >>sys.stderr, "x"\nexec "y = 1"\n');
    expect(file.parsed).toBe(false);
    expect(file.problems.map((p) => [p.line, p.message.split(' statement')[0]])).toEqual([
      [2, 'Python 2 `print`'],
      [3, 'Python 2 `print`'],
      [4, 'Python 2 `exec`'],
    ]);
    // Python 3 calls, including a space before the parenthesis, and names that merely start alike.
    expect(parse('print ("a")\nprint("b", file=x)\nexec(code)\nprinter = 1\nprint_ = print\n').parsed).toBe(true);
  });

  it('old Mac line ends (a lone CR) are newlines, as in Python', () => {
    const file = parse('def f(a):\r    if a:\r        return 1\r    return 2\r');
    expect(file.parsed).toBe(true);
    expect(file.functions[0]!.metrics.cyclomatic).toBe(2);
    expect(file.functions[0]!.span.endLine).toBe(4);
  });
});
