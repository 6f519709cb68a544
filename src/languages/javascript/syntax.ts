/**
 * Syntax helpers of the JS/TS model builder: positions, names, doc comments, parameters, bindings
 * of function and class expressions, and `require` bindings. Pure functions of the file's text,
 * tokens, comments and the walk's parent map.
 */
import type { ImportBinding, Param, Span } from '../../model/types.js';
import type { BabelComment, BabelToken } from './parse.js';
import { type BNode, dottedPath, type Parents, patternLeaves } from './walk.js';
import { firstStartAtOrAfter } from '../../util/search.js';

export const MAX_TEXT = 200;

export function spanOf(node: { loc: { start: { line: number; column: number }; end: { line: number; column: number } } }): Span {
  return { line: node.loc.start.line, column: node.loc.start.column + 1, endLine: node.loc.end.line, endColumn: node.loc.end.column + 1 };
}

/** Offsets → 1-based line/column. */
export class Positions {
  private readonly starts: number[] = [0];
  /** Line starts after each `\r\n`, `\r`, `\n`, U+2028 and U+2029 (a scan of char codes, no match object per line). */
  constructor(src: string) {
    for (let i = 0; i < src.length; i++) {
      const c = src.charCodeAt(i);
      if (c === 10 || c === 0x2028 || c === 0x2029) this.starts.push(i + 1);
      else if (c === 13) {
        if (src.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }
  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
  span(start: number, end: number): Span {
    const a = this.at(start);
    const b = this.at(end);
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }
}

function docText(value: string): string {
  return value
    .replace(/^\*/, '')
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/^\s*\*? ?/, '').replace(/\s+$/, ''))
    .join('\n')
    .trim();
}

/** Binding context of a function or class expression: name, name span, doc anchor, exported. */
export interface Binding {
  name: string;
  nameSpan: Span | null;
  anchor: number;
  exported: boolean;
  bindingName: string | null;
}

/** The helpers over one file (`parents` is filled by the walk as it goes). */
export function syntaxHelpers(src: string, tokens: BabelToken[], comments: BabelComment[], parents: Parents, pos: Positions) {
  const text = (n: BNode | null | undefined): string => (n ? src.slice(n.start, Math.min(n.end, n.start + MAX_TEXT)) : '');
  const fullText = (n: BNode): string => src.slice(n.start, n.end);

  // ---- token helpers ----
  const firstTokenAtOrAfter = (offset: number): number => firstStartAtOrAfter(tokens, offset);
  const lastTokenBefore = (offset: number): BabelToken | undefined => {
    const i = firstTokenAtOrAfter(offset) - 1;
    return i >= 0 ? tokens[i] : undefined;
  };
  const tokSrc = (t: BabelToken): string => src.slice(t.start, t.end);

  // ---- doc comments ----
  const findDoc = (anchor: number): string | null => {
    let lo = 0;
    let hi = comments.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (comments[mid]!.end <= anchor) lo = mid + 1;
      else hi = mid;
    }
    const c = comments[lo - 1];
    if (!c || c.type !== 'CommentBlock' || !c.value.startsWith('*') || c.value === '*') return null;
    if (src.slice(c.end, anchor).trim() !== '') return null;
    return docText(c.value);
  };

  // ---- names ----
  const keyName = (key: BNode | null | undefined, computed: boolean): string => {
    if (!key) return '<anonymous>';
    if (computed) return `[${text(key)}]`;
    switch (key.type) {
      case 'Identifier':
        return key.name as string;
      case 'PrivateName':
        return '#' + (key.id?.name as string);
      case 'StringLiteral':
        return key.value as string;
      case 'NumericLiteral':
      case 'BigIntLiteral':
        return String(key.value);
      default:
        return text(key);
    }
  };
  const nameSpanOfKey = (key: BNode): Span => {
    if (key.type === 'Identifier') return pos.span(key.start, key.start + (key.name as string).length);
    return spanOf(key);
  };
  const dotted = dottedPath;
  const isModuleExports = (n: BNode | null | undefined): boolean => {
    if (!n) return false;
    const d = dotted(n);
    return d === 'module.exports' || d === 'exports' || (d !== null && (d.startsWith('module.exports.') || d.startsWith('exports.')));
  };

  const bindingOf = (node: BNode, parent: BNode | null, key: string): Binding => {
    const id = node.id as BNode | null | undefined;
    const b: Binding = { name: '<anonymous>', nameSpan: null, anchor: node.start, exported: false, bindingName: null };
    const grand = parent ? (parents.get(parent) ?? null) : null;
    if (id && id.type === 'Identifier') {
      b.name = id.name as string;
      b.nameSpan = nameSpanOfKey(id);
    }
    if (!parent) return b;
    switch (parent.type) {
      case 'ExportNamedDeclaration':
      case 'ExportDefaultDeclaration':
        b.anchor = parent.start;
        b.exported = true;
        if (grand?.type === 'Program' && id) b.bindingName = b.name;
        break;
      case 'Program':
        if (id && (node.type === 'FunctionDeclaration' || node.type === 'ClassDeclaration')) b.bindingName = b.name;
        break;
      case 'VariableDeclarator':
        if (key === 'init' && parent.id?.type === 'Identifier') {
          if (!id) {
            b.name = parent.id.name as string;
            b.nameSpan = nameSpanOfKey(parent.id as BNode);
          }
          if (grand) {
            const gg = parents.get(grand) ?? null;
            b.anchor = gg?.type === 'ExportNamedDeclaration' ? gg.start : grand.start;
            if (gg?.type === 'ExportNamedDeclaration') b.exported = true;
            if (gg?.type === 'Program' || gg?.type === 'ExportNamedDeclaration') b.bindingName = parent.id.name as string;
          }
        }
        break;
      case 'AssignmentExpression':
        if (key === 'right') {
          const left = parent.left as BNode;
          if (!id) {
            if (left.type === 'Identifier') {
              b.name = left.name as string;
              b.nameSpan = nameSpanOfKey(left);
            } else if (
              (left.type === 'MemberExpression' || left.type === 'OptionalMemberExpression') &&
              dotted(left) !== 'module.exports'
            ) {
              const p = left.property as BNode;
              b.name = keyName(p, Boolean(left.computed) && p.type !== 'StringLiteral');
              b.nameSpan = nameSpanOfKey(p);
            }
          }
          if (grand?.type === 'ExpressionStatement') b.anchor = grand.start;
          if (isModuleExports(left)) b.exported = true;
        }
        break;
      case 'ObjectProperty':
        if (key === 'value' && !id) {
          b.name = keyName(parent.key as BNode, Boolean(parent.computed));
          b.nameSpan = nameSpanOfKey(parent.key as BNode);
        }
        if (key === 'value') b.anchor = parent.start;
        break;
      case 'ClassProperty':
      case 'ClassPrivateProperty':
      case 'ClassAccessorProperty':
        if (key === 'value' && !id) {
          b.name = keyName(parent.key as BNode, Boolean(parent.computed));
          b.nameSpan = nameSpanOfKey(parent.key as BNode);
        }
        if (key === 'value') b.anchor = parent.start;
        break;
      case 'AssignmentPattern':
        if (key === 'right' && !id && parent.left?.type === 'Identifier') {
          b.name = parent.left.name as string;
          b.nameSpan = nameSpanOfKey(parent.left as BNode);
        }
        break;
      default:
        break;
    }
    // Properties of `module.exports = {...}` / `export default {...}`.
    if (parent.type === 'ObjectProperty' && key === 'value' && grand?.type === 'ObjectExpression') {
      if (objectIsExported(grand)) b.exported = true;
    }
    return b;
  };
  const objectIsExported = (obj: BNode): boolean => {
    const p = parents.get(obj) ?? null;
    if (!p) return false;
    if (p.type === 'ExportDefaultDeclaration') return true;
    if (p.type === 'AssignmentExpression' && p.right === obj && isModuleExports(p.left as BNode)) return true;
    return false;
  };

  // ---- params ----
  const annotationText = (n: BNode | null | undefined): string | undefined => {
    if (!n) return undefined;
    const inner = (n.typeAnnotation as BNode | undefined) ?? n;
    return fullText(inner).slice(0, MAX_TEXT);
  };
  const paramOf = (raw: BNode): Param | null => {
    let p = raw;
    if (p.type === 'TSParameterProperty') p = p.parameter as BNode;
    const patternName = (n: BNode): string => {
      if (n.type === 'Identifier') return n.name as string;
      const end = n.typeAnnotation ? (n.typeAnnotation as BNode).start : n.end;
      return src.slice(n.start, Math.min(end, n.start + MAX_TEXT)).trim();
    };
    switch (p.type) {
      case 'Identifier':
        if (p.name === 'this') return null;
        return {
          name: p.name as string,
          span: spanOf(raw),
          hasDefault: false,
          isRest: false,
          annotation: annotationText(p.typeAnnotation as BNode),
        };
      case 'AssignmentPattern': {
        const left = p.left as BNode;
        return {
          name: patternName(left),
          span: spanOf(raw),
          hasDefault: true,
          isRest: false,
          annotation: annotationText(left.typeAnnotation as BNode),
          defaultText: text(p.right as BNode),
        };
      }
      case 'RestElement': {
        const arg = p.argument as BNode;
        return {
          name: patternName(arg),
          span: spanOf(raw),
          hasDefault: false,
          isRest: true,
          annotation: annotationText((p.typeAnnotation as BNode) ?? (arg.typeAnnotation as BNode)),
        };
      }
      default:
        return {
          name: patternName(p),
          span: spanOf(raw),
          hasDefault: false,
          isRest: false,
          annotation: annotationText(p.typeAnnotation as BNode),
        };
    }
  };

  /** Names bound by a pattern or declaration. */
  const boundNames = (root: BNode | null | undefined): string[] => {
    if (!root) return [];
    const out: string[] = [];
    for (const n of patternLeaves(root, false)) {
      const name = n.type === 'Identifier' ? (n.name as string) : dotted(n);
      if (name) out.push(name);
    }
    return out;
  };

  const decoratorsOf = (n: BNode | null | undefined): string[] =>
    ((n?.decorators as BNode[] | undefined) ?? []).map((d) => text((d.expression as BNode) ?? d));

  // ---- imports ----
  const stringValue = (n: BNode | null | undefined): string | null => {
    if (!n) return null;
    if (n.type === 'StringLiteral') return n.value as string;
    if (n.type === 'TemplateLiteral' && (n.expressions as BNode[]).length === 0)
      return ((n.quasis as BNode[])[0]?.value?.cooked as string) ?? null;
    return null;
  };
  const specifierName = (n: BNode | null | undefined): string => {
    if (!n) return '';
    return n.type === 'StringLiteral' ? (n.value as string) : ((n.name as string) ?? '');
  };
  const requireBindings = (call: BNode, parent: BNode | null, key: string): ImportBinding[] => {
    // `const x = require('m')`, `const {a, b: c} = require('m')`, `const y = require('m').y`
    let holder = parent;
    let holderKey = key;
    let member: string | null = null;
    if (
      holder &&
      (holder.type === 'MemberExpression' || holder.type === 'OptionalMemberExpression') &&
      holderKey === 'object' &&
      !holder.computed
    ) {
      member = (holder.property as BNode).name as string;
      const next = parents.get(holder) ?? null;
      holderKey = next && next.init === holder ? 'init' : next && next.right === holder ? 'right' : '';
      holder = next;
    }
    if (!holder) return [];
    let target: BNode | null = null;
    if (holder.type === 'VariableDeclarator' && holderKey === 'init') target = holder.id as BNode;
    else if (holder.type === 'AssignmentExpression' && holderKey === 'right') target = holder.left as BNode;
    if (!target) return [];
    if (target.type === 'Identifier') return [{ local: target.name as string, imported: member ?? '*', span: spanOf(target) }];
    if (target.type === 'ObjectPattern' && member === null) {
      const out: ImportBinding[] = [];
      for (const prop of target.properties as BNode[]) {
        if (prop.type === 'RestElement') {
          const arg = prop.argument as BNode;
          if (arg.type === 'Identifier') out.push({ local: arg.name as string, imported: '*', span: spanOf(arg) });
          continue;
        }
        let value = prop.value as BNode;
        if (value.type === 'AssignmentPattern') value = value.left as BNode;
        if (value.type === 'Identifier')
          out.push({ local: value.name as string, imported: keyName(prop.key as BNode, Boolean(prop.computed)), span: spanOf(value) });
      }
      return out;
    }
    return [];
  };

  return {
    text,
    firstTokenAtOrAfter,
    lastTokenBefore,
    tokSrc,
    findDoc,
    keyName,
    nameSpanOfKey,
    dotted,
    isModuleExports,
    bindingOf,
    objectIsExported,
    paramOf,
    boundNames,
    decoratorsOf,
    stringValue,
    specifierName,
    requireBindings,
  };
}
