/**
 * tree-sitter front door for Python: parses text and converts the tree into a
 * plain JS tree (PyNode) so that every later walk is cheap and never crosses
 * the native boundary again. The conversion is iterative (TreeCursor), so
 * arbitrarily deep inputs cannot overflow the JS stack.
 */
import Parser from 'tree-sitter';
import Python from 'tree-sitter-python';
import type { ParseProblem, Span } from '../../model/types.js';

export interface PyNode {
  type: string;
  named: boolean;
  /** Field name in the parent (`name`, `body`, ...), or null. */
  field: string | null;
  /** UTF-16 offsets into the source text. */
  start: number;
  end: number;
  /** 0-based rows, UTF-16 columns. */
  startRow: number;
  startCol: number;
  endRow: number;
  endCol: number;
  missing: boolean;
  children: PyNode[];
  parent: PyNode | null;
}

let parser: Parser | null = null;
function getParser(): Parser {
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(Python as unknown as Parser.Language);
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

/** The shared child list of leaves; frozen so that nothing can grow it by accident. */
const NO_CHILDREN: PyNode[] = Object.freeze([]) as unknown as PyNode[];

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
  return (Python as unknown as { nodeTypeInfo?: NodeTypeInfo[] }).nodeTypeInfo ?? [];
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

function learnType(c: Parser.TreeCursor, id: number): void {
  const type = c.nodeType;
  const named = c.nodeIsNamed;
  typeNames[id] = type;
  typeNamed[id] = named;
  typeLeaf[id] = id !== 0xffff && leafNames().has((named ? 'n:' : 'a:') + type);
  typeHasFields[id] = id === 0xffff || !fieldless().has((named ? 'n:' : 'a:') + type);
  typePy2[id] = named && (type === 'print_statement' || type === 'exec_statement');
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

/** Row of `offset`: the last line start ≤ offset, searching from row `lo`. */
function rowAt(starts: Int32Array, offset: number, lo: number): number {
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
 * Fast conversion for trees without errors: per node only `nodeTypeId`, `currentFieldId`,
 * `startIndex`, `endIndex` cross the native boundary; rows and columns come from a line-start table
 * (UTF-16 columns, as node-tree-sitter reports them); leaves skip `gotoFirstChild`.
 */
function convertFast(c: Parser.TreeCursor, text: string, py2: PyNode[]): PyNode {
  const starts = lineStarts(text);
  let row = 0;
  /** Type id of the node `make` last built. */
  let id = 0;
  const make = (parent: PyNode | null, parentHasFields: boolean): PyNode => {
    id = c.nodeTypeId;
    if (typeNames[id] === undefined) learnType(c, id);
    let field: string | null = null;
    if (parentHasFields) {
      const fid = c.currentFieldId;
      if (fid !== undefined && fid !== 0) {
        field = fieldNames[fid] ?? null;
        if (field === null) field = fieldNames[fid] = c.currentFieldName ?? null;
      }
    }
    const start = c.startIndex;
    row = rowAt(starts, start, row);
    const n: PyNode = {
      type: typeNames[id]!,
      named: typeNamed[id]!,
      field,
      start,
      end: start,
      startRow: row,
      startCol: start - starts[row]!,
      endRow: row,
      endCol: start - starts[row]!,
      missing: false,
      children: NO_CHILDREN,
      parent,
    };
    if (typeLeaf[id]) setEnd(n, c.endIndex);
    else if (typePy2[id]) py2.push(n);
    return n;
  };
  const setEnd = (n: PyNode, end: number): void => {
    const endRow = rowAt(starts, end, n.startRow);
    n.end = end;
    n.endRow = endRow;
    n.endCol = end - starts[endRow]!;
  };
  // A node's end is its last child's end (tree-sitter nodes span exactly their children; only
  // error trees, converted by the careful path, can end elsewhere). Childless nodes read it, and so
  // do `string_content` / `format_specifier`, tokens whose escape/interpolation children need not reach their end.
  const close = (n: PyNode): void => {
    const kids = n.children;
    if (kids === NO_CHILDREN || n.type === 'string_content' || n.type === 'format_specifier') setEnd(n, c.endIndex);
    else {
      const last = kids[kids.length - 1]!;
      n.end = last.end;
      n.endRow = last.endRow;
      n.endCol = last.endCol;
    }
  };
  const root = make(null, false);
  if (typeLeaf[id] || !c.gotoFirstChild()) {
    if (!typeLeaf[id]) setEnd(root, c.endIndex);
    return root;
  }
  let parent = root;
  let parentHasFields = typeHasFields[id]!;
  const fieldsStack: boolean[] = [];
  for (;;) {
    const n = make(parent, parentHasFields);
    if (parent.children === NO_CHILDREN) parent.children = [n];
    else parent.children.push(n);
    if (!typeLeaf[id]) {
      if (c.gotoFirstChild()) {
        fieldsStack.push(parentHasFields);
        parentHasFields = typeHasFields[id]!;
        parent = n;
        continue;
      }
      close(n);
    }
    while (!c.gotoNextSibling()) {
      c.gotoParent();
      if (parent === root || !parent.parent) {
        setEnd(root, c.endIndex);
        return root;
      }
      close(parent);
      parentHasFields = fieldsStack.pop()!;
      parent = parent.parent;
    }
  }
}

function makeNode(c: Parser.TreeCursor, parent: PyNode | null): PyNode {
  const sp = c.startPosition;
  const ep = c.endPosition;
  return {
    type: c.nodeType,
    named: c.nodeIsNamed,
    field: c.currentFieldName ?? null,
    start: c.startIndex,
    end: c.endIndex,
    startRow: sp.row,
    startCol: sp.column,
    endRow: ep.row,
    endCol: ep.column,
    missing: c.nodeIsMissing,
    children: NO_CHILDREN,
    parent,
  };
}

export interface ParseOutput {
  root: PyNode;
  problems: ParseProblem[];
  hasError: boolean;
  /** The tree-sitter tree itself, kept for YAML query rules (`SourceFile.syntax`). */
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

/** Parse `text`; never throws (a failed parse yields an empty module plus a problem). */
export function parsePython(text: string): ParseOutput {
  let tree: Parser.Tree;
  try {
    tree = parseTree(text);
  } catch (e) {
    const root: PyNode = {
      type: 'module',
      named: true,
      field: null,
      start: 0,
      end: text.length,
      startRow: 0,
      startCol: 0,
      endRow: 0,
      endCol: 0,
      missing: false,
      children: [],
      parent: null,
    };
    return { root, problems: [{ message: `parser failure: ${String(e)}`, line: 1, column: 1 }], hasError: true };
  }
  const cursor = tree.walk();
  if (!tree.rootNode.hasError) {
    // The conversion collects the Python 2 statements in document order, as a search of the tree would.
    const py2: PyNode[] = [];
    const root = convertFast(cursor, text, py2);
    const legacy = python2Problems(py2, text);
    return { root, problems: legacy, hasError: legacy.length > 0, tree };
  }
  // Trees with errors: the careful conversion (MISSING nodes, ERROR problems).
  const root = makeNode(cursor, null);
  const problems: ParseProblem[] = [];
  let parent = root;
  if (cursor.gotoFirstChild()) {
    outer: for (;;) {
      const n = makeNode(cursor, parent);
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
  if (root.type === 'ERROR' || root.missing) {
    problems.push({ message: 'syntax error', line: root.startRow + 1, column: root.startCol + 1 });
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  if (problems.length === 0) problems.push({ message: 'syntax error', line: 1, column: 1 });
  return { root, problems, hasError: true, tree };
}

export function nodeText(src: string, n: PyNode): string {
  return src.slice(n.start, n.end);
}

export function spanOf(n: PyNode): Span {
  return { line: n.startRow + 1, column: n.startCol + 1, endLine: n.endRow + 1, endColumn: n.endCol + 1 };
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
