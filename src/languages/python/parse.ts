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
    children: [],
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

/** Parse `text`; never throws (a failed parse yields an empty module plus a problem). */
export function parsePython(text: string): ParseOutput {
  let tree: Parser.Tree;
  try {
    tree = parseTree(text);
  } catch (e) {
    const root: PyNode = {
      type: 'module', named: true, field: null, start: 0, end: text.length,
      startRow: 0, startCol: 0, endRow: 0, endCol: 0, missing: false, children: [], parent: null,
    };
    return { root, problems: [{ message: `parser failure: ${String(e)}`, line: 1, column: 1 }], hasError: true };
  }
  const cursor = tree.walk();
  const root = makeNode(cursor, null);
  const problems: ParseProblem[] = [];
  let parent = root;
  if (cursor.gotoFirstChild()) {
    outer: for (;;) {
      const n = makeNode(cursor, parent);
      parent.children.push(n);
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
  const hasError = problems.length > 0 || tree.rootNode.hasError;
  if (hasError && problems.length === 0) problems.push({ message: 'syntax error', line: 1, column: 1 });
  return { root, problems, hasError, tree };
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
