/**
 * Model extension for the rule catalogue (issue 4): a scope analysis (`bindings`) and the
 * assignments / comparisons / binaries / handlers / jumps / strings / numbers / collections /
 * blocks lists, plus the extension fields of calls, functions, branches and loops.
 *
 * It runs as a co-visitor inside the model's own iterative traversal (`buildModel(..., co)`, one
 * `walk2`, no recursion proportional to depth), right after the model's visit of each node, so it
 * reads the FunctionNode / CallNode / LoopNode just made for that node. Declarations are recorded
 * into scopes as they are met and references are queued; `finish` resolves the references after
 * the traversal, so hoisting (`var`, function declarations, use before `let`) needs no second pass.
 *
 * Definitions where the contract leaves room (kept in sync with the report to the lead):
 * - bindings: one entry per name per lexical scope (function, block, loop head, catch, switch,
 *   class expression), so a function can hold two `x` in sibling blocks; `scope` is the function.
 *   Reads from inside a function's / class's own body (recursion, `new K()` in K) are not counted,
 *   as in ESLint's no-unused-vars; function / class expression names, TS parameter properties
 *   and ambient (`declare`) names resolve but are not reported. Type references count as reads.
 * - binaries: `s += x` is operator `+` with `augmented: true`; logical assignments are not binaries.
 * - numbers: with a unary minus, `text`, `value` and `span` include the sign.
 */
import type {
  AssignmentNode,
  BinaryNode,
  BindingKind,
  BindingNode,
  BlockKind,
  BlockNode,
  BranchNode,
  CallNode,
  CollectionNode,
  ComparisonNode,
  Expression,
  ExpressionKind,
  FunctionNode,
  HandlerNode,
  JumpKind,
  JumpNode,
  LoopNode,
  NumberContext,
  NumberNode,
  Span,
  StringNode,
} from '../../model/types.js';
import type { CoVisitor, LiveParts, ModelParts } from './build-model.js';
import { Positions, spanOf } from './build-model.js';
import type { BabelComment } from './parse.js';
import { type BNode, dottedPath, isFunction, isOuterPartOfMethod, patternLeaves } from './walk.js';

export interface ExtensionParts {
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
}

const MAX_TEXT = 200;
const MAX_STRING = 500;

/** How identifiers met in a subtree are treated. */
const EXPR = 0; // read
const DECLARE = 1; // declares a binding (declarator id, param, catch param)
const ASSIGN = 2; // written (`x = 1`, `[a, b] = c`, `for (x of y)`)
const READ_WRITE = 3; // read and written (`x += 1`, `x++`)
const TYPE = 4; // TS type position: only type references count (as reads)
type Mode = typeof EXPR | typeof DECLARE | typeof ASSIGN | typeof READ_WRITE | typeof TYPE;

const REF_READ = 1;
const REF_WRITE = 2;
const REF_TYPE = 4;

interface Scope {
  parent: Scope | null;
  /** Function owning the scope (block scopes belong to their function), null at module level. */
  fn: number | null;
  /** Nearest function / module / static block / namespace scope: where `var` goes. */
  varScope: Scope;
  /** Declared names: parallel arrays while few (cheaper than a Map), a Map beyond SMALL_SCOPE. */
  names: string[] | null;
  binds: Bind[] | null;
  map: Map<string, Bind> | null;
  /** After the walk: nearest scope, this one or an ancestor, that declares names (memo for resolution). */
  up: Scope | null | undefined;
}

interface Bind {
  /** null: a name that shadows but is not reported (TS parameter properties, ambient declarations). */
  node: BindingNode | null;
  scope: Scope;
  /** Reads inside [selfStart, selfEnd) are self-references (recursion) and are not counted. */
  selfStart: number;
  selfEnd: number;
  /** Declared inside a loop (within its function or the module). */
  inLoop: boolean;
}

interface Decl {
  kind: BindingKind;
  scope: Scope;
  isConstant: boolean;
  exported: boolean;
  typeOnly: boolean;
  hidden: boolean;
  /** The declaration assigns a value (counts as a write when the name is already bound). */
  hasInit: boolean;
  selfStart: number;
  selfEnd: number;
  handler: HandlerRec | null;
}

interface HandlerRec {
  node: HandlerNode;
  name: string | null;
  parent: HandlerRec | null;
  bindings: BindingNode[];
}

interface LoopLink {
  loop: LoopNode;
  next: LoopLink | null;
}

/** The co-visitor's per-node state (opaque outside this module). */
export interface XState {
  fn: number | null;
  scope: Scope;
  loopDepth: number;
  mode: Mode;
  decl: Decl | null;
  /** Inside the test of an if / while / do-while / for / ternary. */
  inTest: boolean;
  inFinally: boolean;
  /** Inside a ternary's consequent or alternate. */
  inTernaryBranch: boolean;
  /** Inside a loop's header (everything but its body). */
  loopHeader: boolean;
  /** Loops whose per-iteration parts (body, test, update) enclose this point, innermost first. */
  awaitLoops: LoopLink | null;
  /** On a loop's own state: the link its body / test / update add to `awaitLoops`. */
  loopLink: LoopLink | null;
  handler: HandlerRec | null;
  /** Inside an ambient (`declare`) declaration: names declared here are not reported. */
  ambient: boolean;
  /** State of the enclosing scope, for method keys and decorators. */
  outer: XState | null;
  /** The state this one differs from only by `mode` (itself when it is not such a variant). */
  origin: XState;
  /** Memoised variants (by mode, and the inTest / inTernaryBranch / inFinally flags): siblings share them. */
  variants: Array<XState | undefined> | null;
}

const V_TEST = 5;
const V_TERNARY = 6;
const V_FINALLY = 7;

/** A new state: its own origin, no variants yet. */
function fresh(x: XState): XState {
  x.origin = x;
  x.variants = null;
  return x;
}

/** `s` with another identifier mode, memoised on the mode-less origin (no allocation on a hit). */
function withMode(s: XState, mode: Mode): XState {
  if (s.mode === mode) return s;
  const o = s.origin;
  if (o.mode === mode) return o;
  const v = (o.variants ??= []);
  let x = v[mode];
  if (x === undefined) {
    x = { ...o, mode, variants: null };
    x.origin = o;
    v[mode] = x;
  }
  return x;
}

/** `s` with one of the flags set, memoised on `s`. */
function withFlag(s: XState, flag: typeof V_TEST | typeof V_TERNARY | typeof V_FINALLY): XState {
  const v = (s.variants ??= []);
  let x = v[flag];
  if (x === undefined) {
    x = fresh({
      ...s,
      inTest: s.inTest || flag === V_TEST,
      inTernaryBranch: s.inTernaryBranch || flag === V_TERNARY,
      inFinally: s.inFinally || flag === V_FINALLY,
    });
    v[flag] = x;
  }
  return x;
}

/** A whitespace run or a whitespace character other than a plain space. */
const NEEDS_COLLAPSE = /\s\s|[^\S ]/;
const COMPARISON_OPS = new Set(['==', '!=', '===', '!==', '<', '<=', '>', '>=', 'in', 'instanceof']);
const ARITHMETIC_OPS = new Set(['+', '-', '*', '/', '%', '**', '<<', '>>', '>>>', '&', '|', '^']);
const LOGICAL_ASSIGN = new Set(['&&=', '||=', '??=']);
const TS_WRAPPERS = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'ParenthesizedExpression',
]);
const LOG_NAMES = new Set(['print', 'log', 'debug', 'info', 'warn', 'warning', 'error', 'exception']);
const TYPE_KEYS = new Set([
  'typeAnnotation',
  'returnType',
  'typeParameters',
  'superTypeParameters',
  'typeArguments',
  'superTypeArguments',
  'implements',
]);
const HERITAGE = new Set(['TSExpressionWithTypeArguments', 'TSClassImplements', 'TSInterfaceHeritage']);
/** Statement lists: `key` of `parent` holding a list whose next statement a jump makes unreachable. */
const LIST_PARENTS = new Set(['BlockStatement', 'Program', 'StaticBlock', 'TSModuleBlock']);

/** Node types the co-visitor handles, as small integers (a jump table instead of string compares). */
const N_VARIABLE_DECLARATION = 1;
const N_VARIABLE_DECLARATOR = 2;
const N_CLASS_DECLARATION = 3;
const N_CLASS_EXPRESSION = 4;
const N_CLASS_BODY = 5;
const N_T_S_ENUM_DECLARATION = 6;
const N_T_S_MODULE_DECLARATION = 7;
const N_T_S_MODULE_BLOCK = 8;
const N_T_S_PARAMETER_PROPERTY = 9;
const N_IMPORT_DECLARATION = 10;
const N_T_S_IMPORT_EQUALS_DECLARATION = 11;
const N_T_S_EXTERNAL_MODULE_REFERENCE = 12;
const N_EXPORT_ALL_DECLARATION = 13;
const N_J_S_X_CLOSING_ELEMENT = 14;
const N_PRIVATE_NAME = 15;
const N_EXPORT_NAMED_DECLARATION = 16;
const N_BLOCK_STATEMENT = 17;
const N_STATIC_BLOCK = 18;
const N_SWITCH_STATEMENT = 19;
const N_IF_STATEMENT = 20;
const N_WITH_STATEMENT = 21;
const N_TRY_STATEMENT = 22;
const N_CATCH_CLAUSE = 23;
const N_J_S_X_IDENTIFIER = 24;
const N_ASSIGNMENT_EXPRESSION = 25;
const N_BINARY_EXPRESSION = 26;
const N_CALL_EXPRESSION = 27;
const N_OPTIONAL_CALL_EXPRESSION = 28;
const N_NEW_EXPRESSION = 29;
const N_AWAIT_EXPRESSION = 30;
const N_CONDITIONAL_EXPRESSION = 31;
const N_RETURN_STATEMENT = 32;
const N_THROW_STATEMENT = 33;
const N_BREAK_STATEMENT = 34;
const N_CONTINUE_STATEMENT = 35;
const N_STRING_LITERAL = 36;
const N_TEMPLATE_LITERAL = 37;
const N_DIRECTIVE_LITERAL = 38;
const N_NUMERIC_LITERAL = 39;
const N_BIG_INT_LITERAL = 40;
const N_OBJECT_EXPRESSION = 41;
const N_ARRAY_EXPRESSION = 42;
const N_FUNCTION = 100;
const N_LOOP = 101;
const N_TYPE_DECL = 102;
const NODE_CODES = new Map<string, number>([
  ['FunctionDeclaration', N_FUNCTION],
  ['FunctionExpression', N_FUNCTION],
  ['ArrowFunctionExpression', N_FUNCTION],
  ['ObjectMethod', N_FUNCTION],
  ['ClassMethod', N_FUNCTION],
  ['ClassPrivateMethod', N_FUNCTION],
  ['ForStatement', N_LOOP],
  ['ForInStatement', N_LOOP],
  ['ForOfStatement', N_LOOP],
  ['WhileStatement', N_LOOP],
  ['DoWhileStatement', N_LOOP],
  ['TSInterfaceDeclaration', N_TYPE_DECL],
  ['TSTypeAliasDeclaration', N_TYPE_DECL],
  ['TSDeclareFunction', N_TYPE_DECL],
  ['TSDeclareMethod', N_TYPE_DECL],
  ['TSIndexSignature', N_TYPE_DECL],
  ['VariableDeclaration', N_VARIABLE_DECLARATION],
  ['VariableDeclarator', N_VARIABLE_DECLARATOR],
  ['ClassDeclaration', N_CLASS_DECLARATION],
  ['ClassExpression', N_CLASS_EXPRESSION],
  ['ClassBody', N_CLASS_BODY],
  ['TSEnumDeclaration', N_T_S_ENUM_DECLARATION],
  ['TSModuleDeclaration', N_T_S_MODULE_DECLARATION],
  ['TSModuleBlock', N_T_S_MODULE_BLOCK],
  ['TSParameterProperty', N_T_S_PARAMETER_PROPERTY],
  ['ImportDeclaration', N_IMPORT_DECLARATION],
  ['TSImportEqualsDeclaration', N_T_S_IMPORT_EQUALS_DECLARATION],
  ['TSExternalModuleReference', N_T_S_EXTERNAL_MODULE_REFERENCE],
  ['ExportAllDeclaration', N_EXPORT_ALL_DECLARATION],
  ['JSXClosingElement', N_J_S_X_CLOSING_ELEMENT],
  ['PrivateName', N_PRIVATE_NAME],
  ['ExportNamedDeclaration', N_EXPORT_NAMED_DECLARATION],
  ['BlockStatement', N_BLOCK_STATEMENT],
  ['StaticBlock', N_STATIC_BLOCK],
  ['SwitchStatement', N_SWITCH_STATEMENT],
  ['IfStatement', N_IF_STATEMENT],
  ['WithStatement', N_WITH_STATEMENT],
  ['TryStatement', N_TRY_STATEMENT],
  ['CatchClause', N_CATCH_CLAUSE],
  ['JSXIdentifier', N_J_S_X_IDENTIFIER],
  ['AssignmentExpression', N_ASSIGNMENT_EXPRESSION],
  ['BinaryExpression', N_BINARY_EXPRESSION],
  ['CallExpression', N_CALL_EXPRESSION],
  ['OptionalCallExpression', N_OPTIONAL_CALL_EXPRESSION],
  ['NewExpression', N_NEW_EXPRESSION],
  ['AwaitExpression', N_AWAIT_EXPRESSION],
  ['ConditionalExpression', N_CONDITIONAL_EXPRESSION],
  ['ReturnStatement', N_RETURN_STATEMENT],
  ['ThrowStatement', N_THROW_STATEMENT],
  ['BreakStatement', N_BREAK_STATEMENT],
  ['ContinueStatement', N_CONTINUE_STATEMENT],
  ['StringLiteral', N_STRING_LITERAL],
  ['TemplateLiteral', N_TEMPLATE_LITERAL],
  ['DirectiveLiteral', N_DIRECTIVE_LITERAL],
  ['NumericLiteral', N_NUMERIC_LITERAL],
  ['BigIntLiteral', N_BIG_INT_LITERAL],
  ['ObjectExpression', N_OBJECT_EXPRESSION],
  ['ArrayExpression', N_ARRAY_EXPRESSION],
]);

/** Parent types whose children change role (child context), as small integers. */
const P_VARIABLE_DECLARATOR = 1;
const P_FUNCTION_DECLARATION = 2;
const P_FUNCTION_EXPRESSION = 3;
const P_ARROW_FUNCTION_EXPRESSION = 4;
const P_OBJECT_METHOD = 5;
const P_CLASS_METHOD = 6;
const P_CLASS_PRIVATE_METHOD = 7;
const P_CATCH_CLAUSE = 8;
const P_ASSIGNMENT_EXPRESSION = 9;
const P_UPDATE_EXPRESSION = 10;
const P_ASSIGNMENT_PATTERN = 11;
const P_OBJECT_PROPERTY = 12;
const P_MEMBER_EXPRESSION = 13;
const P_OPTIONAL_MEMBER_EXPRESSION = 14;
const P_DECORATOR = 15;
const P_IF_STATEMENT = 16;
const P_CONDITIONAL_EXPRESSION = 17;
const P_TRY_STATEMENT = 18;
const P_FOR_STATEMENT = 19;
const P_FOR_IN_STATEMENT = 20;
const P_FOR_OF_STATEMENT = 21;
const P_WHILE_STATEMENT = 22;
const P_DO_WHILE_STATEMENT = 23;
const PARENT_CODES = new Map<string, number>([
  ['VariableDeclarator', P_VARIABLE_DECLARATOR],
  ['FunctionDeclaration', P_FUNCTION_DECLARATION],
  ['FunctionExpression', P_FUNCTION_EXPRESSION],
  ['ArrowFunctionExpression', P_ARROW_FUNCTION_EXPRESSION],
  ['ObjectMethod', P_OBJECT_METHOD],
  ['ClassMethod', P_CLASS_METHOD],
  ['ClassPrivateMethod', P_CLASS_PRIVATE_METHOD],
  ['CatchClause', P_CATCH_CLAUSE],
  ['AssignmentExpression', P_ASSIGNMENT_EXPRESSION],
  ['UpdateExpression', P_UPDATE_EXPRESSION],
  ['AssignmentPattern', P_ASSIGNMENT_PATTERN],
  ['ObjectProperty', P_OBJECT_PROPERTY],
  ['MemberExpression', P_MEMBER_EXPRESSION],
  ['OptionalMemberExpression', P_OPTIONAL_MEMBER_EXPRESSION],
  ['Decorator', P_DECORATOR],
  ['IfStatement', P_IF_STATEMENT],
  ['ConditionalExpression', P_CONDITIONAL_EXPRESSION],
  ['TryStatement', P_TRY_STATEMENT],
  ['ForStatement', P_FOR_STATEMENT],
  ['ForInStatement', P_FOR_IN_STATEMENT],
  ['ForOfStatement', P_FOR_OF_STATEMENT],
  ['WhileStatement', P_WHILE_STATEMENT],
  ['DoWhileStatement', P_DO_WHILE_STATEMENT],
]);

/** The statement list declares block-scoped names (let / const / using / class / function / enum). */
function hasLexical(list: BNode[]): boolean {
  for (const st of list) {
    switch (st.type) {
      case 'VariableDeclaration':
        if (st.kind !== 'var') return true;
        break;
      case 'FunctionDeclaration':
      case 'ClassDeclaration':
      case 'TSEnumDeclaration':
      case 'TSImportEqualsDeclaration':
        return true;
      default:
        break;
    }
  }
  return false;
}

const SMALL_SCOPE = 8;

/** JS has no keyword arguments: every call shares this frozen empty list. */
const NO_KEYWORD_ARGS = Object.freeze([]) as unknown as Array<{ name: string; value: Expression }>;

function lookup(scope: Scope, name: string): Bind | undefined {
  if (scope.map !== null) return scope.map.get(name);
  const names = scope.names;
  if (names === null) return undefined;
  const i = names.indexOf(name);
  return i < 0 ? undefined : scope.binds![i];
}

function bindName(scope: Scope, name: string, bind: Bind): void {
  if (scope.map !== null) {
    scope.map.set(name, bind);
    return;
  }
  if (scope.names === null) {
    scope.names = [name];
    scope.binds = [bind];
    return;
  }
  scope.names.push(name);
  scope.binds!.push(bind);
  if (scope.names.length > SMALL_SCOPE) {
    scope.map = new Map();
    scope.names.forEach((n, i) => scope.map!.set(n, scope.binds![i]!));
  }
}

function newScope(parent: Scope | null, fn: number | null, isVarScope: boolean): Scope {
  const scope: Scope = { parent, fn, varScope: null as unknown as Scope, names: null, binds: null, map: null, up: undefined };
  scope.varScope = isVarScope || !parent ? scope : parent.varScope;
  return scope;
}

function unwrap(n: BNode): BNode {
  let x = n;
  while (TS_WRAPPERS.has(x.type) && x.expression) x = x.expression as BNode;
  return x;
}

/** `!x` (not `!!x`), `x != y`, `x !== y`. */
function isNegation(test: BNode | null | undefined): boolean {
  if (!test) return false;
  const t = unwrap(test);
  if (t.type === 'UnaryExpression' && t.operator === '!') {
    const arg = unwrap(t.argument as BNode);
    return !(arg.type === 'UnaryExpression' && arg.operator === '!'); // `!!x` is a cast
  }
  return t.type === 'BinaryExpression' && (t.operator === '!=' || t.operator === '!==');
}

function countStatements(list: BNode[]): number {
  let n = 0;
  for (const s of list) if (s.type !== 'EmptyStatement') n++;
  return n;
}

function lastStatement(list: BNode[]): BNode | null {
  for (let i = list.length - 1; i >= 0; i--) if (list[i]!.type !== 'EmptyStatement') return list[i]!;
  return null;
}

/** The statement always ends in break / continue / return / throw (also via a block, if/else or try). Iterative. */
function terminates(stmt: BNode): boolean {
  const pending: BNode[] = [stmt];
  while (pending.length > 0) {
    const n = pending.pop()!;
    switch (n.type) {
      case 'BreakStatement':
      case 'ContinueStatement':
      case 'ReturnStatement':
      case 'ThrowStatement':
        break;
      case 'BlockStatement': {
        const last = lastStatement(n.body as BNode[]);
        if (!last) return false;
        pending.push(last);
        break;
      }
      case 'IfStatement':
        if (!n.alternate) return false;
        pending.push(n.consequent as BNode, n.alternate as BNode);
        break;
      case 'TryStatement': {
        const fin = n.finalizer as BNode | null;
        const finLast = fin ? lastStatement(fin.body as BNode[]) : null;
        if (finLast && (finLast.type === 'ReturnStatement' || finLast.type === 'ThrowStatement')) break;
        pending.push(n.block as BNode);
        if (n.handler) pending.push((n.handler as BNode).body as BNode);
        break;
      }
      default:
        return false;
    }
  }
  return true;
}

/** Hoisted or type-only statements that are not dead code after a jump. */
function isIgnorableAfterJump(n: BNode): boolean {
  switch (n.type) {
    case 'EmptyStatement':
    case 'FunctionDeclaration':
    case 'TSDeclareFunction':
    case 'TSInterfaceDeclaration':
    case 'TSTypeAliasDeclaration':
      return true;
    case 'VariableDeclaration':
      return n.declare === true || (n.kind === 'var' && (n.declarations as BNode[]).every((d) => !d.init));
    default:
      return n.declare === true;
  }
}

export interface Extension {
  /** Runs inside the model's own traversal (`buildModel(..., co)`). */
  co: CoVisitor<XState>;
  /** After the traversal: resolves references and fills the branch fields. */
  finish(model: ModelParts): ExtensionParts;
}

export function createExtension(src: string, comments: BabelComment[]): Extension {
  let functions: FunctionNode[] = [];
  let live: LiveParts | null = null;
  let parents = new Map<BNode, BNode | null>();
  let positions: Positions | null = null;
  const bindings: BindingNode[] = [];
  const assignments: AssignmentNode[] = [];
  const comparisons: ComparisonNode[] = [];
  const binaries: BinaryNode[] = [];
  const handlers: HandlerNode[] = [];
  const jumps: JumpNode[] = [];
  const strings: StringNode[] = [];
  const numbers: NumberNode[] = [];
  const collections: CollectionNode[] = [];
  const blocks: BlockNode[] = [];

  /** The model entry the model's visitor just made for `node`, if any (it visits each node first). */
  const lastFor = <T>(nodes: BNode[], items: T[], node: BNode): T | null => {
    const i = nodes.length - 1;
    return i >= 0 && nodes[i] === node ? (items[i] ?? null) : null;
  };
  const ternariesInBranch = new Set<BNode>();
  const handlerRecs: HandlerRec[] = [];

  // ---- references, resolved after the walk ----
  const refName: string[] = [];
  const refScope: Scope[] = [];
  const refFlags: number[] = [];
  const refFn: Array<number | null> = [];
  const refPos: number[] = [];
  const addRef = (name: string, flags: number, s: XState, at: number): void => {
    refName.push(name);
    refScope.push(s.scope);
    refFlags.push(flags);
    refFn.push(s.fn);
    refPos.push(at);
  };

  // ---- text and expressions ----
  /** A whitespace run, or whitespace other than a plain space, in src[start, end). */
  const needsCollapse = (start: number, end: number): boolean => {
    let previousSpace = false;
    for (let i = start; i < end; i++) {
      const c = src.charCodeAt(i);
      if (c === 32) {
        if (previousSpace) return true;
        previousSpace = true;
      } else if (c < 32) {
        if (c >= 9 && c <= 13) return true;
        previousSpace = false;
      } else if (c >= 0x80 && NEEDS_COLLAPSE.test(src[i]!)) {
        return true;
      } else previousSpace = false;
    }
    return false;
  };
  const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || (c >= 0x80 && NEEDS_COLLAPSE.test(String.fromCharCode(c)));
  const textOf = (n: BNode): string => {
    const headEnd = Math.min(n.end, n.start + MAX_TEXT);
    if (!needsCollapse(n.start, headEnd)) return src.slice(n.start, headEnd); // the first 200 characters are the answer
    // Copy runs of non-space, one space per run of whitespace, until 200 characters are out.
    let out = '';
    let i = n.start;
    const end = n.end;
    while (i < end && out.length < MAX_TEXT) {
      let j = i;
      while (j < end && !isSpace(src.charCodeAt(j))) j++;
      out += src.slice(i, j);
      if (j >= end) break;
      while (j < end && isSpace(src.charCodeAt(j))) j++;
      out += ' ';
      i = j;
    }
    return out.length > MAX_TEXT ? out.slice(0, MAX_TEXT) : out;
  };
  /** As dottedPath, but `import(...)` callees have no path here (as before the helper was shared). */
  const dotted = (start: BNode): string | undefined => (start.type === 'Import' ? undefined : (dottedPath(start) ?? undefined));
  const templateValue = (n: BNode): string =>
    (n.quasis as BNode[]).map((q) => (q.value?.cooked as string | null | undefined) ?? (q.value?.raw as string)).join('{}');
  const expr = (node: BNode): Expression => {
    const e: Expression = { kind: 'other', text: textOf(node), span: spanOf(node) };
    const n = unwrap(node);
    let kind: ExpressionKind = 'other';
    switch (n.type) {
      case 'Identifier':
        if (n.name === 'undefined') kind = 'undefined';
        else {
          kind = 'identifier';
          e.value = n.name as string;
        }
        break;
      case 'MemberExpression':
      case 'OptionalMemberExpression': {
        kind = 'member';
        const d = dotted(n);
        if (d !== undefined) e.value = d;
        break;
      }
      case 'CallExpression':
      case 'OptionalCallExpression':
      case 'TaggedTemplateExpression':
        kind = 'call';
        break;
      case 'StringLiteral':
        kind = 'string';
        e.value = n.value as string;
        break;
      case 'NumericLiteral':
      case 'BigIntLiteral':
        kind = 'number';
        e.value = src.slice(n.start, n.end);
        break;
      case 'TemplateLiteral':
        kind = (n.expressions as BNode[]).length === 0 ? 'string' : 'template';
        e.value = templateValue(n);
        break;
      case 'BooleanLiteral':
        kind = 'boolean';
        e.value = String(n.value);
        break;
      case 'NullLiteral':
        kind = 'null';
        break;
      case 'RegExpLiteral':
        kind = 'regex';
        e.value = n.pattern as string;
        break;
      case 'ThisExpression':
      case 'Super':
        kind = 'identifier';
        e.value = n.type === 'Super' ? 'super' : 'this';
        break;
      case 'NewExpression':
        kind = 'new';
        break;
      case 'ArrayExpression':
        kind = 'list';
        break;
      case 'ObjectExpression':
        kind = 'dict';
        break;
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        kind = 'lambda';
        break;
      case 'BinaryExpression':
        kind = COMPARISON_OPS.has(n.operator as string) ? 'comparison' : 'binary';
        break;
      case 'LogicalExpression':
        kind = 'logical';
        break;
      case 'UnaryExpression': {
        const arg = n.argument as BNode;
        if (n.operator === '-' && (arg.type === 'NumericLiteral' || arg.type === 'BigIntLiteral')) {
          kind = 'number';
          e.value = '-' + src.slice(arg.start, arg.end);
        } else if (n.operator === 'void') kind = 'undefined';
        else kind = 'unary';
        break;
      }
      case 'UpdateExpression':
        kind = 'unary';
        break;
      case 'ConditionalExpression':
        kind = 'conditional';
        break;
      case 'AwaitExpression':
        kind = 'await';
        break;
      case 'SpreadElement':
        kind = 'spread';
        break;
      default:
        break;
    }
    e.kind = kind;
    return e;
  };

  // ---- identifiers ----
  /** The name of a declaring identifier (Babel extends an Identifier's range over `?`, its type annotation and decorators). */
  const identSpan = (id: BNode): Span => {
    if (!id.typeAnnotation && !id.optional && !id.decorators) return spanOf(id);
    const name = id.name as string;
    const decorators = id.decorators as BNode[] | undefined;
    const start = decorators && decorators.length > 0 ? src.indexOf(name, decorators[decorators.length - 1]!.end) : id.start;
    if (start < 0) return spanOf(id);
    positions ??= new Positions(src);
    return positions.span(start, start + name.length);
  };
  const declare = (name: string, id: BNode, d: Decl, loopDepth: number): void => {
    const scope = d.scope;
    const existing = lookup(scope, name);
    if (existing) {
      if (existing.node) {
        if (d.hasInit) existing.node.writes++;
        if (d.exported) existing.node.isExported = true;
      }
      return;
    }
    let node: BindingNode | null = null;
    if (!d.hidden) {
      node = {
        type: 'binding',
        name,
        kind: d.kind,
        span: identSpan(id),
        scope: scope.fn,
        inClassBody: false,
        reads: 0,
        writes: 0,
        isConstant: d.isConstant,
        isExported: d.exported,
        isTypeOnly: d.typeOnly,
      };
      bindings.push(node);
      if (d.handler) d.handler.bindings.push(node);
    }
    bindName(scope, name, { node, scope, selfStart: d.selfStart, selfEnd: d.selfEnd, inLoop: loopDepth > 0 });
  };
  const simpleDecl = (kind: BindingKind, scope: Scope, s: XState, extra?: Partial<Decl>): Decl => {
    const d: Decl = {
      kind,
      scope,
      isConstant: false,
      exported: false,
      typeOnly: false,
      hidden: s.ambient,
      hasInit: false,
      selfStart: -1,
      selfEnd: -1,
      handler: null,
    };
    return extra ? Object.assign(d, extra) : d;
  };

  const onIdentifier = (node: BNode, parent: BNode | null, key: string, s: XState): void => {
    if (parent) {
      const pt = parent.type;
      if (key === 'property') {
        if (!parent.computed && (pt === 'MemberExpression' || pt === 'OptionalMemberExpression')) return;
      } else if (key === 'key') {
        if (!parent.computed) return;
      } else if (key === 'id') {
        return; // declarators, functions, classes, TS declarations: declared on entry
      } else if (key === 'label' || key === 'exported' || key === 'meta') return;
      if (pt === 'MetaProperty' || (pt === 'TSQualifiedName' && key === 'right')) return;
    }
    const name = node.name as string;
    switch (s.mode) {
      case EXPR:
        addRef(name, REF_READ, s, node.start);
        return;
      case DECLARE:
        if (s.decl && !(name === 'this' && s.decl.kind === 'param')) declare(name, node, s.decl, s.loopDepth);
        return;
      case ASSIGN:
        addRef(name, REF_WRITE, s, node.start);
        return;
      case READ_WRITE:
        addRef(name, REF_READ | REF_WRITE, s, node.start);
        return;
      default: {
        // TYPE
        const pt = parent?.type;
        if (
          (pt === 'TSTypeReference' && key === 'typeName') ||
          (pt === 'TSQualifiedName' && key === 'left') ||
          (pt === 'TSTypeQuery' && key === 'exprName') ||
          (key === 'expression' && pt !== undefined && HERITAGE.has(pt))
        ) {
          addRef(name, REF_READ | REF_TYPE, s, node.start);
        }
      }
    }
  };

  // ---- literals ----
  /** Climb from a literal through wrappers (TS casts, `||`/`??`, ternary branches, unary +/-) to the node using it. */
  /** Set by `climb`: the node reached and its parent. */
  let climbedNode: BNode = null as unknown as BNode;
  let climbedParent: BNode | null = null;
  const climb = (node: BNode, parent: BNode | null): void => {
    let n = node;
    let p = parent;
    for (; p !== null; n = p, p = parents.get(n) ?? null) {
      const t = p.type;
      if (t === 'ConditionalExpression') {
        if (p.test === n) break;
      } else if (t === 'UnaryExpression') {
        if (p.operator !== '-' && p.operator !== '+') break;
      } else if (
        t !== 'TSAsExpression' &&
        t !== 'TSSatisfiesExpression' &&
        t !== 'TSNonNullExpression' &&
        t !== 'TSTypeAssertion' &&
        t !== 'ParenthesizedExpression' &&
        t !== 'LogicalExpression' &&
        t !== 'JSXExpressionContainer'
      ) {
        break;
      }
    }
    climbedNode = n;
    climbedParent = p;
  };

  const lastSegment = (target: BNode): string | null => {
    const t = unwrap(target);
    if (t.type === 'Identifier') return t.name as string;
    if (t.type === 'MemberExpression' || t.type === 'OptionalMemberExpression') {
      const p = t.property as BNode;
      if (p.type === 'PrivateName') return p.id?.name as string;
      if (!t.computed && p.type === 'Identifier') return p.name as string;
      if (p.type === 'StringLiteral') return p.value as string;
    }
    return null;
  };
  const staticKey = (prop: BNode): string | null => {
    const k = prop.key as BNode | undefined;
    if (!k) return null;
    if (prop.computed) return k.type === 'StringLiteral' ? (k.value as string) : null;
    switch (k.type) {
      case 'Identifier':
        return k.name as string;
      case 'StringLiteral':
        return k.value as string;
      case 'NumericLiteral':
        return String(k.value);
      case 'BigIntLiteral':
        return String(k.value);
      case 'PrivateName':
        return k.id?.name as string;
      default:
        return null;
    }
  };
  const boundTo = (n: BNode, p: BNode | null): string | null => {
    if (!p) return null;
    switch (p.type) {
      case 'VariableDeclarator':
        return p.init === n && (p.id as BNode).type === 'Identifier' ? ((p.id as BNode).name as string) : null;
      case 'AssignmentExpression':
        return p.right === n ? lastSegment(p.left as BNode) : null;
      case 'AssignmentPattern':
        return p.right === n ? lastSegment(p.left as BNode) : null;
      case 'ObjectProperty':
      case 'ClassProperty':
      case 'ClassPrivateProperty':
      case 'ClassAccessorProperty':
        return p.value === n ? staticKey(p) : null;
      case 'JSXAttribute': {
        const name = p.name as BNode;
        return p.value === n ? (name.type === 'JSXIdentifier' ? (name.name as string) : textOf(name)) : null;
      }
      case 'TSEnumMember':
        return p.initializer === n ? staticKey({ ...p, key: p.id, computed: false } as BNode) : null;
      default:
        return null;
    }
  };
  const numberContext = (n: BNode, p: BNode | null): NumberContext => {
    if (!p) return 'other';
    switch (p.type) {
      case 'BinaryExpression':
        return COMPARISON_OPS.has(p.operator as string) ? 'comparison' : 'binary';
      case 'AssignmentExpression':
        if (p.right !== n) return 'other';
        return p.operator === '=' || LOGICAL_ASSIGN.has(p.operator as string) ? 'assignment' : 'binary';
      case 'VariableDeclarator':
      case 'ClassProperty':
      case 'ClassPrivateProperty':
      case 'ClassAccessorProperty':
      case 'TSEnumMember':
        return 'assignment';
      case 'AssignmentPattern':
        return 'default';
      case 'CallExpression':
      case 'OptionalCallExpression':
      case 'NewExpression':
        return p.callee === n ? 'other' : 'argument';
      case 'MemberExpression':
      case 'OptionalMemberExpression':
        return p.property === n ? 'index' : 'other';
      case 'ReturnStatement':
      case 'ArrowFunctionExpression':
        return 'return';
      case 'ArrayExpression':
        return 'collection';
      case 'ObjectProperty':
        return p.value === n ? 'collection' : 'other';
      case 'SwitchCase':
        return 'comparison';
      default:
        return 'other';
    }
  };
  const isKeyPosition = (parent: BNode | null, key: string): boolean =>
    parent !== null && ((key === 'key' && !parent.computed) || key === 'id' || key === 'exported' || key === 'local');

  // ---- comments ----
  const commentStarts = comments.map((c) => c.start);
  const lowerBound = (offset: number): number => {
    let lo = 0;
    let hi = commentStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (commentStarts[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const commentsIn = (start: number, end: number): number => (commentStarts.length === 0 ? 0 : lowerBound(end) - lowerBound(start));

  // ---- blocks ----
  const addBlock = (kind: BlockKind, body: BNode, fn: number | null): void => {
    let statements: number;
    switch (body.type) {
      case 'BlockStatement':
      case 'StaticBlock':
        statements = countStatements(body.body as BNode[]);
        break;
      case 'ClassBody':
        statements = (body.body as BNode[]).length;
        break;
      case 'EmptyStatement':
        statements = 0;
        break;
      default:
        statements = 1;
    }
    blocks.push({
      type: 'block',
      kind,
      span: spanOf(body),
      statements,
      comments: commentsIn(body.start, body.end),
      function: fn,
      fallsThrough: false,
    });
  };
  const addSwitchBlocks = (node: BNode, fn: number | null): void => {
    const cases = node.cases as BNode[];
    blocks.push({
      type: 'block',
      kind: 'switch',
      span: spanOf(node),
      statements: cases.length,
      comments: commentsIn(node.start, node.end),
      function: fn,
      fallsThrough: false,
    });
    cases.forEach((c, i) => {
      const body = c.consequent as BNode[];
      const statements = countStatements(body);
      const next = cases[i + 1];
      const last = lastStatement(body);
      blocks.push({
        type: 'block',
        kind: 'case',
        span: spanOf(c),
        statements,
        comments: commentsIn(c.start, next ? next.start : node.end),
        function: fn,
        fallsThrough: next !== undefined && last !== null && !terminates(last),
      });
    });
  };

  // ---- calls ----
  /** The value is thrown away: an expression statement, a non-last sequence element, a for init/update (through `&&`, `?:`, casts). */
  const discarded = (node: BNode, parent: BNode | null): boolean => {
    let n = node;
    let p = parent;
    while (p) {
      switch (p.type) {
        case 'ExpressionStatement':
          return true;
        case 'SequenceExpression': {
          const list = p.expressions as BNode[];
          if (list[list.length - 1] !== n) return true;
          break;
        }
        case 'LogicalExpression':
          if (p.right !== n) return false;
          break;
        case 'ConditionalExpression':
          if (p.test === n) return false;
          break;
        case 'ForStatement':
          return p.init === n || p.update === n;
        case 'TSAsExpression':
        case 'TSSatisfiesExpression':
        case 'TSNonNullExpression':
        case 'TSTypeAssertion':
        case 'ParenthesizedExpression':
          break;
        default:
          return false;
      }
      n = p;
      p = parents.get(n) ?? null;
    }
    return false;
  };
  const inUsing = (node: BNode, parent: BNode | null): boolean => {
    let n = node;
    let p = parent;
    if (p?.type === 'AwaitExpression') {
      n = p;
      p = parents.get(n) ?? null;
    }
    if (p?.type !== 'VariableDeclarator' || p.init !== n) return false;
    const kind = parents.get(p)?.kind as string | undefined;
    return kind === 'using' || kind === 'await using';
  };

  // ---- assignment targets ----
  const targetsOf = (root: BNode): string[] =>
    patternLeaves(root, true).map((n) => (n.type === 'Identifier' ? (n.name as string) : textOf(n)));

  // ---- handlers ----
  const onlyLogs = (body: BNode[]): boolean => {
    let any = false;
    for (const st of body) {
      if (st.type === 'EmptyStatement') continue;
      if (st.type !== 'ExpressionStatement') return false;
      let e = unwrap(st.expression as BNode);
      if (e.type === 'AwaitExpression' || (e.type === 'UnaryExpression' && e.operator === 'void')) e = unwrap(e.argument as BNode);
      if (e.type !== 'CallExpression' && e.type !== 'OptionalCallExpression') return false;
      const callee = unwrap(e.callee as BNode);
      let name: string | null = null;
      if (callee.type === 'Identifier') name = callee.name as string;
      else if ((callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') && !callee.computed)
        name = ((callee.property as BNode).name as string | undefined) ?? null;
      if (name === null || !LOG_NAMES.has(name)) return false;
      any = true;
    }
    return any;
  };
  /** `new X(...)` / `X(...)` (capitalised) that passes neither the caught binding nor `{ cause }`. */
  const newErrorWithoutCause = (arg: BNode, caught: string | null): boolean => {
    const isNew = arg.type === 'NewExpression';
    if (!isNew) {
      if (arg.type !== 'CallExpression') return false;
      const callee = arg.callee as BNode;
      if (callee.type !== 'Identifier' || !/^[A-Z]/.test(callee.name as string)) return false;
    }
    for (const a of arg.arguments as BNode[]) {
      const x = unwrap(a);
      if (x.type === 'SpreadElement') return false;
      if (x.type === 'Identifier' && caught !== null && x.name === caught) return false;
      if (x.type === 'ObjectExpression') {
        for (const p of x.properties as BNode[]) {
          if (p.type === 'SpreadElement') return false;
          if (staticKey(p) === 'cause') return false;
        }
      }
    }
    return true;
  };

  // ---- child context: how a node's role changes with the key holding it ----
  const childState = (node: BNode, parent: BNode, key: string, s: XState): XState => {
    if (TYPE_KEYS.has(key) || (key === 'extends' && parent.type === 'TSInterfaceDeclaration')) {
      return withMode(s, TYPE);
    }
    switch (PARENT_CODES.get(parent.type)) {
      case P_VARIABLE_DECLARATOR:
        if (key === 'id') return node.type === 'Identifier' ? s : withMode(s, DECLARE);
        return withMode(s, EXPR);
      case P_FUNCTION_DECLARATION:
      case P_FUNCTION_EXPRESSION:
      case P_ARROW_FUNCTION_EXPRESSION:
      case P_OBJECT_METHOD:
      case P_CLASS_METHOD:
      case P_CLASS_PRIVATE_METHOD:
        if (key === 'params') return withMode(s, DECLARE);
        return s;
      case P_CATCH_CLAUSE:
        return key === 'param' ? withMode(s, DECLARE) : s;
      case P_ASSIGNMENT_EXPRESSION:
        if (key === 'left') return withMode(s, parent.operator === '=' ? ASSIGN : READ_WRITE);
        return withMode(s, EXPR);
      case P_UPDATE_EXPRESSION:
        return withMode(s, READ_WRITE);
      case P_ASSIGNMENT_PATTERN:
        if (key === 'right') return withMode(s, EXPR);
        return s;
      case P_OBJECT_PROPERTY:
        if (key === 'key') return withMode(s, EXPR);
        return s;
      case P_MEMBER_EXPRESSION:
      case P_OPTIONAL_MEMBER_EXPRESSION:
      case P_DECORATOR:
        return withMode(s, EXPR);
      case P_IF_STATEMENT:
        return key === 'test' && !s.inTest ? withFlag(s, V_TEST) : s;
      case P_CONDITIONAL_EXPRESSION:
        if (key === 'test') return s.inTest ? s : withFlag(s, V_TEST);
        return s.inTernaryBranch ? s : withFlag(s, V_TERNARY);
      case P_TRY_STATEMENT:
        return key === 'finalizer' && !s.inFinally ? withFlag(s, V_FINALLY) : s;
      case P_FOR_STATEMENT:
      case P_FOR_IN_STATEMENT:
      case P_FOR_OF_STATEMENT:
      case P_WHILE_STATEMENT:
      case P_DO_WHILE_STATEMENT:
        switch (key) {
          case 'body':
            return fresh({ ...s, loopHeader: false, awaitLoops: s.loopLink });
          case 'test':
            return fresh({ ...s, loopHeader: true, inTest: true, awaitLoops: s.loopLink });
          case 'update':
            return fresh({ ...s, loopHeader: true, awaitLoops: s.loopLink });
          case 'left':
            return fresh({ ...s, loopHeader: true, mode: node.type === 'VariableDeclaration' ? s.mode : ASSIGN });
          default:
            return fresh({ ...s, loopHeader: true });
        }
      default:
        return s;
    }
  };

  const rootScope = newScope(null, null, true);
  const rootState: XState = fresh({
    fn: null,
    scope: rootScope,
    loopDepth: 0,
    mode: EXPR,
    decl: null,
    inTest: false,
    inFinally: false,
    inTernaryBranch: false,
    loopHeader: false,
    awaitLoops: null,
    loopLink: null,
    handler: null,
    ambient: false,
    outer: null,
    origin: null as unknown as XState,
    variants: null,
  });

  // N_VARIABLE_DECLARATION
  const visitVariableDeclaration = (node: BNode, parent: BNode | null, key: string, s: XState, _type: string): XState | null => {
    return s;
  };
  // N_VARIABLE_DECLARATOR
  const visitVariableDeclarator = (node: BNode, parent: BNode | null, key: string, s: XState, _type: string): XState | null => {
    const declNode = parent!;
    const holder = parents.get(declNode) ?? null;
    const kind = declNode.kind as string;
    const forInOf = (holder?.type === 'ForInStatement' || holder?.type === 'ForOfStatement') && holder.left === declNode;
    const isUsing = kind === 'using' || kind === 'await using';
    const bkind: BindingKind =
      forInOf || (holder?.type === 'ForStatement' && holder.init === declNode)
        ? 'loop-variable'
        : isUsing
          ? 'with-target'
          : kind === 'const'
            ? 'constant'
            : 'variable';
    const init = node.init as BNode | null;
    const u = init ? unwrap(init) : null;
    const selfRef = u !== null && (u.type === 'FunctionExpression' || u.type === 'ArrowFunctionExpression' || u.type === 'ClassExpression');
    const decl = simpleDecl(bkind, kind === 'var' ? s.scope.varScope : s.scope, s, {
      isConstant: kind === 'const' || isUsing,
      exported: holder?.type === 'ExportNamedDeclaration',
      hidden: s.ambient || declNode.declare === true,
      hasInit: init !== null,
      selfStart: selfRef ? u.start : -1,
      selfEnd: selfRef ? u.end : -1,
    });
    const id = node.id as BNode;
    if (!forInOf && !decl.hidden) {
      assignments.push({
        type: 'assignment',
        targets: targetsOf(id),
        operator: '=',
        value: init ? expr(init) : null,
        declaration: kind === 'var' ? 'var' : kind === 'let' ? 'let' : 'const',
        span: spanOf(node),
        function: s.fn,
        loopDepth: s.loopDepth,
        inCondition: s.inTest,
      });
    }
    if (id.type === 'Identifier') {
      declare(id.name as string, id, decl, s.loopDepth); // the common case: no pattern to walk
      return s;
    }
    return fresh({ ...s, decl });
  };
  // N_CLASS_DECLARATION, N_CLASS_EXPRESSION
  const visitClassDeclaration = (node: BNode, parent: BNode | null, key: string, s: XState, type: string): XState | null => {
    const id = node.id as BNode | null | undefined;
    if (!id) return s;
    const hidden = s.ambient || node.declare === true;
    const self = { selfStart: node.start, selfEnd: node.end };
    if (type === 'ClassDeclaration') {
      const exported = parent?.type === 'ExportNamedDeclaration' || parent?.type === 'ExportDefaultDeclaration';
      declare(id.name as string, id, simpleDecl('class', s.scope, s, { exported, hidden, hasInit: true, ...self }), s.loopDepth);
      return s;
    }
    const cscope = newScope(s.scope, s.fn, false);
    declare(id.name as string, id, simpleDecl('class', cscope, s, { ...self, hidden: true }), s.loopDepth);
    return fresh({ ...s, scope: cscope });
  };
  // N_CLASS_BODY
  const visitClassBody = (node: BNode, parent: BNode | null, key: string, s: XState, _type: string): XState | null => {
    addBlock('class', node, s.fn);
    return s;
  };
  // N_T_S_ENUM_DECLARATION
  const visitTSEnumDeclaration = (node: BNode, parent: BNode | null, key: string, s: XState, _type: string): XState | null => {
    const id = node.id as BNode;
    const exported = parent?.type === 'ExportNamedDeclaration';
    declare(id.name as string, id, simpleDecl('class', s.scope, s, { exported, hidden: s.ambient || node.declare === true }), s.loopDepth);
    return s;
  };
  // N_T_S_MODULE_DECLARATION
  const visitTSModuleDeclaration = (node: BNode, parent: BNode | null, key: string, s: XState, _type: string): XState | null => {
    const ambient = s.ambient || node.declare === true || (node.id as BNode).type !== 'Identifier' || node.global === true;
    return ambient === s.ambient ? s : fresh({ ...s, ambient });
  };
  // N_T_S_MODULE_BLOCK
  const visitTSModuleBlock = (node: BNode, parent: BNode | null, key: string, s: XState, _type: string): XState | null => {
    return fresh({ ...s, scope: newScope(s.scope, s.fn, true) });
  };
  // N_T_S_PARAMETER_PROPERTY
  const visitTSParameterProperty = (node: BNode, parent: BNode | null, key: string, s: XState, _type: string): XState | null => {
    return s.decl ? fresh({ ...s, decl: { ...s.decl, hidden: true } }) : s;
  };
  // N_IMPORT_DECLARATION
  const visitImportDeclaration = (node: BNode, parent: BNode | null, key: string, s: XState, _type: string): XState | null => {
    const typeOnly = node.importKind === 'type' || node.importKind === 'typeof';
    for (const spec of (node.specifiers as BNode[]) ?? []) {
      const local = spec.local as BNode | undefined;
      if (!local) continue;
      declare(
        local.name as string,
        local,
        simpleDecl('import', s.scope, s, {
          typeOnly: typeOnly || spec.importKind === 'type' || spec.importKind === 'typeof',
          hasInit: true,
        }),
        s.loopDepth,
      );
    }
    return null;
  };
  // N_T_S_IMPORT_EQUALS_DECLARATION
  const visitTSImportEqualsDeclaration = (node: BNode, parent: BNode | null, key: string, s: XState, _type: string): XState | null => {
    const id = node.id as BNode;
    declare(
      id.name as string,
      id,
      simpleDecl('import', s.scope, s, { typeOnly: node.importKind === 'type', exported: node.isExport === true, hasInit: true }),
      s.loopDepth,
    );
    return s;
  };
  // N_T_S_EXTERNAL_MODULE_REFERENCE, N_EXPORT_ALL_DECLARATION, N_J_S_X_CLOSING_ELEMENT, N_PRIVATE_NAME
  const visitTSExternalModuleReference = (_node: BNode, _parent: BNode | null, _key: string, _s: XState, _type: string): XState | null => {
    return null;
  };
  // N_EXPORT_NAMED_DECLARATION
  const visitExportNamedDeclaration = (node: BNode, parent: BNode | null, key: string, s: XState, _type: string): XState | null => {
    return node.source ? null : s;
  };
  // N_BLOCK_STATEMENT
  const visitBlockStatement = (node: BNode, parent: BNode | null, key: string, s: XState, _type: string): XState | null => {
    if (parent && isFunction(parent) && key === 'body') return s;
    if (parent && (LIST_PARENTS.has(parent.type) || parent.type === 'SwitchCase' || parent.type === 'LabeledStatement')) {
      addBlock('block', node, s.fn);
    }
    // Blocks that declare nothing block-scoped need no scope of their own.
    return hasLexical(node.body as BNode[]) ? fresh({ ...s, scope: newScope(s.scope, s.fn, false) }) : s;
  };
  // N_STATIC_BLOCK
  const visitStaticBlock = (node: BNode, parent: BNode | null, key: string, s: XState, _type: string): XState | null => {
    addBlock('block', node, s.fn);
    return fresh({ ...s, scope: newScope(s.scope, s.fn, true) });
  };
  // N_SWITCH_STATEMENT
  const visitSwitchStatement = (node: BNode, parent: BNode | null, key: string, s: XState, _type: string): XState | null => {
    addSwitchBlocks(node, s.fn);
    return (node.cases as BNode[]).some((c) => hasLexical(c.consequent as BNode[]))
      ? fresh({ ...s, scope: newScope(s.scope, s.fn, false) })
      : s;
  };
  // N_IF_STATEMENT
  const visitIfStatement = (node: BNode, parent: BNode | null, key: string, s: XState, _type: string): XState | null => {
    const isElseIf = parent?.type === 'IfStatement' && key === 'alternate';
    addBlock(isElseIf ? 'elif' : 'if', node.consequent as BNode, s.fn);
    const alt = node.alternate as BNode | null;
    if (alt && alt.type !== 'IfStatement') addBlock('else', alt, s.fn);
    return s;
  };
  // N_WITH_STATEMENT
  const visitWithStatement = (node: BNode, parent: BNode | null, key: string, s: XState, _type: string): XState | null => {
    addBlock('with', node.body as BNode, s.fn);
    return s;
  };
  // N_TRY_STATEMENT
  const visitTryStatement = (node: BNode, parent: BNode | null, key: string, s: XState, _type: string): XState | null => {
    addBlock('try', node.block as BNode, s.fn);
    if (node.finalizer) addBlock('finally', node.finalizer as BNode, s.fn);
    return s;
  };
  // N_CATCH_CLAUSE
  const visitCatchClause = (node: BNode, parent: BNode | null, key: string, s: XState, _type: string): XState | null => {
    const param = node.param as BNode | null;
    const body = node.body as BNode;
    const list = body.body as BNode[];
    const name = param ? (param.type === 'Identifier' ? (param.name as string) : textOf(param)) : null;
    const h: HandlerNode = {
      type: 'handler',
      types: [],
      binding: name,
      span: spanOf(node),
      statements: countStatements(list),
      comments: commentsIn(body.start, body.end),
      reraises: false,
      raisesWithoutCause: false,
      usesBinding: false,
      onlyLogs: onlyLogs(list),
      function: s.fn,
    };
    handlers.push(h);
    const rec: HandlerRec = { node: h, name: param?.type === 'Identifier' ? name : null, parent: s.handler, bindings: [] };
    handlerRecs.push(rec);
    addBlock('except', body, s.fn);
    const cscope = newScope(s.scope, s.fn, false);
    return fresh({ ...s, scope: cscope, handler: rec, decl: simpleDecl('exception', cscope, s, { handler: rec }) });
  };
  // N_J_S_X_IDENTIFIER
  const visitJSXIdentifier = (node: BNode, parent: BNode | null, key: string, s: XState, _type: string): XState | null => {
    const name = node.name as string;
    if (
      parent &&
      name !== 'this' &&
      ((parent.type === 'JSXOpeningElement' && key === 'name' && !/^[a-z]/.test(name)) ||
        (parent.type === 'JSXMemberExpression' && key === 'object'))
    ) {
      addRef(name, REF_READ, s, node.start);
    }
    return null;
  };
  // N_ASSIGNMENT_EXPRESSION
  const visitAssignmentExpression = (node: BNode, parent: BNode | null, key: string, s: XState, _type: string): XState | null => {
    const op = node.operator as string;
    const left = node.left as BNode;
    const right = node.right as BNode;
    assignments.push({
      type: 'assignment',
      targets: targetsOf(left),
      operator: op,
      value: expr(right),
      declaration: null,
      span: spanOf(node),
      function: s.fn,
      loopDepth: s.loopDepth,
      inCondition: s.inTest,
    });
    if (op !== '=' && !LOGICAL_ASSIGN.has(op)) {
      binaries.push({
        type: 'binary',
        operator: op.slice(0, -1),
        left: expr(left),
        right: expr(right),
        span: spanOf(node),
        function: s.fn,
        loopDepth: s.loopDepth,
        augmented: true,
      });
    }
    return s;
  };
  // N_BINARY_EXPRESSION
  const visitBinaryExpression = (node: BNode, parent: BNode | null, key: string, s: XState, _type: string): XState | null => {
    const op = node.operator as string;
    if (COMPARISON_OPS.has(op)) {
      comparisons.push({
        type: 'comparison',
        operator: op,
        left: expr(node.left as BNode),
        right: expr(node.right as BNode),
        span: spanOf(node),
        function: s.fn,
        loopDepth: s.loopDepth,
      });
    } else if (ARITHMETIC_OPS.has(op)) {
      binaries.push({
        type: 'binary',
        operator: op,
        left: expr(node.left as BNode),
        right: expr(node.right as BNode),
        span: spanOf(node),
        function: s.fn,
        loopDepth: s.loopDepth,
        augmented: false,
      });
    }
    return s;
  };
  // N_CALL_EXPRESSION, N_OPTIONAL_CALL_EXPRESSION, N_NEW_EXPRESSION
  const visitCallExpression = (node: BNode, parent: BNode | null, key: string, s: XState, type: string): XState | null => {
    const cm = lastFor<CallNode>(live!.callNodes, live!.calls, node);
    if (cm) {
      const callee = unwrap(node.callee as BNode);
      const isNew = type === 'NewExpression';
      cm.argExprs = ((node.arguments as BNode[]) ?? []).map(expr);
      cm.keywordArgs = NO_KEYWORD_ARGS;
      cm.receiver =
        !isNew && (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') ? expr(callee.object as BNode) : null;
      cm.isNew = isNew;
      cm.inLoopHeader = s.loopHeader;
      cm.inWith = inUsing(node, parent);
      cm.resultUsed = !discarded(node, parent);
    }
    return s;
  };
  // N_AWAIT_EXPRESSION
  const visitAwaitExpression = (node: BNode, parent: BNode | null, key: string, s: XState, _type: string): XState | null => {
    if (s.fn !== null) functions[s.fn]!.awaits = (functions[s.fn]!.awaits ?? 0) + 1;
    for (let l = s.awaitLoops; l; l = l.next) l.loop.awaits = (l.loop.awaits ?? 0) + 1;
    return s;
  };
  // N_CONDITIONAL_EXPRESSION
  const visitConditionalExpression = (node: BNode, parent: BNode | null, key: string, s: XState, _type: string): XState | null => {
    if (s.inTernaryBranch) ternariesInBranch.add(node);
    return s;
  };
  // N_RETURN_STATEMENT, N_THROW_STATEMENT, N_BREAK_STATEMENT, N_CONTINUE_STATEMENT
  const visitReturnStatement = (node: BNode, parent: BNode | null, key: string, s: XState, type: string): XState | null => {
    const arg = (node.argument as BNode | null | undefined) ?? null;
    let unreachable: Span | null = null;
    if (parent) {
      let list: BNode[] | null = null;
      if (key === 'body' && LIST_PARENTS.has(parent.type)) list = parent.body as BNode[];
      else if (key === 'consequent' && parent.type === 'SwitchCase') list = parent.consequent as BNode[];
      if (list) {
        for (let i = list.indexOf(node) + 1; i > 0 && i < list.length; i++) {
          const next = list[i]!;
          if (!isIgnorableAfterJump(next)) {
            unreachable = spanOf(next);
            break;
          }
        }
      }
    }
    const kind: JumpKind =
      type === 'ReturnStatement' ? 'return' : type === 'ThrowStatement' ? 'throw' : type === 'BreakStatement' ? 'break' : 'continue';
    jumps.push({
      type: 'jump',
      kind,
      value: arg ? expr(arg) : null,
      span: spanOf(node),
      function: s.fn,
      inFinally: s.inFinally,
      unreachable,
    });
    if (kind === 'throw' && arg && s.handler) {
      const a = unwrap(arg);
      if (a.type === 'Identifier') {
        for (let h: HandlerRec | null = s.handler; h; h = h.parent) {
          if (h.name === a.name) {
            h.node.reraises = true;
            break;
          }
        }
      } else if (newErrorWithoutCause(a, s.handler.name)) {
        s.handler.node.raisesWithoutCause = true;
      }
    }
    return s;
  };
  // N_STRING_LITERAL, N_TEMPLATE_LITERAL
  const visitStringLiteral = (node: BNode, parent: BNode | null, key: string, s: XState, type: string): XState | null => {
    if (s.mode === TYPE || isKeyPosition(parent, key) || parent?.type === 'TSImportType') return type === 'TemplateLiteral' ? s : null;
    const isTemplate = type === 'TemplateLiteral';
    const value = isTemplate ? templateValue(node) : (node.value as string);
    climb(node, parent);
    const n = climbedNode;
    const p = climbedParent;
    strings.push({
      type: 'string',
      value: value.length > MAX_STRING ? value.slice(0, MAX_STRING) : value,
      span: spanOf(node),
      interpolated: isTemplate && (node.expressions as BNode[]).length > 0,
      boundTo: boundTo(n, p),
      isDocstring: false,
      function: s.fn,
      loopDepth: s.loopDepth,
    });
    return isTemplate ? s : null;
  };
  // N_DIRECTIVE_LITERAL
  const visitDirectiveLiteral = (node: BNode, parent: BNode | null, key: string, s: XState, _type: string): XState | null => {
    const value = node.value as string;
    strings.push({
      type: 'string',
      value: value.length > MAX_STRING ? value.slice(0, MAX_STRING) : value,
      span: spanOf(node),
      interpolated: false,
      boundTo: null,
      isDocstring: true,
      function: s.fn,
      loopDepth: s.loopDepth,
    });
    return null;
  };
  // N_NUMERIC_LITERAL, N_BIG_INT_LITERAL
  const visitNumericLiteral = (node: BNode, parent: BNode | null, key: string, s: XState, type: string): XState | null => {
    if (s.mode === TYPE || isKeyPosition(parent, key)) return null;
    const negative = parent?.type === 'UnaryExpression' && parent.operator === '-';
    const raw = src.slice(node.start, node.end);
    const magnitude = type === 'BigIntLiteral' ? Number(node.value as string) : (node.value as number);
    climb(node, parent);
    const n = climbedNode;
    const p = climbedParent;
    numbers.push({
      type: 'number',
      text: negative ? '-' + raw : raw,
      value: negative ? -magnitude : magnitude,
      span: negative ? spanOf(parent) : spanOf(node),
      context: numberContext(n, p),
      boundTo: boundTo(n, p),
      negative,
      function: s.fn,
    });
    return null;
  };
  // N_OBJECT_EXPRESSION
  const visitObjectExpression = (node: BNode, parent: BNode | null, key: string, s: XState, _type: string): XState | null => {
    const props = node.properties as BNode[];
    const keys: Array<{ text: string; span: Span }> = [];
    let accessors: Map<string, string> | null = null;
    for (const p of props) {
      if (p.type === 'SpreadElement' || p.computed) continue;
      const k = staticKey(p);
      if (k === null) continue;
      if (p.type === 'ObjectMethod' && (p.kind === 'get' || p.kind === 'set')) {
        accessors ??= new Map();
        const prev = accessors.get(k);
        accessors.set(k, p.kind as string);
        if (prev !== undefined && prev !== p.kind) continue; // the other half of a get/set pair
      }
      keys.push({ text: k, span: spanOf(p.key as BNode) });
    }
    collections.push({ type: 'collection', kind: 'object', keys, size: props.length, span: spanOf(node), function: s.fn });
    return s;
  };
  // N_ARRAY_EXPRESSION
  const visitArrayExpression = (node: BNode, parent: BNode | null, key: string, s: XState, _type: string): XState | null => {
    collections.push({
      type: 'collection',
      kind: 'list',
      keys: [],
      size: (node.elements as unknown[]).length,
      span: spanOf(node),
      function: s.fn,
    });
    return s;
  };
  const visitors = new Map<number, (node: BNode, parent: BNode | null, key: string, s: XState, type: string) => XState | null>([
    [N_VARIABLE_DECLARATION, visitVariableDeclaration],
    [N_VARIABLE_DECLARATOR, visitVariableDeclarator],
    [N_CLASS_DECLARATION, visitClassDeclaration],
    [N_CLASS_EXPRESSION, visitClassDeclaration],
    [N_CLASS_BODY, visitClassBody],
    [N_T_S_ENUM_DECLARATION, visitTSEnumDeclaration],
    [N_T_S_MODULE_DECLARATION, visitTSModuleDeclaration],
    [N_T_S_MODULE_BLOCK, visitTSModuleBlock],
    [N_T_S_PARAMETER_PROPERTY, visitTSParameterProperty],
    [N_IMPORT_DECLARATION, visitImportDeclaration],
    [N_T_S_IMPORT_EQUALS_DECLARATION, visitTSImportEqualsDeclaration],
    [N_T_S_EXTERNAL_MODULE_REFERENCE, visitTSExternalModuleReference],
    [N_EXPORT_ALL_DECLARATION, visitTSExternalModuleReference],
    [N_J_S_X_CLOSING_ELEMENT, visitTSExternalModuleReference],
    [N_PRIVATE_NAME, visitTSExternalModuleReference],
    [N_EXPORT_NAMED_DECLARATION, visitExportNamedDeclaration],
    [N_BLOCK_STATEMENT, visitBlockStatement],
    [N_STATIC_BLOCK, visitStaticBlock],
    [N_SWITCH_STATEMENT, visitSwitchStatement],
    [N_IF_STATEMENT, visitIfStatement],
    [N_WITH_STATEMENT, visitWithStatement],
    [N_TRY_STATEMENT, visitTryStatement],
    [N_CATCH_CLAUSE, visitCatchClause],
    [N_J_S_X_IDENTIFIER, visitJSXIdentifier],
    [N_ASSIGNMENT_EXPRESSION, visitAssignmentExpression],
    [N_BINARY_EXPRESSION, visitBinaryExpression],
    [N_CALL_EXPRESSION, visitCallExpression],
    [N_OPTIONAL_CALL_EXPRESSION, visitCallExpression],
    [N_NEW_EXPRESSION, visitCallExpression],
    [N_AWAIT_EXPRESSION, visitAwaitExpression],
    [N_CONDITIONAL_EXPRESSION, visitConditionalExpression],
    [N_RETURN_STATEMENT, visitReturnStatement],
    [N_THROW_STATEMENT, visitReturnStatement],
    [N_BREAK_STATEMENT, visitReturnStatement],
    [N_CONTINUE_STATEMENT, visitReturnStatement],
    [N_STRING_LITERAL, visitStringLiteral],
    [N_TEMPLATE_LITERAL, visitStringLiteral],
    [N_DIRECTIVE_LITERAL, visitDirectiveLiteral],
    [N_NUMERIC_LITERAL, visitNumericLiteral],
    [N_BIG_INT_LITERAL, visitNumericLiteral],
    [N_OBJECT_EXPRESSION, visitObjectExpression],
    [N_ARRAY_EXPRESSION, visitArrayExpression],
  ]);

  const enter = (node: BNode, parent: BNode | null, key: string, ps: XState): XState | null => {
    let s = ps;
    if (parent !== null) {
      if ((key === 'key' || key === 'decorators') && ps.outer && isOuterPartOfMethod(parent, key)) s = ps.outer;
      s = childState(node, parent, key, s);
    }
    const type = node.type;

    if (type === 'Identifier') {
      onIdentifier(node, parent, key, s);
      return node.typeAnnotation || node.decorators ? s : null;
    }

    const code = NODE_CODES.get(type);
    if (code === undefined) return s;

    // ---- functions ----
    if (code === N_FUNCTION) {
      const fnNodes = live!.functionNodes;
      const idx = fnNodes.length > 0 && fnNodes[fnNodes.length - 1] === node ? fnNodes.length - 1 : null;
      if (idx !== null) {
        const fm = functions[idx]!;
        fm.loopDepth = s.loopDepth;
        fm.awaits = 0;
        fm.freeVariables = [];
      }
      const id = node.id as BNode | null | undefined;
      const self = { selfStart: node.start, selfEnd: node.end };
      const exported = parent?.type === 'ExportNamedDeclaration' || parent?.type === 'ExportDefaultDeclaration';
      if (type === 'FunctionDeclaration' && id) {
        declare(id.name as string, id, simpleDecl('function', s.scope, s, { exported, hasInit: true, ...self }), s.loopDepth);
      }
      const fscope = newScope(s.scope, idx, true);
      // A function expression's own name resolves but is not reported (ESLint skips these scopes too).
      if (type === 'FunctionExpression' && id)
        declare(id.name as string, id, simpleDecl('function', fscope, s, { ...self, hidden: true }), 0);
      const body = node.body as BNode;
      if (body.type === 'BlockStatement') addBlock('function', body, idx);
      return fresh({
        fn: idx,
        scope: fscope,
        loopDepth: 0,
        mode: EXPR,
        decl: simpleDecl('param', fscope, s),
        inTest: false,
        inFinally: false,
        inTernaryBranch: false,
        loopHeader: false,
        awaitLoops: null,
        loopLink: null,
        handler: null,
        ambient: s.ambient,
        outer: s,
        origin: null as unknown as XState,
        variants: null,
      });
    }

    if (code === N_TYPE_DECL) return withMode(s, TYPE);
    const visit = visitors.get(code);
    if (visit !== undefined) return visit(node, parent, key, s, type);

    if (code === N_LOOP) {
      const lm = lastFor<LoopNode>(live!.loopNodes, live!.loops, node);
      const body = node.body as BNode;
      addBlock('loop', body, s.fn);
      const head = (node.init ?? node.left) as BNode | null | undefined;
      const lexicalHead = head?.type === 'VariableDeclaration' && head.kind !== 'var';
      const next: XState = fresh({
        ...s,
        scope: lexicalHead ? newScope(s.scope, s.fn, false) : s.scope,
        loopDepth: s.loopDepth + 1,
        loopLink: null,
      });
      if (lm) {
        lm.bodySpan = spanOf(body);
        lm.awaits = 0;
        next.loopLink = { loop: lm, next: s.awaitLoops };
      } else {
        next.loopLink = s.awaitLoops;
      }
      return next;
    }
    return s;
  };

  const co: CoVisitor<XState> = {
    start(parts: LiveParts): XState {
      live = parts;
      functions = parts.functions;
      parents = parts.parents;
      return rootState;
    },
    enter,
  };

  const finish = (model: ModelParts): ExtensionParts => {
    // ---- resolve references ----
    /** Nearest scope (this one or an ancestor) declaring names; memoised, so deep chains of empty blocks cost O(1) per lookup. */
    const named = (start: Scope | null): Scope | null => {
      const chain: Scope[] = [];
      let sc = start;
      let found: Scope | null = null;
      while (sc) {
        if (sc.up !== undefined) {
          found = sc.up;
          break;
        }
        if (sc.names !== null) {
          found = sc;
          break;
        }
        chain.push(sc);
        sc = sc.parent;
      }
      for (const c of chain) c.up = found;
      return found;
    };
    const free: Array<Set<string> | undefined> = [];
    for (let i = 0; i < refName.length; i++) {
      const name = refName[i]!;
      let scope = named(refScope[i]!);
      let b: Bind | undefined;
      while (scope) {
        b = lookup(scope, name);
        if (b) break;
        scope = named(scope.parent);
      }
      if (!b) continue;
      const flags = refFlags[i]!;
      const node = b.node;
      if (node && flags & REF_WRITE) node.writes++;
      if (!(flags & REF_READ)) continue;
      const at = refPos[i]!;
      if (node && !(at >= b.selfStart && at < b.selfEnd)) node.reads++;
      if (flags & REF_TYPE) continue;
      const owner = b.scope.fn;
      let f: number | null = refFn[i] ?? null;
      if (f === owner || (owner === null && !b.inLoop)) continue;
      while (f !== null && f !== owner) {
        (free[f] ??= new Set()).add(name);
        f = functions[f]!.parentFunction;
      }
    }
    free.forEach((names, i) => {
      if (names) functions[i]!.freeVariables = [...names];
    });
    if (rootScope.names) {
      for (const name of model.exportedNames) {
        const b = lookup(rootScope, name);
        if (b?.node) b.node.isExported = true;
      }
    }
    for (const rec of handlerRecs) rec.node.usesBinding = rec.bindings.some((b) => b.reads > 0);

    // ---- branches ----
    model.branches.forEach((br: BranchNode, i) => {
      const n = model.branchNodes[i]!;
      switch (br.kind) {
        case 'if':
        case 'elif':
          br.hasElse = Boolean(n.alternate);
          br.negated = isNegation(n.test as BNode);
          break;
        case 'ternary':
          br.hasElse = true;
          br.negated = isNegation(n.test as BNode);
          br.inTernary = ternariesInBranch.has(n);
          break;
        case 'switch':
          br.negated = isNegation(n.discriminant as BNode);
          break;
        case 'case':
          br.negated = isNegation(n.test as BNode | null);
          break;
        case 'logical':
          br.negated = false;
          break;
        default:
          break;
      }
    });
    // Functions/loops the walk did not reach (none expected) still get the fields.
    for (const fm of functions) {
      fm.loopDepth ??= 0;
      fm.awaits ??= 0;
      fm.freeVariables ??= [];
    }
    for (const lm of model.loops) lm.awaits ??= 0;

    return { bindings, assignments, comparisons, binaries, handlers, jumps, strings, numbers, collections, blocks };
  };
  return { co, finish };
}
