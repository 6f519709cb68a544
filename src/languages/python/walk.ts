/**
 * The one walk of the Python front-end: the model's visitor (declarations, calls, loops, branches)
 * and the semantic co-visitor (scopes, expression and control-flow facts) share one iterative
 * traversal of the converted tree — explicit stacks, so depth never reaches the JS call stack.
 *
 * Each visitor pushes the nodes it wants visited next (in the order it wants them popped, last
 * first) with its own state; a visitor skips a subtree by not pushing it. After a node is visited,
 * the two push lists are merged: a node both pushed becomes one stack entry visited by both (the
 * model first, then the co-visitor, which reads the FunctionNode / CallNode / LoopNode just made for
 * it). Each visitor sees exactly the sequence of nodes and states it would see walking alone. When
 * the two lists order their common nodes differently (the co-visitor walks parameter lists and
 * `as` patterns in its own order), the entries stay separate and the model's are pushed on top, so
 * the model has visited every node of that subtree before the co-visitor reaches it.
 *
 * A state may carry `via`: the node is then not visited as usual; `via` pushes what the parent
 * wanted visited under it (a visitor that reaches past a child into its children does so this way,
 * keeping every push to direct children).
 */
import type { PyNode } from './parse.js';

/** A visitor's state may redirect the visit of the node it is pushed with. */
export interface Via {
  via?: (n: PyNode) => void;
}

/**
 * One visitor's pushes during a visit, in push order: `nodes[0..size)` and `states[0..size)`. The
 * arrays keep their slots between visits (`clear` resets `size` only): setting an array's length to 0
 * gives its backing store back, so the next visit's first push allocated a new one, four arrays per
 * visited node (a tenth of all allocation on the standard library, issue 19).
 */
export class Pushes<S> {
  readonly nodes: PyNode[] = [];
  readonly states: S[] = [];
  size = 0;
  push(n: PyNode, s: S): void {
    this.nodes[this.size] = n;
    this.states[this.size++] = s;
  }
  /** The children of `n`, all with state `s`, last first (so they are visited in source order). */
  pushKids(n: PyNode, s: S): void {
    const k = n.children;
    for (let i = k.length - 1; i >= 0; i--) this.push(k[i]!, s);
  }
  clear(): void {
    this.size = 0;
  }
}

/**
 * Walks from the entries already pushed into `a` and `b`: `visitA(n, s)` and `visitB(n, s)` push
 * into `a` and `b`. Returns when both visitors have nothing left to visit.
 */
export function coWalk<A extends Via, B extends Via>(
  a: Pushes<A>,
  b: Pushes<B>,
  visitA: (n: PyNode, s: A) => void,
  visitB: (n: PyNode, s: B) => void,
): void {
  const nodes: PyNode[] = [];
  const sa: (A | null)[] = [];
  const sb: (B | null)[] = [];
  const entry = (n: PyNode, x: A | null, y: B | null): void => {
    nodes.push(n);
    sa.push(x);
    sb.push(y);
  };
  const merge = (): void => {
    const an = a.nodes;
    const bn = b.nodes;
    const aSize = a.size;
    const bSize = b.size;
    if (bSize === 0) for (let i = 0; i < aSize; i++) entry(an[i]!, a.states[i]!, null);
    else if (aSize === 0) for (let j = 0; j < bSize; j++) entry(bn[j]!, null, b.states[j]!);
    else if (!mergeInOrder(an, aSize, bn, bSize, a.states, b.states, entry)) {
      for (let j = 0; j < bSize; j++) entry(bn[j]!, null, b.states[j]!);
      for (let i = 0; i < aSize; i++) entry(an[i]!, a.states[i]!, null);
    }
    a.clear();
    b.clear();
  };
  merge();
  while (nodes.length) {
    const n = nodes.pop()!;
    const x = sa.pop()!;
    const y = sb.pop()!;
    if (x !== null) {
      if (x.via) x.via(n);
      else visitA(n, x);
    }
    if (y !== null) {
      if (y.via) y.via(n);
      else visitB(n, y);
    }
    if (a.size || b.size) merge();
  }
}

/**
 * Pushes the entries of two push lists (the first `aSize` / `bSize` of each) as one sequence that
 * keeps each list's order, joining a node both lists hold into one entry; false (nothing pushed)
 * when the lists hold common nodes in different orders.
 */
function mergeInOrder<A, B>(
  an: PyNode[],
  aSize: number,
  bn: PyNode[],
  bSize: number,
  as: A[],
  bs: B[],
  entry: (n: PyNode, x: A | null, y: B | null) => void,
): boolean {
  // The common case: the same nodes in the same order.
  if (aSize === bSize) {
    let same = true;
    for (let i = 0; i < aSize; i++)
      if (an[i] !== bn[i]) {
        same = false;
        break;
      }
    if (same) {
      for (let i = 0; i < aSize; i++) entry(an[i]!, as[i]!, bs[i]!);
      return true;
    }
  }
  // Check first that the common nodes come in the same order in both lists.
  const inB = new Map<PyNode, number>();
  for (let j = 0; j < bSize; j++) inB.set(bn[j]!, j);
  if (inB.size !== bSize) return false;
  let last = -1;
  for (let i = 0; i < aSize; i++) {
    const j = inB.get(an[i]!);
    if (j === undefined) continue;
    if (j <= last) return false;
    last = j;
  }
  let j = 0;
  for (let i = 0; i < aSize; i++) {
    const n = an[i]!;
    const at = inB.get(n);
    if (at === undefined) {
      entry(n, as[i]!, null);
      continue;
    }
    for (; j < at; j++) entry(bn[j]!, null, bs[j]!);
    entry(n, as[i]!, bs[at]!);
    j = at + 1;
  }
  for (; j < bSize; j++) entry(bn[j]!, null, bs[j]!);
  return true;
}
