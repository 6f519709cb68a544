/**
 * Expression facts for the Python semantic layer: what an expression is (`Expression` summaries),
 * the decoded content of string literals, number values, the name a literal is bound to, and the
 * context a number appears in. Pure functions of the source text and the converted tree.
 */
import type { Expression, ExpressionKind, NumberContext, Span } from '../../../model/types.js';
import type { PyNode } from '../parse.js';
import { child, nodeText, spanOf, unparen } from '../parse.js';
import { stringValue } from '../halstead.js';

export const MAX_TEXT = 200;
export const MAX_STRING = 500;

const SPACE_RUN = /\s{2,}|[\t\n\r\f\v]/;
/** Hoisted (a regex literal is a new RegExp object per evaluation). */
const WHITESPACE_RUN = /\s+/g;
const UNDERSCORES = /_/g;
const OLD_OCTAL = /^0[0-7]+$/;

/** Whitespace runs collapsed to one space, cut at `max` characters. */
export function collapse(s: string, max: number): string {
  const t = s.length > max * 4 ? s.slice(0, max * 4) : s;
  const c = SPACE_RUN.test(t) ? t.replace(WHITESPACE_RUN, ' ').trim() : t;
  return c.length > max ? c.slice(0, max) : c;
}

export function spanRange(a: PyNode, b: PyNode): Span {
  return { line: a.startRow + 1, column: a.startCol + 1, endLine: b.endRow + 1, endColumn: b.endCol + 1 };
}

/** Parent, skipping parentheses. */
export function upParen(n: PyNode): { node: PyNode; parent: PyNode | null } {
  let cur = n;
  let p = n.parent;
  while (p && p.type === 'parenthesized_expression') {
    cur = p;
    p = p.parent;
  }
  return { node: cur, parent: p };
}

/** `a.b.c` for a chain of attributes on a name, else null. */
export function dotted(src: string, n: PyNode): string | null {
  const parts: string[] = [];
  let cur: PyNode | undefined = unparen(n);
  while (cur && cur.type === 'attribute') {
    const a = child(cur, 'attribute');
    if (!a) return null;
    parts.push(nodeText(src, a));
    cur = child(cur, 'object');
    if (cur) cur = unparen(cur);
  }
  if (!cur || cur.type !== 'identifier') return null;
  parts.push(nodeText(src, cur));
  return parts.reverse().join('.');
}

export function isFString(n: PyNode): boolean {
  const parts = n.type === 'concatenated_string' ? n.children.filter((c) => c.type === 'string') : [n];
  return parts.some((p) => p.children.some((c) => c.type === 'interpolation'));
}

/** Content of a string node: decoded when simple; f-strings: literal parts with `{}` placeholders. */
export function stringContent(src: string, n: PyNode): string {
  const v = stringValue(src, n);
  if (v) return v.value;
  const parts = n.type === 'concatenated_string' ? n.children.filter((c) => c.type === 'string') : [n];
  let out = '';
  for (const p of parts) {
    for (const c of p.children) {
      if (c.type === 'string_content') out += nodeText(src, c);
      else if (c.type === 'interpolation') out += '{}';
    }
  }
  return out;
}

export function numberValue(text: string): number {
  const t = text.replace(UNDERSCORES, '').toLowerCase();
  if (t.endsWith('j')) return Number(t.slice(0, -1));
  if (t.endsWith('l')) return Number(t.slice(0, -1));
  if (OLD_OCTAL.test(t)) return parseInt(t, 8);
  return Number(t);
}

const EXPR_KIND: Record<string, ExpressionKind> = {
  integer: 'number',
  float: 'number',
  true: 'boolean',
  false: 'boolean',
  none: 'null',
  list: 'list',
  tuple: 'tuple',
  dictionary: 'dict',
  set: 'set',
  identifier: 'identifier',
  attribute: 'member',
  subscript: 'member',
  call: 'call',
  lambda: 'lambda',
  binary_operator: 'binary',
  boolean_operator: 'logical',
  not_operator: 'unary',
  comparison_operator: 'comparison',
  unary_operator: 'unary',
  conditional_expression: 'conditional',
  await: 'await',
  list_comprehension: 'comprehension',
  set_comprehension: 'comprehension',
  dictionary_comprehension: 'comprehension',
  generator_expression: 'comprehension',
  list_splat: 'spread',
  dictionary_splat: 'spread',
  expression_list: 'tuple',
  pattern_list: 'tuple',
};

/** The `Expression` summary of an expression node. */
export function expr(src: string, raw: PyNode): Expression {
  const n = unparen(raw);
  const e: Expression = { kind: 'other', text: collapse(nodeText(src, raw), MAX_TEXT), span: spanOf(raw) };
  if (n.type === 'string' || n.type === 'concatenated_string') {
    e.kind = isFString(n) ? 'template' : 'string';
    e.value = stringContent(src, n).slice(0, MAX_STRING);
    return e;
  }
  if (n.type === 'unary_operator') {
    const arg = child(n, 'argument');
    const op = child(n, 'operator');
    if (arg && op && (arg.type === 'integer' || arg.type === 'float')) {
      e.kind = 'number';
      e.value = nodeText(src, op) + nodeText(src, arg);
      return e;
    }
  }
  e.kind = EXPR_KIND[n.type] ?? 'other';
  switch (e.kind) {
    case 'number':
      e.value = nodeText(src, n);
      break;
    case 'boolean':
    case 'null':
      e.value = nodeText(src, n);
      break;
    case 'identifier':
    case 'member': {
      const d = dotted(src, n);
      if (d !== null) e.value = d;
      break;
    }
    default:
      break;
  }
  return e;
}

/** Name a literal at `n` is bound to: assignment target, keyword argument, dict key, parameter default. */
export function boundTo(src: string, n: PyNode): string | null {
  const { node, parent } = upParen(n);
  if (!parent) return null;
  switch (parent.type) {
    case 'assignment':
    case 'augmented_assignment': {
      if (node.field !== 'right') return null;
      let left = child(parent, 'left');
      // chained `a = b = "x"`: the innermost target
      if (left) left = unparen(left);
      if (!left) return null;
      if (left.type === 'identifier') return nodeText(src, left);
      if (left.type === 'attribute') {
        const a = child(left, 'attribute');
        return a ? nodeText(src, a) : null;
      }
      if (left.type === 'subscript') {
        const sub = child(left, 'subscript');
        if (sub && (sub.type === 'string' || sub.type === 'concatenated_string') && !isFString(sub)) return stringContent(src, sub);
      }
      return null;
    }
    case 'named_expression': {
      const nm = child(parent, 'name');
      return node.field === 'value' && nm ? nodeText(src, nm) : null;
    }
    case 'keyword_argument': {
      const nm = child(parent, 'name');
      return node.field === 'value' && nm ? nodeText(src, nm) : null;
    }
    case 'default_parameter':
    case 'typed_default_parameter': {
      const nm = child(parent, 'name');
      return node.field === 'value' && nm ? nodeText(src, nm) : null;
    }
    case 'pair': {
      if (node.field !== 'value') return null;
      const k = child(parent, 'key');
      if (!k) return null;
      const ku = unparen(k);
      if ((ku.type === 'string' || ku.type === 'concatenated_string') && !isFString(ku)) return stringContent(src, ku);
      if (ku.type === 'identifier') return nodeText(src, ku);
      return null;
    }
    default:
      return null;
  }
}

export function numberContext(n: PyNode): NumberContext {
  const { node, parent } = upParen(n);
  if (!parent) return 'other';
  switch (parent.type) {
    case 'comparison_operator':
      return 'comparison';
    case 'argument_list':
    case 'keyword_argument':
      return 'argument';
    case 'assignment':
    case 'augmented_assignment':
    case 'named_expression':
      return node.field === 'right' || node.field === 'value' ? 'assignment' : 'other';
    case 'default_parameter':
    case 'typed_default_parameter':
      return 'default';
    case 'subscript':
    case 'slice':
      return node.field === 'value' ? 'other' : 'index';
    case 'return_statement':
      return 'return';
    case 'binary_operator':
      return 'binary';
    case 'list':
    case 'tuple':
    case 'set':
    case 'pair':
    case 'expression_list':
      return 'collection';
    default:
      return 'other';
  }
}

/** Target texts of an assignment left side (identifiers, attributes, subscripts; patterns flattened). */
export function targetTexts(src: string, t: PyNode): string[] {
  const out: string[] = [];
  const st = [t];
  while (st.length) {
    const n = st.pop()!;
    switch (n.type) {
      case 'identifier':
      case 'attribute':
      case 'subscript':
        out.push(collapse(nodeText(src, n), MAX_TEXT));
        break;
      default:
        for (let i = n.children.length - 1; i >= 0; i--) if (n.children[i]!.named) st.push(n.children[i]!);
    }
  }
  return out;
}
