import { describe, expect, it } from 'vitest';
import { fn, parseJs } from './helpers.js';

describe('javascript model: functions', () => {
  const src = [
    '/** Adds things. */', // 1
    'export function add(a, b = 1, ...rest) {', // 2
    '  return a + b;', // 3
    '}', // 4
    'const twice = (x) => x * 2;', // 5
    'export const fetchAll = async function* () {};', // 6
    'class Store extends Base.Model {', // 7
    '  @cached', // 8
    '  /** Loads one. */', // 9
    '  async load(id) { this.last = id; return this.save(id); }', // 10
    '  get size() { return 0; }', // 11
    '  set size(v) {}', // 12
    '  constructor() { super(); this.items = []; }', // 13
    '  handler = (e) => e;', // 14
    '  #secret() {}', // 15
    '  static create() {}', // 16
    '}', // 17
    'function outer() {', // 18
    '  function inner() {}', // 19
    '  return [1].map(function (v) { return v; });', // 20
    '}', // 21
    "const api = { ping() {}, pong: () => 1, ['k' + 1]: function () {} };", // 22
    'module.exports = { outer, twice };', // 23
    'exports.helper = function () {};', // 24
  ].join('\n');
  const file = parseJs(src);

  it('names and kinds', () => {
    expect(file.parsed).toBe(true);
    expect(file.functions.map((f) => `${f.kind}:${f.qualifiedName}`)).toEqual([
      'function:add',
      'arrow:twice',
      'function:fetchAll',
      'method:Store.load',
      'getter:Store.size',
      'setter:Store.size',
      'constructor:Store.constructor',
      'arrow:Store.handler',
      'method:Store.#secret',
      'method:Store.create',
      'function:outer',
      'function:outer.inner',
      'function:outer.<anonymous>',
      'method:ping',
      'arrow:pong',
      "function:['k' + 1]",
      'function:helper',
    ]);
  });

  it('spans start at the function keyword / method name / arrow params, not decorators', () => {
    expect(fn(file, 'add').span).toEqual({ line: 2, column: 8, endLine: 4, endColumn: 2 });
    expect(fn(file, 'twice').span).toEqual({ line: 5, column: 15, endLine: 5, endColumn: 27 });
    expect(fn(file, 'twice').nameSpan).toEqual({ line: 5, column: 7, endLine: 5, endColumn: 12 });
    expect(fn(file, 'twice').bodySpan).toEqual({ line: 5, column: 22, endLine: 5, endColumn: 27 });
    const load = fn(file, 'Store.load');
    expect(load.span.line).toBe(10);
    expect(load.span.column).toBe(3);
    expect(load.nameSpan).toEqual({ line: 10, column: 9, endLine: 10, endColumn: 13 });
    expect(load.decorators).toEqual(['cached']);
    expect(fn(file, 'outer.<anonymous>').nameSpan).toEqual({ line: 20, column: 18, endLine: 20, endColumn: 26 });
  });

  it('params, async, generator, doc', () => {
    const add = fn(file, 'add');
    expect(add.params.map((p) => [p.name, p.hasDefault, p.isRest, p.defaultText ?? null])).toEqual([
      ['a', false, false, null],
      ['b', true, false, '1'],
      ['rest', false, true, null],
    ]);
    expect(add.metrics.params).toBe(3);
    expect(add.doc).toBe('Adds things.');
    expect(fn(file, 'Store.load').doc).toBe('Loads one.');
    expect(fn(file, 'Store.load').isAsync).toBe(true);
    expect(fn(file, 'fetchAll').isGenerator).toBe(true);
    expect(fn(file, 'fetchAll').isAsync).toBe(true);
    expect(fn(file, 'twice').doc).toBeNull();
  });

  it('exports', () => {
    const exported = file.functions.filter((f) => f.isExported).map((f) => f.qualifiedName);
    expect(exported).toEqual(['add', 'twice', 'fetchAll', 'outer', 'helper']);
  });

  it('parents and depth', () => {
    const inner = fn(file, 'outer.inner');
    expect(inner.parentFunction).toBe(file.functions.indexOf(fn(file, 'outer')));
    expect(inner.depth).toBe(1);
    expect(fn(file, 'Store.load').depth).toBe(0);
    expect(fn(file, 'Store.load').parentClass).toBe(0);
    expect(fn(file, 'Store.handler').parentClass).toBe(0);
    expect(fn(file, 'ping').parentClass).toBeNull();
  });

  it('classes', () => {
    expect(file.classes).toHaveLength(1);
    const store = file.classes[0]!;
    expect(store.name).toBe('Store');
    expect(store.bases).toEqual(['Base.Model']);
    expect(store.methods.map((i) => file.functions[i]!.name)).toEqual([
      'load',
      'size',
      'size',
      'constructor',
      'handler',
      '#secret',
      'create',
    ]);
    expect(store.attributes.sort()).toEqual(['handler', 'items', 'last']);
    expect(store.span.line).toBe(7);
    expect(store.isExported).toBe(false);
  });

  it('returns and loc', () => {
    expect(fn(file, 'add').metrics.returns).toBe(1);
    expect(fn(file, 'add').metrics.loc).toBe(3);
    expect(fn(file, 'add').metrics.sloc).toBe(3);
    expect(fn(file, 'outer').metrics.returns).toBe(1); // the nested function's return is its own
  });
});

describe('javascript model: TypeScript', () => {
  const src = [
    'import type { Db } from "./db.js";',
    'import fs, { readFile as rf } from "node:fs";',
    'import * as path from "node:path";',
    'export * from "./all.js";',
    'export { x as y } from "./x.js";',
    'import cp = require("child_process");',
    '/** Repository. */',
    'export class Repo<T> {',
    '  private cache = new Map<string, T>();',
    '  constructor(private readonly db: Db, public name = "r") {}',
    '  find(this: Repo<T>, id: string, opts?: { deep: boolean }): T | undefined { return this.cache.get(id); }',
    '  private hidden(): void {}',
    '  abstractLike(a: number): number;',
    '  abstractLike(a: number): number { return a; }',
    '}',
    'export default function (a: string[] = []): number { return a.length; }',
  ].join('\n');
  const file = parseJs(src, 'repo.ts');

  it('parses and lists functions with TS params', () => {
    expect(file.parsed).toBe(true);
    expect(file.problems).toEqual([]);
    expect(file.functions.map((f) => f.qualifiedName)).toEqual([
      'Repo.constructor',
      'Repo.find',
      'Repo.hidden',
      'Repo.abstractLike',
      '<anonymous>',
    ]);
    const find = fn(file, 'Repo.find');
    expect(find.params.map((p) => `${p.name}:${p.annotation}`)).toEqual(['id:string', 'opts:{ deep: boolean }']);
    const ctor = fn(file, 'Repo.constructor');
    expect(ctor.params.map((p) => [p.name, p.annotation ?? null, p.defaultText ?? null])).toEqual([
      ['db', 'Db', null],
      ['name', null, '"r"'],
    ]);
    expect(fn(file, '<anonymous>').params[0]).toMatchObject({ name: 'a', annotation: 'string[]', hasDefault: true, defaultText: '[]' });
  });

  it('exports of class members follow the class and visibility', () => {
    expect(fn(file, 'Repo.find').isExported).toBe(true);
    expect(fn(file, 'Repo.hidden').isExported).toBe(false);
    expect(fn(file, '<anonymous>').isExported).toBe(true);
    expect(file.classes[0]!.isExported).toBe(true);
    expect(file.classes[0]!.doc).toBe('Repository.');
    expect(file.classes[0]!.attributes.sort()).toEqual(['cache', 'db', 'name']);
  });

  it('imports', () => {
    expect(
      file.imports.map((i) => [i.module, i.bindings.map((b) => `${b.local}<${b.imported}`).join(','), i.isWildcard, i.isTypeOnly]),
    ).toEqual([
      ['./db.js', 'Db<Db', false, true],
      ['node:fs', 'fs<default,rf<readFile', false, false],
      ['node:path', 'path<*', false, false],
      ['./all.js', '', true, false],
      ['./x.js', 'y<x', false, false],
      ['child_process', 'cp<*', false, false],
    ]);
  });
});

describe('javascript model: calls, loops, branches, require', () => {
  const src = [
    "const cp = require('child_process');", // 1
    "const { exec, spawn: sp } = require('child_process');", // 2
    "const join = require('path').join;", // 3
    'async function run(items) {', // 4
    '  for (const item of items) {', // 5
    '    for (let i = 0; i < item.n; i++) {', // 6
    '      await cp.exec(item.cmd, { shell: true });', // 7
    '    }', // 8
    '  }', // 9
    '  while (items.length) items.pop();', // 10
    '  if (a) { x(); } else if (b) { y(); } else { z(); }', // 11
    '  try { this.save(); } catch (e) { log(e); } finally { done(); }', // 12
    '  const v = a ? f() : a?.b ?? c;', // 13
    '  switch (v) { case 1: break; default: }', // 14
    '  for await (const chunk of stream) {}', // 15
    '  new Worker(file);', // 16
    '}', // 17
    "fetch('https://x');", // 18
  ].join('\n');
  const file = parseJs(src);

  it('require imports', () => {
    expect(file.imports.map((i) => [i.module, i.bindings.map((b) => `${b.local}<${b.imported}`).join(',')])).toEqual([
      ['child_process', 'cp<*'],
      ['child_process', 'exec<exec,sp<spawn'],
      ['path', 'join<join'],
    ]);
  });

  it('calls with callee path, loop depth, awaited, statement', () => {
    const exec = file.calls.find((c) => c.callee === 'cp.exec')!;
    expect(exec).toMatchObject({
      name: 'exec',
      argCount: 2,
      args: ['item.cmd', '{ shell: true }'],
      function: 0,
      loopDepth: 2,
      awaited: true,
      isStatement: true,
    });
    expect(exec.span).toEqual({ line: 7, column: 13, endLine: 7, endColumn: 47 });
    const pop = file.calls.find((c) => c.callee === 'items.pop')!;
    expect(pop).toMatchObject({ loopDepth: 1, awaited: false, isStatement: true });
    expect(file.calls.find((c) => c.callee === 'this.save')).toMatchObject({ name: 'save', loopDepth: 0 });
    expect(file.calls.find((c) => c.callee === 'f')).toMatchObject({ isStatement: false });
    expect(file.calls.find((c) => c.callee === 'Worker')).toMatchObject({ argCount: 1, args: ['file'] });
    expect(file.calls.find((c) => c.callee === 'fetch')).toMatchObject({ function: null, isStatement: true, args: ["'https://x'"] });
  });

  it('loops', () => {
    expect(file.loops.map((l) => [l.kind, l.iterable, l.targets.join(','), l.depth, l.isAsync, l.span.line])).toEqual([
      ['for-of', 'items', 'item', 0, false, 5],
      ['for', 'i < item.n', 'i', 1, false, 6],
      ['while', 'items.length', '', 0, false, 10],
      ['for-of', 'stream', 'chunk', 0, true, 15],
    ]);
  });

  it('branches', () => {
    const kinds = file.branches.map((b) => `${b.kind}@${b.span.line}:${b.depth}`);
    expect(kinds).toEqual([
      'if@11:0',
      'elif@11:0',
      'else@11:0',
      'try@12:0',
      'catch@12:0',
      'finally@12:0',
      'ternary@13:0',
      'logical@13:0',
      'switch@14:0',
      'case@14:0',
      'case@14:0',
    ]);
    expect(file.branches[0]!.condition).toBe('a');
    expect(file.branches[2]!.span.column).toBe(40); // starts at `else`
  });

  it('max nesting', () => {
    expect(file.functions[0]!.metrics.maxNesting).toBe(2);
  });
});

describe('javascript model: comments and tokens', () => {
  const file = parseJs('// line\n/** doc */\nconst a = 1; /* block */\n');
  it('comments', () => {
    expect(file.comments.map((c) => [c.text, c.isDoc, c.span.line])).toEqual([
      [' line', false, 1],
      ['* doc ', true, 2],
      [' block ', false, 3],
    ]);
  });
  it('tokens', () => {
    expect(file.tokens.map((t) => `${t.kind}:${t.text}`)).toEqual([
      'keyword:const',
      'identifier:a',
      'operator:=',
      'number:1',
      'punctuation:;',
    ]);
    expect(file.tokens[1]).toMatchObject({ line: 3, column: 7 });
  });
  it('a token’s text is its source text, also where Babel holds another string (escapes, cooked strings, labels)', () => {
    const src = "let \\u0061b = 'x\\ty' + `t${n}` + name + 0x1F;\nconst q = a?.b ?? c;\n";
    const tokens = parseJs(src).tokens;
    expect(tokens.map((t) => t.text)).toEqual(
      ['let', '\\u0061b', '=', "'x\\ty'", '+', '`', 't', '${', 'n', '}', '', '`', '+', 'name', '+', '0x1F', ';'].concat([
        'const',
        'q',
        '=',
        'a',
        '?.',
        'b',
        '??',
        'c',
        ';',
      ]),
    );
    const lines = src.split('\n');
    for (const t of tokens) expect(lines[t.line - 1]!.slice(t.column - 1, t.column - 1 + t.text.length)).toBe(t.text);
  });
});

describe('javascript model: TSX and JSX', () => {
  it('parses TSX with generics and JSX', () => {
    const file = parseJs('export const List = <T,>({ xs }: { xs: T[] }) => <ul>{xs.map((x) => <li>{String(x)}</li>)}</ul>;', 'list.tsx');
    expect(file.parsed).toBe(true);
    expect(file.functions.map((f) => f.qualifiedName)).toEqual(['List', 'List.<anonymous>']);
    expect(file.functions[0]!.isExported).toBe(true);
  });
  it('parses JSX in .js files', () => {
    const file = parseJs('function App() { return <div className="a">{x && <b />}</div>; }', 'app.js');
    expect(file.parsed).toBe(true);
    expect(file.functions[0]!.metrics.cyclomatic).toBe(2);
    expect(file.functions[0]!.metrics.cognitive).toBe(0); // JSX short-circuit is ignored by sonarjs
  });
});
