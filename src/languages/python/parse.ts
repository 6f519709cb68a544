/**
 * tree-sitter front door for Python: parses text and converts the tree into a
 * plain JS tree (PyNode) so that every later walk is cheap and never crosses
 * the native boundary again. The conversion is iterative (TreeCursor), so
 * arbitrarily deep inputs cannot overflow the JS stack.
 */
import { createRequire } from 'node:module';
import type Parser from 'tree-sitter';
import type { ParseProblem, Span } from '../../model/types.js';
import {
  COUNT_MASK,
  ERROR_SYMBOL,
  flatParser,
  HEADER,
  MISSING_BIT,
  NAMED_BIT,
  NODE_INTS,
  TABLE_VERSION,
  type FlatParser,
} from './flat-parse.js';
import { setPythonLanguage } from './set-language.js';
import { trackTree } from './tree-memory.js';

/**
 * One syntax node of the converted tree. Rows and columns are not stored: they are computed on
 * demand from the offsets and the file's line-start table, which every node of a tree shares (most
 * nodes never have their position read; three fewer fields per node is a fifth of a node's memory).
 */
export class PyNode {
  constructor(
    public type: string,
    public named: boolean,
    /** Field name in the parent (`name`, `body`, ...), or null. */
    public field: string | null,
    /** UTF-16 offsets into the source text. */
    public start: number,
    public end: number,
    public missing: boolean,
    public children: PyNode[],
    public parent: PyNode | null,
    /** Offsets of the file's line starts (`lineStarts`), shared by every node of the tree. */
    readonly lines: Int32Array,
  ) {}
  /** 0-based rows, UTF-16 columns (tree-sitter counts rows at `\n` only, as `lineStarts` does). */
  get startRow(): number {
    return rowAt(this.lines, this.start, 0);
  }
  get startCol(): number {
    return this.start - this.lines[rowAt(this.lines, this.start, 0)]!;
  }
  get endRow(): number {
    return rowAt(this.lines, this.end, 0);
  }
  get endCol(): number {
    return this.end - this.lines[rowAt(this.lines, this.end, 0)]!;
  }
}

/**
 * node-tree-sitter and the grammar, for the cursor conversion: loaded only where toasty's own addon
 * is not used (flat-parse.ts), so a run with the addon never loads node-tree-sitter's JS.
 */
let binding: { Parser: typeof Parser; Python: unknown } | null = null;
function treeSitter(): { Parser: typeof Parser; Python: unknown } {
  if (!binding) {
    const require = createRequire(import.meta.url);
    binding = { Parser: require('tree-sitter') as typeof Parser, Python: require('tree-sitter-python') as unknown };
  }
  return binding;
}

let parser: Parser | null = null;
function getParser(): Parser {
  if (!parser) {
    const { Parser: TreeSitter, Python } = treeSitter();
    parser = new TreeSitter();
    setPythonLanguage(parser, Python);
  }
  return parser;
}

function parseTree(text: string): Parser.Tree {
  const p = getParser();
  try {
    return p.parse(text);
  } catch {
    // Older bindings refuse long strings; the callback form has no limit.
    const chunk = 16 * 1024;
    return p.parse((index: number) => (index < text.length ? text.slice(index, index + chunk) : ''), undefined, {
      bufferSize: Math.max(chunk, 1024),
    } as Parser.Options);
  }
}

/**
 * The shared child list of leaves. It has the hidden class of every other child list (an array of
 * objects, as `splice` and `[node]` make them): frozen, as it was, it had a class of its own, so the
 * walks over `children` met two, and TurboFan code compiled after meeting one was thrown away on
 * meeting the other and compiled again ("wrong map" deoptimisations in the metrics' walks, each
 * costing a small project's run a recompilation: issue 19). This module is the only writer of
 * `children`, and never writes to this one (tests/languages/python/parse.test.ts).
 */
const NO_CHILDREN: PyNode[] = [null as unknown as PyNode].slice(1);

/**
 * Per-language tables, filled lazily: node type id → name / named / leaf, field id → name.
 * Reading `nodeTypeId` / `currentFieldId` (numbers) instead of `nodeType` / `currentFieldName`
 * (fresh JS strings) per node is what makes the conversion cheap; the ids are fixed per grammar
 * (aliases have their own id), so the first name read for an id is the name of every node with it.
 */
const typeNames: (string | undefined)[] = [];
const typeNamed: boolean[] = [];
/** Terminal symbols (node-types.json entries with neither fields nor children): never have children. */
const typeLeaf: boolean[] = [];
const fieldNames: (string | null)[] = [null];
/** Node types whose children never carry a field name (no `fields` in node-types.json). */
const typeHasFields: boolean[] = [];
/** Python 2 `print` / `exec` statements (reported as syntax errors: see `python2Problems`). */
const typePy2: boolean[] = [];
/**
 * `string_content` / `format_specifier`: tokens whose escape / interpolation children lie inside
 * them, so their first child need not start where they do, nor their last end where they do.
 */
const typeSpansInside: boolean[] = [];
/**
 * Types whose first child need not start where they do: those two tokens, and `block`, which in a
 * `match` statement is the grammar's `_match_block` and starts with its hidden `_indent` / `_newline`
 * token (grammar.json: the only visible rules that can begin with a hidden terminal are these).
 */
const typeStartsBeforeChild: boolean[] = [];
/** Anonymous terminal types: their text, which is the type's name (`(`, `def`, `+=`): checked against the source before use. */
const typeToken: (string | undefined)[] = [];
/**
 * Per type with fields, the anonymous child types that can carry one; an anonymous child of another
 * type never has a field, so its `currentFieldId` is not read.
 */
const typeAnonFields: (Set<string> | undefined)[] = [];
/** `identifier`: see `asciiWordEnd`. */
const typeWord: boolean[] = [];
let leafTypeNames: Set<string> | null = null;
let fieldlessTypeNames: Set<string> | null = null;

interface NodeTypeInfo {
  type: string;
  named: boolean;
  fields?: Record<string, unknown>;
  children?: unknown;
  subtypes?: unknown;
}
function typeInfo(): NodeTypeInfo[] {
  return (treeSitter().Python as { nodeTypeInfo?: NodeTypeInfo[] }).nodeTypeInfo ?? [];
}

function leafNames(): Set<string> {
  if (!leafTypeNames) {
    leafTypeNames = new Set();
    for (const t of typeInfo()) if (!t.fields && !t.children && !t.subtypes) leafTypeNames.add((t.named ? 'n:' : 'a:') + t.type);
  }
  return leafTypeNames;
}

function fieldless(): Set<string> {
  if (!fieldlessTypeNames) {
    fieldlessTypeNames = new Set();
    for (const t of typeInfo()) {
      if (t.subtypes) continue;
      if (!t.fields || Object.keys(t.fields).length === 0) fieldlessTypeNames.add((t.named ? 'n:' : 'a:') + t.type);
    }
  }
  return fieldlessTypeNames;
}

/** The anonymous types a field of `type` can hold (node-types.json: operators such as `+`, `and`, `not in`). */
function anonymousFieldTypes(type: string): Set<string> | undefined {
  const info = typeInfo().find((t) => t.named && t.type === type);
  const found = new Set<string>();
  for (const f of Object.values(info?.fields ?? {})) {
    for (const t of (f as { types?: { type: string; named: boolean }[] }).types ?? []) if (!t.named) found.add(t.type);
  }
  return found.size ? found : undefined;
}

function learnType(c: Parser.TreeCursor, id: number): void {
  const type = c.nodeType;
  const named = c.nodeIsNamed;
  typeNames[id] = type;
  typeNamed[id] = named;
  typeLeaf[id] = id !== 0xffff && leafNames().has((named ? 'n:' : 'a:') + type);
  typeHasFields[id] = id === 0xffff || !fieldless().has((named ? 'n:' : 'a:') + type);
  typePy2[id] = named && (type === 'print_statement' || type === 'exec_statement');
  typeToken[id] = !named && typeLeaf[id] ? type : undefined;
  typeWord[id] = named && type === 'identifier';
  typeAnonFields[id] = named && typeHasFields[id] ? anonymousFieldTypes(type) : undefined;
  typeSpansInside[id] = named && (type === 'string_content' || type === 'format_specifier');
  typeStartsBeforeChild[id] = typeSpansInside[id] || type === 'block';
}

/**
 * End of the word of ASCII letters, digits and `_` starting at `start`; undefined when it is empty or
 * runs into a non-ASCII character (a longer identifier: its end is read from the tree instead).
 */
function asciiWordEnd(text: string, start: number): number | undefined {
  let i = start;
  for (; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if ((ch >= 97 && ch <= 122) || (ch >= 65 && ch <= 90) || (ch >= 48 && ch <= 57) || ch === 95) continue;
    if (ch >= 0x80) return undefined;
    break;
  }
  return i > start ? i : undefined;
}

/** Offsets of every line start (tree-sitter counts rows at `\n` only). */
function lineStarts(text: string): Int32Array {
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  const out = new Int32Array(count);
  let k = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out[k++] = i + 1;
  return out;
}

/** Row of `offset`: the last line start ≤ offset, searching from row `lo` (≤ that row). */
export function rowAt(starts: Int32Array, offset: number, lo: number): number {
  let hi = starts.length - 1;
  // nearby first (leaves end on their start row or the next one)
  if (lo >= hi || starts[lo + 1]! > offset) return lo;
  if (lo + 2 > hi || starts[lo + 2]! > offset) return lo + 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Fast conversion for trees without errors. Per node only what cannot be derived crosses the native
 * boundary: `nodeTypeId` and the moves, `currentFieldId` under a parent type that has fields (for an
 * anonymous child, only where that type's fields can hold it: see `typeAnonFields`), and the
 * offsets of leaves (an inner node spans its children: it starts at its first child's start and ends
 * at its last child's end). An anonymous token whose text is its type (`(`, `def`, `+=`) ends at its
 * start plus that length, and an identifier made of ASCII letters, digits and `_` ends where they do
 * (the lexer takes the longest word), so only other named leaves read `endIndex`. Children are
 * gathered on one shared stack and moved into an exactly sized array when their parent closes.
 */
function convertFast(c: Parser.TreeCursor, text: string, lines: Int32Array, py2: PyNode[]): PyNode {
  let id = c.nodeTypeId;
  if (typeNames[id] === undefined) learnType(c, id);
  const root = new PyNode(typeNames[id]!, typeNamed[id]!, null, c.startIndex, 0, false, NO_CHILDREN, null, lines);
  if (typeLeaf[id] || !c.gotoFirstChild()) {
    root.end = c.endIndex;
    return root;
  }
  /** Children gathered so far, of every open node; `from[d]` is where those of the open node at depth d begin. */
  const kids: PyNode[] = [];
  const from: number[] = [0];
  let parent = root;
  let parentId = id;
  const ids: number[] = [];
  for (;;) {
    id = c.nodeTypeId;
    if (typeNames[id] === undefined) learnType(c, id);
    let field: string | null = null;
    if (typeHasFields[parentId] && (typeNamed[id] || typeAnonFields[parentId]?.has(typeNames[id]!))) {
      const fid = c.currentFieldId;
      if (fid !== undefined && fid !== 0) {
        field = fieldNames[fid] ?? null;
        if (field === null) field = fieldNames[fid] = c.currentFieldName ?? null;
      }
    }
    // A first child starts where its parent does (the root's start is read, so every parent has one),
    // except where the parent may begin with a hidden token (see `typeStartsBeforeChild`).
    const first = kids.length === from[from.length - 1] && !typeStartsBeforeChild[parentId]!;
    const start = first ? parent.start : typeLeaf[id] ? c.startIndex : -1;
    const n = new PyNode(typeNames[id]!, typeNamed[id]!, field, start, start, false, NO_CHILDREN, parent, lines);
    kids.push(n);
    if (typePy2[id]) py2.push(n);
    if (typeLeaf[id]) {
      const token = typeToken[id];
      if (token !== undefined) n.end = text.startsWith(token, start) ? start + token.length : c.endIndex;
      else if (typeWord[id]) n.end = asciiWordEnd(text, start) ?? c.endIndex;
      else n.end = c.endIndex;
    } else {
      if (start < 0) n.start = n.end = c.startIndex;
      if (c.gotoFirstChild()) {
        ids.push(parentId);
        parentId = id;
        from.push(kids.length);
        parent = n;
        continue;
      }
      n.end = c.endIndex;
    }
    while (!c.gotoNextSibling()) {
      c.gotoParent();
      // Close `parent`: its children are the top of the stack; it ends where the last one does,
      // except `string_content` / `format_specifier`, tokens whose escape/interpolation children
      // need not reach their end.
      const base = from.pop()!;
      parent.children = kids.splice(base);
      parent.end = typeSpansInside[parentId] ? c.endIndex : parent.children[parent.children.length - 1]!.end;
      if (parent === root) {
        root.end = c.endIndex;
        return root;
      }
      parentId = ids.pop()!;
      parent = parent.parent!;
    }
  }
}

function makeNode(c: Parser.TreeCursor, parent: PyNode | null, lines: Int32Array): PyNode {
  return new PyNode(
    c.nodeType,
    c.nodeIsNamed,
    c.currentFieldName ?? null,
    c.startIndex,
    c.endIndex,
    c.nodeIsMissing,
    NO_CHILDREN,
    parent,
    lines,
  );
}

export interface ParseOutput {
  root: PyNode;
  problems: ParseProblem[];
  hasError: boolean;
  /**
   * node-tree-sitter's tree, kept for YAML query rules (`SourceFile.syntax`) when the cursor conversion
   * made the tree; with toasty's addon there is none (a rule that needs one parses it: yaml-rules/syntax.ts).
   */
  tree?: Parser.Tree;
}

/** `print x`, `print >>f, x`, `exec code`: cheap text test before the tree is searched. */
const PY2_HINT = /\b(?:print|exec)[ \t]*(?:>>|[^\s(=,.)\]:;}#])/;

/**
 * tree-sitter-python still accepts Python 2's print and exec statements, which CPython 3 (and
 * radon, pylint, Ruff) reject: they are syntax errors here too, so Python 2 code is not graded as
 * if it were valid.
 */
function python2Problems(statements: PyNode[], text: string): ParseProblem[] {
  if (statements.length === 0 || !PY2_HINT.test(text)) return [];
  return statements.map((n) => ({
    message: `Python 2 \`${n.type === 'print_statement' ? 'print' : 'exec'}\` statement (not valid in Python 3; call ${n.type === 'print_statement' ? 'print(...)' : 'exec(...)'})`,
    line: n.startRow + 1,
    column: n.startCol + 1,
  }));
}

function failedParse(text: string, e: unknown): ParseOutput {
  const root = new PyNode('module', true, null, 0, text.length, false, NO_CHILDREN, null, lineStarts(text));
  return { root, problems: [{ message: `parser failure: ${String(e)}`, line: 1, column: 1 }], hasError: true };
}

/** The problems of a tree with errors: those below the root, the root's own, in position order. */
function errorProblems(root: PyNode, problems: ParseProblem[]): ParseProblem[] {
  if (root.type === 'ERROR' || root.missing) {
    problems.push({ message: 'syntax error', line: root.startRow + 1, column: root.startCol + 1 });
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  if (problems.length === 0) problems.push({ message: 'syntax error', line: 1, column: 1 });
  return problems;
}

/** Named nodes of some types, listed in document order: a YAML query's candidates (`nodeTypeIndex`). */
export interface NodeTypeIndex {
  types: ReadonlySet<string>;
  byType: ReadonlyMap<string, readonly PyNode[]>;
}

/** The types the table conversion lists (`indexNodeTypes`), and per symbol of the addon's grammar whether it is one of them. */
const indexedTypes = new Set<string>();
let indexedSymbols: Uint8Array | null = null;
const typeIndexes = new WeakMap<PyNode, NodeTypeIndex>();

/**
 * Asks the addon's table conversion to list the named nodes of `types` while it builds each tree
 * from now on (the bundled YAML queries' root types, yaml-rules/matchers/tree-query.ts): the
 * queries then find their candidates without walking the whole tree again (0.12 s of a standard
 * library run, issue 19). Trees converted through node-tree-sitter's cursor have no such list.
 */
export function indexNodeTypes(types: Iterable<string>): void {
  for (const t of types)
    if (!indexedTypes.has(t)) {
      indexedTypes.add(t);
      indexedSymbols = null;
    }
}

/** The lists `indexNodeTypes` asked for, made while `root`'s tree was built; undefined when none were. */
export function nodeTypeIndex(root: PyNode): NodeTypeIndex | undefined {
  return typeIndexes.get(root);
}

/** Per symbol of the grammar (several symbols can share a name): 1 where its name is an indexed type. */
function symbolsIndexed(types: readonly string[]): Uint8Array {
  const out = new Uint8Array(types.length);
  for (let i = 0; i < types.length; i++) if (indexedTypes.has(types[i]!)) out[i] = 1;
  return out;
}

/**
 * The PyNode tree of an addon table (flat-parse.ts has its layout), with the Python 2 statements
 * and, for a tree with errors, the problems of its ERROR and MISSING nodes, in document order.
 * Children are gathered on one shared stack and moved into an exactly sized array (`splice`) when
 * their parent closes, as `convertFast` does, so every child list has the same hidden class.
 */
function treeFromTable(
  table: Int32Array,
  text: string,
  flat: FlatParser,
): { root: PyNode; hasError: boolean; py2: PyNode[]; problems: ParseProblem[]; byType: Map<string, PyNode[]> | null } {
  if (table[0] !== TABLE_VERSION) throw new Error(`python parse table version ${table[0]}, expected ${TABLE_VERSION}`);
  const count = table[1]!;
  const hasError = table[2] === 1;
  const { types, fields } = flat;
  const lines = lineStarts(text);
  const py2: PyNode[] = [];
  const problems: ParseProblem[] = [];
  const kids: PyNode[] = [];
  /** Per open node: where its children begin on `kids`, and how many its parent still had to come. */
  const from: number[] = [];
  const parentLeft: number[] = [];
  let root: PyNode | null = null;
  let parent: PyNode | null = null;
  let left = 0;
  const want = indexedTypes.size > 0 ? (indexedSymbols ??= symbolsIndexed(types)) : null;
  const byType = want ? new Map([...indexedTypes].map((t) => [t, [] as PyNode[]])) : null;
  for (let k = 0, i = HEADER; k < count; k++, i += NODE_INTS) {
    const head = table[i]!;
    const flags = table[i + 3]!;
    const type = types[head & 0xffff]!;
    const named = (flags & NAMED_BIT) !== 0;
    const missing = (flags & MISSING_BIT) !== 0;
    const n: PyNode = new PyNode(
      type,
      named,
      fields[head >>> 16] ?? null,
      table[i + 1]!,
      table[i + 2]!,
      missing,
      NO_CHILDREN,
      parent,
      lines,
    );
    if (named && (type === 'print_statement' || type === 'exec_statement')) py2.push(n);
    if (want !== null && named && want[head & 0xffff] === 1) byType!.get(type)!.push(n);
    if (hasError && parent !== null) {
      if ((head & 0xffff) === ERROR_SYMBOL) {
        const snippet = text.slice(n.start, Math.min(n.end, n.start + 40)).split('\n')[0] ?? '';
        problems.push({ message: `syntax error near \`${snippet}\``, line: n.startRow + 1, column: n.startCol + 1 });
      } else if (missing) {
        problems.push({ message: `missing \`${type}\``, line: n.startRow + 1, column: n.startCol + 1 });
      }
    }
    const children = flags & COUNT_MASK;
    if (parent === null) {
      root = n;
    } else {
      kids.push(n);
      left--;
    }
    if (children > 0) {
      if (parent !== null) parentLeft.push(left);
      from.push(kids.length);
      parent = n;
      left = children;
      continue;
    }
    while (parent !== null && left === 0) {
      parent.children = kids.splice(from.pop()!);
      if (parent === root) return { root, hasError, py2, problems, byType };
      parent = parent.parent;
      left = parentLeft.pop()!;
    }
    if (parent === null) return { root: n, hasError, py2, problems, byType };
  }
  throw new Error(`python parse table: ${count} nodes, but the tree is not closed`);
}

/**
 * Tables parsed ahead (`prefetchPython`), by text, until `parsePython` takes them. The grading loop
 * reads up to `READ_AHEAD_FILES` files ahead (engine/read-ahead.ts), fewer than this holds; a table
 * nobody takes (a file graded elsewhere) is dropped once `PREFETCHED_MAX` are held.
 */
const prefetched = new Map<string, Int32Array | Error>();
export const PREFETCHED_MAX = 12;

/**
 * Parses `text` on a libuv thread with toasty's addon, so that `parsePython(text)` finds the table
 * ready (this thread meanwhile grades the previous file). Without the addon it does nothing.
 */
export async function prefetchPython(text: string): Promise<void> {
  const flat = flatParser();
  if (!flat) return;
  let table: Int32Array | Error;
  try {
    table = await flat.parseAsync(text);
  } catch (e) {
    table = e instanceof Error ? e : new Error(String(e));
  }
  if (prefetched.size >= PREFETCHED_MAX) prefetched.delete(prefetched.keys().next().value!);
  prefetched.set(text, table);
}

/** Parse with toasty's addon: the whole tree crosses as one table (parsed ahead, or now). */
function parseFlat(flat: FlatParser, text: string): ParseOutput {
  let table: Int32Array;
  const ahead = prefetched.get(text);
  if (ahead !== undefined) prefetched.delete(text);
  try {
    if (ahead instanceof Error) throw ahead;
    table = ahead ?? flat.parse(text);
  } catch (e) {
    return failedParse(text, e);
  }
  const built = treeFromTable(table, text, flat);
  if (built.byType) typeIndexes.set(built.root, { types: new Set(built.byType.keys()), byType: built.byType });
  if (!built.hasError) {
    const legacy = python2Problems(built.py2, text);
    return { root: built.root, problems: legacy, hasError: legacy.length > 0 };
  }
  return { root: built.root, problems: errorProblems(built.root, built.problems), hasError: true };
}

/**
 * Parse `text`; never throws (a failed parse yields an empty module plus a problem). With toasty's
 * addon (flat-parse.ts) when it is built, else (or with `via: 'cursor'`: the tests and
 * bench/parity compare the two) through node-tree-sitter's cursor, which keeps its tree.
 */
export function parsePython(text: string, via: 'auto' | 'cursor' = 'auto'): ParseOutput {
  const flat = via === 'auto' ? flatParser() : null;
  if (flat) return parseFlat(flat, text);
  let tree: Parser.Tree;
  try {
    tree = parseTree(text);
    trackTree(tree, text.length);
  } catch (e) {
    return failedParse(text, e);
  }
  const cursor = tree.walk();
  const lines = lineStarts(text);
  if (!tree.rootNode.hasError) {
    // The conversion collects the Python 2 statements in document order, as a search of the tree would.
    const py2: PyNode[] = [];
    const root = convertFast(cursor, text, lines, py2);
    const legacy = python2Problems(py2, text);
    return { root, problems: legacy, hasError: legacy.length > 0, tree };
  }
  // Trees with errors: the careful conversion (MISSING nodes, ERROR problems).
  const root = makeNode(cursor, null, lines);
  const problems: ParseProblem[] = [];
  let parent = root;
  if (cursor.gotoFirstChild()) {
    outer: for (;;) {
      const n = makeNode(cursor, parent, lines);
      if (parent.children === NO_CHILDREN) parent.children = [n];
      else parent.children.push(n);
      if (n.type === 'ERROR') {
        const snippet = text.slice(n.start, Math.min(n.end, n.start + 40)).split('\n')[0] ?? '';
        problems.push({ message: `syntax error near \`${snippet}\``, line: n.startRow + 1, column: n.startCol + 1 });
      } else if (n.missing) {
        problems.push({ message: `missing \`${n.type}\``, line: n.startRow + 1, column: n.startCol + 1 });
      }
      if (cursor.gotoFirstChild()) {
        parent = n;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        cursor.gotoParent();
        if (parent === root || !parent.parent) break outer;
        parent = parent.parent;
      }
    }
  }
  return { root, problems: errorProblems(root, problems), hasError: true, tree };
}

export function nodeText(src: string, n: PyNode): string {
  return src.slice(n.start, n.end);
}

export function spanOf(n: PyNode): Span {
  // Each row looked up once (the column getters would look it up again).
  const lines = n.lines;
  const startRow = rowAt(lines, n.start, 0);
  const endRow = rowAt(lines, n.end, startRow);
  return { line: startRow + 1, column: n.start - lines[startRow]! + 1, endLine: endRow + 1, endColumn: n.end - lines[endRow]! + 1 };
}

export function child(n: PyNode, field: string): PyNode | undefined {
  for (const c of n.children) if (c.field === field) return c;
  return undefined;
}

export function childrenByField(n: PyNode, field: string): PyNode[] {
  return n.children.filter((c) => c.field === field);
}

/** Named children, without the extras tree-sitter may put anywhere (comments, `\\` continuations). */
export function namedChildren(n: PyNode): PyNode[] {
  return n.children.filter((c) => c.named && c.type !== 'comment' && c.type !== 'line_continuation');
}

/** Strip parentheses: `((x))` → `x`. */
export function unparen(n: PyNode): PyNode {
  let cur = n;
  while (cur.type === 'parenthesized_expression') {
    const inner = namedChildren(cur);
    if (inner.length !== 1 || !inner[0]) break;
    cur = inner[0];
  }
  return cur;
}

/** The operator token of a binary/boolean/augmented node (its `operator` field). */
export function operatorText(src: string, n: PyNode): string {
  const op = child(n, 'operator');
  return op ? nodeText(src, op) : '';
}

export function isFunctionLike(n: PyNode): boolean {
  return n.type === 'function_definition' || n.type === 'lambda';
}
