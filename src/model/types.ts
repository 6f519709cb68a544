/**
 * The language-neutral model every grader works on. Built once per file by a
 * language adapter (src/languages/<lang>/), never mutated afterwards.
 *
 * Conventions: lines and columns are 1-based; `endColumn` is exclusive (the
 * column just after the last character), as in ESLint and SARIF.
 */

export type Language = 'python' | 'javascript' | 'typescript';

export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type FunctionKind = 'function' | 'method' | 'lambda' | 'arrow' | 'getter' | 'setter' | 'constructor';

/** Per-function metrics, exactly as ../shared/CLI.md defines them. */
export interface FunctionMetrics {
  /** radon `cc` for Python; ESLint `complexity` (classic) for JS/TS. Nested functions do not add. */
  cyclomatic: number;
  /** SonarSource cognitive complexity 1.7, for this function alone (nested functions are their own entries). */
  cognitive: number;
  /** Deepest nesting of control structures (if/loop/try/switch/with) inside the body; 0 when flat. */
  maxNesting: number;
  params: number;
  /** Physical lines from `line` to `endLine`, inclusive. */
  loc: number;
  /** Lines in that range holding code (not blank, not comment-only). */
  sloc: number;
  /** `return` statements in the body (not in nested functions). */
  returns: number;
  halsteadVolume: number;
}

export interface Param {
  name: string;
  span: Span;
  hasDefault: boolean;
  /** `*args`, `**kwargs`, `...rest`. */
  isRest: boolean;
  /** Type annotation text when present. */
  annotation?: string;
  /** Source text of the default value when present. */
  defaultText?: string;
}

export interface FunctionNode {
  type: 'function';
  kind: FunctionKind;
  /** `<lambda>` / `<anonymous>` when the language gives it no name and no binding names it. */
  name: string;
  /** Dotted path through enclosing classes and functions: `Store.load`, `outer.inner`. */
  qualifiedName: string;
  /** From the `def` / `function` / method name / arrow parameters line to the last line of the body. */
  span: Span;
  /** The name token (or the head: `function` keyword / arrow params when anonymous). */
  nameSpan: Span;
  /** The body block (or expression body). */
  bodySpan: Span;
  params: Param[];
  isAsync: boolean;
  isGenerator: boolean;
  /** Exported (JS/TS) or public by naming convention (Python: no leading underscore), at module or class level. */
  isExported: boolean;
  /** Docstring (Python) or leading JSDoc comment text (JS/TS), without delimiters. */
  doc: string | null;
  decorators: string[];
  /** Index into SourceFile.functions of the enclosing function, or null. */
  parentFunction: number | null;
  /** Index into SourceFile.classes of the class this is a method of, or null. */
  parentClass: number | null;
  /** Depth of function nesting: 0 for top-level functions and methods of top-level classes. */
  depth: number;
  metrics: FunctionMetrics;
}

export interface ClassNode {
  type: 'class';
  name: string;
  qualifiedName: string;
  span: Span;
  nameSpan: Span;
  bases: string[];
  isExported: boolean;
  doc: string | null;
  decorators: string[];
  /** Indices into SourceFile.functions. */
  methods: number[];
  /** Names of attributes/fields assigned on the instance or declared in the class body. */
  attributes: string[];
}

export interface ImportBinding {
  /** Name bound locally (`np` for `import numpy as np`). */
  local: string;
  /** Name imported from the module (`default`, `*`, or the member name). */
  imported: string;
  span: Span;
}

export interface ImportNode {
  type: 'import';
  /** Module specifier: `os.path`, `./util.js`, `..pkg`. */
  module: string;
  bindings: ImportBinding[];
  /** `from x import *` / `export * from 'x'`. */
  isWildcard: boolean;
  /** TS `import type`. */
  isTypeOnly: boolean;
  span: Span;
}

export interface CallNode {
  type: 'call';
  /** Dotted callee text, e.g. `os.system`, `child_process.exec`, `fetch`; `` when not a simple path. */
  callee: string;
  /** Last segment of the callee path (`exec` for `cp.exec`). */
  name: string;
  argCount: number;
  /** Source text of each argument (truncated to 200 chars). */
  args: string[];
  /** Keyword argument names (Python) — empty for JS. */
  keywords: string[];
  span: Span;
  /** Index of the enclosing function, or null at module level. */
  function: number | null;
  /** Number of loops enclosing the call within its function (or module). */
  loopDepth: number;
  /** Directly awaited (`await f()`). */
  awaited: boolean;
  /** The call is a whole expression statement (its value is discarded). */
  isStatement: boolean;
}

export type LoopKind = 'for' | 'for-in' | 'for-of' | 'while' | 'do-while' | 'comprehension';

export interface LoopNode {
  type: 'loop';
  kind: LoopKind;
  span: Span;
  /** Source text of the iterated expression (`for x in <iter>`), or the loop condition. */
  iterable: string;
  /** Names bound by the loop target. */
  targets: string[];
  function: number | null;
  /** Loops enclosing this one within the same function. */
  depth: number;
  isAsync: boolean;
}

export type BranchKind = 'if' | 'elif' | 'else' | 'ternary' | 'switch' | 'case' | 'match' | 'try' | 'catch' | 'finally' | 'logical';

export interface BranchNode {
  type: 'branch';
  kind: BranchKind;
  span: Span;
  function: number | null;
  /** Control-structure nesting depth within the function. */
  depth: number;
  /** Condition text, when there is one. */
  condition?: string;
}

export interface CommentNode {
  type: 'comment';
  text: string;
  span: Span;
  /** Docstrings (Python) and JSDoc blocks. */
  isDoc: boolean;
}

export type TokenKind = 'identifier' | 'keyword' | 'operator' | 'punctuation' | 'string' | 'number' | 'template' | 'regex' | 'other';

export interface Token {
  kind: TokenKind;
  text: string;
  line: number;
  column: number;
}

export interface ParseProblem {
  message: string;
  line: number;
  column: number;
}

export interface FileMetrics {
  loc: number;
  /** Lines with code (radon's `sloc` for Python). */
  sloc: number;
  /** Logical lines (radon's `lloc`; statements for JS/TS). */
  lloc: number;
  /** Comment lines (radon's `comments` for Python). */
  comments: number;
  /** Lines inside multi-line strings used as docstrings (radon's `multi`). */
  multi: number;
  blank: number;
  /** Module-wide Halstead volume. */
  halsteadVolume: number;
  /** Module-wide cyclomatic total (radon's `total_complexity` for Python). */
  cyclomaticTotal: number;
  /** radon's `mi` formula with comments, 0–100. */
  maintainabilityIndex: number;
  /** (comments + multi) / loc, 0–1. */
  commentRatio: number;
}

export interface SourceFile {
  path: string;
  language: Language;
  text: string;
  lines: string[];
  functions: FunctionNode[];
  classes: ClassNode[];
  imports: ImportNode[];
  calls: CallNode[];
  loops: LoopNode[];
  branches: BranchNode[];
  comments: CommentNode[];
  tokens: Token[];
  /** Recoverable syntax errors; when non-empty and the parser gave up, `parsed` is false. */
  problems: ParseProblem[];
  /** False when the file could not be parsed at all (then the file is reported `parse-error`). */
  parsed: boolean;
  metrics: FileMetrics;
}

/** Names of node kinds rules can visit; keys of the visitor object `create` returns. */
export interface ModelNodes {
  file: SourceFile;
  function: FunctionNode;
  class: ClassNode;
  import: ImportNode;
  call: CallNode;
  loop: LoopNode;
  branch: BranchNode;
  comment: CommentNode;
}
export type ModelNodeKind = keyof ModelNodes;
