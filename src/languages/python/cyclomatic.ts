/**
 * Cyclomatic complexity exactly as radon's ComplexityVisitor computes it
 * (radon/visitors.py), evaluated on the tree-sitter tree:
 *
 *  +1  if / elif / conditional expression (IfExp)
 *  +1  for / async for / while, and +1 more when the loop has an `else`
 *  +n  try: one per `except` handler, +1 for its `else` (finally: 0). A
 *      `try` with `except*` is a TryStar node, which radon does not know: 0.
 *  +1  per boolean operator (a BoolOp of k values adds k-1; tree-sitter's
 *      boolean_operator is binary, so one node = one increment)
 *  +1  per comprehension `for` clause and per comprehension `if` clause
 *  +1  assert (and radon's visit_Assert does not descend: a BoolOp inside an
 *      assert is not counted)
 *  +n  match: number of cases, minus one when some case's top-level pattern is
 *      an irrefutable capture/wildcard (`case _` / `case name`), min 0
 *      (radon ≥ 6; radon 5.1 did not count `match` at all)
 *
 * Not counted: nested def/class (neither their bodies, decorators, defaults nor
 * bases), the function's own decorators/defaults/annotations, `with`, walrus,
 * case guards as such. Lambdas are not blocks of their own for radon: their
 * body and defaults count toward the enclosing scope.
 */
import type { PyNode } from './parse.js';
import { namedChildren } from './parse.js';

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

export function isDefinition(n: PyNode): boolean {
  return n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'decorated_definition';
}

/** The function_definition / class_definition inside a decorated_definition (or the node itself). */
export function unwrapDecorated(n: PyNode): PyNode | undefined {
  if (n.type !== 'decorated_definition') return n;
  for (const c of n.children) if (c.field === 'definition') return c;
  return undefined;
}

function isIrrefutable(pattern: PyNode): boolean {
  let p: PyNode | undefined = pattern;
  for (let guard = 0; p && guard < 10000; guard++) {
    if (p.type === 'case_pattern') {
      const inner = namedChildren(p);
      if (inner.length === 0) return p.children.some((c) => c.type === '_'); // `case _`
      if (inner.length !== 1) return false;
      p = inner[0];
      continue;
    }
    if (p.type === 'dotted_name') return namedChildren(p).length === 1; // capture pattern
    if (p.type === 'tuple_pattern') {
      // `(x)` is a group pattern; `(x,)` is a sequence.
      const inner = namedChildren(p);
      if (inner.length !== 1 || p.children.some((c) => c.type === ',')) return false;
      p = inner[0];
      continue;
    }
    return false;
  }
  return false;
}

function matchIncrement(match: PyNode): number {
  const body = match.children.find((c) => c.field === 'body') ?? match;
  const cases = body.children.filter((c) => c.type === 'case_clause');
  let irrefutable = false;
  for (const cs of cases) {
    const patterns = cs.children.filter((c) => c.type === 'case_pattern');
    if (patterns.length === 1 && isIrrefutable(patterns[0]!)) irrefutable = true;
  }
  return Math.max(0, cases.length - (irrefutable ? 1 : 0));
}

export function isTryStar(tryNode: PyNode): boolean {
  for (const c of tryNode.children) {
    if (c.type === 'except_group_clause') return true;
    if (c.type === 'except_clause' && c.children.some((k) => k.type === '*')) return true;
  }
  return false;
}

/** Decision points of one node itself (not its children). */
function ownIncrement(n: PyNode): number {
  switch (n.type) {
    case 'if_statement':
    case 'elif_clause':
    case 'conditional_expression':
    case 'boolean_operator':
    case 'for_in_clause':
      return 1;
    case 'if_clause':
      return n.parent && COMPREHENSIONS.has(n.parent.type) ? 1 : 0;
    case 'for_statement':
    case 'while_statement':
      return 1 + (n.children.some((c) => c.type === 'else_clause') ? 1 : 0);
    case 'try_statement':
      if (isTryStar(n)) return 0;
      return n.children.filter((c) => c.type === 'except_clause').length + (n.children.some((c) => c.type === 'else_clause') ? 1 : 0);
    case 'match_statement':
      return matchIncrement(n);
    default:
      return 0;
  }
}

/**
 * Sum of decision points under `roots`, not entering nested definitions.
 * Definitions met on the way are reported to `onDef` (functions) / `onClass`.
 */
export function decisions(roots: readonly PyNode[], onDef?: (fn: PyNode) => void, onClass?: (cls: PyNode) => void): number {
  let total = 0;
  const stack: PyNode[] = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push(roots[i]!);
  while (stack.length) {
    const n = stack.pop()!;
    if (isDefinition(n)) {
      const def = unwrapDecorated(n);
      if (def?.type === 'function_definition') onDef?.(def);
      else if (def?.type === 'class_definition') onClass?.(def);
      continue;
    }
    if (n.type === 'assert_statement') {
      total += 1;
      continue;
    }
    total += ownIncrement(n);
    const ch = n.children;
    for (let i = ch.length - 1; i >= 0; i--) stack.push(ch[i]!);
  }
  return total;
}

export function bodyOf(fn: PyNode): PyNode | undefined {
  return fn.children.find((c) => c.field === 'body');
}

/** radon cc of a function_definition (or a lambda, which radon itself never reports). */
export function functionComplexity(fn: PyNode): number {
  const body = bodyOf(fn);
  if (!body) return 1;
  return 1 + decisions(fn.type === 'lambda' ? [body] : body.children);
}

/** radon's ComplexityVisitor(...).total_complexity for the module (the `mi` input). */
export function totalComplexity(root: PyNode): number {
  const functions: PyNode[] = [];
  const classes: PyNode[] = [];
  let total =
    1 +
    decisions(
      root.children,
      (f) => functions.push(f),
      (c) => classes.push(c),
    );
  for (const f of functions) total += functionComplexity(f) - 1;
  for (const c of classes) {
    const methods: PyNode[] = [];
    const body = bodyOf(c);
    total += decisions(body ? body.children : [], (m) => methods.push(m));
    for (const m of methods) total += functionComplexity(m);
  }
  return total;
}
