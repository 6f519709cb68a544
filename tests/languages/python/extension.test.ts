import { describe, it, expect } from 'vitest';
import type { BindingNode, SourceFile } from '../../../src/model/types.js';
import { dedent, fn, parse } from './helpers.js';

function binding(file: SourceFile, name: string, scope?: number | null): BindingNode {
  const b = file.bindings!.find((x) => x.name === name && (scope === undefined || x.scope === scope));
  if (!b) throw new Error(`no binding ${name}; have ${file.bindings!.map((x) => `${x.name}@${x.scope}`).join(', ')}`);
  return b;
}
const fnIndex = (file: SourceFile, q: string): number => file.functions.indexOf(fn(file, q));

describe('python extension: bindings and scopes', () => {
  it('imports, reads, writes, unused names', () => {
    const f = parse(
      dedent(`
      import os, a.b
      import numpy as np
      from m import x, y as z
      from star import *
      v = 1
      v = 2
      print(os.sep, a.b.c, z)
    `),
    );
    expect(binding(f, 'os')).toMatchObject({ kind: 'import', reads: 1, scope: null });
    expect(binding(f, 'a')).toMatchObject({ kind: 'import', reads: 1 }); // `import a.b` binds `a`
    expect(binding(f, 'np')).toMatchObject({ kind: 'import', reads: 0 });
    expect(binding(f, 'x').reads).toBe(0);
    expect(binding(f, 'z').reads).toBe(1);
    expect(f.bindings!.some((b) => b.name === 'y' || b.name === '*')).toBe(false); // star import binds nothing
    expect(binding(f, 'v')).toMatchObject({ kind: 'variable', writes: 1, reads: 0 });
    expect(f.imports.find((i) => i.module === 'star')?.isWildcard).toBe(true);
  });

  it('class scope is not visible from methods; method names are class-body bindings', () => {
    const f = parse(
      dedent(`
      a = 1
      class C:
          a = 2
          b = a
          def m(self):
              return a
    `),
    );
    const mod = f.bindings!.find((x) => x.name === 'a' && !x.inClassBody)!;
    const cls = f.bindings!.find((x) => x.name === 'a' && x.inClassBody)!;
    expect(mod.reads).toBe(1); // from m
    expect(cls.reads).toBe(1); // from `b = a` in the class body
    expect(binding(f, 'm')).toMatchObject({ kind: 'function', inClassBody: true });
    expect(binding(f, 'self')).toMatchObject({ kind: 'param', scope: fnIndex(f, 'C.m'), reads: 0 });
  });

  it('comprehensions have their own scope; the first iterable is read outside; walrus binds outside', () => {
    const f = parse(
      dedent(`
      def g(items):
          i = 0
          out = [i for i in items if (last := i)]
          return out, last, i
    `),
    );
    const g = fnIndex(f, 'g');
    const is = f.bindings!.filter((b) => b.name === 'i');
    expect(is).toHaveLength(2);
    expect(is.find((b) => b.kind === 'variable')).toMatchObject({ reads: 1, scope: g });
    expect(is.find((b) => b.kind === 'loop-variable')).toMatchObject({ reads: 2, scope: g });
    expect(binding(f, 'last')).toMatchObject({ kind: 'variable', reads: 1, scope: g });
    expect(binding(f, 'items').reads).toBe(1);
    const walrus = f.assignments!.find((a) => a.operator === ':=')!;
    expect(walrus).toMatchObject({ targets: ['last'], inCondition: true, loopDepth: 1 });
  });

  it('global and nonlocal redirect bindings and count as reads', () => {
    const f = parse(
      dedent(`
      counter = 0
      def bump():
          global counter
          counter += 1
      def outer():
          n = 0
          def inner():
              nonlocal n
              n = n + 1
          return inner
    `),
    );
    const counter = f.bindings!.filter((b) => b.name === 'counter');
    expect(counter).toHaveLength(1);
    expect(counter[0]).toMatchObject({ scope: null, writes: 1, reads: 2 }); // `global` + `+=`
    const n = f.bindings!.filter((b) => b.name === 'n');
    expect(n).toHaveLength(1);
    expect(n[0]).toMatchObject({ scope: fnIndex(f, 'outer'), writes: 1, reads: 2 });
    expect(fn(f, 'outer.inner').freeVariables).toEqual(['n']);
  });

  it('shadowing, closures, recursion, decorators and defaults', () => {
    const f = parse(
      dedent(`
      x = 1
      DEFAULT = 3
      def deco(fn): return fn
      @deco
      def h(x, d=DEFAULT):
          def inner():
              return x
          return inner
      def fact(k):
          return 1 if k < 2 else k * fact(k - 1)
      for i in range(3):
          cbs = lambda: i
    `),
    );
    expect(binding(f, 'x', null).reads).toBe(0); // shadowed by h's parameter
    expect(binding(f, 'x', fnIndex(f, 'h')).reads).toBe(1);
    expect(binding(f, 'DEFAULT')).toMatchObject({ kind: 'constant', isConstant: true, reads: 1 });
    expect(binding(f, 'deco').reads).toBe(1);
    expect(binding(f, 'fact').reads).toBe(0); // recursion is not a use
    expect(fn(f, 'h.inner').freeVariables).toEqual(['x']);
    const lam = f.functions.find((x) => x.kind === 'lambda')!;
    expect(lam.loopDepth).toBe(1);
    expect(lam.freeVariables).toEqual(['i']); // module-level loop variable captured
    expect(binding(f, 'i').kind).toBe('loop-variable');
  });

  it('__all__, except-as, with-as, del, string annotations, match captures', () => {
    const f = parse(
      dedent(`
      from typing import TYPE_CHECKING
      from mod import Thing
      __all__ = ["public", "API"]
      API = 1
      def public(p: "Thing") -> None:
          try:
              pass
          except ValueError as err:
              pass
          with open(p) as fh, lock:
              del fh
          match p:
              case [first, *rest]:
                  return first
    `),
    );
    expect(binding(f, 'public').isExported).toBe(true);
    expect(binding(f, 'API').isExported).toBe(true);
    expect(binding(f, 'Thing').reads).toBe(1); // string annotation
    expect(binding(f, 'err')).toMatchObject({ kind: 'exception', reads: 0 });
    expect(binding(f, 'fh')).toMatchObject({ kind: 'with-target', reads: 1 }); // del is a read
    expect(binding(f, 'first')).toMatchObject({ kind: 'variable', reads: 1 });
    expect(binding(f, 'rest').reads).toBe(0);
  });
});

describe('python extension: statement and expression lists', () => {
  it('assignments: chained, augmented, annotated, destructuring', () => {
    const f = parse(
      dedent(`
      a = b = 1
      self.count += 2
      x: int
      y: int = 3
      p, (q, *r) = t
      d["k"] = v
    `),
    );
    const as = f.assignments!;
    expect(as.map((a) => [a.targets, a.operator])).toEqual([
      [['a', 'b'], '='],
      [['self.count'], '+='],
      [['x'], ':'],
      [['y'], '='],
      [['p', 'q', 'r'], '='],
      [['d["k"]'], '='],
    ]);
    expect(as[0]!.value).toMatchObject({ kind: 'number', value: '1' });
    expect(as[2]!.value).toBeNull();
    const aug = f.binaries!.find((b) => b.augmented)!;
    expect(aug).toMatchObject({ operator: '+', left: { kind: 'member', value: 'self.count' } });
  });

  it('comparisons per chain operator, binaries', () => {
    const f = parse(
      dedent(`
      if a == None or b is 1 or 0 < c <= 10 or d is not None or e not in xs:
          s = s + "x" % 2
    `),
    );
    expect(f.comparisons!.map((c) => c.operator)).toEqual(['==', 'is', '<', '<=', 'is not', 'not in']);
    const eq = f.comparisons![0]!;
    expect(eq.left).toMatchObject({ kind: 'identifier', value: 'a' });
    expect(eq.right).toMatchObject({ kind: 'null', value: 'None' });
    expect(f.comparisons![2]!).toMatchObject({ left: { text: '0' }, right: { text: 'c' } });
    expect(f.comparisons![3]!).toMatchObject({ left: { text: 'c' }, right: { text: '10' } });
    expect(f.binaries!.map((b) => b.operator)).toEqual(['+', '%']);
    expect(f.binaries![0]!.right.kind).toBe('binary');
  });

  it('handlers', () => {
    const f = parse(
      dedent(`
      def f():
          try:
              a()
          except:
              pass
          try:
              a()
          except (ValueError, KeyError) as e:
              # explain
              raise RuntimeError("x")
          except OSError as e:
              log.warning("failed %s", e)
          except TypeError as e:
              raise
          except Exception as e:
              raise Wrapped() from e
          except* Group:
              ...
    `),
    );
    const h = f.handlers!;
    expect(h).toHaveLength(6);
    expect(h[0]).toMatchObject({ types: [], binding: null, statements: 0, reraises: false });
    expect(h[1]).toMatchObject({
      types: ['ValueError', 'KeyError'],
      binding: 'e',
      statements: 1,
      comments: 1,
      raisesWithoutCause: true,
    });
    expect(h[2]).toMatchObject({ types: ['OSError'], statements: 1 });
    expect(h[3]).toMatchObject({ reraises: true, raisesWithoutCause: false });
    expect(h[4]).toMatchObject({ reraises: false, raisesWithoutCause: false });
    expect(h[5]).toMatchObject({ types: ['Group'], statements: 0 });
    expect(h.every((x) => x.function === 0)).toBe(true);
  });

  it('jumps: unreachable code and finally', () => {
    const f = parse(
      dedent(`
      def f(xs):
          for x in xs:
              continue
              print(x)
          try:
              return 1
          finally:
              return 2
          raise ValueError()
    `),
    );
    const j = f.jumps!;
    expect(j.map((x) => x.kind)).toEqual(['continue', 'return', 'return', 'raise']);
    expect(j[0]!.unreachable?.line).toBe(4);
    expect(j[1]).toMatchObject({ inFinally: false, unreachable: null, value: { kind: 'number' } });
    expect(j[2]).toMatchObject({ inFinally: true });
    expect(j[3]).toMatchObject({ value: { kind: 'call' }, unreachable: null });
  });

  it('strings: values, f-strings, boundTo, docstrings', () => {
    const f = parse(
      dedent(`
      """Module doc."""
      password = "hunter2"
      self.api_key = 'k\\tey'
      connect(token="abc", timeout=30)
      cfg = {"secret": "s3"}
      msg = f"hello {name}!"
      def g(user="admin"):
          """Doc."""
          return "x" "y"
    `),
    );
    const s = f.strings!;
    const byValue = (v: string) => s.find((x) => x.value === v)!;
    expect(byValue('Module doc.')).toMatchObject({ isDocstring: true, function: null });
    expect(byValue('hunter2').boundTo).toBe('password');
    expect(byValue('k\tey').boundTo).toBe('api_key');
    expect(byValue('abc').boundTo).toBe('token');
    expect(byValue('s3').boundTo).toBe('secret');
    expect(byValue('secret').boundTo).toBeNull();
    expect(byValue('hello {}!')).toMatchObject({ interpolated: true, boundTo: 'msg' });
    expect(byValue('admin').boundTo).toBe('user');
    expect(byValue('Doc.')).toMatchObject({ isDocstring: true, function: 0 });
    expect(byValue('xy')).toMatchObject({ isDocstring: false, interpolated: false });
  });

  it('numbers: context, boundTo, negative', () => {
    const f = parse(
      dedent(`
      TIMEOUT = 0x1F
      if n > 42: pass
      call(7, retries=3)
      def g(limit=-1): return 1_000
      xs[2] = 3.5 * k
      data = [9]
    `),
    );
    const num = (t: string) => f.numbers!.find((x) => x.text === t)!;
    expect(num('0x1F')).toMatchObject({ value: 31, context: 'assignment', boundTo: 'TIMEOUT' });
    expect(num('42').context).toBe('comparison');
    expect(num('7').context).toBe('argument');
    expect(num('3')).toMatchObject({ context: 'argument', boundTo: 'retries' });
    expect(num('-1')).toMatchObject({ value: -1, negative: true, context: 'default', boundTo: 'limit' });
    expect(num('1_000')).toMatchObject({ value: 1000, context: 'return', function: 0 });
    expect(num('2').context).toBe('index');
    expect(num('3.5').context).toBe('binary');
    expect(num('9').context).toBe('collection');
  });

  it('collections with static keys', () => {
    const f = parse(
      dedent(`
      d = {"a": 1, 'a': 2, 3: 4, k: 5, **rest}
      s = {1, 2, 1}
      l = [1, 2]
    `),
    );
    const [d, s, l] = f.collections!;
    expect(d).toMatchObject({ kind: 'dict', size: 5 });
    expect(d!.keys.map((k) => k.text)).toEqual(['"a"', '"a"', '3', 'k']);
    expect(s).toMatchObject({ kind: 'set', size: 3 });
    expect(s!.keys.map((k) => k.text)).toEqual(['1', '2', '1']);
    expect(l).toMatchObject({ kind: 'list', size: 2, keys: [] });
  });

  it('blocks', () => {
    const f = parse(
      dedent(`
      def f():
          """Doc."""
          pass
      class C:
          ...
      if x:
          # todo
          pass
      elif y:
          a(); b()
      else:
          c()
      while x:
          break
      try:
          pass
      except E:
          pass
      finally:
          d()
      with m:
          e()
      match v:
          case 1:
              pass
    `),
    );
    const kinds = f.blocks!.map((b) => `${b.kind}:${b.statements}`);
    expect(kinds).toEqual([
      'function:0',
      'class:0',
      'if:0',
      'elif:2',
      'else:1',
      'loop:1',
      'try:0',
      'except:0',
      'finally:1',
      'with:1',
      'match:1',
      'case:0',
    ]);
    expect(f.blocks!.find((b) => b.kind === 'if')!.comments).toBe(1);
    expect(f.blocks!.every((b) => b.fallsThrough === false)).toBe(true);
  });
});

describe('python extension: fields on existing nodes', () => {
  it('calls', () => {
    const f = parse(
      dedent(`
      import subprocess, yaml
      async def run(cmd, xs):
          subprocess.run(f"ls {cmd}", shell=True)
          with open("f") as fh:
              data = yaml.load(fh)
          while i < len(xs):
              await fetch(x)
          for y in sorted(xs):
              pass
          return requests.get(url, verify=False).json()
    `),
    );
    const call = (name: string) => f.calls.find((c) => c.name === name)!;
    const run = call('run');
    expect(run.argExprs!.map((e) => e.kind)).toEqual(['template']);
    expect(run.keywordArgs).toEqual([{ name: 'shell', value: expect.objectContaining({ kind: 'boolean', value: 'True' }) }]);
    expect(run.receiver).toMatchObject({ kind: 'identifier', value: 'subprocess' });
    expect(run).toMatchObject({ isNew: false, resultUsed: false, inWith: false, inLoopHeader: false });
    expect(call('open')).toMatchObject({ inWith: true, resultUsed: true, receiver: null });
    expect(call('load')).toMatchObject({ inWith: false, resultUsed: true, keywordArgs: [] });
    expect(call('len').inLoopHeader).toBe(true);
    expect(call('sorted').inLoopHeader).toBe(true);
    expect(call('fetch')).toMatchObject({ inLoopHeader: false, resultUsed: true, awaited: true });
    expect(call('get').keywordArgs![0]).toMatchObject({ name: 'verify', value: { kind: 'boolean', value: 'False' } });
    expect(call('json').receiver!.kind).toBe('call');
  });

  it('functions: loopDepth, freeVariables, awaits; loops: bodySpan, awaits', () => {
    const f = parse(
      dedent(`
      async def main(urls):
          await setup()
          for u in urls:
              await get(u)
              def cb():
                  return u
      def outer():
          total = 0
          def add(v):
              return total + v
          return add
    `),
    );
    expect(fn(f, 'main')).toMatchObject({ awaits: 2, loopDepth: 0, freeVariables: [] });
    expect(fn(f, 'main.cb')).toMatchObject({ loopDepth: 1, freeVariables: ['u'], awaits: 0 });
    expect(fn(f, 'outer.add').freeVariables).toEqual(['total']);
    const loop = f.loops[0]!;
    expect(loop.awaits).toBe(1);
    expect(loop.bodySpan).toMatchObject({ line: 4, endLine: 6 });
  });

  it('branches: hasElse, negated; no inTernary (no rule reads it)', () => {
    const f = parse(
      dedent(`
      if not ok:
          a()
      else:
          b()
      if x != 1:
          c()
      elif y:
          d()
      v = p if q else (r if s else t)
    `),
    );
    const ifs = f.branches.filter((b) => b.kind === 'if');
    expect(ifs.map((b) => [b.hasElse, b.negated])).toEqual([
      [true, true],
      [true, true],
    ]);
    expect(f.branches.find((b) => b.kind === 'elif')).toMatchObject({ hasElse: false, negated: false });
    const ternaries = f.branches.filter((b) => b.kind === 'ternary');
    expect(ternaries).toHaveLength(2);
    expect(ternaries.some((b) => 'inTernary' in b)).toBe(false);
    expect(ternaries.every((b) => b.hasElse)).toBe(true);
  });

  it('keeps the tree-sitter tree', () => {
    const f = parse('x = 1\n');
    expect(f.syntax?.kind).toBe('tree-sitter');
  });

  it('fills every list on a file with syntax errors without throwing', () => {
    const f = parse('def f(:\n  x = = 1\n  return\n');
    for (const k of [
      'bindings',
      'assignments',
      'comparisons',
      'binaries',
      'handlers',
      'jumps',
      'strings',
      'numbers',
      'collections',
      'blocks',
    ] as const) {
      expect(Array.isArray(f[k])).toBe(true);
    }
  });
});
