/**
 * Expression facts of the Python semantic layer that are one model node each: comparisons,
 * binary operations, string / number literals, collection literals and the extension fields
 * of a call. Pure functions of the source text and one tree node; the walk decides where.
 */
import type {
  BinaryNode,
  CallNode,
  CollectionNode,
  ComparisonNode,
  Expression,
  NumberNode,
  Span,
  StringNode,
} from '../../../model/types.js';
import type { PyNode } from '../parse.js';
import { child, namedChildren, nodeText, spanOf, unparen } from '../parse.js';
import {
  boundTo,
  dotted,
  expr,
  isFString,
  MAX_STRING,
  numberContext,
  numberValue,
  spanRange,
  stringContent,
  upParen,
} from './expressions.js';

/** One ComparisonNode per operator of a (chained) comparison, appended to `out`. */
export function comparisonFacts(src: string, n: PyNode, fn: number | null, loopDepth: number, out: ComparisonNode[]): void {
  const operands = namedChildren(n).filter((k) => k.field !== 'operators');
  const ops = n.children.filter((k) => k.field === 'operators');
  for (let i = 0; i < ops.length; i++) {
    const l = operands[i];
    const r = operands[i + 1];
    if (!l || !r) break;
    out.push({
      type: 'comparison',
      operator: nodeText(src, ops[i]!).replace(/\s+/g, ' '),
      left: expr(src, l),
      right: expr(src, r),
      span: spanRange(l, r),
      function: fn,
      loopDepth,
    });
  }
}

export function binaryFacts(src: string, n: PyNode, fn: number | null, loopDepth: number): BinaryNode | null {
  const l = child(n, 'left');
  const r = child(n, 'right');
  const op = child(n, 'operator');
  if (!l || !r || !op) return null;
  return {
    type: 'binary',
    operator: nodeText(src, op),
    left: expr(src, l),
    right: expr(src, r),
    span: spanOf(n),
    function: fn,
    loopDepth,
    augmented: false,
  };
}

/** A string literal is a docstring when it is the first statement of the module, a def or a class. */
function isDocstring(parent: PyNode | null): boolean {
  if (parent?.type !== 'expression_statement' || namedChildren(parent).length !== 1) return false;
  const blk = parent.parent;
  if (!blk) return false;
  const first = blk.children.find((k) => k.type !== 'comment');
  if (first !== parent) return false;
  if (blk.type === 'module') return true;
  const owner = blk.parent;
  return blk.type === 'block' && !!owner && (owner.type === 'function_definition' || owner.type === 'class_definition');
}

export function stringFacts(src: string, n: PyNode, parent: PyNode | null, fn: number | null, loopDepth: number): StringNode {
  return {
    type: 'string',
    value: stringContent(src, n).slice(0, MAX_STRING),
    span: spanOf(n),
    interpolated: isFString(n),
    boundTo: boundTo(src, n),
    isDocstring: isDocstring(parent),
    function: fn,
    loopDepth,
  };
}

/** An integer or float literal; under a unary minus, the negative number with the unary's span. */
export function numberFacts(src: string, n: PyNode, fn: number | null): NumberNode {
  const p = n.parent;
  const negative = p?.type === 'unary_operator' && nodeText(src, child(p, 'operator') ?? p) === '-';
  const at = negative ? p : n;
  const raw = nodeText(src, n);
  const v = numberValue(raw);
  return {
    type: 'number',
    text: negative ? '-' + raw : raw,
    value: negative ? -v : v,
    span: spanOf(at),
    context: numberContext(at),
    boundTo: boundTo(src, at),
    negative,
    function: fn,
  };
}

/** A dict / set / list display with its literal keys (dict keys, set items). */
export function collectionFacts(src: string, n: PyNode, fn: number | null): CollectionNode {
  const keys: { text: string; span: Span }[] = [];
  const items = namedChildren(n);
  for (const it of items) {
    const k = n.type === 'dictionary' ? (it.type === 'pair' ? child(it, 'key') : undefined) : n.type === 'set' ? it : undefined;
    if (!k) continue;
    const ku = unparen(k);
    let text: string | null = null;
    if ((ku.type === 'string' || ku.type === 'concatenated_string') && !isFString(ku)) text = JSON.stringify(stringContent(src, ku));
    else if (ku.type === 'integer' || ku.type === 'float') text = String(numberValue(nodeText(src, ku)));
    else if (ku.type === 'identifier' || ku.type === 'true' || ku.type === 'false' || ku.type === 'none') text = nodeText(src, ku);
    else if (ku.type === 'attribute') text = dotted(src, ku);
    if (text !== null) keys.push({ text, span: spanOf(k) });
  }
  return {
    type: 'collection',
    kind: n.type === 'dictionary' ? 'dict' : n.type === 'set' ? 'set' : 'list',
    keys,
    size: items.length,
    span: spanOf(n),
    function: fn,
  };
}

/** The extension fields of the CallNode `cn` of call node `n`. */
export function callFacts(src: string, n: PyNode, cn: CallNode, inLoopHeader: boolean): void {
  const fnChild = child(n, 'function');
  const argsNode = child(n, 'arguments');
  const argExprs: Expression[] = [];
  const keywordArgs: { name: string; value: Expression }[] = [];
  if (argsNode) {
    if (argsNode.type === 'generator_expression') argExprs.push(expr(src, argsNode));
    else
      for (const a of namedChildren(argsNode)) {
        if (a.type === 'keyword_argument') {
          const k = child(a, 'name');
          const v = child(a, 'value');
          if (k && v) keywordArgs.push({ name: nodeText(src, k), value: expr(src, v) });
        } else if (a.type !== 'dictionary_splat') argExprs.push(expr(src, a));
      }
  }
  const f = fnChild ? unparen(fnChild) : undefined;
  const obj = f && f.type === 'attribute' ? child(f, 'object') : undefined;
  cn.argExprs = argExprs;
  cn.keywordArgs = keywordArgs;
  cn.receiver = obj ? expr(src, obj) : null;
  cn.isNew = false;
  cn.inLoopHeader = inLoopHeader;
  const { node: up, parent } = upParen(n);
  let inWith = false;
  if (parent?.type === 'with_item') inWith = true;
  else if (parent?.type === 'as_pattern' && parent.parent?.type === 'with_item' && up.field !== 'alias') inWith = true;
  cn.inWith = inWith;
  cn.resultUsed = !(parent?.type === 'expression_statement' && namedChildren(parent).length === 1);
}
