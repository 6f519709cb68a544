/**
 * Model extension for the rule catalogue (issue 4), Python side: scope analysis (`bindings`) and
 * the assignments / comparisons / binaries / handlers / jumps / strings / numbers / collections /
 * blocks lists, plus the extension fields of calls, functions, branches and loops.
 *
 * One iterative walk over the converted tree (explicit stacks, shared immutable contexts).
 * Bindings are declared as they are met; reads are queued and resolved after the walk with
 * Python's rules (a name bound anywhere in a scope is local to it; class scopes are skipped
 * by nested scopes; `global` / `nonlocal` redirect), so use-before-definition needs no second pass.
 *
 * Choices where the contract leaves room (see also the tests):
 * - Names listed in `__all__` set `isExported`; they are not counted as reads.
 * - String annotations (`x: "Foo"`, `-> "pkg.Bar"`) count the identifiers in them as reads.
 * - Reads of a def/class name inside its own body (recursion) are not counted.
 * - `from m import *` binds nothing (it is in `imports` with `isWildcard`).
 * - Comprehension scopes belong to the enclosing function (`scope` is that function's index).
 * - Augmented assignment `x += 1` is a read and a write of `x`; its BinaryNode has operator `+`
 *   and `augmented: true` (as in the JS front-end).
 * - Annotated assignment without value (`x: int`) declares `x`; its AssignmentNode has operator `:`
 *   and `value: null`. Chained `a = b = 1` is one AssignmentNode with targets `[a, b]`.
 * - BranchNode.negated: the condition is `not …`, or a single comparison with `!=`, `is not` or `not in`.
 * - Negative numbers: `-1` gives text `-1`, value -1, `negative: true` and the span of the unary.
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
import type { PyNode } from './parse.js';
import { child, namedChildren, nodeText, spanOf, unparen } from './parse.js';
import { stringValue } from './halstead.js';

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

/** What buildModel already produced, with the tree node of each entry. */
export interface ExtensionInput {
  src: string;
  root: PyNode;
  functions: FunctionNode[];
  fnNodes: PyNode[];
  calls: CallNode[];
  callNodes: PyNode[];
  loops: LoopNode[];
  loopNodes: PyNode[];
  branches: BranchNode[];
  branchNodes: PyNode[];
}

const MAX_TEXT = 200;
const MAX_STRING = 500;
const LOG_NAMES = new Set(['print', 'log', 'debug', 'info', 'warn', 'warning', 'error', 'exception']);
const CONST_RE = /^_*[A-Z][A-Z0-9_]*$/;

interface Scope {
  kind: 'module' | 'function' | 'class' | 'comprehension';
  parent: Scope | null;
  fn: number | null;
  names: Map<string, Bind>;
  globals: Set<string> | null;
  nonlocals: Set<string> | null;
}

interface Bind {
  node: BindingNode;
  scope: Scope;
  /** Reads inside [selfStart, selfEnd) are self-references (recursion) and are not counted. */
  selfStart: number;
  selfEnd: number;
  inLoop: boolean;
}

/** Walk context; shared by every node it applies to, never mutated. */
interface Ctx {
  fn: number | null;
  scope: Scope;
  loopDepth: number;
  /** Identifiers here: 0 read, 1 declare (target), 2 skip. */
  mode: 0 | 1 | 2;
  /** Binding kind for mode 1. */
  kind: BindingKind;
  inCond: boolean;
  inLoopHeader: boolean;
  inFinally: boolean;
  loops: LoopLink | null;
  handler: HandlerRec | null;
  /** Inside a case pattern (captures bind). */
  inPattern: boolean;
}

interface LoopLink {
  loop: LoopNode;
  next: LoopLink | null;
}

interface HandlerRec {
  node: HandlerNode;
  fn: number | null;
  parent: HandlerRec | null;
}

const SPACE_RUN = /\s{2,}|[\t\n\r\f\v]/;

function collapse(s: string, max: number): string {
  const t = s.length > max * 4 ? s.slice(0, max * 4) : s;
  const c = SPACE_RUN.test(t) ? t.replace(/\s+/g, ' ').trim() : t;
  return c.length > max ? c.slice(0, max) : c;
}

/** Node types the walk below looks at; every other node just passes its context on. */
const HANDLED = new Set([
  'identifier',
  'attribute',
  'subscript',
  'keyword_argument',
  'decorated_definition',
  'function_definition',
  'lambda',
  'class_definition',
  'import_statement',
  'import_from_statement',
  'future_import_statement',
  'global_statement',
  'nonlocal_statement',
  'assignment',
  'augmented_assignment',
  'named_expression',
  'delete_statement',
  'for_statement',
  'while_statement',
  'list_comprehension',
  'set_comprehension',
  'dictionary_comprehension',
  'generator_expression',
  'if_statement',
  'elif_clause',
  'conditional_expression',
  'finally_clause',
  'except_clause',
  'except_group_clause',
  'with_item',
  'as_pattern',
  'case_clause',
  'dotted_name',
  'class_pattern',
  'keyword_pattern',
  'splat_pattern',
  'list_splat_pattern',
  'dictionary_splat_pattern',
  'comparison_operator',
  'binary_operator',
  'return_statement',
  'raise_statement',
  'break_statement',
  'continue_statement',
  'await',
  'string',
  'concatenated_string',
  'integer',
  'float',
  'dictionary',
  'set',
  'list',
  'block',
  'call',
]);
/** Containers whose identifiers stay targets in a target context (`a, (b, *c) = …`). */
const TARGET_CONTAINERS = new Set([
  'pattern_list',
  'tuple_pattern',
  'list_pattern',
  'parenthesized_expression',
  'tuple',
  'list',
  'list_splat_pattern',
  'list_splat',
  'expression_list',
  'as_pattern_target',
]);

function spanRange(a: PyNode, b: PyNode): Span {
  return { line: a.startRow + 1, column: a.startCol + 1, endLine: b.endRow + 1, endColumn: b.endCol + 1 };
}

/** Parent, skipping parentheses. */
function upParen(n: PyNode): { node: PyNode; parent: PyNode | null } {
  let cur = n;
  let p = n.parent;
  while (p && p.type === 'parenthesized_expression') {
    cur = p;
    p = p.parent;
  }
  return { node: cur, parent: p };
}

function isStatementNode(n: PyNode): boolean {
  return n.named && n.type !== 'comment' && n.type !== 'line_continuation';
}

function isEllipsisStatement(n: PyNode): boolean {
  if (n.type !== 'expression_statement') return false;
  const k = namedChildren(n);
  return k.length === 1 && k[0]!.type === 'ellipsis';
}

function isDocStatement(n: PyNode): boolean {
  if (n.type !== 'expression_statement') return false;
  const k = namedChildren(n);
  return k.length === 1 && (k[0]!.type === 'string' || k[0]!.type === 'concatenated_string');
}

export function buildExtension(inp: ExtensionInput): ExtensionParts {
  const { src, root, functions } = inp;
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

  const fnIndex = new Map<PyNode, number>();
  inp.fnNodes.forEach((n, i) => fnIndex.set(n, i));
  const callIndex = new Map<PyNode, number>();
  inp.callNodes.forEach((n, i) => callIndex.set(n, i));
  const loopIndex = new Map<PyNode, number>();
  inp.loopNodes.forEach((n, i) => loopIndex.set(n, i));
  const branchIndex = new Map<PyNode, number>();
  inp.branchNodes.forEach((n, i) => branchIndex.set(n, i));
  for (const f of functions) {
    f.awaits = 0;
    f.loopDepth = 0;
  }
  for (const l of inp.loops) l.awaits = 0;

  // References, as parallel arrays (one entry per identifier read: no object each).
  const refScope: Scope[] = [];
  const refName: string[] = [];
  const refOffset: number[] = [];
  const refFn: (number | null)[] = [];
  const refWrite: boolean[] = [];
  const addRef = (scope: Scope, name: string, offset: number, fn: number | null, write: boolean): void => {
    refScope.push(scope);
    refName.push(name);
    refOffset.push(offset);
    refFn.push(fn);
    refWrite.push(write);
  };
  const exported = new Set<string>();

  const moduleScope: Scope = { kind: 'module', parent: null, fn: null, names: new Map(), globals: null, nonlocals: null };

  // ---------- expressions ----------
  const dotted = (n: PyNode): string | null => {
    const parts: string[] = [];
    let cur: PyNode | undefined = unparen(n);
    while (cur && cur.type === 'attribute') {
      const a = child(cur, 'attribute');
      if (!a) return null;
      parts.push(nodeText(src, a));
      cur = child(cur, 'object');
      if (cur) cur = unparen(cur);
    }
    if (!cur || cur.type !== 'identifier') return null;
    parts.push(nodeText(src, cur));
    return parts.reverse().join('.');
  };
  const isFString = (n: PyNode): boolean => {
    const parts = n.type === 'concatenated_string' ? n.children.filter((c) => c.type === 'string') : [n];
    return parts.some((p) => p.children.some((c) => c.type === 'interpolation'));
  };
  /** Content of a string node: decoded when simple; f-strings: literal parts with `{}` placeholders. */
  const stringContent = (n: PyNode): string => {
    const v = stringValue(src, n);
    if (v) return v.value;
    const parts = n.type === 'concatenated_string' ? n.children.filter((c) => c.type === 'string') : [n];
    let out = '';
    for (const p of parts) {
      for (const c of p.children) {
        if (c.type === 'string_content') out += nodeText(src, c);
        else if (c.type === 'interpolation') out += '{}';
      }
    }
    return out;
  };
  const numberValue = (text: string): number => {
    const t = text.replace(/_/g, '').toLowerCase();
    if (t.endsWith('j')) return Number(t.slice(0, -1));
    if (t.endsWith('l')) return Number(t.slice(0, -1));
    if (/^0[0-7]+$/.test(t)) return parseInt(t, 8);
    return Number(t);
  };
  const EXPR_KIND: Record<string, ExpressionKind> = {
    integer: 'number',
    float: 'number',
    true: 'boolean',
    false: 'boolean',
    none: 'null',
    list: 'list',
    tuple: 'tuple',
    dictionary: 'dict',
    set: 'set',
    identifier: 'identifier',
    attribute: 'member',
    subscript: 'member',
    call: 'call',
    lambda: 'lambda',
    binary_operator: 'binary',
    boolean_operator: 'logical',
    not_operator: 'unary',
    comparison_operator: 'comparison',
    unary_operator: 'unary',
    conditional_expression: 'conditional',
    await: 'await',
    list_comprehension: 'comprehension',
    set_comprehension: 'comprehension',
    dictionary_comprehension: 'comprehension',
    generator_expression: 'comprehension',
    list_splat: 'spread',
    dictionary_splat: 'spread',
    expression_list: 'tuple',
    pattern_list: 'tuple',
  };
  const expr = (raw: PyNode): Expression => {
    const n = unparen(raw);
    const e: Expression = { kind: 'other', text: collapse(nodeText(src, raw), MAX_TEXT), span: spanOf(raw) };
    if (n.type === 'string' || n.type === 'concatenated_string') {
      e.kind = isFString(n) ? 'template' : 'string';
      e.value = stringContent(n).slice(0, MAX_STRING);
      return e;
    }
    if (n.type === 'unary_operator') {
      const arg = child(n, 'argument');
      const op = child(n, 'operator');
      if (arg && op && (arg.type === 'integer' || arg.type === 'float')) {
        e.kind = 'number';
        e.value = nodeText(src, op) + nodeText(src, arg);
        return e;
      }
    }
    e.kind = EXPR_KIND[n.type] ?? 'other';
    switch (e.kind) {
      case 'number':
        e.value = nodeText(src, n);
        break;
      case 'boolean':
      case 'null':
        e.value = nodeText(src, n);
        break;
      case 'identifier':
      case 'member': {
        const d = dotted(n);
        if (d !== null) e.value = d;
        break;
      }
      default:
        break;
    }
    return e;
  };

  /** Name a literal at `n` is bound to: assignment target, keyword argument, dict key, parameter default. */
  const boundTo = (n: PyNode): string | null => {
    const { node, parent } = upParen(n);
    if (!parent) return null;
    switch (parent.type) {
      case 'assignment':
      case 'augmented_assignment': {
        if (node.field !== 'right') return null;
        let left = child(parent, 'left');
        // chained `a = b = "x"`: the innermost target
        if (left) left = unparen(left);
        if (!left) return null;
        if (left.type === 'identifier') return nodeText(src, left);
        if (left.type === 'attribute') {
          const a = child(left, 'attribute');
          return a ? nodeText(src, a) : null;
        }
        if (left.type === 'subscript') {
          const sub = child(left, 'subscript');
          if (sub && (sub.type === 'string' || sub.type === 'concatenated_string') && !isFString(sub)) return stringContent(sub);
        }
        return null;
      }
      case 'named_expression': {
        const nm = child(parent, 'name');
        return node.field === 'value' && nm ? nodeText(src, nm) : null;
      }
      case 'keyword_argument': {
        const nm = child(parent, 'name');
        return node.field === 'value' && nm ? nodeText(src, nm) : null;
      }
      case 'default_parameter':
      case 'typed_default_parameter': {
        const nm = child(parent, 'name');
        return node.field === 'value' && nm ? nodeText(src, nm) : null;
      }
      case 'pair': {
        if (node.field !== 'value') return null;
        const k = child(parent, 'key');
        if (!k) return null;
        const ku = unparen(k);
        if ((ku.type === 'string' || ku.type === 'concatenated_string') && !isFString(ku)) return stringContent(ku);
        if (ku.type === 'identifier') return nodeText(src, ku);
        return null;
      }
      default:
        return null;
    }
  };

  const numberContext = (n: PyNode): NumberContext => {
    const { node, parent } = upParen(n);
    if (!parent) return 'other';
    switch (parent.type) {
      case 'comparison_operator':
        return 'comparison';
      case 'argument_list':
      case 'keyword_argument':
        return 'argument';
      case 'assignment':
      case 'augmented_assignment':
      case 'named_expression':
        return node.field === 'right' || node.field === 'value' ? 'assignment' : 'other';
      case 'default_parameter':
      case 'typed_default_parameter':
        return 'default';
      case 'subscript':
      case 'slice':
        return node.field === 'value' ? 'other' : 'index';
      case 'return_statement':
        return 'return';
      case 'binary_operator':
        return 'binary';
      case 'list':
      case 'tuple':
      case 'set':
      case 'pair':
      case 'expression_list':
        return 'collection';
      default:
        return 'other';
    }
  };

  // ---------- scopes ----------
  const newScope = (kind: Scope['kind'], parent: Scope, fn: number | null): Scope => ({
    kind,
    parent,
    fn,
    names: new Map(),
    globals: null,
    nonlocals: null,
  });

  const declare = (scope: Scope, name: string, kind: BindingKind, id: PyNode, c: Ctx, self?: PyNode): void => {
    if (name === '_' && c.inPattern) return;
    let s = scope;
    if (s.globals?.has(name)) s = moduleScope;
    else if (s.nonlocals?.has(name)) {
      addRef(s, name, id.start, c.fn, true);
      return;
    }
    // walrus in a comprehension binds in the enclosing function (or module) scope
    const existing = s.names.get(name);
    if (existing) {
      existing.node.writes++;
      return;
    }
    const isConst = s.kind === 'module' && (kind === 'variable' || kind === 'constant') && CONST_RE.test(name);
    const node: BindingNode = {
      type: 'binding',
      name,
      kind: isConst ? 'constant' : kind,
      span: spanOf(id),
      scope: s.fn,
      inClassBody: s.kind === 'class',
      reads: 0,
      writes: 0,
      isConstant: isConst,
      isExported: false,
      isTypeOnly: false,
    };
    bindings.push(node);
    s.names.set(name, {
      node,
      scope: s,
      selfStart: self ? self.start : -1,
      selfEnd: self ? self.end : -1,
      inLoop: c.loopDepth > 0 || kind === 'loop-variable',
    });
  };
  const read = (c: Ctx, name: string, offset: number): void => {
    addRef(c.scope, name, offset, c.fn, false);
  };

  // ---------- walk ----------
  const nodeStack: PyNode[] = [];
  const ctxStack: Ctx[] = [];
  const push = (n: PyNode | undefined, c: Ctx): void => {
    if (!n) return;
    nodeStack.push(n);
    ctxStack.push(c);
  };
  const pushKids = (n: PyNode, c: Ctx): void => {
    const k = n.children;
    for (let i = k.length - 1; i >= 0; i--) {
      nodeStack.push(k[i]!);
      ctxStack.push(c);
    }
  };
  const withMode = (c: Ctx, mode: 0 | 1 | 2, kind: BindingKind = c.kind): Ctx =>
    c.mode === mode && c.kind === kind ? c : { ...c, mode, kind };

  /** Target texts of an assignment left side (identifiers, attributes, subscripts; patterns flattened). */
  const targetTexts = (t: PyNode): string[] => {
    const out: string[] = [];
    const st = [t];
    while (st.length) {
      const n = st.pop()!;
      switch (n.type) {
        case 'identifier':
        case 'attribute':
        case 'subscript':
          out.push(collapse(nodeText(src, n), MAX_TEXT));
          break;
        default:
          for (let i = n.children.length - 1; i >= 0; i--) if (n.children[i]!.named) st.push(n.children[i]!);
      }
    }
    return out;
  };

  /** Declares the identifiers of a parameter list in `scope`; defaults/annotations are read in `outer`. */
  const params = (list: PyNode | undefined, inner: Ctx, outer: Ctx): void => {
    if (!list) return;
    const decl = withMode(inner, 1, 'param');
    for (const p of list.children) {
      if (!p.named) continue;
      switch (p.type) {
        case 'identifier':
          declare(inner.scope, nodeText(src, p), 'param', p, inner);
          break;
        case 'typed_parameter':
          for (const c of p.children) {
            if (c.field === 'type') push(c, outer);
            else if (c.named) push(c, decl);
          }
          break;
        case 'default_parameter':
        case 'typed_default_parameter':
          for (const c of p.children) {
            if (c.field === 'name') push(c, decl);
            else if (c.named) push(c, outer);
          }
          break;
        case 'list_splat_pattern':
        case 'dictionary_splat_pattern':
        case 'tuple_pattern':
          push(p, decl);
          break;
        case 'comment':
          push(p, outer);
          break;
        default:
          break;
      }
    }
  };

  const root0: Ctx = {
    fn: null,
    scope: moduleScope,
    loopDepth: 0,
    mode: 0,
    kind: 'variable',
    inCond: false,
    inLoopHeader: false,
    inFinally: false,
    loops: null,
    handler: null,
    inPattern: false,
  };
  pushKids(root, root0);

  // 'identifier'
  const visitIdentifier = (n: PyNode, c: Ctx): boolean => {
    const name = nodeText(src, n);
    if (c.mode === 0) {
      read(c, name, n.start);
      for (let h = c.handler; h; h = h.parent) if (h.node.binding === name) h.node.usesBinding = true;
    } else if (c.mode === 1) declare(c.scope, name, c.kind, n, c);
    return true;
  };
  // 'attribute'
  const visitAttribute = (n: PyNode, c: Ctx): boolean => {
    // only the object is a name; in target position the object is read
    push(child(n, 'object'), c.mode === 2 ? c : withMode(c, 0));
    for (const k of n.children) if (k.type === 'comment') push(k, c);
    return true;
  };
  // 'subscript'
  const visitSubscript = (n: PyNode, c: Ctx): boolean => {
    const r = withMode(c, 0);
    for (let i = n.children.length - 1; i >= 0; i--) push(n.children[i]!, r);
    return true;
  };
  // 'keyword_argument'
  const visitKeywordArgument = (n: PyNode, c: Ctx): boolean => {
    push(child(n, 'value'), c);
    return true;
  };
  // 'decorated_definition'
  const visitDecoratedDefinition = (n: PyNode, c: Ctx): boolean => {
    pushKids(n, c);
    return true;
  };
  // 'function_definition', 'lambda'
  const visitFunctionDefinition = (n: PyNode, c: Ctx): boolean => {
    const idx = fnIndex.get(n);
    const fnNode = idx !== undefined ? functions[idx] : undefined;
    if (fnNode) fnNode.loopDepth = c.loopDepth;
    const nameNode = child(n, 'name');
    if (n.type === 'function_definition' && nameNode) {
      const body = child(n, 'body');
      declare(c.scope, nodeText(src, nameNode), 'function', nameNode, c, body ?? n);
    }
    const scope = newScope('function', c.scope, idx ?? c.fn);
    const inner: Ctx = {
      fn: idx ?? c.fn,
      scope,
      loopDepth: 0,
      mode: 0,
      kind: 'variable',
      inCond: false,
      inLoopHeader: false,
      inFinally: false,
      loops: null,
      handler: null,
      inPattern: false,
    };
    const outer = withMode({ ...c, inPattern: false }, 0);
    for (let i = n.children.length - 1; i >= 0; i--) {
      const k = n.children[i]!;
      if (k.field === 'body') push(k, inner);
      else if (k.field === 'return_type' || k.type === 'comment') push(k, outer);
    }
    params(child(n, 'parameters'), inner, outer);
    return true;
  };
  // 'class_definition'
  const visitClassDefinition = (n: PyNode, c: Ctx): boolean => {
    const nameNode = child(n, 'name');
    const body = child(n, 'body');
    if (nameNode) declare(c.scope, nodeText(src, nameNode), 'class', nameNode, c, body ?? n);
    const scope = newScope('class', c.scope, c.fn);
    const inner: Ctx = { ...c, scope, mode: 0, kind: 'variable', inCond: false, inLoopHeader: false, loops: c.loops };
    for (let i = n.children.length - 1; i >= 0; i--) {
      const k = n.children[i]!;
      if (k.field === 'body') push(k, inner);
      else if (k.field !== 'name') push(k, c);
    }
    return true;
  };
  // 'import_statement', 'import_from_statement', 'future_import_statement'
  const visitImportStatement = (n: PyNode, c: Ctx): boolean => {
    for (const k of n.children) {
      if (k.field !== 'name') continue;
      if (k.type === 'aliased_import') {
        const alias = child(k, 'alias');
        if (alias) declare(c.scope, nodeText(src, alias), 'import', alias, c);
      } else if (k.type === 'dotted_name') {
        const first = k.children.find((x) => x.type === 'identifier');
        // `import a.b` binds `a`; `from m import a` binds `a`
        if (first) declare(c.scope, nodeText(src, first), 'import', first, c);
      }
    }
    return true;
  };
  // 'global_statement', 'nonlocal_statement'
  const visitGlobalStatement = (n: PyNode, c: Ctx): boolean => {
    const set = n.type === 'global_statement' ? (c.scope.globals ??= new Set()) : (c.scope.nonlocals ??= new Set());
    for (const k of n.children) {
      if (k.type !== 'identifier') continue;
      const name = nodeText(src, k);
      set.add(name);
      if (n.type === 'global_statement') addRef(moduleScope, name, k.start, c.fn, false);
      else read(c, name, k.start);
    }
    return true;
  };
  // 'assignment', 'augmented_assignment'
  const visitAssignment = (n: PyNode, c: Ctx): boolean => {
    const left = child(n, 'left');
    const right = child(n, 'right');
    const isAug = n.type === 'augmented_assignment';
    const op = isAug ? nodeText(src, child(n, 'operator') ?? n).trim() : right ? '=' : ':';
    if (n.parent?.type === 'assignment' && n.field === 'right' && !isAug) {
      // inner link of a chain: recorded with the outermost assignment
    } else {
      const targets = left ? targetTexts(left) : [];
      let cur = right;
      while (!isAug && cur && cur.type === 'assignment' && child(cur, 'right')) {
        const l2 = child(cur, 'left');
        if (l2) targets.push(...targetTexts(l2));
        cur = child(cur, 'right');
      }
      assignments.push({
        type: 'assignment',
        targets,
        operator: op,
        value: cur ? expr(cur) : null,
        declaration: null,
        span: spanOf(n),
        function: c.fn,
        loopDepth: c.loopDepth,
        inCondition: c.inCond,
      });
      if (isAug && left && right) {
        binaries.push({
          type: 'binary',
          operator: op.slice(0, -1),
          left: expr(left),
          right: expr(right),
          span: spanOf(n),
          function: c.fn,
          loopDepth: c.loopDepth,
          augmented: true,
        });
      }
    }
    const value = withMode(c, 0);
    if (right) push(right, value);
    const type = child(n, 'type');
    if (type) push(type, value);
    if (left) {
      if (isAug) {
        const l = unparen(left);
        if (l.type === 'identifier') {
          read(c, nodeText(src, l), l.start);
          declare(c.scope, nodeText(src, l), 'variable', l, c);
        } else push(left, value);
      } else push(left, withMode(c, 1, 'variable'));
    }
    return true;
  };
  // 'named_expression'
  const visitNamedExpression = (n: PyNode, c: Ctx): boolean => {
    const nm = child(n, 'name');
    const v = child(n, 'value');
    assignments.push({
      type: 'assignment',
      targets: nm ? [nodeText(src, nm)] : [],
      operator: ':=',
      value: v ? expr(v) : null,
      declaration: null,
      span: spanOf(n),
      function: c.fn,
      loopDepth: c.loopDepth,
      inCondition: c.inCond,
    });
    if (nm) {
      let s = c.scope;
      while (s.kind === 'comprehension' && s.parent) s = s.parent;
      declare(s, nodeText(src, nm), 'variable', nm, c);
    }
    push(v, withMode(c, 0));
    return true;
  };
  // 'delete_statement'
  const visitDeleteStatement = (n: PyNode, c: Ctx): boolean => {
    pushKids(n, withMode(c, 0));
    return true;
  };
  /** A `for`/`while` loop: records its body span and gives the context its body is walked in. */
  const enterLoop = (n: PyNode, c: Ctx): Ctx => {
    const li = loopIndex.get(n);
    const loop = li !== undefined ? inp.loops[li] : undefined;
    const body = child(n, 'body');
    if (loop && body) loop.bodySpan = spanOf(body);
    return { ...c, loopDepth: c.loopDepth + 1, inCond: false, inLoopHeader: false, loops: loop ? { loop, next: c.loops } : c.loops };
  };
  // 'for_statement'
  const visitForStatement = (n: PyNode, c: Ctx): boolean => {
    const inLoop = enterLoop(n, c);
    for (let i = n.children.length - 1; i >= 0; i--) {
      const k = n.children[i]!;
      if (k.field === 'left') push(k, withMode({ ...c, inCond: false }, 1, 'loop-variable'));
      else if (k.field === 'right') push(k, { ...c, mode: 0, inLoopHeader: true });
      else if (k.field === 'body') push(k, inLoop);
      else push(k, c);
    }
    return true;
  };
  // 'while_statement'
  const visitWhileStatement = (n: PyNode, c: Ctx): boolean => {
    const inLoop = enterLoop(n, c);
    for (let i = n.children.length - 1; i >= 0; i--) {
      const k = n.children[i]!;
      if (k.field === 'condition') push(k, { ...inLoop, inCond: true, inLoopHeader: true });
      else if (k.field === 'body') push(k, inLoop);
      else push(k, c);
    }
    return true;
  };
  // 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression'
  const visitListComprehension = (n: PyNode, c: Ctx): boolean => {
    const scope = newScope('comprehension', c.scope, c.fn);
    let depth = c.loopDepth;
    let loops = c.loops;
    let first = true;
    const frames: [PyNode, Ctx][] = [];
    const clauses = n.children.filter((k) => k.type === 'for_in_clause').length;
    for (const k of n.children) {
      if (k.type === 'for_in_clause') {
        const li = loopIndex.get(k);
        const loop = li !== undefined ? inp.loops[li] : undefined;
        const here: Ctx = { ...c, scope, loopDepth: depth, loops, inCond: false, inLoopHeader: false };
        for (const x of k.children) {
          if (x.field === 'right')
            frames.push([x, first ? { ...c, mode: 0, loopDepth: depth, inLoopHeader: true } : { ...here, inLoopHeader: true }]);
          else if (x.field === 'left') frames.push([x, withMode(here, 1, 'loop-variable')]);
        }
        first = false;
        depth++;
        if (loop) {
          loop.bodySpan = spanOf(n);
          loops = { loop, next: loops };
        }
      } else if (k.type === 'if_clause') {
        frames.push([k, { ...c, scope, loopDepth: depth, loops, inCond: true, inLoopHeader: false }]);
      } else if (k.named) {
        frames.push([k, { ...c, scope, loopDepth: c.loopDepth + clauses, loops, inCond: false, inLoopHeader: false }]);
      }
    }
    for (let i = frames.length - 1; i >= 0; i--) push(frames[i]![0], frames[i]![1]);
    return true;
  };
  // 'if_statement', 'elif_clause'
  const visitIfStatement = (n: PyNode, c: Ctx): boolean => {
    for (let i = n.children.length - 1; i >= 0; i--) {
      const k = n.children[i]!;
      push(k, k.field === 'condition' ? { ...c, inCond: true } : c);
    }
    return true;
  };
  // 'conditional_expression'
  const visitConditionalExpression = (n: PyNode, c: Ctx): boolean => {
    const named = namedChildren(n);
    for (let i = named.length - 1; i >= 0; i--) push(named[i]!, i === 1 ? { ...c, inCond: true } : c);
    return true;
  };
  // 'finally_clause'
  const visitFinallyClause = (n: PyNode, c: Ctx): boolean => {
    pushKids(n, c.inFinally ? c : { ...c, inFinally: true });
    return true;
  };
  // 'except_clause', 'except_group_clause'
  const visitExceptClause = (n: PyNode, c: Ctx): boolean => {
    const value = child(n, 'value');
    let typesNode: PyNode | undefined = value;
    let aliasNode: PyNode | undefined = child(n, 'alias');
    if (value && value.type === 'as_pattern') {
      typesNode = value.children.find((k) => k.named && k.field !== 'alias');
      aliasNode = child(value, 'alias');
    }
    const alias = aliasNode ? (aliasNode.children.find((k) => k.type === 'identifier') ?? aliasNode) : undefined;
    const types: string[] = [];
    if (typesNode) {
      const t = unparen(typesNode);
      if (t.type === 'tuple' || t.type === 'expression_list')
        for (const e of namedChildren(t)) types.push(collapse(nodeText(src, e), MAX_TEXT));
      else types.push(collapse(nodeText(src, t), MAX_TEXT));
    }
    const body = n.children.find((k) => k.type === 'block');
    const stmts = body ? body.children.filter((k) => isStatementNode(k) && k.type !== 'pass_statement' && !isEllipsisStatement(k)) : [];
    let comments = 0;
    const st = [n];
    while (st.length) {
      const x = st.pop()!;
      if (x.type === 'comment') comments++;
      else for (const y of x.children) st.push(y);
    }
    const onlyLogs =
      stmts.length > 0 &&
      stmts.every((s) => {
        if (s.type !== 'expression_statement') return false;
        const k = namedChildren(s);
        if (k.length !== 1) return false;
        let e = unparen(k[0]!);
        if (e.type === 'await') e = namedChildren(e)[0] ?? e;
        if (e.type !== 'call') return false;
        const ci = callIndex.get(e);
        const name = ci !== undefined ? inp.calls[ci]!.name : '';
        return LOG_NAMES.has(name);
      });
    const h: HandlerNode = {
      type: 'handler',
      types,
      binding: alias ? nodeText(src, alias) : null,
      span: spanOf(n),
      statements: stmts.length,
      comments,
      reraises: false,
      raisesWithoutCause: false,
      usesBinding: false,
      onlyLogs,
      function: c.fn,
    };
    handlers.push(h);
    const rec: HandlerRec = { node: h, fn: c.fn, parent: c.handler };
    const inH: Ctx = { ...c, handler: rec };
    for (let i = n.children.length - 1; i >= 0; i--) {
      const k = n.children[i]!;
      if (k === value || k.field === 'value') {
        if (value && value.type === 'as_pattern') {
          if (typesNode) push(typesNode, withMode(c, 0));
        } else push(k, withMode(c, 0));
      } else if (k.field === 'alias') continue;
      else push(k, k.type === 'block' ? inH : c);
    }
    if (alias && alias.type === 'identifier') declare(c.scope, nodeText(src, alias), 'exception', alias, c);
    return true;
  };
  // 'with_item'
  const visitWithItem = (n: PyNode, c: Ctx): boolean => {
    const value = child(n, 'value');
    if (value && value.type === 'as_pattern') {
      for (const k of value.children) {
        if (k.field === 'alias') pushKids(k, withMode(c, 1, 'with-target'));
        else if (k.named) push(k, withMode(c, 0));
      }
    } else push(value, c);
    return true;
  };
  // 'as_pattern'
  const visitAsPattern = (n: PyNode, c: Ctx): boolean => {
    // match `case X as y` (with/except handled above)
    for (const k of n.children) {
      if (k.field === 'alias') pushKids(k, withMode(c, 1, 'variable'));
      else if (k.named) push(k, c);
    }
    return true;
  };
  // 'case_clause'
  const visitCaseClause = (n: PyNode, c: Ctx): boolean => {
    for (let i = n.children.length - 1; i >= 0; i--) {
      const k = n.children[i]!;
      if (k.type === 'case_pattern') push(k, { ...c, inPattern: true, mode: 1, kind: 'variable' });
      else if (k.field === 'guard') push(k, { ...c, inCond: true });
      else push(k, c);
    }
    return true;
  };
  // 'dotted_name'
  const visitDottedName = (n: PyNode, c: Ctx): boolean => {
    if (c.inPattern) {
      const ids = n.children.filter((k) => k.type === 'identifier');
      const first = ids[0];
      if (!first) return true;
      if (ids.length === 1 && n.parent?.type !== 'class_pattern') declare(c.scope, nodeText(src, first), 'variable', first, c);
      else read(c, nodeText(src, first), first.start);
    }
    return true;
  };
  // 'class_pattern', 'keyword_pattern'
  const visitClassPattern = (n: PyNode, c: Ctx): boolean => {
    for (const k of n.children) {
      if (n.type === 'keyword_pattern' && k.type === 'identifier') continue;
      push(k, c);
    }
    return true;
  };
  // 'splat_pattern', 'list_splat_pattern', 'dictionary_splat_pattern'
  const visitSplatPattern = (n: PyNode, c: Ctx): boolean => {
    pushKids(n, c);
    return true;
  };
  // 'comparison_operator'
  const visitComparisonOperator = (n: PyNode, c: Ctx): boolean => {
    const operands = namedChildren(n).filter((k) => k.field !== 'operators');
    const ops = n.children.filter((k) => k.field === 'operators');
    for (let i = 0; i < ops.length; i++) {
      const l = operands[i];
      const r = operands[i + 1];
      if (!l || !r) break;
      comparisons.push({
        type: 'comparison',
        operator: nodeText(src, ops[i]!).replace(/\s+/g, ' '),
        left: expr(l),
        right: expr(r),
        span: spanRange(l, r),
        function: c.fn,
        loopDepth: c.loopDepth,
      });
    }
    return false;
  };
  // 'binary_operator'
  const visitBinaryOperator = (n: PyNode, c: Ctx): boolean => {
    const l = child(n, 'left');
    const r = child(n, 'right');
    const op = child(n, 'operator');
    if (l && r && op) {
      binaries.push({
        type: 'binary',
        operator: nodeText(src, op),
        left: expr(l),
        right: expr(r),
        span: spanOf(n),
        function: c.fn,
        loopDepth: c.loopDepth,
        augmented: false,
      });
    }
    return false;
  };
  // 'return_statement', 'raise_statement', 'break_statement', 'continue_statement'
  const visitReturnStatement = (n: PyNode, c: Ctx): boolean => {
    const kind: JumpKind =
      n.type === 'return_statement'
        ? 'return'
        : n.type === 'raise_statement'
          ? 'raise'
          : n.type === 'break_statement'
            ? 'break'
            : 'continue';
    const valueNode =
      kind === 'return' || kind === 'raise' ? n.children.find((k) => k.named && k.field !== 'cause' && k.type !== 'comment') : undefined;
    let unreachable: Span | null = null;
    const p = n.parent;
    if (p && (p.type === 'block' || p.type === 'module')) {
      const sib = p.children;
      for (let i = sib.indexOf(n) + 1; i < sib.length; i++) {
        if (isStatementNode(sib[i]!)) {
          unreachable = spanOf(sib[i]!);
          break;
        }
      }
    }
    jumps.push({
      type: 'jump',
      kind,
      value: valueNode ? expr(valueNode) : null,
      span: spanOf(n),
      function: c.fn,
      inFinally: c.inFinally,
      unreachable,
    });
    const h = c.handler;
    if (kind === 'raise' && h && h.fn === c.fn) {
      const b = h.node.binding;
      const v = valueNode ? unparen(valueNode) : undefined;
      if (!v || (v.type === 'identifier' && b !== null && nodeText(src, v) === b)) h.node.reraises = true;
      else if (!child(n, 'cause')) h.node.raisesWithoutCause = true;
    }
    return false;
  };
  // 'await'
  const visitAwait = (n: PyNode, c: Ctx): boolean => {
    if (c.fn !== null) {
      const f = functions[c.fn];
      if (f) f.awaits = (f.awaits ?? 0) + 1;
    }
    for (let l = c.loops; l; l = l.next) l.loop.awaits = (l.loop.awaits ?? 0) + 1;
    return false;
  };
  // 'string', 'concatenated_string'
  const visitString = (n: PyNode, c: Ctx): boolean => {
    const { node: outerNode, parent } = upParen(n);
    const isDoc =
      parent?.type === 'expression_statement' &&
      namedChildren(parent).length === 1 &&
      (() => {
        const blk = parent.parent;
        if (!blk) return false;
        const first = blk.children.find((k) => k.type !== 'comment');
        if (first !== parent) return false;
        if (blk.type === 'module') return true;
        const owner = blk.parent;
        return blk.type === 'block' && !!owner && (owner.type === 'function_definition' || owner.type === 'class_definition');
      })();
    if (parent?.type === 'type' || outerNode.field === 'type' || outerNode.field === 'return_type') {
      // string annotation: its identifiers are reads
      const text = stringValue(src, n)?.value ?? '';
      for (const m of text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
        const prev = m.index > 0 ? text[m.index - 1] : '';
        if (prev !== '.') read(c, m[0], n.start);
      }
    }
    const interpolated = isFString(n);
    strings.push({
      type: 'string',
      value: stringContent(n).slice(0, MAX_STRING),
      span: spanOf(n),
      interpolated,
      boundTo: boundTo(n),
      isDocstring: isDoc,
      function: c.fn,
      loopDepth: c.loopDepth,
    });
    // interpolations hold expressions
    const parts = !interpolated ? [] : n.type === 'concatenated_string' ? n.children : [n];
    for (let i = parts.length - 1; i >= 0; i--) {
      const p = parts[i]!;
      if (p.type === 'comment') continue;
      for (let j = p.children.length - 1; j >= 0; j--) {
        const k = p.children[j]!;
        if (k.type === 'interpolation') push(k, withMode(c, 0));
      }
    }
    return true;
  };
  // 'integer', 'float'
  const visitInteger = (n: PyNode, c: Ctx): boolean => {
    const p = n.parent;
    const negative = p?.type === 'unary_operator' && nodeText(src, child(p, 'operator') ?? p) === '-';
    const at = negative ? p : n;
    const raw = nodeText(src, n);
    const v = numberValue(raw);
    numbers.push({
      type: 'number',
      text: negative ? '-' + raw : raw,
      value: negative ? -v : v,
      span: spanOf(at),
      context: numberContext(at),
      boundTo: boundTo(at),
      negative,
      function: c.fn,
    });
    return true;
  };
  // 'dictionary', 'set', 'list'
  const visitDictionary = (n: PyNode, c: Ctx): boolean => {
    const keys: { text: string; span: Span }[] = [];
    const items = namedChildren(n);
    for (const it of items) {
      const k = n.type === 'dictionary' ? (it.type === 'pair' ? child(it, 'key') : undefined) : n.type === 'set' ? it : undefined;
      if (!k) continue;
      const ku = unparen(k);
      let text: string | null = null;
      if ((ku.type === 'string' || ku.type === 'concatenated_string') && !isFString(ku)) text = JSON.stringify(stringContent(ku));
      else if (ku.type === 'integer' || ku.type === 'float') text = String(numberValue(nodeText(src, ku)));
      else if (ku.type === 'identifier' || ku.type === 'true' || ku.type === 'false' || ku.type === 'none') text = nodeText(src, ku);
      else if (ku.type === 'attribute') text = dotted(ku);
      if (text !== null) keys.push({ text, span: spanOf(k) });
    }
    collections.push({
      type: 'collection',
      kind: n.type === 'dictionary' ? 'dict' : n.type === 'set' ? 'set' : 'list',
      keys,
      size: items.length,
      span: spanOf(n),
      function: c.fn,
    });
    return false;
  };
  // 'block'
  const visitBlock = (n: PyNode, c: Ctx): boolean => {
    const owner = n.parent;
    let kind: BlockKind = 'block';
    switch (owner?.type) {
      case 'function_definition':
        kind = 'function';
        break;
      case 'class_definition':
        kind = 'class';
        break;
      case 'if_statement':
        kind = 'if';
        break;
      case 'elif_clause':
        kind = 'elif';
        break;
      case 'else_clause':
        kind = 'else';
        break;
      case 'for_statement':
      case 'while_statement':
        kind = 'loop';
        break;
      case 'try_statement':
        kind = 'try';
        break;
      case 'except_clause':
      case 'except_group_clause':
        kind = 'except';
        break;
      case 'finally_clause':
        kind = 'finally';
        break;
      case 'with_statement':
        kind = 'with';
        break;
      case 'case_clause':
        kind = 'case';
        break;
      case 'match_statement':
        kind = 'match';
        break;
      default:
        break;
    }
    let statements = 0;
    let comments = 0;
    let first = true;
    for (const k of n.children) {
      if (k.type === 'comment') comments++;
      else if (isStatementNode(k)) {
        const doc = first && (kind === 'function' || kind === 'class') && isDocStatement(k);
        first = false;
        if (!doc && k.type !== 'pass_statement' && !isEllipsisStatement(k)) statements++;
      }
    }
    if (owner) {
      // comments between the header's `:` and the block belong to the block
      for (const k of owner.children) {
        if (k === n) break;
        if (k.type === 'comment' && k.start > (owner.children.find((x) => x.type === ':')?.start ?? Infinity)) comments++;
      }
    }
    // Like the JS front-end, a block's span starts at its header (`if …:`, `finally:`), where it is reported.
    const body = spanOf(n);
    const head = owner ? spanOf(owner) : body;
    blocks.push({
      type: 'block',
      kind,
      span: { ...body, line: head.line, column: head.column },
      statements,
      comments,
      function: c.fn,
      fallsThrough: false,
    });
    return false;
  };
  // 'call'
  const visitCall = (n: PyNode, c: Ctx): boolean => {
    const ci = callIndex.get(n);
    const cn = ci !== undefined ? inp.calls[ci] : undefined;
    if (cn) {
      const fnChild = child(n, 'function');
      const argsNode = child(n, 'arguments');
      const argExprs: Expression[] = [];
      const keywordArgs: { name: string; value: Expression }[] = [];
      if (argsNode) {
        if (argsNode.type === 'generator_expression') argExprs.push(expr(argsNode));
        else
          for (const a of namedChildren(argsNode)) {
            if (a.type === 'keyword_argument') {
              const k = child(a, 'name');
              const v = child(a, 'value');
              if (k && v) keywordArgs.push({ name: nodeText(src, k), value: expr(v) });
            } else if (a.type !== 'dictionary_splat') argExprs.push(expr(a));
          }
      }
      const f = fnChild ? unparen(fnChild) : undefined;
      const obj = f && f.type === 'attribute' ? child(f, 'object') : undefined;
      cn.argExprs = argExprs;
      cn.keywordArgs = keywordArgs;
      cn.receiver = obj ? expr(obj) : null;
      cn.isNew = false;
      cn.inLoopHeader = c.inLoopHeader;
      const { node: up, parent } = upParen(n);
      let inWith = false;
      if (parent?.type === 'with_item') inWith = true;
      else if (parent?.type === 'as_pattern' && parent.parent?.type === 'with_item' && up.field !== 'alias') inWith = true;
      cn.inWith = inWith;
      cn.resultUsed = !(parent?.type === 'expression_statement' && namedChildren(parent).length === 1);
    }
    return false;
  };
  const visitors = new Map<string, (n: PyNode, c: Ctx) => boolean>([
    ['identifier', visitIdentifier],
    ['attribute', visitAttribute],
    ['subscript', visitSubscript],
    ['keyword_argument', visitKeywordArgument],
    ['decorated_definition', visitDecoratedDefinition],
    ['function_definition', visitFunctionDefinition],
    ['lambda', visitFunctionDefinition],
    ['class_definition', visitClassDefinition],
    ['import_statement', visitImportStatement],
    ['import_from_statement', visitImportStatement],
    ['future_import_statement', visitImportStatement],
    ['global_statement', visitGlobalStatement],
    ['nonlocal_statement', visitGlobalStatement],
    ['assignment', visitAssignment],
    ['augmented_assignment', visitAssignment],
    ['named_expression', visitNamedExpression],
    ['delete_statement', visitDeleteStatement],
    ['for_statement', visitForStatement],
    ['while_statement', visitWhileStatement],
    ['list_comprehension', visitListComprehension],
    ['set_comprehension', visitListComprehension],
    ['dictionary_comprehension', visitListComprehension],
    ['generator_expression', visitListComprehension],
    ['if_statement', visitIfStatement],
    ['elif_clause', visitIfStatement],
    ['conditional_expression', visitConditionalExpression],
    ['finally_clause', visitFinallyClause],
    ['except_clause', visitExceptClause],
    ['except_group_clause', visitExceptClause],
    ['with_item', visitWithItem],
    ['as_pattern', visitAsPattern],
    ['case_clause', visitCaseClause],
    ['dotted_name', visitDottedName],
    ['class_pattern', visitClassPattern],
    ['keyword_pattern', visitClassPattern],
    ['splat_pattern', visitSplatPattern],
    ['list_splat_pattern', visitSplatPattern],
    ['dictionary_splat_pattern', visitSplatPattern],
    ['comparison_operator', visitComparisonOperator],
    ['binary_operator', visitBinaryOperator],
    ['return_statement', visitReturnStatement],
    ['raise_statement', visitReturnStatement],
    ['break_statement', visitReturnStatement],
    ['continue_statement', visitReturnStatement],
    ['await', visitAwait],
    ['string', visitString],
    ['concatenated_string', visitString],
    ['integer', visitInteger],
    ['float', visitInteger],
    ['dictionary', visitDictionary],
    ['set', visitDictionary],
    ['list', visitDictionary],
    ['block', visitBlock],
    ['call', visitCall],
  ]);

  // The walk is a function of its own: an optimised (OSR) buildExtension costs 0.5 s to compile.
  const walk = (): void => {
    while (nodeStack.length) {
      const n = nodeStack.pop()!;
      const c = ctxStack.pop()!;
      if (!n.named) continue; // keyword / punctuation tokens (`lambda`, `await`, `is not`, …)
      if (!HANDLED.has(n.type)) {
        if (n.children.length) pushKids(n, c.mode === 0 || c.inPattern || TARGET_CONTAINERS.has(n.type) ? c : withMode(c, 0));
        continue;
      }
      const visit = visitors.get(n.type);
      if (visit !== undefined && visit(n, c)) continue;
      if (n.children.length) pushKids(n, c.mode === 0 || c.inPattern || TARGET_CONTAINERS.has(n.type) ? c : withMode(c, 0));
    }
  };
  walk();

  // ---------- __all__ ----------
  {
    for (const s of root.children) {
      if (s.type !== 'expression_statement') continue;
      const asg = namedChildren(s)[0];
      if (!asg || (asg.type !== 'assignment' && asg.type !== 'augmented_assignment')) continue;
      const l = child(asg, 'left');
      const r = child(asg, 'right');
      if (!l || !r || nodeText(src, l) !== '__all__') continue;
      const q = [r];
      while (q.length) {
        const x = q.pop()!;
        if (x.type === 'string' && !isFString(x)) exported.add(stringContent(x));
        else for (const y of x.children) q.push(y);
      }
    }
  }
  for (const [name, b] of moduleScope.names) if (exported.has(name)) b.node.isExported = true;

  // Its own function, like the walk: V8 re-optimises small functions cheaply.
  const resolveReferences = (): void => {
    // ---------- resolve references ----------
    const free: (Set<string> | null)[] = functions.map(() => null);
    const freeTarget = (b: Bind): boolean =>
      b.scope.kind === 'function' || b.scope.kind === 'comprehension' || (b.scope.kind === 'module' && b.inLoop);
    const lookup = (from: Scope, name: string): Bind | undefined => {
      let s: Scope | null = from;
      let first = true;
      while (s) {
        if (s.globals?.has(name)) return moduleScope.names.get(name);
        const nl = s.nonlocals?.has(name) ?? false;
        if (!nl && (first || s.kind !== 'class')) {
          const b = s.names.get(name);
          if (b) return b;
        }
        first = false;
        s = s.parent;
      }
      return undefined;
    };
    for (let i = 0; i < refName.length; i++) {
      const r = { scope: refScope[i]!, name: refName[i]!, offset: refOffset[i]!, fn: refFn[i]!, write: refWrite[i]! };
      let from = r.scope;
      if (r.write && from.nonlocals?.has(r.name)) from = from.parent ?? from;
      const b = r.write ? lookupEnclosing(from, r.name) : lookup(from, r.name);
      if (!b) continue;
      if (r.write) {
        b.node.writes++;
        continue;
      }
      if (r.offset >= b.selfStart && r.offset < b.selfEnd) continue;
      b.node.reads++;
      // closure captures
      if (r.fn !== null && r.fn !== b.scope.fn && freeTarget(b)) {
        for (let f: number | null = r.fn; f !== null && f !== b.scope.fn; f = functions[f]!.parentFunction) {
          (free[f] ??= new Set()).add(r.name);
        }
      }
    }
    function lookupEnclosing(from: Scope, name: string): Bind | undefined {
      for (let s: Scope | null = from; s; s = s.parent) {
        if (s.kind === 'class' || s.kind === 'module') continue;
        if (s.nonlocals?.has(name)) continue;
        const b = s.names.get(name);
        if (b) return b;
      }
      return undefined;
    }
    functions.forEach((f, i) => (f.freeVariables = free[i] ? [...free[i]!] : []));
  };
  resolveReferences();

  // Its own function, like the walk: V8 re-optimises small functions cheaply.
  const finishBranches = (): void => {
    // ---------- branches ----------
    for (let i = 0; i < inp.branches.length; i++) {
      const br = inp.branches[i]!;
      const n = inp.branchNodes[i]!;
      if (br.kind === 'if') {
        br.hasElse = n.children.some((k) => k.type === 'elif_clause' || k.type === 'else_clause');
        br.negated = isNegation(child(n, 'condition'));
      } else if (br.kind === 'elif') {
        const sib = n.parent ? n.parent.children : [];
        br.hasElse = sib.slice(sib.indexOf(n) + 1).some((k) => k.type === 'elif_clause' || k.type === 'else_clause');
        br.negated = isNegation(child(n, 'condition'));
      } else if (br.kind === 'ternary') {
        br.hasElse = true;
        br.negated = isNegation(namedChildren(n)[1]);
        let inT = false;
        let cur = n;
        for (let p = n.parent; p; cur = p, p = p.parent) {
          if (p.type === 'conditional_expression') {
            inT = namedChildren(p)[1] !== cur;
            break;
          }
          if (p.type !== 'parenthesized_expression') break;
        }
        br.inTernary = inT;
      }
    }
    function isNegation(cond: PyNode | undefined): boolean {
      if (!cond) return false;
      const u = unparen(cond);
      if (u.type === 'not_operator') return true;
      if (u.type === 'comparison_operator') {
        const ops = u.children.filter((k) => k.field === 'operators');
        if (ops.length !== 1) return false;
        const t = nodeText(src, ops[0]!).replace(/\s+/g, ' ');
        return t === '!=' || t === 'is not' || t === 'not in' || t === '<>';
      }
      return false;
    }
    for (const l of inp.loops) l.bodySpan ??= l.span;
  };
  finishBranches();

  return { bindings, assignments, comparisons, binaries, handlers, jumps, strings, numbers, collections, blocks };
}
