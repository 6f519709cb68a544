/**
 * One iterative walk over the Babel AST that builds the language-neutral model: functions,
 * classes, imports, calls, loops, branches. Metrics are filled in by index.ts.
 */
import type {
  BranchKind,
  BranchNode,
  CallNode,
  ClassNode,
  FunctionKind,
  FunctionNode,
  ImportBinding,
  ImportNode,
  LoopKind,
  LoopNode,
  Param,
  Span,
} from '../../model/types.js';
import type { BabelComment, BabelToken } from './parse.js';
import { CLASS_FIELD, F_CLASS_FIELD, F_CONTROL, F_FUNCTION, F_LOOP, F_MODEL, F_STATEMENT, METHOD_TYPES, STATEMENTS } from './node-info.js';
import { type BNode, isOuterPartOfMethodInfo, Parents, type Visitor, walk } from './walk.js';
import { Positions, spanOf, syntaxHelpers } from './syntax.js';

export { Positions, spanOf } from './syntax.js';

export interface FnCtx {
  index: number;
  node: BNode;
  returns: number;
  maxNesting: number;
  /** Name the function is bound to at module level (for `export { f }` / `module.exports = f`). */
  bindingName: string | null;
}

interface ClassCtx {
  index: number;
  attributes: Set<string>;
  bindingName: string | null;
}

interface State {
  fn: FnCtx | null;
  loopDepth: number;
  ctrlDepth: number;
  /** Class whose body we are directly in (reset inside functions). */
  cls: ClassCtx | null;
  /** Class `this` refers to (methods and arrows inside them). */
  thisClass: ClassCtx | null;
  qual: string[];
  /** State of the enclosing scope, for method keys and decorators. */
  outer: State | null;
}

/** The model lists while they are being built: a co-visitor reads the entries made for the node it is visiting. */
export interface LiveParts {
  functions: FunctionNode[];
  functionNodes: BNode[];
  calls: CallNode[];
  callNodes: BNode[];
  loops: LoopNode[];
  loopNodes: BNode[];
  parents: Parents;
}

/** A second visitor run in the same traversal, after the model's own visit of each node. */
export interface CoVisitor<S> {
  start(live: LiveParts): S;
  enter(node: BNode, parent: BNode | null, key: string, state: S, info: number, parentInfo: number): S | null;
}

export interface ModelParts {
  functions: FunctionNode[];
  functionNodes: BNode[];
  fnCtxs: FnCtx[];
  classes: ClassNode[];
  imports: ImportNode[];
  calls: CallNode[];
  loops: LoopNode[];
  branches: BranchNode[];
  /** Statements (file `lloc`). */
  statements: number;
  /** Babel node of each entry of `calls` / `loops` / `branches` (parallel arrays; for `else`/`finally` the block). */
  callNodes: BNode[];
  loopNodes: BNode[];
  branchNodes: BNode[];
  /** Parent of every node visited. */
  parents: Parents;
  /** Local names exported by `export { a }`, `export default a`, `module.exports = a` ... */
  exportedNames: Set<string>;
}

/** A Map, not an object literal: a keyed load of an object by every node's type was the slowest line of `enter`. */
const LOOP_KINDS = new Map<string, LoopKind>([
  ['ForStatement', 'for'],
  ['ForInStatement', 'for-in'],
  ['ForOfStatement', 'for-of'],
  ['WhileStatement', 'while'],
  ['DoWhileStatement', 'do-while'],
]);

export function buildModel<S = never>(
  program: BNode,
  src: string,
  tokens: BabelToken[],
  comments: BabelComment[],
  co?: CoVisitor<S>,
  passes: ReadonlyArray<Visitor<unknown> & { root: unknown }> = [],
): ModelParts {
  const pos = new Positions(src);
  const parents = new Parents();
  const {
    text,
    firstTokenAtOrAfter,
    lastTokenBefore,
    tokSrc,
    findDoc,
    keyName,
    nameSpanOfKey,
    dotted,
    isModuleExports,
    bindingOf,
    objectIsExported,
    paramOf,
    boundNames,
    decoratorsOf,
    stringValue,
    specifierName,
    requireBindings,
  } = syntaxHelpers(src, tokens, comments, parents, pos);
  const functions: FunctionNode[] = [];
  const functionNodes: BNode[] = [];
  const fnCtxs: FnCtx[] = [];
  const classes: ClassNode[] = [];
  const classCtxs: ClassCtx[] = [];
  const imports: ImportNode[] = [];
  const calls: CallNode[] = [];
  const loops: LoopNode[] = [];
  const branches: BranchNode[] = [];
  const callNodes: BNode[] = [];
  const loopNodes: BNode[] = [];
  const branchNodes: BNode[] = [];
  let statements = 0;

  /** Local names exported by `export { a }`, `export default a`, `module.exports = a` ... */
  const exportedNames = new Set<string>();

  // ---- main walk ----
  const rootState: State = { fn: null, loopDepth: 0, ctrlDepth: 0, cls: null, thisClass: null, qual: [], outer: null };

  // The visitor is split in parts: V8 optimises (and re-optimises after a deopt) small functions far faster.
  const enterFunction = (node: BNode, parent: BNode | null, key: string, state: State, fnIndex: number | null): State => {
    const isMethod = METHOD_TYPES.has(node.type);
    const b = isMethod
      ? {
          name: node.kind === 'constructor' ? 'constructor' : keyName(node.key as BNode, Boolean(node.computed)),
          nameSpan: nameSpanOfKey(node.key as BNode),
          anchor: node.start,
          exported: false,
          bindingName: null,
        }
      : bindingOf(node, parent, key);
    let kind: FunctionKind = 'function';
    if (node.type === 'ArrowFunctionExpression') kind = 'arrow';
    else if (isMethod) {
      kind = node.kind === 'get' ? 'getter' : node.kind === 'set' ? 'setter' : node.kind === 'constructor' ? 'constructor' : 'method';
    }
    let parentClass: ClassCtx | null = null;
    if ((node.type === 'ClassMethod' || node.type === 'ClassPrivateMethod') && state.cls) parentClass = state.cls;
    else if (parent && CLASS_FIELD.has(parent.type) && key === 'value' && state.cls) parentClass = state.cls;
    const isObjectMember = node.type === 'ObjectMethod';
    if (isObjectMember && parent?.type === 'ObjectExpression' && objectIsExported(parent)) b.exported = true;
    if (parentClass) {
      const holder = isMethod ? node : parent!;
      const isPrivate =
        holder.type === 'ClassPrivateMethod' ||
        holder.type === 'ClassPrivateProperty' ||
        holder.accessibility === 'private' ||
        holder.accessibility === 'protected';
      b.exported = classes[parentClass.index]!.isExported && !isPrivate;
      b.anchor = holder.start;
    }
    // Span start: skip decorators (Babel starts class members at their first decorator).
    let start = node.start;
    const decorated = (node.decorators as BNode[] | undefined) ?? [];
    if (decorated.length > 0) {
      const afterDecorators = decorated[decorated.length - 1]!.end;
      const t = tokens[firstTokenAtOrAfter(afterDecorators)];
      if (t) start = t.start;
    }
    let nameSpan = b.nameSpan;
    if (!nameSpan) {
      if (node.type === 'ArrowFunctionExpression') {
        const body = node.body as BNode;
        const arrow = lastTokenBefore(body.start);
        nameSpan = pos.span(start, arrow && tokSrc(arrow) === '=>' ? arrow.end : body.start);
      } else {
        const i = firstTokenAtOrAfter(start);
        let t = tokens[i];
        if (t && tokSrc(t) === 'async') t = tokens[i + 1];
        nameSpan = t ? pos.span(t.start, t.end) : pos.span(start, start);
      }
    }
    let doc = findDoc(b.anchor);
    if (doc === null && start !== node.start && b.anchor === node.start) doc = findDoc(start);
    const params: Param[] = [];
    for (const p of node.params as BNode[]) {
      const param = paramOf(p);
      if (param) params.push(param);
    }
    const index = functions.length;
    const qualifiedName = [...state.qual, b.name].join('.');
    const body = node.body as BNode;
    const fn: FunctionNode = {
      type: 'function',
      kind,
      name: b.name,
      qualifiedName,
      span: pos.span(start, node.end),
      nameSpan,
      bodySpan: spanOf(body),
      params,
      isAsync: Boolean(node.async),
      isGenerator: Boolean(node.generator),
      isExported: b.exported,
      doc,
      decorators: isMethod ? decoratorsOf(node) : parent && CLASS_FIELD.has(parent.type) ? decoratorsOf(parent) : [],
      parentFunction: fnIndex,
      parentClass: parentClass ? parentClass.index : null,
      depth: state.fn ? depthOf(state.fn.index) + 1 : 0,
      metrics: { cyclomatic: 1, cognitive: 0, maxNesting: 0, params: params.length, loc: 0, sloc: 0, returns: 0, halsteadVolume: 0 },
    };
    functions.push(fn);
    functionNodes.push(node);
    const ctx: FnCtx = { index, node, returns: 0, maxNesting: 0, bindingName: b.bindingName };
    fnCtxs.push(ctx);
    if (parentClass) classes[parentClass.index]!.methods.push(index);
    const thisClass = node.type === 'ArrowFunctionExpression' ? state.thisClass : parentClass;
    // TS parameter properties are attributes.
    if (kind === 'constructor' && parentClass) {
      for (const p of node.params as BNode[]) {
        if (p.type === 'TSParameterProperty') for (const n of boundNames(p.parameter as BNode)) parentClass.attributes.add(n);
      }
    }
    return { fn: ctx, loopDepth: 0, ctrlDepth: 0, cls: null, thisClass, qual: [...state.qual, b.name], outer: state };
  };

  const enterClass = (node: BNode, parent: BNode | null, key: string, state: State, _fnIndex: number | null): State => {
    const b = bindingOf(node, parent, key);
    const superClass = node.superClass as BNode | null;
    const index = classes.length;
    const cls: ClassNode = {
      type: 'class',
      name: b.name,
      qualifiedName: [...state.qual, b.name].join('.'),
      span: spanOf(node),
      nameSpan: b.nameSpan ?? pos.span(node.start, node.start + 5),
      bases: superClass ? [dotted(superClass) ?? text(superClass)] : [],
      isExported: b.exported,
      doc: findDoc(b.anchor),
      decorators: decoratorsOf(node),
      methods: [],
      attributes: [],
    };
    // Babel starts decorated classes at the decorator; the span starts at `class`.
    const decorated = (node.decorators as BNode[] | undefined) ?? [];
    if (decorated.length > 0) {
      const t = tokens[firstTokenAtOrAfter(decorated[decorated.length - 1]!.end)];
      if (t) cls.span = pos.span(t.start, node.end);
    }
    classes.push(cls);
    const ctx: ClassCtx = { index, attributes: new Set(), bindingName: b.bindingName };
    classCtxs.push(ctx);
    return { ...state, cls: ctx, qual: [...state.qual, b.name] };
  };

  const enterDeclaration = (node: BNode, parent: BNode | null, key: string, state: State, _fnIndex: number | null): void => {
    switch (node.type) {
      case 'ImportDeclaration': {
        const specs = (node.specifiers as BNode[]) ?? [];
        const bindings: ImportBinding[] = specs.map((s) => ({
          local: (s.local?.name as string) ?? '',
          imported:
            s.type === 'ImportDefaultSpecifier'
              ? 'default'
              : s.type === 'ImportNamespaceSpecifier'
                ? '*'
                : specifierName(s.imported as BNode),
          span: spanOf(s),
        }));
        const typeOnly = node.importKind === 'type' || (specs.length > 0 && specs.every((s) => s.importKind === 'type'));
        imports.push({
          type: 'import',
          module: stringValue(node.source as BNode) ?? '',
          bindings,
          isWildcard: false,
          isTypeOnly: typeOnly,
          span: spanOf(node),
        });
        break;
      }
      case 'ExportAllDeclaration':
        imports.push({
          type: 'import',
          module: stringValue(node.source as BNode) ?? '',
          bindings: [],
          isWildcard: true,
          isTypeOnly: node.exportKind === 'type',
          span: spanOf(node),
        });
        break;
      case 'ExportNamedDeclaration': {
        const specs = (node.specifiers as BNode[]) ?? [];
        if (node.source) {
          imports.push({
            type: 'import',
            module: stringValue(node.source as BNode) ?? '',
            bindings: specs.map((s) => ({
              local: specifierName(s.exported as BNode),
              imported: s.type === 'ExportNamespaceSpecifier' ? '*' : specifierName((s.local as BNode) ?? (s.exported as BNode)),
              span: spanOf(s),
            })),
            isWildcard: false,
            isTypeOnly: node.exportKind === 'type',
            span: spanOf(node),
          });
        } else {
          for (const s of specs) if (s.local) exportedNames.add(specifierName(s.local as BNode));
        }
        break;
      }
      case 'ExportDefaultDeclaration': {
        const d = node.declaration as BNode;
        if (d?.type === 'Identifier') exportedNames.add(d.name as string);
        break;
      }
      case 'TSExportAssignment': {
        const d = node.expression as BNode;
        if (d?.type === 'Identifier') exportedNames.add(d.name as string);
        break;
      }
      case 'TSImportEqualsDeclaration': {
        const ref = node.moduleReference as BNode;
        if (ref?.type === 'TSExternalModuleReference') {
          imports.push({
            type: 'import',
            module: stringValue(ref.expression as BNode) ?? '',
            bindings: [{ local: (node.id?.name as string) ?? '', imported: '*', span: spanOf(node.id as BNode) }],
            isWildcard: false,
            isTypeOnly: node.importKind === 'type',
            span: spanOf(node),
          });
        }
        break;
      }
      case 'AssignmentExpression': {
        const left = node.left as BNode;
        const right = node.right as BNode;
        if (isModuleExports(left)) {
          if (right.type === 'Identifier') exportedNames.add(right.name as string);
          else if (right.type === 'ObjectExpression') {
            for (const p of right.properties as BNode[]) {
              if (p.type === 'ObjectProperty' && (p.value as BNode).type === 'Identifier')
                exportedNames.add((p.value as BNode).name as string);
            }
          }
        }
        if (
          state.thisClass &&
          (left.type === 'MemberExpression' || left.type === 'OptionalMemberExpression') &&
          (left.object as BNode).type === 'ThisExpression' &&
          !left.computed
        ) {
          state.thisClass.attributes.add(keyName(left.property as BNode, false));
        }
        break;
      }
      default:
        break;
    }
  };

  const enterCall = (node: BNode, parent: BNode | null, key: string, state: State, fnIndex: number | null): void => {
    const callee = node.callee as BNode;
    const path = dotted(callee);
    let name = '';
    if (path !== null) name = path.slice(path.lastIndexOf('.') + 1);
    else if (
      (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') &&
      !callee.computed &&
      (callee.property as BNode).type === 'Identifier'
    ) {
      name = (callee.property as BNode).name as string;
    }
    const args = (node.arguments as BNode[]) ?? [];
    const grand = parent ? (parents.get(parent) ?? null) : null;
    callNodes.push(node);
    calls.push({
      type: 'call',
      callee: path ?? '',
      name,
      argCount: args.length,
      args: args.map((a) => text(a)),
      keywords: [],
      span: spanOf(node),
      function: fnIndex,
      loopDepth: state.loopDepth,
      awaited: parent?.type === 'AwaitExpression',
      isStatement: parent?.type === 'ExpressionStatement' || (parent?.type === 'AwaitExpression' && grand?.type === 'ExpressionStatement'),
    });
    if (node.type !== 'NewExpression') {
      const mod = (path === 'require' || path === 'import') && args.length >= 1 ? stringValue(args[0]) : null;
      if (mod !== null) {
        imports.push({
          type: 'import',
          module: mod,
          bindings: path === 'require' ? requireBindings(node, parent, key) : [],
          isWildcard: false,
          isTypeOnly: false,
          span: spanOf(node),
        });
      }
    }
  };

  const addBranch = (
    node: BNode,
    fnIndex: number | null,
    kind: BranchKind,
    span: Span,
    depth: number,
    condition?: BNode | null,
    at: BNode = node,
  ): void => {
    const b: BranchNode = { type: 'branch', kind, span, function: fnIndex, depth };
    if (condition) b.condition = text(condition);
    branches.push(b);
    branchNodes.push(at);
  };

  const enter = (node: BNode, parent: BNode | null, key: string, pstate: State, info: number, parentInfo: number): State => {
    parents.set(node, parent);
    let state = pstate;
    if (isOuterPartOfMethodInfo(parentInfo, key) && pstate.outer) state = pstate.outer;
    if ((info & F_STATEMENT) !== 0) statements++;
    else if (node.type === 'ExportNamedDeclaration' || node.type === 'ExportDefaultDeclaration') {
      if (!node.declaration || !STATEMENTS.has((node.declaration as BNode).type)) statements++;
    }

    // Most nodes (identifiers, member expressions, literals...) are none of what follows.
    if ((info & (F_FUNCTION | F_MODEL)) === 0 && !(key === 'finalizer' && parent?.type === 'TryStatement')) return state;

    const fnIndex = state.fn ? state.fn.index : null;

    // Functions
    if ((info & F_FUNCTION) !== 0) return enterFunction(node, parent, key, state, fnIndex);

    // Classes
    if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') return enterClass(node, parent, key, state, fnIndex);
    if ((info & F_CLASS_FIELD) !== 0 && state.cls) {
      state.cls.attributes.add(keyName(node.key as BNode, Boolean(node.computed)));
    }

    // Imports
    enterDeclaration(node, parent, key, state, fnIndex);

    // Calls
    if (node.type === 'CallExpression' || node.type === 'OptionalCallExpression' || node.type === 'NewExpression')
      enterCall(node, parent, key, state, fnIndex);

    // Loops
    const loopKind = (info & F_LOOP) !== 0 ? LOOP_KINDS.get(node.type) : undefined;
    let next: State = state;
    if (loopKind) {
      const isForInOf = node.type === 'ForInStatement' || node.type === 'ForOfStatement';
      loopNodes.push(node);
      loops.push({
        type: 'loop',
        kind: loopKind,
        span: spanOf(node),
        iterable: isForInOf ? text(node.right as BNode) : text(node.test as BNode),
        targets: isForInOf
          ? boundNames(node.left as BNode)
          : node.type === 'ForStatement' && node.init?.type === 'VariableDeclaration'
            ? boundNames(node.init as BNode)
            : [],
        function: fnIndex,
        depth: state.loopDepth,
        isAsync: Boolean(node.await),
      });
      next = { ...next, loopDepth: state.loopDepth + 1 };
    }

    // Branches and nesting
    const isElseIf = node.type === 'IfStatement' && parent?.type === 'IfStatement' && key === 'alternate';
    switch (node.type) {
      case 'IfStatement': {
        const depth = isElseIf ? state.ctrlDepth - 1 : state.ctrlDepth;
        addBranch(node, fnIndex, isElseIf ? 'elif' : 'if', spanOf(node), depth, node.test as BNode);
        const alt = node.alternate as BNode | null;
        if (alt && alt.type !== 'IfStatement') {
          const elseTok = lastTokenBefore(alt.start);
          addBranch(
            node,
            fnIndex,
            'else',
            elseTok && tokSrc(elseTok) === 'else' ? pos.span(elseTok.start, alt.end) : spanOf(alt),
            depth,
            null,
            alt,
          );
        }
        break;
      }
      case 'ConditionalExpression':
        addBranch(node, fnIndex, 'ternary', spanOf(node), state.ctrlDepth, node.test as BNode);
        break;
      case 'LogicalExpression':
        addBranch(node, fnIndex, 'logical', spanOf(node), state.ctrlDepth, node);
        break;
      case 'SwitchStatement':
        addBranch(node, fnIndex, 'switch', spanOf(node), state.ctrlDepth, node.discriminant as BNode);
        break;
      case 'SwitchCase':
        addBranch(node, fnIndex, 'case', spanOf(node), state.ctrlDepth - 1, node.test as BNode | null);
        break;
      case 'TryStatement':
        addBranch(node, fnIndex, 'try', spanOf(node), state.ctrlDepth);
        break;
      case 'CatchClause':
        addBranch(node, fnIndex, 'catch', spanOf(node), state.ctrlDepth - 1);
        break;
      case 'ReturnStatement':
        if (state.fn) state.fn.returns++;
        break;
      default:
        break;
    }
    if (parent?.type === 'TryStatement' && key === 'finalizer') {
      const finTok = lastTokenBefore(node.start);
      addBranch(
        node,
        fnIndex,
        'finally',
        finTok && tokSrc(finTok) === 'finally' ? pos.span(finTok.start, node.end) : spanOf(node),
        state.ctrlDepth - 1,
      );
    }
    if ((info & F_CONTROL) !== 0 && !isElseIf) {
      const depth = state.ctrlDepth + 1;
      if (state.fn && depth > state.fn.maxNesting) state.fn.maxNesting = depth;
      next = { ...next, ctrlDepth: depth };
    }
    return next;
  };
  // One traversal: the model's visit, then the co-visitor's, then the passes' (metrics).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const visitors: Array<Visitor<any>> = [{ enter }];
  const roots: unknown[] = [rootState];
  if (co) {
    visitors.push({ enter: co.enter });
    roots.push(co.start({ functions, functionNodes, calls, callNodes, loops, loopNodes, parents }));
  }
  for (const pass of passes) {
    visitors.push(pass);
    roots.push(pass.root);
  }
  walk(program, visitors, roots, true);

  function depthOf(index: number): number {
    return functions[index]!.depth;
  }

  // Exports by name: `export { f }`, `export default f`, `module.exports = { f }`.
  for (const ctx of fnCtxs) {
    if (ctx.bindingName && exportedNames.has(ctx.bindingName)) functions[ctx.index]!.isExported = true;
  }
  for (const ctx of classCtxs) {
    if (ctx.bindingName && exportedNames.has(ctx.bindingName)) classes[ctx.index]!.isExported = true;
  }
  for (const ctx of classCtxs) {
    const cls = classes[ctx.index]!;
    cls.attributes = [...ctx.attributes];
    if (cls.isExported) {
      for (const m of cls.methods) {
        const fnNode = functionNodes[m]!;
        const holder = METHOD_TYPES.has(fnNode.type) ? fnNode : (parents.get(fnNode) ?? fnNode);
        const isPrivate =
          holder.type === 'ClassPrivateMethod' ||
          holder.type === 'ClassPrivateProperty' ||
          holder.accessibility === 'private' ||
          holder.accessibility === 'protected';
        if (!isPrivate) functions[m]!.isExported = true;
      }
    }
  }
  return {
    functions,
    functionNodes,
    fnCtxs,
    classes,
    imports,
    calls,
    loops,
    branches,
    statements,
    callNodes,
    loopNodes,
    branchNodes,
    parents,
    exportedNames,
  };
}
