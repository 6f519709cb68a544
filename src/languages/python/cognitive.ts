/**
 * Cognitive complexity, SonarSource specification 1.7, for Python.
 *
 * Increments (+1, plus the current nesting level where marked "+n"):
 *   if (+n), elif (+1), else (+1), conditional expression (+n),
 *   for / while (+n), except (+n), match (+n, once for the whole statement),
 *   each sequence of like boolean operators (+1; `a and b and c` is one,
 *   `a and b or c` two; parentheses do not break a sequence).
 * Nesting level rises inside: if/elif/else bodies, conditional-expression
 * branches, loop bodies, except bodies, match cases, and nested functions and
 * lambdas. try/finally/with/else-of-try/loop-else add nothing and do not nest.
 * Recursion is not counted; Python has no labelled break/continue.
 *
 * Nested functions: the spec scores a method as a whole, so structures inside
 * a nested def or lambda DO add to the enclosing function, one nesting level
 * deeper (the nested def itself adds no increment). The nested def also gets
 * its own entry, scored on its own from nesting 0.
 */
import type { PyNode } from './parse.js';
import { child, nodeText } from './parse.js';

function boolOpText(src: string, n: PyNode): string {
  const op = child(n, 'operator');
  return op ? nodeText(src, op) : '';
}

/** Skip parentheses upwards: the operator node that really contains `n`. */
function logicalParent(n: PyNode): { parent: PyNode | null } {
  let p = n.parent;
  while (p && p.type === 'parenthesized_expression') p = p.parent;
  return { parent: p };
}

export function cognitiveComplexity(src: string, fn: PyNode): number {
  const body = child(fn, 'body');
  if (!body) return 0;
  let total = 0;
  // Two parallel stacks (node, its nesting): no object per visited node.
  const nodes: PyNode[] = [];
  const nests: number[] = [];
  const push = (n: PyNode, nest: number): void => {
    nodes.push(n);
    nests.push(nest);
  };
  const pushAll = (list: readonly PyNode[], nest: number): void => {
    for (let i = list.length - 1; i >= 0; i--) push(list[i]!, nest);
  };
  pushAll(fn.type === 'lambda' ? [body] : body.children, 0);
  while (nodes.length) {
    const n = nodes.pop()!;
    const nest = nests.pop()!;
    switch (n.type) {
      case 'if_statement': {
        total += 1 + nest;
        for (let i = n.children.length - 1; i >= 0; i--) {
          const c = n.children[i]!;
          if (c.type === 'elif_clause') {
            total += 1;
            for (let k = c.children.length - 1; k >= 0; k--) {
              const e = c.children[k]!;
              push(e, e.field === 'consequence' ? nest + 1 : nest);
            }
          } else if (c.type === 'else_clause') {
            total += 1;
            pushAll(c.children, nest + 1);
          } else push(c, c.field === 'consequence' ? nest + 1 : nest);
        }
        continue;
      }
      case 'conditional_expression':
        total += 1 + nest;
        pushAll(n.children, nest + 1);
        continue;
      case 'for_statement':
      case 'while_statement':
        total += 1 + nest;
        for (let i = n.children.length - 1; i >= 0; i--) {
          const c = n.children[i]!;
          push(c, c.field === 'body' ? nest + 1 : nest);
        }
        continue;
      case 'except_clause':
      case 'except_group_clause':
        total += 1 + nest;
        pushAll(n.children, nest + 1);
        continue;
      case 'match_statement':
        total += 1 + nest;
        for (let i = n.children.length - 1; i >= 0; i--) {
          const c = n.children[i]!;
          push(c, c.field === 'body' ? nest + 1 : nest);
        }
        continue;
      case 'function_definition':
      case 'lambda':
        pushAll(
          n.children.filter((c) => c.field === 'body'),
          nest + 1,
        );
        continue;
      case 'decorated_definition':
        pushAll(
          n.children.filter((c) => c.field === 'definition'),
          nest,
        );
        continue;
      case 'boolean_operator': {
        const op = boolOpText(src, n);
        const { parent } = logicalParent(n);
        if (!(parent && parent.type === 'boolean_operator' && boolOpText(src, parent) === op)) total += 1;
        break;
      }
      default:
        break;
    }
    pushAll(n.children, nest);
  }
  return total;
}

const NESTING = new Set(['if_statement', 'for_statement', 'while_statement', 'try_statement', 'with_statement', 'match_statement']);

/**
 * Deepest nesting of if/for/while/try/with/match inside the body (a single
 * `if` gives 1; flat code 0). elif/else/except/case belong to their statement
 * and add no level. Nested functions and classes are not entered.
 */
export function maxNesting(fn: PyNode): number {
  const body = child(fn, 'body');
  if (!body || fn.type === 'lambda') return 0;
  let max = 0;
  const nodes: PyNode[] = body.children.slice();
  const depths: number[] = nodes.map(() => 0);
  while (nodes.length) {
    const n = nodes.pop()!;
    const d = depths.pop()!;
    if (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'decorated_definition' || n.type === 'lambda')
      continue;
    const nd = NESTING.has(n.type) ? d + 1 : d;
    if (nd > max) max = nd;
    // Indexed, not for-of: a leaf's children are the shared frozen empty array, and for-of over it
    // allocated an iterator per node (100 MB per standard-library run, issue 19).
    const kids = n.children;
    for (let i = 0; i < kids.length; i++) {
      nodes.push(kids[i]!);
      depths.push(nd);
    }
  }
  return max;
}
