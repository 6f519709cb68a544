import { describe, it, expect } from 'vitest';
import { asFunction, dedent, fn, parse } from './helpers.js';

// (block, expected radon complexity) — ported from radon/tests/test_complexity_visitor.py SIMPLE_BLOCKS,
// ADDITIONAL_BLOCKS and MATCH_STATEMENT_BLOCKS. A block's visitor.complexity equals the cc of a
// function whose body is that block.
const BLOCKS: [string, number][] = [
  ['if a: pass', 2],
  ['if a: pass\nelse: pass', 2],
  ['if a: pass\nelif b: pass', 3],
  ['if a: pass\nelif b: pass\nelse: pass', 3],
  ['if a and b: pass', 3],
  ['if a and b: pass\nelse: pass', 3],
  ['if a and b: pass\nelif c and d: pass\nelse: pass', 5],
  ['if a and b or c and d: pass\nelse: pass', 5],
  ['if a and b or c: pass\nelse: pass', 4],
  ['for x in range(10): print(x)', 2],
  ['for x in xrange(10): print(x)\nelse: pass', 3],
  ['while a < 4: pass', 2],
  ['while a < 4: pass\nelse: pass', 3],
  ['while a < 4 and b < 42: pass', 3],
  ['while a and b or c < 10: pass\nelse: pass', 5],
  ["with open('raw.py') as fobj: print(fobj.read())", 1],
  ['[i for i in range(4)]', 2],
  ['[i for i in range(4) if i&1]', 3],
  ['(i for i in range(4))', 2],
  ['(i for i in range(4) if i&1)', 3],
  ['[i for i in range(42) if sum(k ** 2 for k in divisors(i)) & 1]', 4],
  ['try: raise TypeError\nexcept TypeError: pass', 2],
  ['try: raise TypeError\nexcept TypeError: pass\nelse: pass', 3],
  ['try: raise TypeError\nfinally: pass', 1],
  ['try: raise TypeError\nexcept TypeError: pass\nfinally: pass', 2],
  ['try: raise TypeError\nexcept TypeError: pass\nelse: pass\nfinally: pass', 3],
  ['k = lambda a, b: k(b, a)', 1],
  ['k = lambda a, b, c: c if a else b', 2],
  ['v = a if b else c', 2],
  ['v = a if sum(i for i in xrange(c)) < 10 else c', 3],
  ['sum(i for i in range(12) for z in range(i ** 2) if i * z & 1)', 4],
  ['sum(i for i in range(10) if i >= 2 and val and val2 or val3)', 6],
  ["for i in range(10):\n    print(i)\nelse:\n    print('wah')\n    print(3)", 3],
  ['assert i < 0', 2],
  ['assert i < 0, "Fail"', 2],
  ['{i for i in range(4)}', 2],
  ['{i for i in range(4) if i&1}', 3],
  ['{i:i**4 for i in range(4)}', 2],
  ['{i:i**4 for i in range(4) if i&1}', 3],
  ['match a:\n    case 1: pass', 2],
  ['match a:\n    case 1: pass\n    case _: pass', 2],
  ['match a:\n    case 1: pass\n    case 2: pass', 3],
  ['match a:\n    case 1: pass\n    case 2: pass\n    case _: pass', 3],
];

describe('python cyclomatic complexity (radon cc)', () => {
  for (const [block, expected] of BLOCKS) {
    it(`${JSON.stringify(block)} → ${expected}`, () => {
      const file = parse(asFunction(block));
      expect(file.parsed).toBe(true);
      expect(fn(file, 'f').metrics.cyclomatic).toBe(expected);
    });
  }

  it('radon quirks: assert hides its BoolOps, except* (TryStar) is not counted, capture case', () => {
    expect(fn(parse(asFunction('assert a and b or c')), 'f').metrics.cyclomatic).toBe(2);
    expect(fn(parse(asFunction('try:\n    pass\nexcept* ValueError:\n    pass\nelse:\n    pass')), 'f').metrics.cyclomatic).toBe(1);
    expect(fn(parse(asFunction('match a:\n    case 1: pass\n    case other: pass')), 'f').metrics.cyclomatic).toBe(2);
    expect(fn(parse(asFunction('match a:\n    case _: pass')), 'f').metrics.cyclomatic).toBe(1);
    expect(fn(parse(asFunction('match a:\n    case (x,): pass\n    case (y): pass')), 'f').metrics.cyclomatic).toBe(2);
  });

  it('single functions (radon SINGLE_FUNCTIONS_CASES)', () => {
    const a = parse(
      dedent(`
      def f(a, b, c):
         if a and b == 4:
             return c ** c
         elif a and not c:
             return sum(i for i in range(41) if i&1)
         return a + b
    `),
    );
    expect(fn(a, 'f').metrics.cyclomatic).toBe(7);
    const b = parse(
      dedent(`
      def f(a, b):
         while a**b:
             a, b = b, a * (b - 1)
             if a and b:
                 b = 0
             else:
                 b = 1
         return sum(i for i in range(b))
    `),
    );
    expect(fn(b, 'f').metrics.cyclomatic).toBe(5);
    const c = parse(
      dedent(`
      async def f(a, b):
         async with open('blabla.log', 'w') as f:
             async for i in range(100):
                 f.write(str(i) + '\\n')
    `),
    );
    expect(fn(c, 'f').metrics.cyclomatic).toBe(2);
  });

  it('several functions (radon FUNCTIONS_CASES)', () => {
    const file = parse(
      dedent(`
      def f(p, q):
         while p:
             p, q = q, p - q
         if q < 1:
             return 1 / q ** 2
         elif q > 100:
             return 1 / q ** .5
         return 42 if not q else p

      def g(a, b, c):
         if a and b or a - b:
             return a / b - c
         elif b or c:
             return 1
         else:
             k = 0
             with open('results.txt', 'w') as fobj:
                 for i in range(b ** c):
                     k += sum(1 / j for j in range(i ** 2) if j > 2)
                 fobj.write(str(k))
             return k - 1
    `),
    );
    expect(fn(file, 'f').metrics.cyclomatic).toBe(5);
    expect(fn(file, 'g').metrics.cyclomatic).toBe(9);
  });

  it('methods and class totals (radon CLASSES_CASES)', () => {
    const file = parse(
      dedent(`
      class A(object):

          def m(self, a, b):
              if not a or b:
                  return b - 1
              try:
                  return a / b
              except ZeroDivisionError:
                  return a

          def n(self, k):
              while self.m(k) < k:
                  k -= self.m(k ** 2 - min(self.m(j) for j in range(k ** 4)))
              return k
    `),
    );
    expect(fn(file, 'A.m').metrics.cyclomatic).toBe(4);
    expect(fn(file, 'A.n').metrics.cyclomatic).toBe(3);
    // total_complexity = 1 (module) + real_complexity(A) - 1 = 8
    expect(file.metrics.cyclomaticTotal).toBe(8);
  });

  it('closures do not add to their parent (radon CLOSURES_CASES)', () => {
    const file = parse(
      dedent(`
      def f(n):
          def g(l):
              return l ** 4
          def h(i):
              return i ** 5 + 1 if i & 1 else 2
          return sum(g(u + 4) / float(h(u)) for u in range(2, n))
    `),
    );
    expect(fn(file, 'f').metrics.cyclomatic).toBe(2);
    expect(fn(file, 'f.g').metrics.cyclomatic).toBe(1);
    expect(fn(file, 'f.h').metrics.cyclomatic).toBe(2);
  });

  it('module total complexity (radon GENERAL_CASES total_complexity)', () => {
    const one = parse(
      dedent(`
      if a and b:
          print
      else:
          print
      a = sum(i for i in range(1000) if i % 3 == 0 and i % 5 == 0)

      def f(n):
          def inner(n):
              return n ** 2

          if n == 0:
              return 1
          elif n == 1:
              return n
          elif n < 5:
              return (n - 1) ** 2
          return n * pow(inner(n), f(n - 1), n - 3)
    `),
    );
    expect(one.metrics.cyclomaticTotal).toBe(9);
    const two = parse(
      dedent(`
      try:
          1 / 0
      except ZeroDivisionError:
          print
      except TypeError:
          pass

      class J(object):

          def aux(self, w):
              if w == 0:
                  return 0
              return w - 1 + sum(self.aux(w - 3 - i) for i in range(2))

      def f(a, b):
          def inner(n):
              return n ** 2
          if a < b:
              b, a = a, inner(b)
          return a, b
    `),
    );
    expect(two.metrics.cyclomaticTotal).toBe(7);
    expect(parse('class f(object):\n    class inner(object):\n        pass\n').metrics.cyclomaticTotal).toBe(1);
  });

  it('decorators and defaults of the function are not counted, lambda bodies are', () => {
    const file = parse(
      dedent(`
      @deco(a if b else c)
      def f(x=1 if y else 2, cb=lambda v: v or w):
          return [z for z in x if z] or (lambda q: q and r)
    `),
    );
    // body: `or` (+1), comprehension for (+1) and if (+1), lambda body `and` (+1)
    expect(fn(file, 'f').metrics.cyclomatic).toBe(5);
  });
});
