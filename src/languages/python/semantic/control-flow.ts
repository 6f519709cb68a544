/**
 * Control-flow facts for the Python semantic layer: blocks (kind, statements, comments), jumps
 * (return / raise / break / continue and the code they make unreachable), exception handlers
 * (caught types, what their body does) and the extension fields of branches and loops.
 */
import type { BlockKind, BlockNode, BranchNode, HandlerNode, JumpKind, JumpNode, LoopNode, Span } from '../../../model/types.js';
import type { PyNode } from '../parse.js';
import { child, namedChildren, nodeText, spanOf, unparen } from '../parse.js';
import type { HandlerRec } from './context.js';
import { collapse, expr, MAX_TEXT } from './expressions.js';

export function isStatementNode(n: PyNode): boolean {
  return n.named && n.type !== 'comment' && n.type !== 'line_continuation';
}

export function isEllipsisStatement(n: PyNode): boolean {
  if (n.type !== 'expression_statement') return false;
  const k = namedChildren(n);
  return k.length === 1 && k[0]!.type === 'ellipsis';
}

function isDocStatement(n: PyNode): boolean {
  if (n.type !== 'expression_statement') return false;
  const k = namedChildren(n);
  return k.length === 1 && (k[0]!.type === 'string' || k[0]!.type === 'concatenated_string');
}

const BLOCK_KIND: Record<string, BlockKind> = {
  function_definition: 'function',
  class_definition: 'class',
  if_statement: 'if',
  elif_clause: 'elif',
  else_clause: 'else',
  for_statement: 'loop',
  while_statement: 'loop',
  try_statement: 'try',
  except_clause: 'except',
  except_group_clause: 'except',
  finally_clause: 'finally',
  with_statement: 'with',
  case_clause: 'case',
  match_statement: 'match',
};

/** The BlockNode of a `block`: its kind from the owning statement, statements and comments counted. */
export function blockFacts(n: PyNode, fn: number | null): BlockNode {
  const owner = n.parent;
  const kind: BlockKind = (owner && Object.hasOwn(BLOCK_KIND, owner.type) ? BLOCK_KIND[owner.type] : undefined) ?? 'block';
  let statements = 0;
  let comments = 0;
  let first = true;
  for (const k of n.children) {
    if (k.type === 'comment') comments++;
    else if (isStatementNode(k)) {
      const doc = first && (kind === 'function' || kind === 'class') && isDocStatement(k);
      first = false;
      if (!doc && k.type !== 'pass_statement' && !isEllipsisStatement(k)) statements++;
    }
  }
  if (owner) {
    // comments between the header's `:` and the block belong to the block
    for (const k of owner.children) {
      if (k === n) break;
      if (k.type === 'comment' && k.start > (owner.children.find((x) => x.type === ':')?.start ?? Infinity)) comments++;
    }
  }
  // Like the JS front-end, a block's span starts at its header (`if …:`, `finally:`), where it is reported.
  const body = spanOf(n);
  const head = owner ? spanOf(owner) : body;
  return {
    type: 'block',
    kind,
    span: { ...body, line: head.line, column: head.column },
    statements,
    comments,
    function: fn,
    fallsThrough: false,
  };
}

/** What an `except` clause catches and binds, with the nodes the walk continues into. */
export interface HandlerFacts {
  handler: HandlerNode;
  value: PyNode | undefined;
  typesNode: PyNode | undefined;
  alias: PyNode | undefined;
}

/** The HandlerNode of an `except` / `except*` clause. */
export function handlerFacts(src: string, n: PyNode, fn: number | null): HandlerFacts {
  const value = child(n, 'value');
  let typesNode: PyNode | undefined = value;
  let aliasNode: PyNode | undefined = child(n, 'alias');
  if (value && value.type === 'as_pattern') {
    typesNode = value.children.find((k) => k.named && k.field !== 'alias');
    aliasNode = child(value, 'alias');
  }
  const alias = aliasNode ? (aliasNode.children.find((k) => k.type === 'identifier') ?? aliasNode) : undefined;
  const types: string[] = [];
  if (typesNode) {
    const t = unparen(typesNode);
    if (t.type === 'tuple' || t.type === 'expression_list')
      for (const e of namedChildren(t)) types.push(collapse(nodeText(src, e), MAX_TEXT));
    else types.push(collapse(nodeText(src, t), MAX_TEXT));
  }
  const body = n.children.find((k) => k.type === 'block');
  const stmts = body ? body.children.filter((k) => isStatementNode(k) && k.type !== 'pass_statement' && !isEllipsisStatement(k)) : [];
  let comments = 0;
  const st = [n];
  while (st.length) {
    const x = st.pop()!;
    if (x.type === 'comment') comments++;
    else for (const y of x.children) st.push(y);
  }
  const handler: HandlerNode = {
    type: 'handler',
    types,
    binding: alias ? nodeText(src, alias) : null,
    span: spanOf(n),
    statements: stmts.length,
    comments,
    reraises: false,
    raisesWithoutCause: false,
    function: fn,
  };
  return { handler, value, typesNode, alias };
}

const JUMP_KIND: Record<string, JumpKind> = {
  return_statement: 'return',
  raise_statement: 'raise',
  break_statement: 'break',
  continue_statement: 'continue',
};

/**
 * The JumpNode of a return / raise / break / continue statement; a `raise` inside an `except` body of
 * the same function marks the handler as re-raising or as raising without a cause.
 */
export function jumpFacts(src: string, n: PyNode, fn: number | null, inFinally: boolean, handler: HandlerRec | null): JumpNode {
  const kind = JUMP_KIND[n.type] ?? 'continue';
  const valueNode =
    kind === 'return' || kind === 'raise' ? n.children.find((k) => k.named && k.field !== 'cause' && k.type !== 'comment') : undefined;
  let unreachable: Span | null = null;
  const p = n.parent;
  if (p && (p.type === 'block' || p.type === 'module')) {
    const sib = p.children;
    for (let i = sib.indexOf(n) + 1; i < sib.length; i++) {
      if (isStatementNode(sib[i]!)) {
        unreachable = spanOf(sib[i]!);
        break;
      }
    }
  }
  const jump: JumpNode = {
    type: 'jump',
    kind,
    value: valueNode ? expr(src, valueNode) : null,
    span: spanOf(n),
    function: fn,
    inFinally,
    unreachable,
  };
  if (kind === 'raise' && handler && handler.fn === fn) {
    const b = handler.node.binding;
    const v = valueNode ? unparen(valueNode) : undefined;
    if (!v || (v.type === 'identifier' && b !== null && nodeText(src, v) === b)) handler.node.reraises = true;
    else if (!child(n, 'cause')) handler.node.raisesWithoutCause = true;
  }
  return jump;
}

/** `hasElse` and `negated` of the branches; loops without a body span get their own span. */
export function finishBranches(src: string, branches: BranchNode[], branchNodes: PyNode[], loops: LoopNode[]): void {
  for (let i = 0; i < branches.length; i++) {
    const br = branches[i]!;
    const n = branchNodes[i]!;
    if (br.kind === 'if') {
      br.hasElse = n.children.some((k) => k.type === 'elif_clause' || k.type === 'else_clause');
      br.negated = isNegation(child(n, 'condition'));
    } else if (br.kind === 'elif') {
      const sib = n.parent ? n.parent.children : [];
      br.hasElse = sib.slice(sib.indexOf(n) + 1).some((k) => k.type === 'elif_clause' || k.type === 'else_clause');
      br.negated = isNegation(child(n, 'condition'));
    } else if (br.kind === 'ternary') {
      br.hasElse = true;
      br.negated = isNegation(namedChildren(n)[1]);
    }
  }
  function isNegation(cond: PyNode | undefined): boolean {
    if (!cond) return false;
    const u = unparen(cond);
    if (u.type === 'not_operator') return true;
    if (u.type === 'comparison_operator') {
      const ops = u.children.filter((k) => k.field === 'operators');
      if (ops.length !== 1) return false;
      const t = nodeText(src, ops[0]!).replace(/\s+/g, ' ');
      return t === '!=' || t === 'is not' || t === 'not in' || t === '<>';
    }
    return false;
  }
  for (const l of loops) l.bodySpan ??= l.span;
}
