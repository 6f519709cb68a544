import { describe, it, expect } from 'vitest';
import { dedent, fn, parse } from './helpers.js';

const SAMPLE = dedent(`
  """Module docstring."""
  import os, sys as system
  import os.path
  from . import sibling
  from ..pkg.mod import (a as b, c)
  from typing import *

  # a comment
  class Store(Base, metaclass=Meta):
      """Stores things."""
      limit: int = 10
      name = "store"

      def __init__(self, path, *, strict=False):
          self.path = path
          self.items, self.count = [], 0

      @staticmethod
      @cache(size=3)
      def load(path: str, retries: int = 3, *args, **kwargs) -> "Store":
          """Load a store."""
          for line in open(path):
              if line.startswith("#"):
                  continue
              os.system(line, shell=True)
          return Store(path)

      async def fetch(self, url):
          data = await client.get(url)
          return [x async for x in data]

  def outer(a, b=1):
      def inner(c):
          yield c
      total = sum(map(lambda v: v * 2, [a, b]))
      while total > 0:
          total -= 1
      return inner(total)

  def _private():
      pass
`);

describe('python model', () => {
  const file = parse(SAMPLE, 'store.py');

  it('parses and lists functions with qualified names, kinds and spans', () => {
    expect(file.parsed).toBe(true);
    expect(file.problems).toEqual([]);
    expect(file.functions.map((f) => `${f.kind}:${f.qualifiedName}`)).toEqual([
      'method:Store.__init__',
      'method:Store.load',
      'method:Store.fetch',
      'function:outer',
      'function:outer.inner',
      'lambda:outer.<lambda>',
      'function:_private',
    ]);
    const load = fn(file, 'Store.load');
    // span starts at the `def` line, not at the decorators (lines 18-19), ends on the last body line
    expect(load.span.line).toBe(20);
    expect(load.span.endLine).toBe(26);
    expect(load.nameSpan).toEqual({ line: 20, column: 9, endLine: 20, endColumn: 13 });
    expect(load.bodySpan.line).toBe(21);
    expect(load.bodySpan.endLine).toBe(26);
    expect(load.decorators).toEqual(['staticmethod', 'cache(size=3)']);
    expect(load.doc).toBe('Load a store.');
    expect(load.metrics.loc).toBe(7);
    expect(load.metrics.sloc).toBe(6);
    expect(load.metrics.returns).toBe(1);
  });

  it('extracts params (self/cls of methods skipped), defaults, annotations, rest params', () => {
    const init = fn(file, 'Store.__init__');
    expect(init.params.map((p) => p.name)).toEqual(['path', 'strict']);
    expect(init.params[1]).toMatchObject({ hasDefault: true, defaultText: 'False', isRest: false });
    const load = fn(file, 'Store.load');
    // a staticmethod has no receiver: its first parameter is a real one
    expect(load.params.map((p) => [p.name, p.isRest, p.annotation ?? null, p.defaultText ?? null])).toEqual([
      ['path', false, 'str', null],
      ['retries', false, 'int', '3'],
      ['args', true, null, null],
      ['kwargs', true, null, null],
    ]);
    expect(load.metrics.params).toBe(4);
    expect(fn(file, 'outer').params.map((p) => p.name)).toEqual(['a', 'b']);
  });

  it('flags async, generators, exported, nesting and parents', () => {
    expect(fn(file, 'Store.fetch').isAsync).toBe(true);
    expect(fn(file, 'Store.fetch').isGenerator).toBe(false);
    expect(fn(file, 'outer.inner').isGenerator).toBe(true);
    expect(fn(file, 'outer').isGenerator).toBe(false);
    expect(fn(file, 'outer').isExported).toBe(true);
    expect(fn(file, '_private').isExported).toBe(false);
    expect(fn(file, 'Store.__init__').isExported).toBe(false);
    expect(fn(file, 'Store.load').isExported).toBe(true);
    expect(fn(file, 'outer.inner').isExported).toBe(false);
    const outerIdx = file.functions.findIndex((f) => f.qualifiedName === 'outer');
    expect(fn(file, 'outer.inner').parentFunction).toBe(outerIdx);
    expect(fn(file, 'outer.inner').depth).toBe(1);
    expect(fn(file, 'outer.<lambda>').parentFunction).toBe(outerIdx);
    expect(fn(file, 'Store.load').parentClass).toBe(0);
    expect(fn(file, 'outer').parentClass).toBe(null);
  });

  it('extracts classes with bases, methods, attributes and docstring', () => {
    expect(file.classes).toHaveLength(1);
    const cls = file.classes[0]!;
    expect(cls.name).toBe('Store');
    expect(cls.bases).toEqual(['Base']);
    expect(cls.doc).toBe('Stores things.');
    expect(cls.methods.map((i) => file.functions[i]!.name)).toEqual(['__init__', 'load', 'fetch']);
    expect([...cls.attributes].sort()).toEqual(['count', 'items', 'limit', 'name', 'path']);
    expect(cls.span.line).toBe(9);
    expect(cls.span.endLine).toBe(30);
  });

  it('extracts imports (plain, aliased, relative, wildcard)', () => {
    expect(file.imports.map((i) => [i.module, i.bindings.map((b) => `${b.imported}>${b.local}`).join(','), i.isWildcard])).toEqual([
      ['os', '*>os', false],
      ['sys', '*>system', false],
      ['os.path', '*>os', false],
      ['.', 'sibling>sibling', false],
      ['..pkg.mod', 'a>b,c>c', false],
      ['typing', '', true],
    ]);
  });

  it('extracts calls with callee, keywords, enclosing function, loop depth, await and statement flags', () => {
    const system = file.calls.find((c) => c.callee === 'os.system')!;
    expect(system).toMatchObject({
      name: 'system',
      argCount: 2,
      args: ['line', 'shell=True'],
      keywords: ['shell'],
      loopDepth: 1,
      isStatement: true,
      awaited: false,
    });
    expect(file.functions[system.function!]!.qualifiedName).toBe('Store.load');
    const get = file.calls.find((c) => c.callee === 'client.get')!;
    expect(get.awaited).toBe(true);
    expect(get.isStatement).toBe(false);
    const startswith = file.calls.find((c) => c.name === 'startswith')!;
    expect(startswith.callee).toBe('line.startswith');
    expect(startswith.loopDepth).toBe(1);
    const open = file.calls.find((c) => c.callee === 'open')!;
    expect(open.loopDepth).toBe(0); // the iterable is evaluated once, outside the loop
    const cache = file.calls.find((c) => c.callee === 'cache')!;
    expect(cache.function).toBe(null); // decorators run in the enclosing (class) scope
  });

  it('extracts loops, branches and comments', () => {
    expect(file.loops.map((l) => [l.kind, l.iterable, l.targets.join(','), l.depth, l.isAsync])).toEqual([
      ['for', 'open(path)', 'line', 0, false],
      ['comprehension', 'data', 'x', 0, true],
      ['while', 'total > 0', '', 0, false],
    ]);
    const ifs = file.branches.filter((b) => b.kind === 'if');
    expect(ifs).toHaveLength(1);
    expect(ifs[0]).toMatchObject({ condition: 'line.startswith("#")', depth: 1 });
    expect(file.comments.filter((c) => !c.isDoc).map((c) => c.text)).toEqual(['a comment']);
    expect(file.comments.filter((c) => c.isDoc).map((c) => c.text)).toEqual(['Module docstring.', 'Stores things.', 'Load a store.']);
  });

  it('produces tokens with kinds', () => {
    const first = file.tokens.slice(0, 5).map((t) => `${t.kind}:${t.text}`);
    expect(first).toEqual(['string:"""Module docstring."""', 'keyword:import', 'identifier:os', 'punctuation:,', 'identifier:sys']);
    expect(file.tokens.find((t) => t.text === '-=')?.kind).toBe('operator');
    expect(file.tokens.find((t) => t.text === '10')).toMatchObject({ kind: 'number', line: 11, column: 18 });
  });

  it('branch kinds cover elif/else/ternary/match/try/logical', () => {
    const f = parse(
      dedent(`
      def g(x):
          if x: a()
          elif y and z: b()
          else: c()
          v = 1 if x else 2
          try:
              pass
          except E:
              pass
          finally:
              pass
          match x:
              case 1: pass
    `),
    );
    expect(f.branches.map((b) => b.kind)).toEqual(['if', 'elif', 'logical', 'else', 'ternary', 'try', 'catch', 'finally', 'match', 'case']);
    expect(f.branches.every((b) => b.function === 0)).toBe(true);
  });
});

describe('python parse errors', () => {
  it('a missing colon gives parsed=false and a problem on the right line', () => {
    const file = parse('x = 1\n\ndef f()\n    return 1\n');
    expect(file.parsed).toBe(false);
    expect(file.problems.length).toBeGreaterThan(0);
    expect(file.problems[0]!.line).toBe(3);
  });

  it('an unclosed bracket is reported', () => {
    const file = parse('a = 1\nb = [1, 2\nc = 3\n');
    expect(file.parsed).toBe(false);
    expect(file.problems[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('valid code has no problems', () => {
    const file = parse('def f():\n    return 1\n');
    expect(file.parsed).toBe(true);
    expect(file.problems).toEqual([]);
  });
});
