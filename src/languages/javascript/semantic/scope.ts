/**
 * Scope analysis of the JS/TS semantic layer: the co-visitor's per-node state (which scope, which
 * function, how identifiers met here are treated), scopes with their declared names, how a child's
 * role follows from the key holding it, and the resolution of references after the walk (reads,
 * writes, free variables), as eslint-scope does for ESLint.
 */
import type { BindingKind, BindingNode, FunctionNode, HandlerNode, LoopNode } from '../../../model/types.js';
import type { BNode } from '../walk.js';
import {
  P_ARROW_FUNCTION_EXPRESSION,
  P_ASSIGNMENT_EXPRESSION,
  P_ASSIGNMENT_PATTERN,
  P_CATCH_CLAUSE,
  P_CLASS_METHOD,
  P_CLASS_PRIVATE_METHOD,
  P_CONDITIONAL_EXPRESSION,
  P_DECORATOR,
  P_DO_WHILE_STATEMENT,
  P_FOR_IN_STATEMENT,
  P_FOR_OF_STATEMENT,
  P_FOR_STATEMENT,
  P_FUNCTION_DECLARATION,
  P_FUNCTION_EXPRESSION,
  P_IF_STATEMENT,
  P_MEMBER_EXPRESSION,
  P_OBJECT_METHOD,
  P_OBJECT_PROPERTY,
  P_OPTIONAL_MEMBER_EXPRESSION,
  P_TRY_STATEMENT,
  P_UPDATE_EXPRESSION,
  P_VARIABLE_DECLARATOR,
  P_WHILE_STATEMENT,
  TYPE_KEYS,
} from './codes.js';

/** How identifiers met in a subtree are treated. */
export const EXPR = 0; // read
export const DECLARE = 1; // declares a binding (declarator id, param, catch param)
export const ASSIGN = 2; // written (`x = 1`, `[a, b] = c`, `for (x of y)`)
export const READ_WRITE = 3; // read and written (`x += 1`, `x++`)
export const TYPE = 4; // TS type position: only type references count (as reads)
export type Mode = typeof EXPR | typeof DECLARE | typeof ASSIGN | typeof READ_WRITE | typeof TYPE;

export const REF_READ = 1;
export const REF_WRITE = 2;
export const REF_TYPE = 4;

export interface Scope {
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

export interface Bind {
  /** null: a name that shadows but is not reported (TS parameter properties, ambient declarations). */
  node: BindingNode | null;
  scope: Scope;
  /** Reads inside [selfStart, selfEnd) are self-references (recursion) and are not counted. */
  selfStart: number;
  selfEnd: number;
  /** Declared inside a loop (within its function or the module). */
  inLoop: boolean;
}

export interface Decl {
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
}

export interface HandlerRec {
  node: HandlerNode;
  name: string | null;
  parent: HandlerRec | null;
}

export interface LoopLink {
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
  /** Memoised variants (by mode, and the inTest / inFinally flags): siblings share them. */
  variants: Array<XState | undefined> | null;
}

export const V_TEST = 5;
export const V_FINALLY = 6;

/** A new state: its own origin, no variants yet. */
export function fresh(x: XState): XState {
  x.origin = x;
  x.variants = null;
  return x;
}

/** `s` with another identifier mode, memoised on the mode-less origin (no allocation on a hit). */
export function withMode(s: XState, mode: Mode): XState {
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
export function withFlag(s: XState, flag: typeof V_TEST | typeof V_FINALLY): XState {
  const v = (s.variants ??= []);
  let x = v[flag];
  if (x === undefined) {
    x = fresh({
      ...s,
      inTest: s.inTest || flag === V_TEST,
      inFinally: s.inFinally || flag === V_FINALLY,
    });
    v[flag] = x;
  }
  return x;
}

/** The statement list declares block-scoped names (let / const / using / class / function / enum). */
export function hasLexical(list: BNode[]): boolean {
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

export const SMALL_SCOPE = 8;

export function lookup(scope: Scope, name: string): Bind | undefined {
  if (scope.map !== null) return scope.map.get(name);
  const names = scope.names;
  if (names === null) return undefined;
  const i = names.indexOf(name);
  return i < 0 ? undefined : scope.binds![i];
}

export function bindName(scope: Scope, name: string, bind: Bind): void {
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

export function newScope(parent: Scope | null, fn: number | null, isVarScope: boolean): Scope {
  const scope: Scope = { parent, fn, varScope: null as unknown as Scope, names: null, binds: null, map: null, up: undefined };
  scope.varScope = isVarScope || !parent ? scope : parent.varScope;
  return scope;
}

// ---- child context: how a node's role changes with the key holding it ----
/** `parentCode` is the parent's PARENT_CODES code (node-info.ts has it in every node's type info), 0 for none. */
export function childState(node: BNode, parent: BNode, key: string, s: XState, parentCode: number): XState {
  if (TYPE_KEYS.has(key) || (key === 'extends' && parent.type === 'TSInterfaceDeclaration')) {
    return withMode(s, TYPE);
  }
  switch (parentCode) {
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
    case P_CONDITIONAL_EXPRESSION:
      return key === 'test' && !s.inTest ? withFlag(s, V_TEST) : s;
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
}

/** A state that opens a function (or the module, `fn` null): no test, loop, handler or variant yet. */
export function scopeState(fn: number | null, scope: Scope, decl: Decl | null, ambient: boolean, outer: XState | null): XState {
  return fresh({
    fn,
    scope,
    loopDepth: 0,
    mode: EXPR,
    decl,
    inTest: false,
    inFinally: false,
    loopHeader: false,
    awaitLoops: null,
    loopLink: null,
    handler: null,
    ambient,
    outer,
    origin: null as unknown as XState,
    variants: null,
  });
}

/** Nearest scope (this one or an ancestor) declaring names; memoised, so deep chains of empty blocks cost O(1) per lookup. */
function named(start: Scope | null): Scope | null {
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
}

/**
 * References met in the walk (parallel arrays: no object per reference), resolved after it, so
 * hoisting (`var`, function declarations, use before `let`) needs no second pass.
 */
export class References {
  private readonly name: string[] = [];
  private readonly scope: Scope[] = [];
  private readonly flags: number[] = [];
  private readonly fn: Array<number | null> = [];
  private readonly pos: number[] = [];

  add(name: string, flags: number, s: XState, at: number): void {
    this.name.push(name);
    this.scope.push(s.scope);
    this.flags.push(flags);
    this.fn.push(s.fn);
    this.pos.push(at);
  }

  /** Counts reads and writes on the bindings and fills each function's free variables. */
  resolve(functions: FunctionNode[]): void {
    const free: Array<Set<string> | undefined> = [];
    for (let i = 0; i < this.name.length; i++) {
      const name = this.name[i]!;
      let scope = named(this.scope[i]!);
      let b: Bind | undefined;
      while (scope) {
        b = lookup(scope, name);
        if (b) break;
        scope = named(scope.parent);
      }
      if (!b) continue;
      const flags = this.flags[i]!;
      const node = b.node;
      if (node && flags & REF_WRITE) node.writes++;
      if (!(flags & REF_READ)) continue;
      const at = this.pos[i]!;
      if (node && !(at >= b.selfStart && at < b.selfEnd)) node.reads++;
      if (flags & REF_TYPE) continue;
      const owner = b.scope.fn;
      let f: number | null = this.fn[i] ?? null;
      if (f === owner || (owner === null && !b.inLoop)) continue;
      while (f !== null && f !== owner) {
        (free[f] ??= new Set()).add(name);
        f = functions[f]!.parentFunction;
      }
    }
    free.forEach((names, i) => {
      if (names) functions[i]!.freeVariables = [...names];
    });
  }
}
