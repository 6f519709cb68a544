import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/languages/javascript/build-model.js';
import { createExtension } from '../../../src/languages/javascript/extension.js';
import type { BNode } from '../../../src/languages/javascript/walk.js';
import type { BindingNode, Expression, SourceFile } from '../../../src/model/types.js';
import { fn, parseJs } from './helpers.js';

/** `name@line` → binding, for names declared once in the snippet; `name@line#n` picks the n-th on that line. */
function bindings(file: SourceFile): Record<string, BindingNode> {
  const out: Record<string, BindingNode> = {};
  for (const b of file.bindings ?? []) {
    let key = `${b.name}@${b.span.line}`;
    for (let n = 2; key in out; n++) key = `${b.name}@${b.span.line}#${n}`;
    out[key] = b;
  }
  return out;
}
const rw = (b: BindingNode | undefined): string => (b ? `${b.reads}r${b.writes}w` : 'missing');
const ex = (e: Expression | null | undefined): string =>
  e ? `${e.kind}:${e.text}${e.value !== undefined ? `=${e.value}` : ''}` : String(e);

describe('bindings: scope analysis', () => {
  it('resolves reads to the nearest enclosing binding (shadowing, block scopes)', () => {
    const file = parseJs(
      [
        'let y = 1;', // 1
        'function f(y) {', // 2
        '  { const y = 2; use(y); }', // 3
        '  return y;', // 4
        '}', // 5
        'if (y) { let y = 3; let z = y; }', // 6
        'use(f);', // 7
      ].join('\n'),
    );
    const b = bindings(file);
    expect(rw(b['y@1'])).toBe('1r0w'); // only the `if (y)` test
    expect(b['y@2']).toMatchObject({ kind: 'param', scope: 0, reads: 1 });
    expect(b['y@3']).toMatchObject({ kind: 'constant', scope: 0, reads: 1, isConstant: true });
    expect(b['y@6']).toMatchObject({ kind: 'variable', scope: null, reads: 1 });
    expect(b['z@6']).toMatchObject({ reads: 0 });
    expect(b['f@2']).toMatchObject({ kind: 'function', reads: 1 });
  });

  it('hoists var and function declarations to the function scope', () => {
    const file = parseJs(
      [
        'function g() {', // 1
        '  use(v, h);', // 2
        '  if (c) { var v = 1; }', // 3
        '  function h() {}', // 4
        '  for (var i = 0; i < 2; i++) {}', // 5
        '}', // 6
      ].join('\n'),
    );
    const b = bindings(file);
    expect(b['v@3']).toMatchObject({ scope: 0, reads: 1, kind: 'variable' });
    expect(b['h@4']).toMatchObject({ scope: 0, reads: 1, kind: 'function' });
    expect(b['i@5']).toMatchObject({ scope: 0, kind: 'loop-variable', reads: 2, writes: 1 });
  });

  it('counts writes, read-writes and reads in every position the contract names', () => {
    const file = parseJs(
      [
        'let a, b = 0, c = 0, d = 0, e = 0, t = 0;', // 1
        'a = 1;', // 2 write only
        'b++;', // 3 read + write
        'c += 1;', // 4 read + write
        'd ??= 2;', // 5 read + write
        'const o = { e };', // 6 shorthand read
        'typeof t;', // 7
        'export { o };', // 8
        'var a = 5;', // 9 redeclaration with init: a write
      ].join('\n'),
    );
    const b = bindings(file);
    expect(rw(b['a@1'])).toBe('0r2w');
    expect(rw(b['b@1'])).toBe('1r1w');
    expect(rw(b['c@1'])).toBe('1r1w');
    expect(rw(b['d@1'])).toBe('1r1w');
    expect(rw(b['e@1'])).toBe('1r0w');
    expect(rw(b['t@1'])).toBe('1r0w');
    expect(b['o@6']).toMatchObject({ reads: 1, isExported: true, isConstant: true });
  });

  it('binds destructuring patterns, defaults, rest, params and catch names', () => {
    const file = parseJs(
      [
        'const { a, b: [c, d = a], ...rest } = obj;', // 1
        'function f({ p, q = p }, [r], ...more) { return q + r; }', // 2
        'try { f(); } catch ({ message }) { log(message); }', // 3
        'try { f(); } catch (err) {}', // 4
        '[x, y] = [y, x];', // 5
      ].join('\n'),
    );
    const b = bindings(file);
    expect(Object.keys(b).slice(0, 4)).toEqual(['a@1', 'c@1', 'd@1', 'rest@1']);
    expect(b['a@1']!.reads).toBe(1); // the default of d
    expect(b['p@2']).toMatchObject({ kind: 'param', reads: 1 });
    expect(b['q@2']!.reads).toBe(1);
    expect(b['more@2']).toMatchObject({ kind: 'param', reads: 0 });
    expect(b['message@3']).toMatchObject({ kind: 'exception', reads: 1 });
    expect(b['err@4']).toMatchObject({ kind: 'exception', reads: 0 });
    // Undeclared names (globals) produce no binding.
    expect(b['x@5']).toBeUndefined();
  });

  it('marks exports, and does not count recursion or a function expression name', () => {
    const file = parseJs(
      [
        'export const A = 1;', // 1
        'export function B() {}', // 2
        'function rec(n) { return n && rec(n - 1); }', // 3
        'const self = () => self();', // 4
        'const named = function inner() { return inner; };', // 5
        'class K { static make() { return new K(); } }', // 6
        'function used() {}', // 7
        'export default used;', // 8
        'const cjs = 1;', // 9
        'module.exports = { cjs };', // 10
      ].join('\n'),
    );
    const b = bindings(file);
    expect(b['A@1']).toMatchObject({ isExported: true, reads: 0 });
    expect(b['B@2']).toMatchObject({ isExported: true, kind: 'function' });
    expect(b['rec@3']!.reads).toBe(0);
    expect(b['self@4']!.reads).toBe(0);
    expect(b['inner@5']).toBeUndefined();
    expect(b['named@5']!.reads).toBe(0);
    expect(b['K@6']).toMatchObject({ kind: 'class', reads: 0 });
    expect(b['used@7']).toMatchObject({ reads: 1, isExported: true });
    expect(b['cjs@9']).toMatchObject({ reads: 1, isExported: true });
    expect(file.bindings!.every((x) => !x.inClassBody)).toBe(true);
  });

  it('counts TS type references as reads and flags `import type`', () => {
    const file = parseJs(
      [
        "import { A, type B, Unused, Gen, Base, Iface, Q } from './a';", // 1
        "import type { C } from './c';", // 2
        'let v: A;', // 3
        'function f(x: B): Gen<C> { return x as any; }', // 4
        'class K extends Base implements Iface {}', // 5
        'type T = typeof Q.member;', // 6
        'export function over(a: string): void;', // 7
        'export function over(a: any) { return a; }', // 8
        'class S { constructor(private readonly dep: A, plain: number) {} }', // 9
      ].join('\n'),
      'sample.ts',
    );
    const b = bindings(file);
    expect(b['A@1']).toMatchObject({ kind: 'import', reads: 2, isTypeOnly: false });
    expect(b['B@1']).toMatchObject({ reads: 1, isTypeOnly: true });
    expect(b['C@2']).toMatchObject({ reads: 1, isTypeOnly: true });
    expect(b['Unused@1']!.reads).toBe(0);
    expect(b['Gen@1']!.reads).toBe(1);
    expect(b['Base@1']!.reads).toBe(1);
    expect(b['Iface@1']!.reads).toBe(1);
    expect(b['Q@1']!.reads).toBe(1);
    expect(b['v@3']!.span).toEqual({ line: 3, column: 5, endLine: 3, endColumn: 6 }); // the name, not `v: A`
    // Overload signatures and parameter properties declare nothing; a plain constructor param does.
    expect(Object.keys(b).filter((k) => k.startsWith('over@') || k.startsWith('a@'))).toEqual(['over@8', 'a@8']);
    expect(b['dep@9']).toBeUndefined();
    expect(b['plain@9']).toMatchObject({ kind: 'param', reads: 0 });
  });

  it('counts JSX element names as reads (not intrinsic elements)', () => {
    const file = parseJs(
      [
        "import Foo from './foo';",
        "import * as UI from './ui';",
        'const div = 1;',
        'const el = <div><Foo a="1" /><UI.Button /></div>;',
      ].join('\n'),
      'sample.jsx',
    );
    const b = bindings(file);
    expect(b['Foo@1']!.reads).toBe(1);
    expect(b['UI@2']!.reads).toBe(1);
    expect(b['div@3']!.reads).toBe(0);
  });

  it('gives kinds for loop variables, `using` targets, enums and imports', () => {
    const file = parseJs(
      [
        "import def, { named as local } from 'm';", // 1
        'for (const k of ks) {}', // 2
        'for (let i = 0; i < 1; i++) {}', // 3
        'using res = open();', // 4
        'enum Color { Red }', // 5
        "import fs = require('fs');", // 6
      ].join('\n'),
      'sample.ts',
    );
    const b = bindings(file);
    expect(b['def@1']!.kind).toBe('import');
    expect(b['local@1']!.kind).toBe('import');
    expect(b['k@2']).toMatchObject({ kind: 'loop-variable', isConstant: true });
    expect(b['i@3']).toMatchObject({ kind: 'loop-variable', isConstant: false, writes: 1 });
    expect(b['res@4']).toMatchObject({ kind: 'with-target', isConstant: true });
    expect(b['Color@5']!.kind).toBe('class');
    expect(b['fs@6']!.kind).toBe('import');
  });
});

describe('functions: loopDepth, freeVariables, awaits', () => {
  it('records closure captures of enclosing functions and loop bindings', () => {
    const file = parseJs(
      [
        'let top = 1;',
        'for (var i = 0; i < 3; i++) { setTimeout(() => use(i, top)); }',
        'for (let j = 0; j < 3; j++) { const k = j; fns.push(function () { return j + k; }); }',
        'function outer(a) {',
        '  let count = 0;',
        '  function inner(b) { return () => a + b + count++; }',
        '  return inner;',
        '}',
      ].join('\n'),
    );
    const [first, second] = file.functions;
    expect(first).toMatchObject({ loopDepth: 1, freeVariables: ['i'] });
    expect(second).toMatchObject({ loopDepth: 1, freeVariables: ['j', 'k'] });
    expect(fn(file, 'outer').freeVariables).toEqual([]);
    expect(fn(file, 'outer.inner').freeVariables).toEqual(['a', 'count']);
    expect(fn(file, 'outer.inner.<anonymous>').freeVariables).toEqual(['a', 'b', 'count']);
  });

  it('counts awaits directly in the function', () => {
    const file = parseJs('async function f() { await a(); const g = async () => { await b(); await c(); }; return await g(); }');
    expect(fn(file, 'f').awaits).toBe(2);
    expect(fn(file, 'f.g').awaits).toBe(2);
    expect(fn(file, 'f').loopDepth).toBe(0);
  });
});

describe('calls', () => {
  it('fills argExprs, receiver, isNew, keywordArgs', () => {
    const file = parseJs("re.compile('a+', 2); new Foo(x, ...rest); a.b.c(-1); fn(() => 1, { k: 1 }, [1], `t${x}`);");
    const [compile, foo, c, f] = file.calls;
    expect(compile!.argExprs!.map(ex)).toEqual(["string:'a+'=a+", 'number:2=2']);
    expect(ex(compile!.receiver)).toBe('identifier:re=re');
    expect(compile).toMatchObject({ isNew: false, keywordArgs: [] });
    expect(foo).toMatchObject({ isNew: true, receiver: null });
    expect(foo!.argExprs!.map((e) => e.kind)).toEqual(['identifier', 'spread']);
    expect(ex(c!.receiver)).toBe('member:a.b=a.b');
    expect(ex(c!.argExprs![0])).toBe('number:-1=-1');
    expect(f!.argExprs!.map((e) => e.kind)).toEqual(['lambda', 'dict', 'list', 'template']);
  });

  it('resultUsed: floating statements vs chained, awaited, returned, assigned, void', () => {
    const file = parseJs(
      [
        'async function f() {',
        '  save();', // floating
        '  p().then(ok);', // p() chained; .then floating
        '  q().then(ok).catch(bad);', // .catch floating
        '  void fire();', // explicitly discarded: counts as handled
        '  await load();',
        '  const r = compute();',
        '  cond && maybe();', // floating
        '  use(inner());',
        '  return last();',
        '}',
        'const g = () => arrowBody();',
      ].join('\n'),
    );
    const byCallee = (callee: string) => file.calls.filter((c) => c.callee === callee).map((c) => c.resultUsed);
    expect(byCallee('save')).toEqual([false]);
    expect(byCallee('p')).toEqual([true]);
    const thens = file.calls.filter((c) => c.name === 'then' || c.name === 'catch');
    expect(thens.map((c) => [c.name, c.span.line, c.resultUsed])).toEqual([
      ['then', 3, false],
      ['catch', 4, false],
      ['then', 4, true],
    ]);
    expect(byCallee('fire')).toEqual([true]);
    expect(byCallee('load')).toEqual([true]);
    expect(byCallee('compute')).toEqual([true]);
    expect(byCallee('maybe')).toEqual([false]);
    expect(byCallee('inner')).toEqual([true]);
    expect(byCallee('use')).toEqual([false]);
    expect(byCallee('last')).toEqual([true]);
    expect(byCallee('arrowBody')).toEqual([true]);
    expect(file.calls.every((c) => typeof c.resultUsed === 'boolean')).toBe(true);
  });

  it('inLoopHeader and inWith', () => {
    const file = parseJs(
      [
        'for (let i = 0; i < a.size(); i++) { body(); }',
        'while (more()) step();',
        'for (const x of items()) {}',
        'using r = open();',
        'await using s = await openAsync();',
      ].join('\n'),
      'sample.ts',
    );
    const flags = Object.fromEntries(file.calls.map((c) => [c.callee, [c.inLoopHeader, c.inWith]]));
    expect(flags).toEqual({
      'a.size': [true, false],
      body: [false, false],
      more: [true, false],
      step: [false, false],
      items: [true, false],
      open: [false, true],
      openAsync: [false, true],
    });
  });
});

describe('branches and loops', () => {
  it('hasElse, negated', () => {
    const file = parseJs(
      [
        'if (!a) { x(); } else { y(); }',
        'if (a !== b) x();',
        'if (!!a) x();',
        'const v = c ? (d ? 1 : 2) : 3;',
        'const w = e ? f() : g;',
      ].join('\n'),
    );
    const br = file.branches.filter((b) => b.kind === 'if' || b.kind === 'ternary');
    expect(br.map((b) => [b.kind, b.hasElse, b.negated])).toEqual([
      ['if', true, true],
      ['if', false, true],
      ['if', false, false],
      ['ternary', true, false],
      ['ternary', true, false],
      ['ternary', true, false],
    ]);
    // No rule reads whether a ternary nests in another's branch: the model does not carry it (issue 18).
    expect(br.some((b) => 'inTernary' in b)).toBe(false);
  });

  it('bodySpan and awaits per iteration (body, test, update), nested loops included', () => {
    const file = parseJs(
      [
        'async function f() {',
        '  for (const x of await list()) {',
        '    await x.save();',
        '    while (await more()) { await step(); }',
        '    setTimeout(async () => { await later(); });',
        '  }',
        '}',
      ].join('\n'),
    );
    const [forOf, whileLoop] = file.loops;
    expect(forOf).toMatchObject({ awaits: 3, bodySpan: { line: 2, column: 33, endLine: 6, endColumn: 4 } });
    expect(whileLoop).toMatchObject({ awaits: 2 });
  });
});

describe('assignments, comparisons, binaries', () => {
  it('assignments with targets, declarations and conditions', () => {
    const file = parseJs(
      [
        'let x;', // 1
        'const { a, b: [c] } = o;', // 2
        'this.count += 1;', // 3
        'if ((m = re.exec(s))) {}', // 4
        'while ((n = next()) !== null) {}', // 5
        'for (let i = 0; ; ) {}', // 6
        'obj.a.b = arr[i] = 2;', // 7
      ].join('\n'),
    );
    const rows = file.assignments!.map((a) => [
      a.span.line,
      a.targets.join(','),
      a.operator,
      a.value ? a.value.text : null,
      a.declaration,
      a.loopDepth,
      a.inCondition,
    ]);
    expect(rows).toEqual([
      [1, 'x', '=', null, 'let', 0, false],
      [2, 'a,c', '=', 'o', 'const', 0, false],
      [3, 'this.count', '+=', '1', null, 0, false],
      [4, 'm', '=', 're.exec(s)', null, 0, true],
      [5, 'n', '=', 'next()', null, 1, true],
      [6, 'i', '=', '0', 'let', 1, false],
      [7, 'obj.a.b', '=', 'arr[i] = 2', null, 0, false],
      [7, 'arr[i]', '=', '2', null, 0, false],
    ]);
  });

  it('comparisons and binaries (augmented operators without `=`)', () => {
    const file = parseJs("if (x == null || y !== 'a' || k in o || z instanceof Z) {} let s = 'a' + b * 2; s += c; s ??= d;");
    expect(file.comparisons!.map((c) => `${ex(c.left)} ${c.operator} ${ex(c.right)}`)).toEqual([
      'identifier:x=x == null:null',
      "identifier:y=y !== string:'a'=a",
      'identifier:k=k in identifier:o=o',
      'identifier:z=z instanceof identifier:Z=Z',
    ]);
    expect(file.binaries!.map((b) => [b.operator, b.left.text, b.right.text, b.augmented])).toEqual([
      ['+', "'a'", 'b * 2', false],
      ['*', 'b', '2', false],
      ['+', 's', 'c', true],
    ]);
  });

  it('expression text is whitespace-collapsed and truncated to 200 characters', () => {
    const long = Array.from({ length: 80 }, (_, i) => `v${i}`).join(' +\n    ');
    const file = parseJs(`x = f(a,\n\n   b);\ny = ${long};`);
    expect(file.assignments![0]!.value!.text).toBe('f(a, b)');
    const t = file.assignments![1]!.value!.text;
    expect(t).toHaveLength(200);
    expect(t.startsWith('v0 + v1 + v2')).toBe(true);
  });
});

describe('handlers and jumps', () => {
  it('handlers: empty, re-raise, cause, comments', () => {
    const file = parseJs(
      [
        'try { a(); } catch (e) {}', // 1
        'try { a(); } catch (e) { /* ignore */ }', // 2
        'try { a(); } catch (e) { throw e; }', // 3
        "try { a(); } catch (e) { throw new Error('x: ' + e.message); }", // 4
        "try { a(); } catch (e) { throw new Error('x', { cause: e }); }", // 5
        "try { a(); } catch (err) { console.error(err); logger.warn('w'); }", // 6
        'try { a(); } catch { cleanup(); }', // 7
      ].join('\n'),
    );
    expect(file.handlers!.map((h) => [h.binding, h.statements, h.comments, h.reraises, h.raisesWithoutCause])).toEqual([
      ['e', 0, 0, false, false],
      ['e', 0, 1, false, false],
      ['e', 1, 0, true, false],
      ['e', 1, 0, false, true],
      ['e', 1, 0, false, false],
      ['err', 2, 0, false, false],
      [null, 1, 0, false, false],
    ]);
    expect(file.handlers!.every((h) => h.types.length === 0 && h.function === null)).toBe(true);
    // No rule reads `usesBinding` or `onlyLogs`: the model does not carry them (issue 18).
    expect(file.handlers!.some((h) => 'usesBinding' in h || 'onlyLogs' in h)).toBe(false);
  });

  it('jumps: unreachable next statement, inFinally, hoisted declarations are not dead code', () => {
    const file = parseJs(
      [
        'function f(x) {', // 1
        '  if (x) {', // 2
        '    return 1;', // 3
        '    cleanup();', // 4
        '  }', // 5
        '  try { work(); } finally { return 2; }', // 6
        '  throw new Error();', // 7
        '  function helper() {}', // 8
        '  var later;', // 9
        '}', // 10
        'for (;;) { if (a) continue; break; }', // 11
      ].join('\n'),
    );
    const rows = file.jumps!.map((j) => [j.kind, j.span.line, j.unreachable?.line ?? null, j.inFinally, ex(j.value), j.function]);
    expect(rows).toEqual([
      ['return', 3, 4, false, 'number:1=1', 0],
      ['return', 6, null, true, 'number:2=2', 0],
      ['throw', 7, null, false, 'new:new Error()', 0],
      ['continue', 11, null, false, 'null', null],
      ['break', 11, null, false, 'null', null],
    ]);
  });
});

describe('literals and collections', () => {
  it('strings: boundTo, docstrings, templates, keys and imports left out', () => {
    const file = parseJs(
      [
        "'use strict';", // 1
        "import x from './mod';", // 2
        "const password = 'hunter2';", // 3
        "this.apiKey = process.env.K || 'fallback';", // 4
        "const cfg = { secret: 'abc', 'quoted-key': 1 };", // 5
        "function f(token = 'dflt') { return `a${token}b`; }", // 6
        "const c = cond ? 'yes' : 'no';", // 7
        'const el = <A title="t" />;', // 8
      ].join('\n'),
      'sample.jsx',
    );
    expect(file.strings!.map((s) => [s.span.line, s.value, s.boundTo, s.isDocstring, s.interpolated])).toEqual([
      [1, 'use strict', null, true, false],
      [3, 'hunter2', 'password', false, false],
      [4, 'fallback', 'apiKey', false, false],
      [5, 'abc', 'secret', false, false],
      [6, 'dflt', 'token', false, false],
      [6, 'a{}b', null, false, true],
      [7, 'yes', 'c', false, false],
      [7, 'no', 'c', false, false],
      [8, 't', 'title', false, false],
    ]);
    expect(fn(file, 'f').isExported).toBe(false);
    expect(file.strings![5]!.function).toBe(0);
  });

  it('numbers: context, boundTo, negative', () => {
    const file = parseJs(
      [
        'const timeout = 3000;', // assignment
        'if (n > 42) {}', // comparison
        'sleep(500);', // argument
        'function f(retries = -1) { return arr[7] * 60; }', // default, index, binary
        'const o = { port: 8080, list: [1, 2] };', // collection
        'switch (x) { case 9: break; }', // comparison
        'const big = 10n;',
      ].join('\n'),
    );
    expect(file.numbers!.map((n) => [n.text, n.value, n.context, n.boundTo, n.negative])).toEqual([
      ['3000', 3000, 'assignment', 'timeout', false],
      ['42', 42, 'comparison', null, false],
      ['500', 500, 'argument', null, false],
      ['-1', -1, 'default', 'retries', true],
      ['7', 7, 'index', null, false],
      ['60', 60, 'binary', null, false],
      ['8080', 8080, 'collection', 'port', false],
      ['1', 1, 'collection', null, false],
      ['2', 2, 'collection', null, false],
      ['9', 9, 'comparison', null, false],
      ['10n', 10, 'assignment', 'big', false],
    ]);
    expect(file.numbers![3]!.span).toEqual({ line: 4, column: 22, endLine: 4, endColumn: 24 });
  });

  it('collections: static keys (get/set pairs once), size', () => {
    const file = parseJs("const o = { a: 1, 'b': 2, 3: 3, [c]: 4, ...d, get v() { return 1; }, set v(x) {}, a: 5 }; const l = [1, , 3];");
    const [obj, arr] = file.collections!;
    expect(obj).toMatchObject({ kind: 'object', size: 8 });
    expect(obj!.keys.map((k) => k.text)).toEqual(['a', 'b', '3', 'v', 'a']);
    expect(obj!.keys[0]!.span).toEqual({ line: 1, column: 13, endLine: 1, endColumn: 14 });
    expect(arr).toMatchObject({ kind: 'list', size: 3, keys: [] });
  });
});

describe('blocks', () => {
  it('switch cases fall through when non-empty, not ending in a jump and not last', () => {
    const file = parseJs(
      [
        'switch (x) {',
        '  case 1:',
        '    a();', // falls through
        '  case 2:',
        '  case 3:', // empty: no
        '    b();',
        '    break;',
        '  case 4: {',
        '    if (y) return; else throw e;', // both branches jump
        '  }',
        '  case 5:',
        '    if (y) break;', // may fall through
        '  default:',
        '    c();', // last
        '}',
      ].join('\n'),
    );
    const cases = file.blocks!.filter((b) => b.kind === 'case');
    expect(cases.map((b) => [b.span.line, b.statements, b.fallsThrough])).toEqual([
      [2, 1, true],
      [4, 0, false],
      [5, 2, false],
      [8, 1, false],
      [11, 1, true],
      [13, 1, false],
    ]);
    expect(file.blocks!.find((b) => b.kind === 'switch')!.statements).toBe(6);
  });

  it('block kinds, statements and comments', () => {
    const file = parseJs(
      [
        'function f() {', // function
        '  if (a) { /* nothing */ } else if (b) { x(); } else { ; }',
        '  for (;;) y();',
        '  try { z(); } catch (e) {} finally {}',
        '  { let scoped; }',
        '}',
        'class K { m() {} n = 1; static { init(); } }',
      ].join('\n'),
    );
    expect(file.blocks!.map((b) => [b.kind, b.statements, b.comments, b.function])).toEqual([
      ['function', 4, 1, 0],
      ['if', 0, 1, 0],
      ['elif', 1, 0, 0],
      ['else', 0, 0, 0],
      ['loop', 1, 0, 0],
      ['try', 1, 0, 0],
      ['finally', 0, 0, 0],
      ['except', 0, 0, 0],
      ['block', 1, 0, 0],
      ['class', 3, 0, null],
      ['function', 0, 0, 1],
      ['block', 1, 0, null],
    ]);
    expect(file.blocks!.every((b) => !b.fallsThrough)).toBe(true);
  });
});

describe('file-level', () => {
  it('keeps the Babel File AST as the syntax handle', () => {
    const file = parseJs('const a = 1;');
    const syntax = file.syntax;
    if (syntax?.kind !== 'babel') throw new Error('expected a Babel syntax handle');
    const ast = syntax.ast as BNode;
    expect(ast.type).toBe('File');
    expect((ast.program as BNode).type).toBe('Program');
  });

  it('a file that does not parse has empty lists', () => {
    const file = parseJs('\u0000\u0001 ((((');
    expect(file.parsed).toBe(false);
    expect(file.bindings).toEqual([]);
    expect(file.blocks).toEqual([]);
    expect(file.syntax).toBeUndefined();
  });

  it('is iterative: 100 000 nested ifs in a synthetic AST', () => {
    const loc = (line: number) => ({ start: { line, column: 0 }, end: { line, column: 1 } });
    const node = (type: string, extra: Record<string, unknown> = {}, line = 1): BNode => ({
      type,
      start: line,
      end: line + 1,
      loc: loc(line),
      ...extra,
    });
    const depth = 100_000;
    let inner: BNode = node('BlockStatement', { body: [] }, depth + 2);
    for (let i = depth; i >= 1; i--) {
      const ifNode = node('IfStatement', { test: node('Identifier', { name: 'a' }, i + 1), consequent: inner, alternate: null }, i + 1);
      inner = node('BlockStatement', { body: [ifNode] }, i + 1);
    }
    const param = node('Identifier', { name: 'a' });
    const f = node('FunctionDeclaration', {
      id: node('Identifier', { name: 'f' }),
      params: [param],
      body: inner,
      async: false,
      generator: false,
    });
    const program = node('Program', { body: [f] });
    const ext = createExtension('x'.repeat(10), []);
    const model = buildModel(program, 'x'.repeat(10), [], [], ext.co);
    const parts = ext.finish(model);
    expect(parts.bindings.map((b) => [b.name, b.reads])).toEqual([
      ['f', 0],
      ['a', depth],
    ]);
    expect(parts.blocks).toHaveLength(depth + 1);
    expect(model.branches.every((b) => b.hasElse === false)).toBe(true);
  });
});
