/**
 * Halstead counts exactly as radon's HalsteadVisitor (radon/visitors.py):
 * operators come only from BinOp, UnaryOp, BoolOp, AugAssign and Compare
 * nodes; their operands are the direct operand expressions. Distinct operands
 * are keyed by (context, value) where context is the enclosing function name
 * (None at module level) and value is a Name's id, an Attribute's attr, a
 * Constant's Python value (so `1`, `1.0` and `True` are one operand, and the
 * name `x` equals the string `'x'`), or the AST node itself for anything else
 * (every such operand is distinct). Function bodies are visited with their own
 * context (decorators, defaults and annotations of a def are not visited);
 * class definitions are visited entirely (radon has no visit_ClassDef).
 */
import type { PyNode } from './parse.js';
import { child, namedChildren, nodeText, unparen } from './parse.js';

export interface HalsteadCounts {
  operators: Set<string>;
  operands: Set<string>;
  N1: number;
  N2: number;
}

const BIN: Record<string, string> = {
  '+': 'Add',
  '-': 'Sub',
  '*': 'Mult',
  '@': 'MatMult',
  '/': 'Div',
  '%': 'Mod',
  '**': 'Pow',
  '<<': 'LShift',
  '>>': 'RShift',
  '|': 'BitOr',
  '^': 'BitXor',
  '&': 'BitAnd',
  '//': 'FloorDiv',
};
const UNARY: Record<string, string> = { '-': 'USub', '+': 'UAdd', '~': 'Invert' };
const CMP: Record<string, string> = {
  '<': 'Lt',
  '<=': 'LtE',
  '==': 'Eq',
  '!=': 'NotEq',
  '>': 'Gt',
  '>=': 'GtE',
  in: 'In',
  'not in': 'NotIn',
  is: 'Is',
  'is not': 'IsNot',
  '<>': 'NotEq',
};

export const MODULE_CONTEXT = '\u0001None';

let uniqueCounter = 0;

// Regexes used per string / number / comparison node, hoisted: a literal in a function body is a new
// RegExp object each time it is evaluated (issue 19: allocation and GC).
const STRING_START = /^([A-Za-z]*)('''|"""|'|")/;
const CR_NEWLINE = /\r\n?/g;
const UNDERSCORES = /_/g;
const PREFIXED_INT = /^0[xob]/;
const DECIMAL_INT = /^[0-9]+l?$/;
const WHITESPACE_RUN = /\s+/g;

/** Decode the body of a (non-f) Python string literal. */
function decodeEscapes(body: string, bytes: boolean): string {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const d = body[++i]!;
    switch (d) {
      case '\n':
        break;
      case '\\':
        out += '\\';
        break;
      case "'":
        out += "'";
        break;
      case '"':
        out += '"';
        break;
      case 'a':
        out += '\x07';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case 'x': {
        const h = body.slice(i + 1, i + 3);
        if (/^[0-9a-fA-F]{2}$/.test(h)) {
          out += String.fromCharCode(parseInt(h, 16));
          i += 2;
        } else out += '\\x';
        break;
      }
      case 'u':
      case 'U': {
        const len = d === 'u' ? 4 : 8;
        const h = body.slice(i + 1, i + 1 + len);
        if (!bytes && new RegExp(`^[0-9a-fA-F]{${len}}$`).test(h)) {
          const cp = parseInt(h, 16);
          out += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\uFFFD';
          i += len;
        } else out += '\\' + d;
        break;
      }
      default:
        if (d >= '0' && d <= '7') {
          let oct = d;
          while (oct.length < 3 && body[i + 1] !== undefined && body[i + 1]! >= '0' && body[i + 1]! <= '7') oct += body[++i];
          out += String.fromCharCode(parseInt(oct, 8));
        } else out += '\\' + d; // unknown escapes (and \N{...}) are kept verbatim
    }
  }
  return out;
}

/** Python value key of a string / concatenated_string node, or null when it is an f-string (JoinedStr). */
export function stringValue(src: string, n: PyNode): { bytes: boolean; value: string } | null {
  const parts = n.type === 'concatenated_string' ? n.children.filter((c) => c.type === 'string') : [n];
  let value = '';
  let bytes = false;
  for (const p of parts) {
    const text = nodeText(src, p);
    const m = STRING_START.exec(text);
    if (!m) return null;
    const prefix = m[1]!.toLowerCase();
    if (prefix.includes('f')) return null;
    if (prefix.includes('b')) bytes = true;
    const q = m[2]!;
    let body = text.slice(m[0].length, text.length - (text.endsWith(q) && text.length >= m[0].length + q.length ? q.length : 0));
    body = body.replace(CR_NEWLINE, '\n');
    value += prefix.includes('r') ? body : decodeEscapes(body, prefix.includes('b'));
  }
  return { bytes, value };
}

function numberKey(text: string): string {
  const t = text.replace(UNDERSCORES, '');
  const low = t.toLowerCase();
  if (low.endsWith('j')) {
    const v = Number(t.slice(0, -1));
    return v === 0 ? 'n:0' : `c:${v}`;
  }
  if (PREFIXED_INT.test(low)) {
    try {
      return 'n:' + BigInt(low).toString();
    } catch {
      return 'u:' + uniqueCounter++;
    }
  }
  if (DECIMAL_INT.test(low)) {
    try {
      return 'n:' + BigInt(low.replace(/l$/, '')).toString();
    } catch {
      return 'u:' + uniqueCounter++;
    }
  }
  const v = Number(t);
  if (Number.isFinite(v) && Number.isInteger(v)) return 'n:' + BigInt(v).toString();
  return `f:${v}`;
}

/** radon's operand identity (see the module comment). */
function operandKey(src: string, raw: PyNode): string {
  const n = unparen(raw);
  switch (n.type) {
    case 'identifier':
      return 's:' + nodeText(src, n);
    case 'attribute': {
      const a = child(n, 'attribute');
      return a ? 's:' + nodeText(src, a) : 'u:' + uniqueCounter++;
    }
    case 'string':
    case 'concatenated_string': {
      const v = stringValue(src, n);
      if (!v) return 'u:' + uniqueCounter++;
      return (v.bytes ? 'b:' : 's:') + v.value;
    }
    case 'integer':
    case 'float':
      return numberKey(nodeText(src, n));
    case 'true':
      return 'n:1';
    case 'false':
      return 'n:0';
    case 'none':
      return 'None';
    case 'ellipsis':
      return 'Ellipsis';
    default:
      return 'u:' + uniqueCounter++;
  }
}

function boolOp(src: string, n: PyNode): string {
  const op = child(n, 'operator');
  return op ? nodeText(src, op) : (n.children.find((c) => c.type === 'and' || c.type === 'or')?.type ?? '');
}

/**
 * Count operators/operands under `roots` with the given context name. Nested
 * function bodies are counted too, under their own context, as radon does.
 */
export function halsteadCounts(src: string, roots: readonly PyNode[], context: string, into?: HalsteadCounts): HalsteadCounts {
  const acc: HalsteadCounts = into ?? { operators: new Set(), operands: new Set(), N1: 0, N2: 0 };
  // Two parallel stacks (node, its context): no object per visited node.
  const nodes: PyNode[] = [];
  const ctxs: string[] = [];
  for (let i = roots.length - 1; i >= 0; i--) {
    nodes.push(roots[i]!);
    ctxs.push(context);
  }
  const addOperand = (ctx: string, node: PyNode): void => {
    acc.operands.add(ctx + '\u0000' + operandKey(src, node));
  };
  while (nodes.length) {
    const n = nodes.pop()!;
    const ctx = ctxs.pop()!;
    let childCtx = ctx;
    let kids: readonly PyNode[] = n.children;
    switch (n.type) {
      case 'function_definition': {
        const name = child(n, 'name');
        const body = child(n, 'body');
        childCtx = name ? nodeText(src, name) : '';
        kids = body ? body.children : [];
        break;
      }
      case 'decorated_definition': {
        const def = child(n, 'definition');
        if (def?.type === 'function_definition') kids = [def];
        break;
      }
      case 'binary_operator': {
        const op = child(n, 'operator');
        const l = child(n, 'left');
        const r = child(n, 'right');
        acc.N1 += 1;
        acc.N2 += 2;
        acc.operators.add(BIN[op ? nodeText(src, op) : ''] ?? 'BinOp');
        if (l) addOperand(ctx, l);
        if (r) addOperand(ctx, r);
        break;
      }
      case 'unary_operator': {
        const op = child(n, 'operator');
        const a = child(n, 'argument');
        acc.N1 += 1;
        acc.N2 += 1;
        acc.operators.add(UNARY[op ? nodeText(src, op) : ''] ?? 'UnaryOp');
        if (a) addOperand(ctx, a);
        break;
      }
      case 'not_operator': {
        const a = child(n, 'argument');
        acc.N1 += 1;
        acc.N2 += 1;
        acc.operators.add('Not');
        if (a) addOperand(ctx, a);
        break;
      }
      case 'boolean_operator': {
        const op = boolOp(src, n);
        const parent = n.parent;
        // `a and b and c` is one BoolOp in Python; tree-sitter nests it to the left.
        const continuation = parent?.type === 'boolean_operator' && n.field === 'left' && boolOp(src, parent) === op;
        if (!continuation) {
          const values: PyNode[] = [];
          let cur: PyNode = n;
          const rights: PyNode[] = [];
          for (;;) {
            const r = child(cur, 'right');
            if (r) rights.push(r);
            const l = child(cur, 'left');
            if (l && l.type === 'boolean_operator' && boolOp(src, l) === op) {
              cur = l;
              continue;
            }
            if (l) values.push(l);
            break;
          }
          for (let i = rights.length - 1; i >= 0; i--) values.push(rights[i]!);
          acc.N1 += 1;
          acc.N2 += values.length;
          acc.operators.add(op === 'and' ? 'And' : 'Or');
          for (const v of values) addOperand(ctx, v);
        }
        break;
      }
      case 'augmented_assignment': {
        const op = child(n, 'operator');
        const l = child(n, 'left');
        const r = child(n, 'right');
        acc.N1 += 1;
        acc.N2 += 2;
        acc.operators.add(BIN[op ? nodeText(src, op).slice(0, -1) : ''] ?? 'AugAssign');
        if (l) addOperand(ctx, l);
        if (r) addOperand(ctx, r);
        break;
      }
      case 'comparison_operator': {
        const operands = namedChildren(n).filter((c) => c.field !== 'operators');
        const ops = n.children.filter((c) => c.field === 'operators');
        acc.N1 += ops.length;
        acc.N2 += ops.length + 1;
        for (const o of ops) acc.operators.add(CMP[nodeText(src, o).replace(WHITESPACE_RUN, ' ')] ?? 'Cmp');
        for (const o of operands) addOperand(ctx, o);
        break;
      }
      default:
        break;
    }
    for (let i = kids.length - 1; i >= 0; i--) {
      nodes.push(kids[i]!);
      ctxs.push(childCtx);
    }
  }
  return acc;
}

export function volumeOf(c: HalsteadCounts): number {
  const h = c.operators.size + c.operands.size;
  const N = c.N1 + c.N2;
  return h !== 0 ? N * (Math.log(h) / Math.log(2)) : 0; // math.log(h, 2)
}

/** radon per-function Halstead volume (the function visitor over its body). */
export function functionVolume(src: string, fn: PyNode): number {
  const body = child(fn, 'body');
  if (!body) return 0;
  if (fn.type === 'lambda') return volumeOf(halsteadCounts(src, [body], '<lambda>'));
  const name = child(fn, 'name');
  return volumeOf(halsteadCounts(src, body.children, name ? nodeText(src, name) : ''));
}

/** radon h_visit(...).total.volume for the module. */
export function moduleVolume(src: string, root: PyNode): number {
  return volumeOf(halsteadCounts(src, root.children, MODULE_CONTEXT));
}
