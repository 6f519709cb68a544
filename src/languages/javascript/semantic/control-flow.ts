/**
 * Control-flow facts of the JS/TS semantic layer: statement counts, whether a statement always
 * jumps, what is unreachable after a jump, the blocks (with their comments) and what a catch
 * clause does.
 */
import type { BlockKind, BlockNode } from '../../../model/types.js';
import { spanOf } from '../build-model.js';
import type { BabelComment } from '../parse.js';
import type { BNode } from '../walk.js';
import { staticKey, unwrap } from './expressions.js';

export function countStatements(list: BNode[]): number {
  let n = 0;
  for (const s of list) if (s.type !== 'EmptyStatement') n++;
  return n;
}

export function lastStatement(list: BNode[]): BNode | null {
  for (let i = list.length - 1; i >= 0; i--) if (list[i]!.type !== 'EmptyStatement') return list[i]!;
  return null;
}

/** The statement always ends in break / continue / return / throw (also via a block, if/else or try). Iterative. */
export function terminates(stmt: BNode): boolean {
  const pending: BNode[] = [stmt];
  while (pending.length > 0) {
    const n = pending.pop()!;
    switch (n.type) {
      case 'BreakStatement':
      case 'ContinueStatement':
      case 'ReturnStatement':
      case 'ThrowStatement':
        break;
      case 'BlockStatement': {
        const last = lastStatement(n.body as BNode[]);
        if (!last) return false;
        pending.push(last);
        break;
      }
      case 'IfStatement':
        if (!n.alternate) return false;
        pending.push(n.consequent as BNode, n.alternate as BNode);
        break;
      case 'TryStatement': {
        const fin = n.finalizer as BNode | null;
        const finLast = fin ? lastStatement(fin.body as BNode[]) : null;
        if (finLast && (finLast.type === 'ReturnStatement' || finLast.type === 'ThrowStatement')) break;
        pending.push(n.block as BNode);
        if (n.handler) pending.push((n.handler as BNode).body as BNode);
        break;
      }
      default:
        return false;
    }
  }
  return true;
}

/** Hoisted or type-only statements that are not dead code after a jump. */
export function isIgnorableAfterJump(n: BNode): boolean {
  switch (n.type) {
    case 'EmptyStatement':
    case 'FunctionDeclaration':
    case 'TSDeclareFunction':
    case 'TSInterfaceDeclaration':
    case 'TSTypeAliasDeclaration':
      return true;
    case 'VariableDeclaration':
      return n.declare === true || (n.kind === 'var' && (n.declarations as BNode[]).every((d) => !d.init));
    default:
      return n.declare === true;
  }
}

/** Counts comments in a range of the source (comments sorted by start). */
export function commentCounter(comments: readonly BabelComment[]): (start: number, end: number) => number {
  const commentStarts = comments.map((c) => c.start);
  const lowerBound = (offset: number): number => {
    let lo = 0;
    let hi = commentStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (commentStarts[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return (start: number, end: number): number => (commentStarts.length === 0 ? 0 : lowerBound(end) - lowerBound(start));
}

export function addBlock(
  blocks: BlockNode[],
  commentsIn: (start: number, end: number) => number,
  kind: BlockKind,
  body: BNode,
  fn: number | null,
): void {
  let statements: number;
  switch (body.type) {
    case 'BlockStatement':
    case 'StaticBlock':
      statements = countStatements(body.body as BNode[]);
      break;
    case 'ClassBody':
      statements = (body.body as BNode[]).length;
      break;
    case 'EmptyStatement':
      statements = 0;
      break;
    default:
      statements = 1;
  }
  blocks.push({
    type: 'block',
    kind,
    span: spanOf(body),
    statements,
    comments: commentsIn(body.start, body.end),
    function: fn,
    fallsThrough: false,
  });
}
export function addSwitchBlocks(
  blocks: BlockNode[],
  commentsIn: (start: number, end: number) => number,
  node: BNode,
  fn: number | null,
): void {
  const cases = node.cases as BNode[];
  blocks.push({
    type: 'block',
    kind: 'switch',
    span: spanOf(node),
    statements: cases.length,
    comments: commentsIn(node.start, node.end),
    function: fn,
    fallsThrough: false,
  });
  cases.forEach((c, i) => {
    const body = c.consequent as BNode[];
    const statements = countStatements(body);
    const next = cases[i + 1];
    const last = lastStatement(body);
    blocks.push({
      type: 'block',
      kind: 'case',
      span: spanOf(c),
      statements,
      comments: commentsIn(c.start, next ? next.start : node.end),
      function: fn,
      fallsThrough: next !== undefined && last !== null && !terminates(last),
    });
  });
}

// ---- handlers ----
/** `new X(...)` / `X(...)` (capitalised) that passes neither the caught binding nor `{ cause }`. */
export function newErrorWithoutCause(arg: BNode, caught: string | null): boolean {
  const isNew = arg.type === 'NewExpression';
  if (!isNew) {
    if (arg.type !== 'CallExpression') return false;
    const callee = arg.callee as BNode;
    if (callee.type !== 'Identifier' || !/^[A-Z]/.test(callee.name as string)) return false;
  }
  for (const a of arg.arguments as BNode[]) {
    const x = unwrap(a);
    if (x.type === 'SpreadElement') return false;
    if (x.type === 'Identifier' && caught !== null && x.name === caught) return false;
    if (x.type === 'ObjectExpression') {
      for (const p of x.properties as BNode[]) {
        if (p.type === 'SpreadElement') return false;
        if (staticKey(p) === 'cause') return false;
      }
    }
  }
  return true;
}
