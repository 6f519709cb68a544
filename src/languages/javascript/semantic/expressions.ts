/**
 * Expression facts of the JS/TS semantic layer: an expression's kind, value and text as the model
 * records them, what a literal is bound to and in which context a number appears, and whether a
 * call's value is used. Pure functions of the source text and the nodes (and the parent map).
 */
import type { Expression, ExpressionKind, NumberContext } from '../../../model/types.js';
import { spanOf } from '../build-model.js';
import { type BNode, dottedPath, type Parents, patternLeaves } from '../walk.js';
import { COMPARISON_OPS, LOGICAL_ASSIGN, NEEDS_COLLAPSE, TS_WRAPPERS } from './codes.js';

export const MAX_TEXT = 200;
export const MAX_STRING = 500;

export function unwrap(n: BNode): BNode {
  let x = n;
  while (TS_WRAPPERS.has(x.type) && x.expression) x = x.expression as BNode;
  return x;
}

/** `!x` (not `!!x`), `x != y`, `x !== y`. */
export function isNegation(test: BNode | null | undefined): boolean {
  if (!test) return false;
  const t = unwrap(test);
  if (t.type === 'UnaryExpression' && t.operator === '!') {
    const arg = unwrap(t.argument as BNode);
    return !(arg.type === 'UnaryExpression' && arg.operator === '!'); // `!!x` is a cast
  }
  return t.type === 'BinaryExpression' && (t.operator === '!=' || t.operator === '!==');
}

/** A whitespace run, or whitespace other than a plain space, in src[start, end). */
function needsCollapse(src: string, start: number, end: number): boolean {
  let previousSpace = false;
  for (let i = start; i < end; i++) {
    const c = src.charCodeAt(i);
    if (c === 32) {
      if (previousSpace) return true;
      previousSpace = true;
    } else if (c < 32) {
      if (c >= 9 && c <= 13) return true;
      previousSpace = false;
    } else if (c >= 0x80 && NEEDS_COLLAPSE.test(src[i]!)) {
      return true;
    } else previousSpace = false;
  }
  return false;
}
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || (c >= 0x80 && NEEDS_COLLAPSE.test(String.fromCharCode(c)));
export function textOf(src: string, n: BNode): string {
  const headEnd = Math.min(n.end, n.start + MAX_TEXT);
  if (!needsCollapse(src, n.start, headEnd)) return src.slice(n.start, headEnd); // the first 200 characters are the answer
  // Copy runs of non-space, one space per run of whitespace, until 200 characters are out.
  let out = '';
  let i = n.start;
  const end = n.end;
  while (i < end && out.length < MAX_TEXT) {
    let j = i;
    while (j < end && !isSpace(src.charCodeAt(j))) j++;
    out += src.slice(i, j);
    if (j >= end) break;
    while (j < end && isSpace(src.charCodeAt(j))) j++;
    out += ' ';
    i = j;
  }
  return out.length > MAX_TEXT ? out.slice(0, MAX_TEXT) : out;
}
/** As dottedPath, but `import(...)` callees have no path here (as before the helper was shared). */
export const dotted = (start: BNode): string | undefined => (start.type === 'Import' ? undefined : (dottedPath(start) ?? undefined));
export const templateValue = (n: BNode): string =>
  (n.quasis as BNode[]).map((q) => (q.value?.cooked as string | null | undefined) ?? (q.value?.raw as string)).join('{}');
export function expr(src: string, node: BNode): Expression {
  const e: Expression = { kind: 'other', text: textOf(src, node), span: spanOf(node) };
  const n = unwrap(node);
  let kind: ExpressionKind = 'other';
  switch (n.type) {
    case 'Identifier':
      if (n.name === 'undefined') kind = 'undefined';
      else {
        kind = 'identifier';
        e.value = n.name as string;
      }
      break;
    case 'MemberExpression':
    case 'OptionalMemberExpression': {
      kind = 'member';
      const d = dotted(n);
      if (d !== undefined) e.value = d;
      break;
    }
    case 'CallExpression':
    case 'OptionalCallExpression':
    case 'TaggedTemplateExpression':
      kind = 'call';
      break;
    case 'StringLiteral':
      kind = 'string';
      e.value = n.value as string;
      break;
    case 'NumericLiteral':
    case 'BigIntLiteral':
      kind = 'number';
      e.value = src.slice(n.start, n.end);
      break;
    case 'TemplateLiteral':
      kind = (n.expressions as BNode[]).length === 0 ? 'string' : 'template';
      e.value = templateValue(n);
      break;
    case 'BooleanLiteral':
      kind = 'boolean';
      e.value = String(n.value);
      break;
    case 'NullLiteral':
      kind = 'null';
      break;
    case 'RegExpLiteral':
      kind = 'regex';
      e.value = n.pattern as string;
      break;
    case 'ThisExpression':
    case 'Super':
      kind = 'identifier';
      e.value = n.type === 'Super' ? 'super' : 'this';
      break;
    case 'NewExpression':
      kind = 'new';
      break;
    case 'ArrayExpression':
      kind = 'list';
      break;
    case 'ObjectExpression':
      kind = 'dict';
      break;
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      kind = 'lambda';
      break;
    case 'BinaryExpression':
      kind = COMPARISON_OPS.has(n.operator as string) ? 'comparison' : 'binary';
      break;
    case 'LogicalExpression':
      kind = 'logical';
      break;
    case 'UnaryExpression': {
      const arg = n.argument as BNode;
      if (n.operator === '-' && (arg.type === 'NumericLiteral' || arg.type === 'BigIntLiteral')) {
        kind = 'number';
        e.value = '-' + src.slice(arg.start, arg.end);
      } else if (n.operator === 'void') kind = 'undefined';
      else kind = 'unary';
      break;
    }
    case 'UpdateExpression':
      kind = 'unary';
      break;
    case 'ConditionalExpression':
      kind = 'conditional';
      break;
    case 'AwaitExpression':
      kind = 'await';
      break;
    case 'SpreadElement':
      kind = 'spread';
      break;
    default:
      break;
  }
  e.kind = kind;
  return e;
}

// ---- literals ----
/** Climb from a literal through wrappers (TS casts, `||`/`??`, ternary branches, unary +/-) to the node using it. */
/** Set by `climb`: the node reached and its parent. */
export const climbed: { node: BNode; parent: BNode | null } = { node: null as unknown as BNode, parent: null };
export function climb(parents: Parents, node: BNode, parent: BNode | null): void {
  let n = node;
  let p = parent;
  for (; p !== null; n = p, p = parents.get(n) ?? null) {
    const t = p.type;
    if (t === 'ConditionalExpression') {
      if (p.test === n) break;
    } else if (t === 'UnaryExpression') {
      if (p.operator !== '-' && p.operator !== '+') break;
    } else if (
      t !== 'TSAsExpression' &&
      t !== 'TSSatisfiesExpression' &&
      t !== 'TSNonNullExpression' &&
      t !== 'TSTypeAssertion' &&
      t !== 'ParenthesizedExpression' &&
      t !== 'LogicalExpression' &&
      t !== 'JSXExpressionContainer'
    ) {
      break;
    }
  }
  climbed.node = n;
  climbed.parent = p;
}

export function lastSegment(target: BNode): string | null {
  const t = unwrap(target);
  if (t.type === 'Identifier') return t.name as string;
  if (t.type === 'MemberExpression' || t.type === 'OptionalMemberExpression') {
    const p = t.property as BNode;
    if (p.type === 'PrivateName') return p.id?.name as string;
    if (!t.computed && p.type === 'Identifier') return p.name as string;
    if (p.type === 'StringLiteral') return p.value as string;
  }
  return null;
}
export function staticKey(prop: BNode): string | null {
  const k = prop.key as BNode | undefined;
  if (!k) return null;
  if (prop.computed) return k.type === 'StringLiteral' ? (k.value as string) : null;
  switch (k.type) {
    case 'Identifier':
      return k.name as string;
    case 'StringLiteral':
      return k.value as string;
    case 'NumericLiteral':
      return String(k.value);
    case 'BigIntLiteral':
      return String(k.value);
    case 'PrivateName':
      return k.id?.name as string;
    default:
      return null;
  }
}
export function boundTo(src: string, n: BNode, p: BNode | null): string | null {
  if (!p) return null;
  switch (p.type) {
    case 'VariableDeclarator':
      return p.init === n && (p.id as BNode).type === 'Identifier' ? ((p.id as BNode).name as string) : null;
    case 'AssignmentExpression':
      return p.right === n ? lastSegment(p.left as BNode) : null;
    case 'AssignmentPattern':
      return p.right === n ? lastSegment(p.left as BNode) : null;
    case 'ObjectProperty':
    case 'ClassProperty':
    case 'ClassPrivateProperty':
    case 'ClassAccessorProperty':
      return p.value === n ? staticKey(p) : null;
    case 'JSXAttribute': {
      const name = p.name as BNode;
      return p.value === n ? (name.type === 'JSXIdentifier' ? (name.name as string) : textOf(src, name)) : null;
    }
    case 'TSEnumMember':
      return p.initializer === n ? staticKey({ ...p, key: p.id, computed: false } as BNode) : null;
    default:
      return null;
  }
}
export function numberContext(n: BNode, p: BNode | null): NumberContext {
  if (!p) return 'other';
  switch (p.type) {
    case 'BinaryExpression':
      return COMPARISON_OPS.has(p.operator as string) ? 'comparison' : 'binary';
    case 'AssignmentExpression':
      if (p.right !== n) return 'other';
      return p.operator === '=' || LOGICAL_ASSIGN.has(p.operator as string) ? 'assignment' : 'binary';
    case 'VariableDeclarator':
    case 'ClassProperty':
    case 'ClassPrivateProperty':
    case 'ClassAccessorProperty':
    case 'TSEnumMember':
      return 'assignment';
    case 'AssignmentPattern':
      return 'default';
    case 'CallExpression':
    case 'OptionalCallExpression':
    case 'NewExpression':
      return p.callee === n ? 'other' : 'argument';
    case 'MemberExpression':
    case 'OptionalMemberExpression':
      return p.property === n ? 'index' : 'other';
    case 'ReturnStatement':
    case 'ArrowFunctionExpression':
      return 'return';
    case 'ArrayExpression':
      return 'collection';
    case 'ObjectProperty':
      return p.value === n ? 'collection' : 'other';
    case 'SwitchCase':
      return 'comparison';
    default:
      return 'other';
  }
}
export const isKeyPosition = (parent: BNode | null, key: string): boolean =>
  parent !== null && ((key === 'key' && !parent.computed) || key === 'id' || key === 'exported' || key === 'local');

// ---- calls ----
/** The value is thrown away: an expression statement, a non-last sequence element, a for init/update (through `&&`, `?:`, casts). */
export function discarded(parents: Parents, node: BNode, parent: BNode | null): boolean {
  let n = node;
  let p = parent;
  while (p) {
    switch (p.type) {
      case 'ExpressionStatement':
        return true;
      case 'SequenceExpression': {
        const list = p.expressions as BNode[];
        if (list[list.length - 1] !== n) return true;
        break;
      }
      case 'LogicalExpression':
        if (p.right !== n) return false;
        break;
      case 'ConditionalExpression':
        if (p.test === n) return false;
        break;
      case 'ForStatement':
        return p.init === n || p.update === n;
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'ParenthesizedExpression':
        break;
      default:
        return false;
    }
    n = p;
    p = parents.get(n) ?? null;
  }
  return false;
}
export function inUsing(parents: Parents, node: BNode, parent: BNode | null): boolean {
  let n = node;
  let p = parent;
  if (p?.type === 'AwaitExpression') {
    n = p;
    p = parents.get(n) ?? null;
  }
  if (p?.type !== 'VariableDeclarator' || p.init !== n) return false;
  const kind = parents.get(p)?.kind as string | undefined;
  return kind === 'using' || kind === 'await using';
}

// ---- assignment targets ----
export function targetsOf(src: string, root: BNode): string[] {
  return patternLeaves(root, true).map((n) => (n.type === 'Identifier' ? (n.name as string) : textOf(src, n)));
}
