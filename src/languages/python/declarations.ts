/**
 * Declaration facts read off the converted tree: parameters, docstrings, names bound by targets,
 * callee texts, and the spans of block-bodied statements (ending at their last code token).
 */
import type { Param, Span } from '../../model/types.js';
import type { PyNode } from './parse.js';
import { child, namedChildren, nodeText, spanOf, unparen } from './parse.js';
import { stringValue } from './halstead.js';

const MAX_ARG_TEXT = 200;

export function truncate(s: string): string {
  return s.length > MAX_ARG_TEXT ? s.slice(0, MAX_ARG_TEXT) : s;
}

/** End of a block-bodied node, ignoring trailing comments tree-sitter attaches to the block. */
function lastCodeChild(block: PyNode): PyNode | undefined {
  for (let i = block.children.length - 1; i >= 0; i--) {
    const c = block.children[i]!;
    if (c.type !== 'comment') return c;
  }
  return undefined;
}

export function blockEnd(n: PyNode): { endRow: number; endCol: number } {
  // The end of the last code token: descend through last non-comment children.
  let cur = n;
  while (cur.children.length) {
    const last = lastCodeChild(cur);
    if (!last) break;
    cur = last;
  }
  return { endRow: cur.endRow, endCol: cur.endCol };
}

export function spanTo(start: PyNode, end: { endRow: number; endCol: number }): Span {
  return { line: start.startRow + 1, column: start.startCol + 1, endLine: end.endRow + 1, endColumn: end.endCol + 1 };
}

/** Names bound by an assignment/loop target. */
export function targetNames(src: string, target: PyNode | undefined): string[] {
  if (!target) return [];
  const out: string[] = [];
  const stack = [target];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'identifier') out.push(nodeText(src, n));
    else if (n.type === 'attribute' || n.type === 'subscript') continue;
    else for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return out;
}

export function docstringOf(src: string, body: PyNode | undefined): { text: string; node: PyNode } | null {
  if (!body) return null;
  const first = body.children.find((c) => c.type !== 'comment');
  if (!first || first.type !== 'expression_statement') return null;
  const named = namedChildren(first);
  if (named.length !== 1) return null;
  const s = named[0]!;
  if (s.type !== 'string' && s.type !== 'concatenated_string') return null;
  const v = stringValue(src, s);
  if (!v || v.bytes) return null;
  return { text: v.value, node: s };
}

export function paramsOf(src: string, fn: PyNode, isMethod: boolean): Param[] {
  const list = child(fn, 'parameters');
  if (!list) return [];
  const out: Param[] = [];
  for (const p of list.children) {
    if (!p.named || p.type === 'comment') continue;
    let nameNode: PyNode | undefined;
    let isRest = false;
    let annotation: string | undefined;
    let defaultText: string | undefined;
    let core: PyNode | undefined = p;
    switch (p.type) {
      case 'identifier':
        break;
      case 'typed_parameter': {
        const t = child(p, 'type');
        if (t) annotation = nodeText(src, t);
        core = p.children.find((c) => c.named && c.field !== 'type');
        break;
      }
      case 'default_parameter': {
        core = child(p, 'name');
        const v = child(p, 'value');
        if (v) defaultText = nodeText(src, v);
        break;
      }
      case 'typed_default_parameter': {
        core = child(p, 'name');
        const t = child(p, 'type');
        if (t) annotation = nodeText(src, t);
        const v = child(p, 'value');
        if (v) defaultText = nodeText(src, v);
        break;
      }
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
        break;
      case 'tuple_pattern':
        break;
      default:
        // keyword_separator (`*`), positional_separator (`/`) and anything unknown: not parameters.
        continue;
    }
    if (!core) continue;
    if (core.type === 'list_splat_pattern' || core.type === 'dictionary_splat_pattern') {
      isRest = true;
      nameNode = core.children.find((c) => c.type === 'identifier') ?? core;
    } else nameNode = core;
    const name = nameNode.type === 'identifier' ? nodeText(src, nameNode) : nodeText(src, nameNode);
    const param: Param = { name, span: spanOf(p), hasDefault: defaultText !== undefined, isRest };
    if (annotation !== undefined) param.annotation = annotation;
    if (defaultText !== undefined) param.defaultText = defaultText;
    out.push(param);
  }
  // Choice: the implicit receiver of a method (`self` / `cls` as first parameter) is not counted;
  // every other parameter counts exactly as written (including *args / **kwargs).
  if (isMethod && out.length && !out[0]!.isRest && (out[0]!.name === 'self' || out[0]!.name === 'cls')) out.shift();
  return out;
}

export function calleeText(src: string, fn: PyNode | undefined): { callee: string; name: string } {
  if (!fn) return { callee: '', name: '' };
  const f = unparen(fn);
  if (f.type === 'identifier') {
    const t = nodeText(src, f);
    return { callee: t, name: t };
  }
  if (f.type === 'attribute') {
    const attr = child(f, 'attribute');
    const name = attr ? nodeText(src, attr) : '';
    // dotted only when every segment is an identifier
    let cur: PyNode | undefined = f;
    const parts: string[] = [];
    while (cur && cur.type === 'attribute') {
      const a = child(cur, 'attribute');
      parts.push(a ? nodeText(src, a) : '');
      cur = child(cur, 'object');
      if (cur) cur = unparen(cur);
    }
    if (cur && cur.type === 'identifier') {
      parts.push(nodeText(src, cur));
      return { callee: parts.reverse().join('.'), name };
    }
    return { callee: '', name };
  }
  return { callee: '', name: '' };
}
