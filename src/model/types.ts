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
  /** Loops enclosing the definition within its parent function or module (closures created in loops). */
  loopDepth?: number;
  /** Names read in this function (or its nested functions) that resolve to a binding of an enclosing function or loop (closure captures). */
  freeVariables?: string[];
  /** `await` expressions directly in this function (not nested functions). */
  awaits?: number;
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
  /** Positional arguments as expressions (extension). */
  argExprs?: Expression[];
  /** Keyword arguments with their values (Python `f(x=1)`; empty for JS). */
  keywordArgs?: { name: string; value: Expression }[];
  /** The object a method is called on (`re` in `re.compile(...)`, `arr` in `arr.sort()`), or null. */
  receiver?: Expression | null;
  /** `new X(...)` (JS). */
  isNew?: boolean;
  /** The call is (part of) a loop's condition or header (`while i < len(xs)`, `for (...; i < a.size(); ...)`). */
  inLoopHeader?: boolean;
  /** The call is the context expression of a `with` statement (Python) / `using` (TS). */
  inWith?: boolean;
  /** The call's result is returned, awaited, assigned, passed on, or chained (`.then`, `.catch`): not a floating value. */
  resultUsed?: boolean;
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
  /** The loop body. */
  bodySpan?: Span;
  /** `await` expressions directly in the body (not nested functions). */
  awaits?: number;
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
  /** if/ternary: has an else (or elif) branch. */
  hasElse?: boolean;
  /** The condition is a negation (`not x`, `!x`, `x != y`, `x !== y`). */
  negated?: boolean;
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
  /** The parser ran out of stack (input nested too deeply for this thread): a bigger stack may parse it. */
  nestedTooDeep?: boolean;
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
  // Extension lists (issue 4): filled by both front-ends.
  bindings: BindingNode[];
  assignments: AssignmentNode[];
  comparisons: ComparisonNode[];
  binaries: BinaryNode[];
  handlers: HandlerNode[];
  jumps: JumpNode[];
  strings: StringNode[];
  numbers: NumberNode[];
  collections: CollectionNode[];
  blocks: BlockNode[];
  /**
   * The parser's own tree, for YAML rules only (tree-sitter queries, ESLint-style selectors).
   * Built-in rules never read it: they work on the lists above.
   */
  syntax?: SyntaxHandle;
}

/**
 * Opaque parser output kept for pattern rules: for Python the front-end's converted tree as `root`, where
 * the bundled queries run, and node-tree-sitter's Tree where the front-end had one (without toasty's
 * parse addon; a query outside the bundled subset parses one when it has none); a Babel File AST (JS/TS).
 */
export type SyntaxHandle = { kind: 'tree-sitter'; tree?: unknown; root?: unknown } | { kind: 'babel'; ast: unknown };

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
  binding: BindingNode;
  assignment: AssignmentNode;
  comparison: ComparisonNode;
  binary: BinaryNode;
  handler: HandlerNode;
  jump: JumpNode;
  string: StringNode;
  number: NumberNode;
  collection: CollectionNode;
  block: BlockNode;
}
export type ModelNodeKind = keyof ModelNodes;

// ---------------------------------------------------------------------------
// Model extension for the rule catalogue (issue 4). Every front-end fills these
// lists; rules read them and never touch parser node types.
// ---------------------------------------------------------------------------

/** The shape of an expression, as far as rules care. */
export type ExpressionKind =
  | 'string'
  | 'template' // f-string, template literal with substitutions
  | 'number'
  | 'boolean'
  | 'null' // None / null
  | 'undefined'
  | 'regex'
  | 'list' // list / array literal
  | 'tuple'
  | 'dict' // dict / object literal
  | 'set'
  | 'identifier'
  | 'member' // a.b, a[b]
  | 'call'
  | 'new'
  | 'lambda' // lambda / arrow / function expression
  | 'binary' // arithmetic, string concatenation, %
  | 'logical'
  | 'comparison'
  | 'unary'
  | 'conditional'
  | 'await'
  | 'comprehension'
  | 'spread'
  | 'other';

export interface Expression {
  kind: ExpressionKind;
  /** Source text, whitespace-collapsed, truncated to 200 characters. */
  text: string;
  /** For literals: the value (string content without quotes, number as written); for identifiers/members: the dotted name. */
  value?: string;
  span: Span;
}

export type BindingKind =
  'variable' | 'constant' | 'param' | 'import' | 'function' | 'class' | 'loop-variable' | 'exception' | 'with-target';

/** A name introduced in a scope (assignment target, declaration, parameter, import, def/class, loop target, except/catch name). One entry per name per scope (the first declaration). */
export interface BindingNode {
  type: 'binding';
  name: string;
  kind: BindingKind;
  /** The first declaring identifier. */
  span: Span;
  /** Scope: index of the enclosing function in SourceFile.functions, or null for module scope. */
  scope: number | null;
  /** Declared directly in a class body (class attributes and methods are never "unused"). */
  inClassBody: boolean;
  /** Reads of this name that resolve to this binding (in its scope and nested scopes that do not rebind it). `del`, `global`/`nonlocal` and `export { x }` count as reads. */
  reads: number;
  /** Assignments after the first declaration (reassignments, augmented assignments). */
  writes: number;
  /** `const` (JS/TS) or UPPER_CASE module-level assignment (Python). */
  isConstant: boolean;
  /** Exported (JS/TS), or listed in `__all__` (Python). */
  isExported: boolean;
  /** For imports: `import type` / names only used in type positions count as reads. */
  isTypeOnly: boolean;
}

export interface AssignmentNode {
  type: 'assignment';
  /** Target texts as written: `x`, `self.count`, `obj.a.b`, `arr[i]`; names from destructuring patterns. */
  targets: string[];
  /** `=`, `+=`, `??=`, `:=`, … */
  operator: string;
  /** null for declarations without initializer (`let x;`, annotated `x: int`). */
  value: Expression | null;
  declaration: 'const' | 'let' | 'var' | null;
  span: Span;
  function: number | null;
  /** Loops enclosing it within its function (or module). */
  loopDepth: number;
  /** Inside the test of an if/while/for/ternary (`if (x = y)`, `while (n := f())`). */
  inCondition: boolean;
}

export interface ComparisonNode {
  type: 'comparison';
  /** `==`, `===`, `!=`, `!==`, `<`, `<=`, `>`, `>=`, `is`, `is not`, `in`, `not in`, `instanceof`. Python chains `a < b < c` give one entry per operator. */
  operator: string;
  left: Expression;
  right: Expression;
  span: Span;
  function: number | null;
  loopDepth: number;
}

/** A binary arithmetic / string operation (`+`, `-`, `*`, `/`, `%`, `**`, `//`, `<<`, …) and augmented assignment operators. */
export interface BinaryNode {
  type: 'binary';
  operator: string;
  left: Expression;
  right: Expression;
  span: Span;
  function: number | null;
  loopDepth: number;
  /** Part of an augmented assignment (`s += x`): left is the target. */
  augmented: boolean;
}

/** except / catch clause. */
export interface HandlerNode {
  type: 'handler';
  /** Caught types as written (`ValueError`, `Exception`); empty for bare `except:` and JS `catch`. */
  types: string[];
  /** Bound name (`except E as e`, `catch (e)`), or null. */
  binding: string | null;
  span: Span;
  /** Statements in the body, not counting `pass` / `...` / empty statements. */
  statements: number;
  /** Comments inside the body. */
  comments: number;
  /** The body re-raises: bare `raise`, `raise e`, `throw e` (the caught binding). */
  reraises: boolean;
  /** Raises a new exception without chaining: `raise X(...)` with no `from` (Python); `throw new X(...)` without `{ cause }` (JS). */
  raisesWithoutCause: boolean;
  function: number | null;
}

export type JumpKind = 'return' | 'raise' | 'throw' | 'break' | 'continue';

/** return / raise / throw / break / continue. */
export interface JumpNode {
  type: 'jump';
  kind: JumpKind;
  value: Expression | null;
  span: Span;
  function: number | null;
  /** Inside a `finally` block (of the same function). */
  inFinally: boolean;
  /** The first statement after this one in the same block (dead code), or null. */
  unreachable: Span | null;
}

export interface StringNode {
  type: 'string';
  /** Content without quotes (escapes decoded where simple), truncated to 500 characters. For templates/f-strings: the literal parts joined with `{}` placeholders. */
  value: string;
  span: Span;
  /** f-string or template literal with substitutions. */
  interpolated: boolean;
  /** Name the string is bound to, when obvious: assignment target (`password = "…"`), keyword argument (`token="…"`), object/dict key (`{secret: "…"}`), default of a parameter. Last segment only (`self.api_key` → `api_key`). */
  boundTo: string | null;
  /** Docstring (Python) or directive (`'use strict'`). */
  isDocstring: boolean;
  function: number | null;
  loopDepth: number;
}

export type NumberContext = 'comparison' | 'argument' | 'assignment' | 'default' | 'index' | 'return' | 'binary' | 'collection' | 'other';

export interface NumberNode {
  type: 'number';
  /** As written (`0x1F`, `1_000`, `3.14`). */
  text: string;
  value: number;
  span: Span;
  context: NumberContext;
  /** Assignment target / keyword / key it is bound to (see StringNode.boundTo). */
  boundTo: string | null;
  /** Unary minus applied (`-1`). */
  negative: boolean;
  function: number | null;
}

/** A dict / object literal or set. */
export interface CollectionNode {
  type: 'collection';
  kind: 'dict' | 'object' | 'set' | 'list';
  /** Keys with static text (string/number/identifier keys); computed keys and spreads are left out. */
  keys: { text: string; span: Span }[];
  size: number;
  span: Span;
  function: number | null;
}

export type BlockKind =
  'function' | 'if' | 'elif' | 'else' | 'loop' | 'try' | 'except' | 'finally' | 'with' | 'class' | 'switch' | 'case' | 'block' | 'match';

/** A statement block (body). */
export interface BlockNode {
  type: 'block';
  kind: BlockKind;
  span: Span;
  /** Statements, not counting `pass` / `...` / empty statements / docstrings. */
  statements: number;
  comments: number;
  function: number | null;
  /** For `case` blocks (JS switch): the block falls through to the next case (non-empty, no break/return/throw/continue at its end, not the last case). */
  fallsThrough: boolean;
}
