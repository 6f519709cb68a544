import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLAT_ADDON, flatParser, flatParserUnavailable } from '../../../src/languages/python/flat-parse.js';
import { indexNodeTypes, nodeTypeIndex, parsePython, type ParseOutput, type PyNode } from '../../../src/languages/python/parse.js';
import { liveTreeBytes } from '../../../src/languages/python/tree-memory.js';
import { toasty } from '../../helpers/cli.js';
import { tempTree } from '../../helpers/tmp.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** Every node in pre-order with all that the rules read of it, the problems and the error flag. */
function dump(out: ParseOutput): string[] {
  const rows: string[] = [];
  const stack: PyNode[] = [out.root];
  while (stack.length) {
    const n = stack.pop()!;
    rows.push(
      [n.type, n.named, n.field, n.start, n.end, n.startRow, n.startCol, n.endRow, n.endCol, n.missing, n.children.length].join(' '),
    );
    for (const c of n.children) if (c.parent !== n) rows.push(`parent of ${c.type} at ${c.start} is wrong`);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  rows.push(JSON.stringify(out.problems), String(out.hasError));
  return rows;
}

function pythonFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.py'))
    .map((f) => join(dir, f));
}

const ODD = {
  empty: '',
  'lone high surrogate': 'x = "\ud800"\n',
  'lone low surrogate in a name': 'y = \udc00x\n',
  'astral characters': 'x = "😀 𝔘"\ndef f(ä):\n    return ä + "€"\n',
  'line separator': 'a\u2028b = 1\n',
  NUL: 'z = "\0"\n',
  'Python 2 print': 'print "hi"\nexec code\n',
  'unclosed call': 'f(1,\n',
  'incomplete operator': 'x = 1 +\n',
  'bad indent': 'class A:\n\tpass\n  x\n',
  'deep nesting': '('.repeat(3000) + '1' + ')'.repeat(3000) + '\n',
  'unclosed parentheses': '('.repeat(2000),
  'long line': `x = ${'a + '.repeat(20000)}1\n`,
  'match block': 'match x:\n    case [a, *rest] if a > 0:\n        pass\n    case _:\n        pass\n',
  'f-string': 'f"{a!r:>{w}} {b:{c}.{d}f} {{}}"\n',
};

describe("toasty's Python parse addon (native/python-flat, issue 19)", () => {
  it('was built by `npm ci` / `npm run build` and loads', () => {
    expect(flatParserUnavailable()).toBeNull();
  });

  it('lists the named nodes of the types asked for while it builds a tree, in the order a walk of the tree finds them', () => {
    const types = ['call', 'identifier', 'string', 'ERROR', 'decorated_definition'];
    indexNodeTypes(types);
    const walked = (root: PyNode, type: string): PyNode[] => {
      const out: PyNode[] = [];
      const stack = [root];
      while (stack.length) {
        const n = stack.pop()!;
        if (n.named && n.type === type) out.push(n);
        for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
      }
      return out;
    };
    let listed = 0;
    for (const f of pythonFiles(join(ROOT, 'tests', 'fixtures'))) {
      const whole = readFileSync(f, 'utf8');
      for (const text of [whole, whole.slice(0, Math.floor(whole.length / 2))]) {
        const { root } = parsePython(text);
        const index = nodeTypeIndex(root)!;
        expect(index, f).toBeDefined();
        for (const t of types) {
          expect(index.byType.get(t), `${f}: ${t}`).toEqual(walked(root, t));
          listed += index.byType.get(t)!.length;
        }
      }
    }
    expect(listed).toBeGreaterThan(1000);
    // node-tree-sitter's cursor conversion lists nothing: the queries walk its tree.
    expect(nodeTypeIndex(parsePython('f(x)\n', 'cursor').root)).toBeUndefined();
  });

  it('gives the tree, problems and flags of the cursor conversion on every Python fixture', () => {
    const files = [...pythonFiles(join(ROOT, 'tests', 'fixtures')), ...pythonFiles(join(ROOT, 'bench', 'parity', 'fixtures'))];
    expect(files.length).toBeGreaterThan(50);
    let errors = 0;
    for (const f of files) {
      const whole = readFileSync(f, 'utf8');
      // The file, and broken copies of it: cut in the middle of a line, and a span of it deleted.
      const third = Math.floor(whole.length / 3);
      for (const text of [whole, whole.slice(0, third * 2 + 1), whole.slice(0, third) + whole.slice(third + 7)]) {
        const native = parsePython(text);
        expect(native.tree, f).toBeUndefined();
        if (native.hasError) errors++;
        expect(dump(native), f).toEqual(dump(parsePython(text, 'cursor')));
      }
    }
    expect(errors).toBeGreaterThan(files.length / 2);
  });

  it('parses many texts queued at once off this thread (one parse at a time) to the tables of the parse on it', async () => {
    const flat = flatParser()!;
    const texts = [
      ...pythonFiles(join(ROOT, 'tests', 'fixtures'))
        .slice(0, 40)
        .map((f) => readFileSync(f, 'utf8')),
      ...Object.values(ODD),
    ];
    const tables = await Promise.all(texts.map((t) => flat.parseAsync(t)));
    expect(tables.length).toBeGreaterThan(40);
    tables.forEach((table, i) => expect([...table], `text ${i}`).toEqual([...flat.parse(texts[i]!)]));
  });

  it.each(Object.entries(ODD))('gives the cursor conversion’s tree for %s', (_, text) => {
    expect(dump(parsePython(text))).toEqual(dump(parsePython(text, 'cursor')));
  });

  it('reports syntax errors and Python 2 statements as the cursor conversion does', () => {
    const broken = parsePython('def f(:\n    return 1\n');
    expect(broken.hasError).toBe(true);
    expect(broken.problems[0]).toMatchObject({ line: 1 });
    const legacy = parsePython('print "hi"\n');
    expect(legacy.problems.map((p) => p.message)).toEqual(['Python 2 `print` statement (not valid in Python 3; call print(...))']);
  });

  it('frees its tree before returning: nothing native outlives the parse', () => {
    const before = liveTreeBytes();
    const out = parsePython('def f(a):\n    return a\n'.repeat(500));
    expect(out.tree).toBeUndefined();
    expect(liveTreeBytes()).toBe(before);
  });

  it('refuses a grammar that is not a tree-sitter language, saying what it expected', () => {
    const addon = createRequire(import.meta.url)(FLAT_ADDON) as { setLanguage(x: unknown): unknown; parse(t: unknown): unknown };
    expect(() => addon.setLanguage({})).toThrow(/expected an External/);
    expect(() => addon.setLanguage(undefined)).toThrow(/expected an External/);
    // Not a string: both entry points name themselves and what they expected.
    expect(() => addon.parse(5)).toThrow(/^parse: expected the source text \(a string\)$/);
    expect(() => (addon as unknown as { parseAsync(t: unknown): unknown }).parseAsync({})).toThrow(/^parseAsync: expected the source text/);
  });
});

describe('grading without the addon (TOASTY_PYTHON_NATIVE=0)', () => {
  it('gives the same report, byte for byte apart from the run header', () => {
    const { dir, remove } = tempTree({
      'app.py': readFileSync(join(ROOT, 'tests', 'fixtures', 'rules', pythonFixture()), 'utf8'),
      'broken.py': 'def f(:\n    return 1\n',
      'legacy.py': 'print "hi"\n',
    });
    const args = ['grade', '.', '--format', 'json', '--no-cache', '--no-neural'];
    const withAddon = toasty(args, dir);
    const without = toasty(args, dir, { TOASTY_PYTHON_NATIVE: '0' });
    expect(withAddon.code, withAddon.stderr).toBe(without.code);
    const strip = (s: string) => {
      const r = JSON.parse(s) as Record<string, unknown>;
      delete r.run;
      return JSON.stringify(r, (k, v: unknown) => (k === 'id' || k === 'durationMs' ? undefined : v));
    };
    expect(strip(withAddon.stdout)).toBe(strip(without.stdout));
    // Both Python files that are not Python 3 are reported as unparseable, either way.
    expect(withAddon.stdout).toMatch(/"parseErrors": 2\b/);
    remove();
  });
});

/** A Python fixture with findings (the rules' own test cases). */
function pythonFixture(): string {
  const py = readdirSync(join(ROOT, 'tests', 'fixtures', 'rules'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.py'))
    .sort();
  return py[0]!;
}
