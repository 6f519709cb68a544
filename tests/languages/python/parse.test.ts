import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { parsePython, type PyNode } from '../../../src/languages/python/parse.js';

function leaves(root: PyNode): PyNode[] {
  const out: PyNode[] = [];
  const stack = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.children.length === 0) out.push(n);
    stack.push(...n.children);
  }
  return out;
}

describe('the converted tree', () => {
  it('gives every leaf an empty child list, of the same hidden class as the other lists, through valid and broken files', () => {
    const sources = [
      'x = 1\n',
      'def f(a):\n    return a + 1\n',
      'def f(:\n    pass\n',
      'print "py2"\n',
      '',
      'class C:\n    def m(self): ...\n',
    ];
    const roots = sources.map((s) => parsePython(s).root);
    // Parsing more files after the first never adds to a leaf's (shared) list.
    for (const root of roots) for (const leaf of leaves(root)) expect(leaf.children).toEqual([]);
    const withKids = roots[1]!.children;
    const leaf = leaves(roots[1]!)[0]!;
    expect(leaf.children).not.toBe(withKids);
    // V8's own answer (natives syntax, allowed from here on in this test's process).
    setFlagsFromString('--allow-natives-syntax');
    const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: unknown, b: unknown) => boolean;
    expect(sameMap(leaf.children, withKids)).toBe(true);
    expect(sameMap(Object.freeze([]), withKids)).toBe(false);
  });
});
