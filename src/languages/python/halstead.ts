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
import { child, nodeText, unparen } from './parse.js';

/**
 * The distinct operands of one context, by radon's operand identity (see the module comment): names,
 * attributes and str constants by their text (radon keys them alike), bytes constants by value,
 * numbers, True/False, None and Ellipsis by their keys, and a count of the operands that are each
 * distinct. Sets per context instead of one set of `context + key` strings: no concatenated key to
 * build and flatten per operand (issue 19).
 */
interface ContextOperands {
  strings: Set<string>;
  bytes: Set<string>;
  others: Set<string>;
  unique: number;
}

export interface HalsteadCounts {
  operators: Set<string>;
  /** Distinct operands by context (a function's name, MODULE_CONTEXT, '<lambda>'). */
  operands: Map<string, ContextOperands>;
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
const CR_NEWLINE = /\r\n?/g;
const UNDERSCORES = /_/g;
const PREFIXED_INT = /^0[xob]/;
const DECIMAL_INT = /^[0-9]+l?$/;
const WHITESPACE_RUN = /\s+/g;
const HEX2 = /^[0-9a-fA-F]{2}$/;
const HEX4 = /^[0-9a-fA-F]{4}$/;
const HEX8 = /^[0-9a-fA-F]{8}$/;

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
        if (HEX2.test(h)) {
          out += String.fromCharCode(parseInt(h, 16));
          i += 2;
        } else out += '\\x';
        break;
      }
      case 'u':
      case 'U': {
        const len = d === 'u' ? 4 : 8;
        const h = body.slice(i + 1, i + 1 + len);
        if (!bytes && (len === 4 ? HEX4 : HEX8).test(h)) {
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

/** Set by `partValue`: the part had a `b` prefix. */
let partIsBytes = false;

/**
 * The value of the string literal `src[p.start, p.end)`, or null when it is an f-string or no literal
 * (`^([A-Za-z]*)('''|"""|'|")` fails on its text). Read on `src` in place: one slice, no match array.
 */
function partValue(src: string, p: PyNode): string | null {
  const start = p.start;
  const end = p.end;
  let i = start;
  let f = false;
  let b = false;
  let r = false;
  for (; i < end; i++) {
    const c = src.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) break;
    const lower = c | 32;
    if (lower === 102) f = true;
    else if (lower === 98) b = true;
    else if (lower === 114) r = true;
  }
  // The letters are followed by a quote, or there is no match (a quote is no letter: no backtracking).
  if (i >= end) return null;
  const q = src.charCodeAt(i);
  if (q !== 39 && q !== 34) return null;
  if (f) return null;
  partIsBytes = b;
  const qlen = i + 2 < end && src.charCodeAt(i + 1) === q && src.charCodeAt(i + 2) === q ? 3 : 1;
  const bodyStart = i + qlen;
  // Without the closing quotes when the text ends with them after the opening ones.
  let closed = end - bodyStart >= qlen;
  for (let k = 1; closed && k <= qlen; k++) closed = src.charCodeAt(end - k) === q;
  let body = src.slice(bodyStart, closed ? end - qlen : end);
  if (body.includes('\r')) body = body.replace(CR_NEWLINE, '\n');
  return r ? body : decodeEscapes(body, b);
}

/** Python value key of a string / concatenated_string node, or null when it is an f-string (JoinedStr). */
export function stringValue(src: string, n: PyNode): { bytes: boolean; value: string } | null {
  if (n.type !== 'concatenated_string') {
    const v = partValue(src, n);
    return v === null ? null : { bytes: partIsBytes, value: v };
  }
  let value = '';
  let bytes = false;
  for (const p of n.children) {
    if (p.type !== 'string') continue;
    const v = partValue(src, p);
    if (v === null) return null;
    if (partIsBytes) bytes = true;
    value += v;
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

/** The kinds of operand (`operandKind`), and the key of the last one that has a key. */
const STRINGS = 0;
const BYTES = 1;
const OTHERS = 2;
const UNIQUE = 3;
let operandKey = '';

/**
 * Which of its context's distinct operands the operand `raw` is, by radon's operand identity (see the
 * module comment). The keys of the former single set were `context + '\0' + key`, key one of
 * 's:' + text, 'b:' + value, a number's key ('n:', 'c:', 'f:' or a fresh 'u:'), 'None', 'Ellipsis'
 * or a fresh 'u:' + counter; a context (a function's name, '<lambda>', MODULE_CONTEXT) holds no '\0',
 * so its distinct keys are as many as these sets' members and the fresh ones counted.
 */
function operandKind(src: string, raw: PyNode): number {
  const n = unparen(raw);
  switch (n.type) {
    case 'identifier':
      operandKey = nodeText(src, n);
      return STRINGS;
    case 'attribute': {
      const a = child(n, 'attribute');
      if (!a) return UNIQUE;
      operandKey = nodeText(src, a);
      return STRINGS;
    }
    case 'string':
    case 'concatenated_string': {
      const v = stringValue(src, n);
      if (!v) return UNIQUE;
      operandKey = v.value;
      return v.bytes ? BYTES : STRINGS;
    }
    case 'integer':
    case 'float':
      operandKey = numberKey(nodeText(src, n));
      return OTHERS;
    case 'true':
      operandKey = 'n:1';
      return OTHERS;
    case 'false':
      operandKey = 'n:0';
      return OTHERS;
    case 'none':
      operandKey = 'None';
      return OTHERS;
    case 'ellipsis':
      operandKey = 'Ellipsis';
      return OTHERS;
    default:
      return UNIQUE;
  }
}

function addKind(sets: ContextOperands, kind: number, key: string): void {
  if (kind === STRINGS) sets.strings.add(key);
  else if (kind === BYTES) sets.bytes.add(key);
  else if (kind === OTHERS) sets.others.add(key);
  else sets.unique++;
}

function addOperand(sets: ContextOperands, src: string, raw: PyNode): void {
  const kind = operandKind(src, raw);
  addKind(sets, kind, operandKey);
}

/** The distinct operands of context `ctx` in `acc`, made on first use. */
function operandsOf(acc: HalsteadCounts, ctx: string): ContextOperands {
  let sets = acc.operands.get(ctx);
  if (!sets) {
    sets = { strings: new Set(), bytes: new Set(), others: new Set(), unique: 0 };
    acc.operands.set(ctx, sets);
  }
  return sets;
}

/** The node's text: its type's string when it is spelled as its type (an operator), else a slice. */
function spelling(src: string, n: PyNode): string {
  const type = n.type;
  return n.end - n.start === type.length && src.startsWith(type, n.start) ? type : nodeText(src, n);
}

function boolOp(src: string, n: PyNode): string {
  const op = child(n, 'operator');
  return op ? spelling(src, op) : (n.children.find((c) => c.type === 'and' || c.type === 'or')?.type ?? '');
}

/** Where the counts of a walk go: one accumulator (`halsteadCounts`), or several (`halsteadVolumes`). */
interface Sink {
  operator(name: string, n1: number, n2: number): void;
  /** An operand, counted in the walk's current context. */
  operand(raw: PyNode): void;
}

/** The operators and operands radon counts at node `n` itself (see the module comment). */
function countNode(src: string, n: PyNode, sink: Sink): void {
  switch (n.type) {
    case 'binary_operator': {
      const op = child(n, 'operator');
      const l = child(n, 'left');
      const r = child(n, 'right');
      sink.operator(BIN[op ? spelling(src, op) : ''] ?? 'BinOp', 1, 2);
      if (l) sink.operand(l);
      if (r) sink.operand(r);
      return;
    }
    case 'unary_operator': {
      const op = child(n, 'operator');
      const a = child(n, 'argument');
      sink.operator(UNARY[op ? spelling(src, op) : ''] ?? 'UnaryOp', 1, 1);
      if (a) sink.operand(a);
      return;
    }
    case 'not_operator': {
      const a = child(n, 'argument');
      sink.operator('Not', 1, 1);
      if (a) sink.operand(a);
      return;
    }
    case 'boolean_operator': {
      const op = boolOp(src, n);
      const parent = n.parent;
      // `a and b and c` is one BoolOp in Python; tree-sitter nests it to the left.
      const continuation = parent?.type === 'boolean_operator' && n.field === 'left' && boolOp(src, parent) === op;
      if (continuation) return;
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
      sink.operator(op === 'and' ? 'And' : 'Or', 1, values.length);
      for (const v of values) sink.operand(v);
      return;
    }
    case 'augmented_assignment': {
      const op = child(n, 'operator');
      const l = child(n, 'left');
      const r = child(n, 'right');
      sink.operator(BIN[op ? spelling(src, op).slice(0, -1) : ''] ?? 'AugAssign', 1, 2);
      if (l) sink.operand(l);
      if (r) sink.operand(r);
      return;
    }
    case 'comparison_operator': {
      // Operators: the children in the `operators` field; operands: the other named children
      // but extras (namedChildren).
      let ops = 0;
      for (const c of n.children) {
        if (c.field === 'operators') {
          ops++;
          sink.operator(CMP[spelling(src, c).replace(WHITESPACE_RUN, ' ')] ?? 'Cmp', 0, 0);
        } else if (c.named && c.type !== 'comment' && c.type !== 'line_continuation') sink.operand(c);
      }
      sink.operator('', ops, ops + 1);
      return;
    }
    default:
  }
}

/** The children radon's visitor goes into, and their context: a def's body only, under its name; a decorated def's def only. */
function visited(src: string, n: PyNode, ctx: string): { kids: readonly PyNode[]; ctx: string } {
  if (n.type === 'function_definition') {
    const name = child(n, 'name');
    const body = child(n, 'body');
    return { kids: body ? body.children : [], ctx: name ? nodeText(src, name) : '' };
  }
  const def = child(n, 'definition');
  return { kids: def?.type === 'function_definition' ? [def] : n.children, ctx };
}

/** Empty counts. */
const newCounts = (): HalsteadCounts => ({ operators: new Set(), operands: new Map(), N1: 0, N2: 0 });

/** One accumulator, counting in the walk's context. */
class OneSink implements Sink {
  ctx = '';
  constructor(
    private readonly src: string,
    readonly acc: HalsteadCounts,
  ) {}
  operator(name: string, n1: number, n2: number): void {
    if (name) this.acc.operators.add(name);
    this.acc.N1 += n1;
    this.acc.N2 += n2;
  }
  operand(raw: PyNode): void {
    addOperand(operandsOf(this.acc, this.ctx), this.src, raw);
  }
}

/**
 * Count operators/operands under `roots` with the given context name. Nested
 * function bodies are counted too, under their own context, as radon does.
 */
export function halsteadCounts(src: string, roots: readonly PyNode[], context: string, into?: HalsteadCounts): HalsteadCounts {
  const sink = new OneSink(src, into ?? newCounts());
  // Two parallel stacks (node, its context): no object per visited node.
  const nodes: PyNode[] = [];
  const ctxs: string[] = [];
  for (let i = roots.length - 1; i >= 0; i--) {
    nodes.push(roots[i]!);
    ctxs.push(context);
  }
  while (nodes.length) {
    const n = nodes.pop()!;
    const ctx = ctxs.pop()!;
    sink.ctx = ctx;
    countNode(src, n, sink);
    let kids: readonly PyNode[] = n.children;
    let childCtx = ctx;
    if (n.type === 'function_definition' || n.type === 'decorated_definition') ({ kids, ctx: childCtx } = visited(src, n, ctx));
    for (let i = kids.length - 1; i >= 0; i--) {
      nodes.push(kids[i]!);
      ctxs.push(childCtx);
    }
  }
  return sink.acc;
}

/**
 * A function's own count, open while the walk is inside what `functionVolume` would walk of it: a
 * def's body, a lambda's body. A lambda's walk starts in the context '<lambda>', which a def inside
 * it would change: `defs` is the number of defs the walk was inside when the lambda's body began.
 */
interface Frame {
  acc: HalsteadCounts;
  lambda: boolean;
  defs: number;
  outer: Frame | null;
}

/** The module's count and every open function's, each in its own context. */
class FrameSink implements Sink {
  ctx = '';
  defs = 0;
  frames: Frame | null = null;
  constructor(private readonly src: string) {}
  operator(name: string, n1: number, n2: number): void {
    for (let f = this.frames; f !== null; f = f.outer) {
      if (name) f.acc.operators.add(name);
      f.acc.N1 += n1;
      f.acc.N2 += n2;
    }
  }
  operand(raw: PyNode): void {
    const kind = operandKind(this.src, raw);
    const key = operandKey;
    for (let f = this.frames; f !== null; f = f.outer)
      addKind(operandsOf(f.acc, f.lambda && f.defs === this.defs ? '<lambda>' : this.ctx), kind, key);
  }
}

/**
 * In one walk, `moduleVolume(src, root)` and `functionVolume(src, fn)` of each of `functions` (defs
 * and lambdas) the module's walk reaches: the walk of a function's body counts what the module's
 * walk counts there, in the same context (a lambda's in '<lambda>'), so each count goes to the
 * module and to every function it is inside. A function the module's walk does not reach (in a
 * decorator or a default value) is left out: `functionVolume` gives its volume.
 */
export function halsteadVolumes(
  src: string,
  root: PyNode,
  functions: ReadonlySet<PyNode>,
): { module: number; functions: Map<PyNode, number> } {
  const sink = new FrameSink(src);
  const module: Frame = { acc: newCounts(), lambda: false, defs: 0, outer: null };
  const opened = new Map<PyNode, Frame>();
  const nodes: PyNode[] = [];
  const ctxs: string[] = [];
  const frames: Frame[] = [];
  const defs: number[] = [];
  for (let i = root.children.length - 1; i >= 0; i--) {
    nodes.push(root.children[i]!);
    ctxs.push(MODULE_CONTEXT);
    frames.push(module);
    defs.push(0);
  }
  while (nodes.length) {
    const n = nodes.pop()!;
    let ctx = ctxs.pop()!;
    const frame = frames.pop()!;
    let depth = defs.pop()!;
    sink.ctx = ctx;
    sink.defs = depth;
    sink.frames = frame;
    countNode(src, n, sink);
    let kids: readonly PyNode[] = n.children;
    let inner = frame;
    // Of a lambda whose own count is open, only the body is counted there (not its defaults).
    let lambdaBody: PyNode | undefined | null = null;
    const type = n.type;
    if (type === 'function_definition' || type === 'decorated_definition') {
      ({ kids, ctx } = visited(src, n, ctx));
      if (type === 'function_definition') {
        depth++;
        if (functions.has(n)) opened.set(n, (inner = { acc: newCounts(), lambda: false, defs: depth, outer: frame }));
      }
    } else if (type === 'lambda' && functions.has(n)) {
      opened.set(n, (inner = { acc: newCounts(), lambda: true, defs: depth, outer: frame }));
      lambdaBody = child(n, 'body');
    }
    for (let i = kids.length - 1; i >= 0; i--) {
      const c = kids[i]!;
      nodes.push(c);
      ctxs.push(ctx);
      frames.push(lambdaBody === null || c === lambdaBody ? inner : frame);
      defs.push(depth);
    }
  }
  const volumes = new Map<PyNode, number>();
  for (const [fn, f] of opened) volumes.set(fn, volumeOf(f.acc));
  return { module: volumeOf(module.acc), functions: volumes };
}

export function volumeOf(c: HalsteadCounts): number {
  let h = c.operators.size;
  for (const sets of c.operands.values()) h += sets.strings.size + sets.bytes.size + sets.others.size + sets.unique;
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
