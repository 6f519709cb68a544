/**
 * Model extension for the rule catalogue (issue 4), Python side: the semantic co-visitor. It fills the bindings (`semantic/scope.ts`), the expression facts — assignments /
 * comparisons / binaries / strings / numbers / collections (`semantic/expressions.ts`) — and the
 * control-flow facts — handlers / jumps / blocks and the extension fields of branches and loops
 * (`semantic/control-flow.ts`), plus the extension fields of calls and functions.
 *
 * It runs inside the model's own walk (`walk.ts` `coWalk`, as the JS front-end's co-visitor does):
 * at each node right after the model's visit, so it reads the FunctionNode / CallNode / LoopNode
 * just made for that node. Contexts are shared and immutable; reads are resolved after the walk
 * (see `semantic/scope.ts`).
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
  BlockNode,
  CollectionNode,
  ComparisonNode,
  HandlerNode,
  JumpNode,
  NumberNode,
  StringNode,
  BindingNode,
  BranchNode,
  CallNode,
  FunctionNode,
  LoopNode,
} from '../../model/types.js';
import type { PyNode } from './parse.js';
import { child, namedChildren, nodeText, spanOf, unparen } from './parse.js';
import { stringValue } from './halstead.js';
import type { Ctx, HandlerRec } from './semantic/context.js';
import { TARGET_CONTAINERS, topContext, withMode } from './semantic/context.js';
import { Scopes, newScope } from './semantic/scope.js';
import { expr, targetTexts, upParen } from './semantic/expressions.js';
import { blockFacts, finishBranches, handlerFacts, jumpFacts } from './semantic/control-flow.js';
import { Pushes } from './walk.js';
import { binaryFacts, callFacts, collectionFacts, comparisonFacts, numberFacts, stringFacts } from './semantic/facts.js';

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

/**
 * The model's lists, filled by the model's visitor as the walk goes (each entry before the
 * co-visitor visits its node), with the index of the entry made for each tree node.
 */
export interface ExtensionInput {
  src: string;
  root: PyNode;
  functions: FunctionNode[];
  fnIndex: Map<PyNode, number>;
  calls: CallNode[];
  callIndex: Map<PyNode, number>;
  loops: LoopNode[];
  loopIndex: Map<PyNode, number>;
  branches: BranchNode[];
  branchNodes: PyNode[];
}

/** The semantic layer as a co-visitor: the walk pops what it pushes into `pushes` and calls `visit`; `finish` after the walk. */
export interface SemanticCoVisitor {
  pushes: Pushes<Ctx>;
  visit(n: PyNode, c: Ctx): void;
  finish(): ExtensionParts;
}

export function semanticCoVisitor(inp: ExtensionInput): SemanticCoVisitor {
  const { src, root, functions, fnIndex, callIndex, loopIndex } = inp;
  const assignments: AssignmentNode[] = [];
  const comparisons: ComparisonNode[] = [];
  const binaries: BinaryNode[] = [];
  const handlers: HandlerNode[] = [];
  const jumps: JumpNode[] = [];
  const strings: StringNode[] = [];
  const numbers: NumberNode[] = [];
  const collections: CollectionNode[] = [];
  const blocks: BlockNode[] = [];

  const scopes = new Scopes();
  const { bindings } = scopes;

  // ---------- pushes (the walk pops them) ----------
  const pushes = new Pushes<Ctx>();
  const push = (n: PyNode | undefined, c: Ctx): void => {
    if (n) pushes.push(n, c);
  };
  const pushKids = (n: PyNode, c: Ctx): void => pushes.pushKids(n, c);
  /** `n` pushed so that, when it is popped, `then` pushes what goes under it (instead of visiting it). */
  const pushVia = (n: PyNode, c: Ctx, then: () => void): void => pushes.push(n, { ...c, via: then });

  /** Declares the identifiers of a parameter list in `scope`; defaults/annotations are read in `outer`. */
  const params = (list: PyNode | undefined, inner: Ctx, outer: Ctx): void => {
    if (!list) return;
    const decl = withMode(inner, 1, 'param');
    for (const p of list.children) {
      if (!p.named) continue;
      switch (p.type) {
        case 'identifier':
          scopes.declare(inner.scope, nodeText(src, p), 'param', p, inner);
          break;
        case 'typed_parameter':
          pushVia(p, decl, () => {
            for (const c of p.children) {
              if (c.field === 'type') push(c, outer);
              else if (c.named) push(c, decl);
            }
          });
          break;
        case 'default_parameter':
        case 'typed_default_parameter':
          pushVia(p, decl, () => {
            for (const c of p.children) {
              if (c.field === 'name') push(c, decl);
              else if (c.named) push(c, outer);
            }
          });
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

  pushKids(root, topContext(scopes.module, null));

  // 'identifier'
  const visitIdentifier = (n: PyNode, c: Ctx): boolean => {
    const name = nodeText(src, n);
    if (c.mode === 0) {
      scopes.read(c, name, n.start);
    } else if (c.mode === 1) scopes.declare(c.scope, name, c.kind, n, c);
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
    if (fnNode) {
      fnNode.awaits = 0;
      fnNode.loopDepth = c.loopDepth;
    }
    const nameNode = child(n, 'name');
    if (n.type === 'function_definition' && nameNode) {
      const body = child(n, 'body');
      scopes.declare(c.scope, nodeText(src, nameNode), 'function', nameNode, c, body ?? n);
    }
    const scope = newScope('function', c.scope, idx ?? c.fn);
    const inner = topContext(scope, idx ?? c.fn);
    const outer = withMode({ ...c, inPattern: false }, 0);
    for (let i = n.children.length - 1; i >= 0; i--) {
      const k = n.children[i]!;
      if (k.field === 'body') push(k, inner);
      else if (k.field === 'return_type' || k.type === 'comment') push(k, outer);
    }
    const list = child(n, 'parameters');
    if (list) pushVia(list, outer, () => params(list, inner, outer));
    return true;
  };
  // 'class_definition'
  const visitClassDefinition = (n: PyNode, c: Ctx): boolean => {
    const nameNode = child(n, 'name');
    const body = child(n, 'body');
    if (nameNode) scopes.declare(c.scope, nodeText(src, nameNode), 'class', nameNode, c, body ?? n);
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
        if (alias) scopes.declare(c.scope, nodeText(src, alias), 'import', alias, c);
      } else if (k.type === 'dotted_name') {
        const first = k.children.find((x) => x.type === 'identifier');
        // `import a.b` binds `a`; `from m import a` binds `a`
        if (first) scopes.declare(c.scope, nodeText(src, first), 'import', first, c);
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
      if (n.type === 'global_statement') scopes.addRef(scopes.module, name, k.start, c.fn, false);
      else scopes.read(c, name, k.start);
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
      const targets = left ? targetTexts(src, left) : [];
      let cur = right;
      while (!isAug && cur && cur.type === 'assignment' && child(cur, 'right')) {
        const l2 = child(cur, 'left');
        if (l2) targets.push(...targetTexts(src, l2));
        cur = child(cur, 'right');
      }
      assignments.push({
        type: 'assignment',
        targets,
        operator: op,
        value: cur ? expr(src, cur) : null,
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
          left: expr(src, left),
          right: expr(src, right),
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
          scopes.read(c, nodeText(src, l), l.start);
          scopes.declare(c.scope, nodeText(src, l), 'variable', l, c);
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
      value: v ? expr(src, v) : null,
      declaration: null,
      span: spanOf(n),
      function: c.fn,
      loopDepth: c.loopDepth,
      inCondition: c.inCond,
    });
    if (nm) {
      let s = c.scope;
      while (s.kind === 'comprehension' && s.parent) s = s.parent;
      scopes.declare(s, nodeText(src, nm), 'variable', nm, c);
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
    if (loop) loop.awaits = 0;
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
        const parts: [PyNode, Ctx][] = [];
        for (const x of k.children) {
          if (x.field === 'right')
            parts.push([x, first ? { ...c, mode: 0, loopDepth: depth, inLoopHeader: true } : { ...here, inLoopHeader: true }]);
          else if (x.field === 'left') parts.push([x, withMode(here, 1, 'loop-variable')]);
        }
        frames.push([k, { ...here, via: () => pushAll(parts) }]);
        first = false;
        depth++;
        if (loop) {
          loop.awaits = 0;
          loop.bodySpan = spanOf(n);
          loops = { loop, next: loops };
        }
      } else if (k.type === 'if_clause') {
        frames.push([k, { ...c, scope, loopDepth: depth, loops, inCond: true, inLoopHeader: false }]);
      } else if (k.named) {
        frames.push([k, { ...c, scope, loopDepth: c.loopDepth + clauses, loops, inCond: false, inLoopHeader: false }]);
      }
    }
    pushAll(frames);
    return true;
  };
  /** Pushes (node, context) pairs so that they are visited in their order. */
  const pushAll = (frames: [PyNode, Ctx][]): void => {
    for (let i = frames.length - 1; i >= 0; i--) push(frames[i]![0], frames[i]![1]);
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
    const { handler: h, value, typesNode, alias } = handlerFacts(src, n, c.fn);
    handlers.push(h);
    const rec: HandlerRec = { node: h, fn: c.fn, parent: c.handler };
    const inH: Ctx = { ...c, handler: rec };
    for (let i = n.children.length - 1; i >= 0; i--) {
      const k = n.children[i]!;
      if (k === value || k.field === 'value') {
        if (value && value.type === 'as_pattern') pushVia(k, c, () => push(typesNode, withMode(c, 0)));
        else push(k, withMode(c, 0));
      } else if (k.field === 'alias') continue;
      else push(k, k.type === 'block' ? inH : c);
    }
    if (alias && alias.type === 'identifier') scopes.declare(c.scope, nodeText(src, alias), 'exception', alias, c);
    return true;
  };
  // 'with_item'
  const visitWithItem = (n: PyNode, c: Ctx): boolean => {
    const value = child(n, 'value');
    if (value && value.type === 'as_pattern')
      pushVia(value, c, () => {
        for (const k of value.children) {
          if (k.field === 'alias') pushVia(k, c, () => pushKids(k, withMode(c, 1, 'with-target')));
          else if (k.named) push(k, withMode(c, 0));
        }
      });
    else push(value, c);
    return true;
  };
  // 'as_pattern'
  const visitAsPattern = (n: PyNode, c: Ctx): boolean => {
    // match `case X as y` (with/except handled above)
    for (const k of n.children) {
      if (k.field === 'alias') pushVia(k, c, () => pushKids(k, withMode(c, 1, 'variable')));
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
      if (ids.length === 1 && n.parent?.type !== 'class_pattern') scopes.declare(c.scope, nodeText(src, first), 'variable', first, c);
      else scopes.read(c, nodeText(src, first), first.start);
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
    comparisonFacts(src, n, c.fn, c.loopDepth, comparisons);
    return false;
  };
  // 'binary_operator'
  const visitBinaryOperator = (n: PyNode, c: Ctx): boolean => {
    const b = binaryFacts(src, n, c.fn, c.loopDepth);
    if (b) binaries.push(b);
    return false;
  };
  // 'return_statement', 'raise_statement', 'break_statement', 'continue_statement'
  const visitReturnStatement = (n: PyNode, c: Ctx): boolean => {
    jumps.push(jumpFacts(src, n, c.fn, c.inFinally, c.handler));
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
    if (parent?.type === 'type' || outerNode.field === 'type' || outerNode.field === 'return_type') {
      // string annotation: its identifiers are reads
      const text = stringValue(src, n)?.value ?? '';
      for (const m of text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
        const prev = m.index > 0 ? text[m.index - 1] : '';
        if (prev !== '.') scopes.read(c, m[0], n.start);
      }
    }
    const s = stringFacts(src, n, parent, c.fn, c.loopDepth);
    strings.push(s);
    // interpolations hold expressions
    const interpolations = (p: PyNode): void => {
      for (let j = p.children.length - 1; j >= 0; j--) {
        const k = p.children[j]!;
        if (k.type === 'interpolation') push(k, withMode(c, 0));
      }
    };
    if (!s.interpolated) return true;
    if (n.type !== 'concatenated_string') interpolations(n);
    else
      for (let i = n.children.length - 1; i >= 0; i--) {
        const p = n.children[i]!;
        if (p.type !== 'comment') pushVia(p, c, () => interpolations(p));
      }
    return true;
  };
  // 'integer', 'float'
  const visitInteger = (n: PyNode, c: Ctx): boolean => {
    numbers.push(numberFacts(src, n, c.fn));
    return true;
  };
  // 'dictionary', 'set', 'list'
  const visitDictionary = (n: PyNode, c: Ctx): boolean => {
    collections.push(collectionFacts(src, n, c.fn));
    return false;
  };
  // 'block'
  const visitBlock = (n: PyNode, c: Ctx): boolean => {
    blocks.push(blockFacts(n, c.fn));
    return false;
  };
  // 'call'
  const visitCall = (n: PyNode, c: Ctx): boolean => {
    const ci = callIndex.get(n);
    const cn = ci !== undefined ? inp.calls[ci] : undefined;
    if (cn) callFacts(src, n, cn, c.inLoopHeader);
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

  const visit = (n: PyNode, c: Ctx): void => {
    if (!n.named) return; // keyword / punctuation tokens (`lambda`, `await`, `is not`, …)
    // Node types without a visitor just pass their context on.
    const v = visitors.get(n.type);
    if (v !== undefined && v(n, c)) return;
    if (n.children.length) pushKids(n, c.mode === 0 || c.inPattern || TARGET_CONTAINERS.has(n.type) ? c : withMode(c, 0));
  };

  const finish = (): ExtensionParts => {
    // Functions and loops the co-visitor did not reach keep the defaults.
    for (const f of functions) {
      f.awaits ??= 0;
      f.loopDepth ??= 0;
    }
    for (const l of inp.loops) l.awaits ??= 0;
    scopes.markExported(src, root);
    scopes.resolve(functions);
    finishBranches(src, inp.branches, inp.branchNodes, inp.loops);
    return { bindings, assignments, comparisons, binaries, handlers, jumps, strings, numbers, collections, blocks };
  };
  return { pushes, visit, finish };
}
