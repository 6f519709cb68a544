import { describe, expect, it } from 'vitest';
import { VISIT_KINDS, VISIT_LISTS, type VisitKind, visitOrder } from '../../src/engine/traverse.js';
import type { SourceFile, Span } from '../../src/model/types.js';
import { parseJs } from '../languages/javascript/helpers.js';
import { parse as parsePy } from '../languages/python/helpers.js';

/** The order the engine used before the merge: every node of every list, one stable sort by line, column and kind order. */
function sortedOrder(file: SourceFile, kinds: readonly string[]): unknown[] {
  const all: Array<{ node: unknown; span: Span; rank: number }> = [];
  for (const kind of kinds) {
    for (const node of file[VISIT_LISTS[kind as VisitKind]] as Array<{ span: Span }>) {
      all.push({ node, span: node.span, rank: VISIT_KINDS.indexOf(kind as VisitKind) });
    }
  }
  all.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column || a.rank - b.rank);
  return all.map((v) => v.node);
}

function merged(file: SourceFile, kinds: readonly string[]): unknown[] {
  const order = visitOrder(
    file,
    VISIT_KINDS.map((k) => kinds.includes(k)),
  );
  expect(order.kinds.length).toBe(order.nodes.length);
  for (const k of order.kinds) expect(kinds).toContain(VISIT_KINDS[k]);
  return order.nodes;
}

function outOfOrder(list: Array<{ span: Span }>): boolean {
  return list.some(
    (n, i) =>
      i > 0 &&
      (list[i - 1]!.span.line > n.span.line || (list[i - 1]!.span.line === n.span.line && list[i - 1]!.span.column > n.span.column)),
  );
}

const JS = `
import a from 'a';
class K {
  @dec(() => 1) method(x = 2) { if (x) { f(x); } else if (x > 1) { g(); } else { try { h(); } finally { k(); } } }
}
export function outer(list) {
  for (const item of list) { if (item && item.ok) call(item, "s", 3); else other([1, 2]); }
  return list.map((v) => v + 1);
}
`;

const PY = `
import os

@decorator(lambda: 1)
def f(x, y=2):
    if x:
        g(x)
    elif y > 1:
        h()
    else:
        try:
            k()
        finally:
            m()
    return [a for a in x]
`;

describe('visitOrder', () => {
  it('visits every node of a JS file in the order of one stable sort by line, column and kind', () => {
    const file = parseJs(JS);
    // The branches list is not in source order (an `else` is listed with its `if`), so the merge must sort it.
    expect(outOfOrder(file.branches)).toBe(true);
    const order = merged(file, VISIT_KINDS);
    expect(order.length).toBeGreaterThan(30);
    expect(order).toEqual(sortedOrder(file, VISIT_KINDS));
  });

  it('visits a Python file in the same order as the sort', () => {
    const file = parsePy(PY);
    expect(merged(file, VISIT_KINDS)).toEqual(sortedOrder(file, VISIT_KINDS));
  });

  it('visits only the wanted kinds, in the order the sort gives them', () => {
    const file = parseJs(JS);
    const kinds = ['branch', 'call', 'function'];
    const order = merged(file, kinds);
    expect(order.length).toBe(file.branches.length + file.calls.length + file.functions.length);
    expect(order).toEqual(sortedOrder(file, kinds));
  });

  it('visits nothing when no kind is wanted', () => {
    expect(merged(parseJs(JS), [])).toEqual([]);
  });
});
