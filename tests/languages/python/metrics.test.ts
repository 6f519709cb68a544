import { describe, it, expect } from 'vitest';
import { dedent, fn, parse } from './helpers.js';
import { rawMetrics, strippedLines } from '../../../src/languages/python/raw-metrics.js';
import { functionVolume, halsteadVolumes, moduleVolume } from '../../../src/languages/python/halstead.js';
import { parsePython, type PyNode } from '../../../src/languages/python/parse.js';

// Reference values below were produced with radon 5.1.0 on CPython 3.11
// (radon.metrics.h_visit / mi_visit, radon.raw.analyze).
describe('python Halstead (radon h_visit)', () => {
  it('counts a flattened BoolOp, Compare and UnaryOp like radon', () => {
    const file = parse('def f(a, b):\n    return a + b * 2 - (a and b and c) or not a\n');
    expect(file.metrics.halsteadVolume).toBeCloseTo(70.32403072095333, 9);
    expect(fn(file, 'f').metrics.halsteadVolume).toBeCloseTo(70.32403072095333, 9);
  });

  it('treats 1, 1.0 and True as one operand and the name x as the string "x"', () => {
    const file = parse("x = 1\ny = x + 1.0\nif x == 'x' and y is not None:\n    x += True\n");
    // h1=4 (Add, Eq, And, IsNot), h2=6, N1=5, N2=10
    expect(file.metrics.halsteadVolume).toBeCloseTo(49.82892142331044, 9);
  });

  it('keys operands by function context; nested functions count toward their parent', () => {
    const file = parse(
      dedent(`
      class A:
          def m(self):
              return self.v + self.w < -1
          def n(self):
              def inner():
                  return a | b
              return a - b
    `),
    );
    expect(file.metrics.halsteadVolume).toBeCloseTo(53.30296890880645, 9);
    expect(fn(file, 'A.m').metrics.halsteadVolume).toBeCloseTo(24.0, 9);
    expect(fn(file, 'A.n').metrics.halsteadVolume).toBeCloseTo(15.509775004326936, 9);
  });
});

describe('python Halstead of the module and every function in one walk', () => {
  it('gives each function the volume of its own walk, and leaves out those the module walk does not reach', () => {
    const src = dedent(`
      x = 1 + 2
      f = lambda a, b=x + 1: a * b - (lambda c: c ** 2 + a)(a)
      @register(lambda k: k + 1)
      def outer(p, q=lambda z: z - 1):
          y = p + q
          def mid(r):
              g = lambda s: s % r + y
              def inner(t):
                  return t << r and t or y
              return inner(r) * y
          return [v + y for v in mid(p)] if p > q else not y
      class K:
          @property
          def value(self):
              return self.v + -self.w
    `);
    const { root } = parsePython(src);
    const fns: PyNode[] = [];
    const stack = [root];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.named && (n.type === 'function_definition' || n.type === 'lambda')) fns.push(n);
      stack.push(...n.children);
    }
    expect(fns.length).toBe(9);
    const one = halsteadVolumes(src, root, new Set(fns));
    expect(one.module).toBe(moduleVolume(src, root));
    // The lambdas in a decorator and in a default value of a def are outside the module's walk.
    expect(one.functions.size).toBe(7);
    for (const n of fns) {
      const own = functionVolume(src, n);
      if (one.functions.has(n)) expect(one.functions.get(n), src.slice(n.start, n.start + 30)).toBe(own);
    }
    expect([...one.functions.values()].filter((v) => v > 0).length).toBe(7);
    // Only the functions asked for are counted.
    const some = halsteadVolumes(src, root, new Set(fns.slice(0, 2)));
    expect(some.module).toBe(one.module);
    expect([...some.functions.keys()].every((n) => fns.slice(0, 2).includes(n))).toBe(true);
  });
});

describe('python maintainability index (radon mi_visit(code, multi=True))', () => {
  it('matches radon on small modules', () => {
    expect(parse('def f(a, b):\n    return a + b * 2 - (a and b and c) or not a\n').metrics.maintainabilityIndex).toBeCloseTo(
      79.96188602543681,
      9,
    );
    expect(parse("x = 1\ny = x + 1.0\nif x == 'x' and y is not None:\n    x += True\n").metrics.maintainabilityIndex).toBeCloseTo(
      74.57738853907149,
      9,
    );
  });

  it('is 100 when there is no Halstead volume', () => {
    expect(parse('import os\n').metrics.maintainabilityIndex).toBe(100);
    expect(parse('').metrics.maintainabilityIndex).toBe(100);
  });
});

describe('python raw metrics (radon.raw.analyze)', () => {
  it('reproduces radon line classes including its quirks', () => {
    const code = "x = 1; y = 2\nif x: y = 3  # c\nz = [1,\n     2]\ns = '''a\n\nb'''\n\x0c\n# only\nw = a[1:2] \\\n  + 1\n";
    const m = rawMetrics(code);
    expect([m.loc, m.lloc, m.sloc, m.comments, m.multi, m.blank, m.singleComments]).toEqual([12, 8, 8, 2, 0, 3, 1]);
  });

  it('counts docstring lines as multi', () => {
    const code = "def f():\n    '''\n    doc\n\n    more\n    '''\n    return {'a': 1}\n";
    const m = parse(code).metrics;
    expect([m.loc, m.lloc, m.sloc, m.comments, m.multi, m.blank]).toEqual([7, 4, 2, 0, 4, 1]);
    expect(m.commentRatio).toBeCloseTo(4 / 7, 12);
  });

  it('ends a statement continued by a backslash onto a blank line where radon does', () => {
    // radon tokenizes the lines joined without the last '\n': a buffer ending with a blank line ends
    // with the line before it, still continued, so the statement runs on to the next clean end.
    // Expected figures from `radon raw -j` (radon 5.1) on these texts.
    const figures = (code: string): number[] => {
      const m = rawMetrics(code);
      return [m.loc, m.lloc, m.sloc, m.comments, m.multi, m.blank, m.singleComments];
    };
    expect(figures('q = a \\\n    .b() \\\n\n# c\nz = 1\n')).toEqual([5, 2, 4, 1, 0, 1, 0]);
    expect(figures('# real\np = \\\n"-0.15"\\\n"80"\\\n\n# imag\nq = 1\n')).toEqual([7, 2, 5, 2, 0, 1, 1]);
    expect(figures('a = 1 \\\n\n\n# c\nz = 1\n')).toEqual([5, 2, 2, 1, 0, 2, 1]);
  });

  it("string end patterns stop at the line's end", () => {
    // rawMetrics feeds each stripped line from one text holding all of them: a string's end pattern
    // that ran on past the line's '\n' would find a closing quote on a later line, where radon
    // (tokenizing the line alone) finds none and reads the next lines as the string's body.
    const figures = (code: string): (number | boolean)[] => {
      const m = rawMetrics(code);
      return [m.loc, m.lloc, m.sloc, m.comments, m.multi, m.blank, m.singleComments, m.ok];
    };
    // `radon raw -j` (radon 5.1) on these texts.
    expect(figures("def f():\n    '''doc\n\n    more'''\n    return '''x''' + '''\n'''\n")).toEqual([6, 3, 3, 0, 2, 1, 0, true]);
    expect(figures("x = 1\ns = '''a\n\nb'''\n")).toEqual([4, 2, 3, 0, 0, 1, 0, true]);
    // radon: "SyntaxError at line: 1" (a backslash-continued string not closed on the next line).
    expect(figures("x = 'a\\\nb\nc'\ny = 1\n")).toEqual([4, 0, 4, 0, 0, 0, 0, false]);
  });

  it("splits and strips lines as Python's splitlines() and strip() do", () => {
    // Every kind of line boundary and of whitespace: `[l.strip() for l in s.splitlines()]` in CPython
    // 3.11 gives the lines below (U+200B is no whitespace).
    const s = ' \t a \r\n\u000b b\u001f\u001c\u2028 \u3000c\u200b \r\r\n\u0085d\u00a0\f e \u001e\u001d\u2029f\u1680';
    const want = ['a', '', 'b', '', 'c\u200b', '', '', 'd', 'e', '', '', 'f'];
    const got = strippedLines(s);
    expect(got.text).toBe(want.join('\n') + '\n');
    expect(got.count).toBe(want.length);
    expect(Array.from(got.starts, (at, k) => (k < got.count ? got.text.slice(at, got.starts[k + 1]! - 1) : at))).toEqual([
      ...want,
      got.text.length,
    ]);
    expect(strippedLines('x\r\n  ').text).toBe('x\n\n');
    expect(strippedLines('  ').text).toBe('\n');
  });

  it('handles empty and blank-only input', () => {
    expect(rawMetrics('')).toMatchObject({ loc: 0, lloc: 0, sloc: 0, blank: 0 });
    expect(rawMetrics('\n\n')).toMatchObject({ loc: 2, lloc: 0, sloc: 0, blank: 2 });
  });

  it('file metrics of a commented module', () => {
    const code =
      'import os\n\n# comment line\ndef f(a, b):\n    """Doc\n    string."""\n    if a and b:  # trailing\n        return a[1:2]\n    for i in range(3): print(i)\n    return {\'k\': a}\n';
    const m = parse(code).metrics;
    expect([m.loc, m.lloc, m.sloc, m.comments, m.multi, m.blank]).toEqual([10, 10, 6, 2, 2, 1]);
    expect(m.cyclomaticTotal).toBe(4);
    expect(m.halsteadVolume).toBeCloseTo(4.754887502163469, 9);
    expect(m.maintainabilityIndex).toBe(100);
  });
});

describe('python cognitive complexity (SonarSource 1.7)', () => {
  it('nesting increments for loops and ifs', () => {
    const file = parse(
      dedent(`
      def sum_of_primes(max):
          total = 0
          for i in range(1, max + 1):
              for j in range(2, i):
                  if i % j == 0:
                      break
              total += i
          return total
    `),
    );
    expect(fn(file, 'sum_of_primes').metrics.cognitive).toBe(6); // 1 + 2 + 3
    expect(fn(file, 'sum_of_primes').metrics.maxNesting).toBe(3);
  });

  it('match counts once', () => {
    const file = parse(
      dedent(`
      def get_words(number):
          match number:
              case 1:
                  return "one"
              case 2:
                  return "a couple"
              case _:
                  return "lots"
    `),
    );
    expect(fn(file, 'get_words').metrics.cognitive).toBe(1);
    expect(fn(file, 'get_words').metrics.cyclomatic).toBe(3);
    expect(fn(file, 'get_words').metrics.returns).toBe(3);
  });

  it('elif/else, boolean sequences, ternary, except and nesting', () => {
    const file = parse(
      dedent(`
      def f(a, b, c):
          if a and b and c:
              return 1
          elif a or b and c:
              return 2
          else:
              try:
                  x = 1 if a else 2
              except ValueError:
                  while b:
                      pass
          return 0
    `),
    );
    // if 1, and-seq 1, elif 1, or 1, and 1, else 1, ternary 2, except 2, while 3
    expect(fn(file, 'f').metrics.cognitive).toBe(13);
    expect(fn(file, 'f').metrics.maxNesting).toBe(3); // if > try > while
    expect(fn(file, 'f').metrics.returns).toBe(3);
  });

  it('nested functions and lambdas add to the parent one level deeper, and stand alone too', () => {
    const file = parse(
      dedent(`
      def outer(x):
          def inner(y):
              if y:
                  return 1
          g = lambda v: v if v else 0
          return inner
    `),
    );
    expect(fn(file, 'outer').metrics.cognitive).toBe(4); // if at nesting 1 (+2), ternary in lambda (+2)
    expect(fn(file, 'outer.inner').metrics.cognitive).toBe(1);
    expect(fn(file, 'outer.<lambda>').metrics.cognitive).toBe(1);
    expect(fn(file, 'outer').metrics.returns).toBe(1);
    expect(fn(file, 'outer').metrics.maxNesting).toBe(0);
  });

  it('flat code scores 0', () => {
    const file = parse('def f(a):\n    with open(a) as fh:\n        return fh.read()\n');
    expect(fn(file, 'f').metrics.cognitive).toBe(0);
    expect(fn(file, 'f').metrics.maxNesting).toBe(1);
    expect(fn(file, 'f').metrics.cyclomatic).toBe(1);
  });
});
