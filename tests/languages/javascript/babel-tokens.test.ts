import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource, PATCHED_BABEL } from '../../../src/languages/javascript/parse.js';
// @ts-expect-error: a build script (plain ES module, no types)
import { BABEL_ENTRY, patchBabel } from '../../../scripts/patch-babel.mjs';

// The build's copy of @babel/parser (scripts/patch-babel.mjs) makes Babel 7's token list in one pass
// instead of splicing the whole list once per template literal or `#name` (quadratic, issue 19). It
// must give exactly the tokens the package gives.

type Babel = typeof import('@babel/parser');
const require = createRequire(import.meta.url);
const installed = require('@babel/parser') as Babel;

interface RawToken {
  type: string | { label: string; keyword?: string };
  value?: unknown;
  start: number;
  end: number;
  loc: { start: { line: number; column: number; index: number }; end: { line: number; column: number; index: number } };
}

const shape = (t: RawToken) => ({
  type: typeof t.type === 'string' ? t.type : `${t.type.label}/${t.type.keyword ?? ''}`,
  value: t.value,
  start: t.start,
  end: t.end,
  loc: [t.loc.start.line, t.loc.start.column, t.loc.start.index, t.loc.end.line, t.loc.end.column, t.loc.end.index],
});

/** The tokens, or the error the parse threw (both parsers must throw the same). */
function tokensOf(babel: Babel, text: string, typescript: boolean, jsx: boolean): ReturnType<typeof shape>[] | string {
  try {
    const file = babel.parse(text, {
      sourceType: 'unambiguous',
      errorRecovery: true,
      tokens: true,
      plugins: [...(typescript ? (['typescript'] as const) : []), ...(jsx ? (['jsx'] as const) : [])],
    }) as unknown as { tokens: RawToken[] };
    return file.tokens.map(shape);
  } catch (error) {
    return String(error);
  }
}
const count = (tokens: ReturnType<typeof tokensOf>, type: string) =>
  typeof tokens === 'string' ? 0 : tokens.filter((t) => t.type === type).length;

const CASES: Record<string, string> = {
  templates: 'const a = `plain`;\nconst b = `x${1}y${`inner ${z}`}w`;\nconst c = tag`a${b}c`;\nconst d = `${a}`;\n',
  privateNames: 'class A {\n  #x = 1;\n  #m() { return this.#x; }\n  static has(o) { return #x in o; }\n}\n',
  mixed: 'class B { #t = `${this.#u}`; #u = 2; }\nexport const f = (s) => `${s.#p ?? ``}`;\n',
  unterminated: 'const broken = `abc${\n',
  recovered: 'const r = `a${b}c`;\nlet let = `${r}`;\nclass C { #d; #d; }\n',
  empty: '',
};

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (/\.(ts|mjs)$/.test(name)) out.push(path);
  }
  return out;
}

describe('the build’s copy of @babel/parser', () => {
  it('is built, and the JS/TS front-end loads it', () => {
    expect(existsSync(PATCHED_BABEL)).toBe(true);
    parseSource('w.js', 'const w = `${1}`;\n', 'javascript');
    expect(Object.keys(require.cache)).toContain(PATCHED_BABEL);
  });

  it('gives exactly the tokens @babel/parser gives: templates, private names, this repository’s own sources', () => {
    const patched = require(PATCHED_BABEL) as Babel;
    let templates = 0;
    let hashes = 0;
    for (const [name, text] of Object.entries(CASES)) {
      const want = tokensOf(installed, text, false, false);
      expect(tokensOf(patched, text, false, false), name).toEqual(want);
      templates += count(want, 'template/');
      hashes += count(want, '#/');
    }
    for (const file of [...sources(resolve('src')), ...sources(resolve('scripts'))]) {
      const text = readFileSync(file, 'utf8');
      const ts = file.endsWith('.ts');
      const want = tokensOf(installed, text, ts, false);
      expect(tokensOf(patched, text, ts, false), file).toEqual(want);
      templates += count(want, 'template/');
    }
    // The comparison covered what the patch changes.
    expect(templates).toBeGreaterThan(1000);
    expect(hashes).toBeGreaterThanOrEqual(6);
  });

  it('the build refuses to patch a parser whose function is not the one the patch was written for', () => {
    const source = readFileSync(BABEL_ENTRY, 'utf8');
    expect(patchBabel(source).error).toBeUndefined();
    expect(patchBabel(source.replace('tokens.splice(i, 1, startToken,', 'tokens.splice(i, 1, first,')).error).toMatch(/found 0 times/);
    expect(patchBabel(source.replace('function babel7CompatTokens(', 'function otherName(')).error).toMatch(/not found/);
  });
});
