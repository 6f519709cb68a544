import { describe, expect, it } from 'vitest';
import { parsePython, type PyNode } from '../../../src/languages/python/parse.js';
import { coWalk, Pushes } from '../../../src/languages/python/walk.js';

interface S {
  tag: string;
  via?: (n: PyNode) => void;
}

const SOURCE = `def f(a, b: int = g(), *, c=lambda x: x):
    with open(a) as fh:
        return [y for y in fh if y]
`;

/** A visitor that walks every child in order (like the model's), recording what it visits. */
function inOrder(log: string[], pushes: Pushes<S>) {
  return (n: PyNode, s: S): void => {
    log.push(`${s.tag}:${n.type}@${n.start}`);
    pushes.pushKids(n, s);
  };
}

/**
 * A visitor that walks parameter lists and `as` patterns backwards, the latter through a `via`
 * (it does not visit the pattern itself), as the semantic co-visitor does.
 */
function backwards(log: string[], pushes: Pushes<S>) {
  return (n: PyNode, s: S): void => {
    log.push(`${s.tag}:${n.type}@${n.start}`);
    if (n.type === 'parameters') for (const k of n.children) pushes.push(k, s);
    else if (n.type === 'with_item') {
      const value = n.children[0]!;
      pushes.push(value, {
        tag: s.tag,
        via: () => {
          for (const k of value.children) pushes.push(k, s);
        },
      });
    } else pushes.pushKids(n, s);
  };
}

function solo(visitorOf: (log: string[], p: Pushes<S>) => (n: PyNode, s: S) => void, tag: string): string[] {
  const { root } = parsePython(SOURCE);
  const log: string[] = [];
  const a = new Pushes<S>();
  const none = new Pushes<S>();
  a.pushKids(root, { tag });
  coWalk(a, none, visitorOf(log, a), () => {});
  return log;
}

/** Walks SOURCE with the model visitor in order (A) and the co-visitor backwards (B); the visits, in order. */
function walkBoth(): string[] {
  const { root } = parsePython(SOURCE);
  const log: string[] = [];
  const a = new Pushes<S>();
  const b = new Pushes<S>();
  a.pushKids(root, { tag: 'A' });
  b.pushKids(root, { tag: 'B' });
  coWalk(a, b, inOrder(log, a), backwards(log, b));
  return log;
}

describe('coWalk: the model visitor and the semantic co-visitor in one walk', () => {
  it('each visitor sees exactly the nodes, in the order, it sees walking alone', () => {
    const log = walkBoth();
    const seenA = log.filter((e) => e.startsWith('A:'));
    const seenB = log.filter((e) => e.startsWith('B:'));
    expect(seenA).toEqual(solo(inOrder, 'A'));
    expect(seenB).toEqual(solo(backwards, 'B'));
    expect(seenB.length).toBeGreaterThan(40);
    expect(seenB).not.toContain(seenA.find((e) => e.includes('as_pattern')));
  });

  it('the model visits a node before the co-visitor does, also where their orders differ', () => {
    const log = walkBoth();
    const firstA = new Map<string, number>();
    log.forEach((e, i) => {
      if (e.startsWith('A:') && !firstA.has(e.slice(2))) firstA.set(e.slice(2), i);
    });
    let checked = 0;
    log.forEach((e, i) => {
      if (!e.startsWith('B:')) return;
      const at = firstA.get(e.slice(2));
      expect(at, e).toBeDefined();
      expect(at!, e).toBeLessThan(i);
      checked++;
    });
    // the parameter list is walked in different orders: the lambda and the call in the defaults too
    expect(log).toContain(`B:call@${SOURCE.indexOf('g()')}`);
    expect(log).toContain(`B:lambda@${SOURCE.indexOf('lambda')}`);
    expect(checked).toBeGreaterThan(40);
  });
});
