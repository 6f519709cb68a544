/**
 * Model extension for the rule catalogue (issue 4): a scope analysis (`bindings`) and the
 * assignments / comparisons / binaries / handlers / jumps / strings / numbers / collections /
 * blocks lists, plus the extension fields of calls, functions, branches and loops.
 *
 * It runs as a co-visitor inside the model's own iterative traversal (`buildModel(..., co)`, one
 * `walk` shared with the complexity passes, no recursion proportional to depth), right after the
 * model's visit of each node, so it reads the FunctionNode / CallNode / LoopNode just made for that
 * node. Declarations are recorded into scopes as they are met and references are queued; `finish`
 * resolves the references after the traversal, so hoisting (`var`, function declarations, use
 * before `let`) needs no second pass.
 *
 * Definitions where the contract leaves room (kept in sync with the report to the lead):
 * - bindings: one entry per name per lexical scope (function, block, loop head, catch, switch,
 *   class expression), so a function can hold two `x` in sibling blocks; `scope` is the function.
 *   Reads from inside a function's / class's own body (recursion, `new K()` in K) are not counted,
 *   as in ESLint's no-unused-vars; function / class expression names, TS parameter properties
 *   and ambient (`declare`) names resolve but are not reported. Type references count as reads.
 * - binaries: `s += x` is operator `+` with `augmented: true`; logical assignments are not binaries.
 * - numbers: with a unary minus, `text`, `value` and `span` include the sign.
 *
 * The semantic layer lives in `semantic/`: `scope.ts` (scopes, bindings, the per-node state and
 * reference resolution), `expressions.ts` (expression facts), `control-flow.ts` (blocks, jumps,
 * handlers) and `visit-facts.ts` (the visitors that record expression and control-flow facts);
 * this module wires them into the one co-visitor.
 */
import type {
  AssignmentNode,
  BinaryNode,
  BindingKind,
  BindingNode,
  BlockKind,
  BlockNode,
  BranchNode,
  CollectionNode,
  ComparisonNode,
  Expression,
  FunctionNode,
  HandlerNode,
  JumpNode,
  LoopNode,
  NumberNode,
  Span,
  StringNode,
} from '../../model/types.js';
import type { CoVisitor, LiveParts, ModelParts } from './build-model.js';
import { Positions, spanOf } from './build-model.js';
import type { BabelComment } from './parse.js';
import { CODE_MASK, NODE_SHIFT, PARENT_SHIFT } from './node-info.js';
import { type BNode, isFunction, isOuterPartOfMethodInfo, Parents } from './walk.js';
import {
  HERITAGE,
  LIST_PARENTS,
  N_BLOCK_STATEMENT,
  N_CATCH_CLAUSE,
  N_CLASS_BODY,
  N_CLASS_DECLARATION,
  N_CLASS_EXPRESSION,
  N_EXPORT_ALL_DECLARATION,
  N_EXPORT_NAMED_DECLARATION,
  N_FUNCTION,
  N_IF_STATEMENT,
  N_IMPORT_DECLARATION,
  N_J_S_X_CLOSING_ELEMENT,
  N_J_S_X_IDENTIFIER,
  N_LOOP,
  N_PRIVATE_NAME,
  N_STATIC_BLOCK,
  N_SWITCH_STATEMENT,
  N_T_S_ENUM_DECLARATION,
  N_T_S_EXTERNAL_MODULE_REFERENCE,
  N_T_S_IMPORT_EQUALS_DECLARATION,
  N_T_S_MODULE_BLOCK,
  N_T_S_MODULE_DECLARATION,
  N_T_S_PARAMETER_PROPERTY,
  N_TRY_STATEMENT,
  N_TYPE_DECL,
  N_VARIABLE_DECLARATION,
  N_VARIABLE_DECLARATOR,
  N_WITH_STATEMENT,
  N_ASSIGNMENT_EXPRESSION,
  N_BINARY_EXPRESSION,
  N_CALL_EXPRESSION,
  N_OPTIONAL_CALL_EXPRESSION,
  N_NEW_EXPRESSION,
  N_AWAIT_EXPRESSION,
  N_RETURN_STATEMENT,
  N_THROW_STATEMENT,
  N_BREAK_STATEMENT,
  N_CONTINUE_STATEMENT,
  N_STRING_LITERAL,
  N_TEMPLATE_LITERAL,
  N_DIRECTIVE_LITERAL,
  N_NUMERIC_LITERAL,
  N_BIG_INT_LITERAL,
  N_OBJECT_EXPRESSION,
  N_ARRAY_EXPRESSION,
} from './semantic/codes.js';
import { addBlock as addBlockTo, addSwitchBlocks as addSwitchBlocksTo, commentCounter, countStatements } from './semantic/control-flow.js';
import { expr as exprIn, isNegation, targetsOf as targetsIn, textOf as textIn, unwrap } from './semantic/expressions.js';
import {
  ASSIGN,
  bindName,
  childState,
  type Decl,
  DECLARE,
  EXPR,
  fresh,
  type HandlerRec,
  hasLexical,
  lookup,
  newScope,
  READ_WRITE,
  References,
  scopeState,
  type Scope,
  REF_READ,
  REF_TYPE,
  REF_WRITE,
  TYPE,
  withMode,
  type XState,
} from './semantic/scope.js';
import { type FactContext, factVisitors, lastFor, type Visit } from './semantic/visit-facts.js';

export type { XState } from './semantic/scope.js';

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

export interface Extension {
  /** Runs inside the model's own traversal (`buildModel(..., co)`). */
  co: CoVisitor<XState>;
  /** After the traversal: resolves references and fills the branch fields. */
  finish(model: ModelParts): ExtensionParts;
}

export function createExtension(src: string, comments: BabelComment[]): Extension {
  let functions: FunctionNode[] = [];
  let live: LiveParts | null = null;
  let parents = new Parents();
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

  // ---- references, resolved after the walk ----
  const refs = new References();
  const addRef = (name: string, flags: number, s: XState, at: number): void => refs.add(name, flags, s, at);

  const textOf = (n: BNode): string => textIn(src, n);
  const expr = (n: BNode): Expression => exprIn(src, n);
  const targetsOf = (root: BNode): string[] => targetsIn(src, root);
  const commentsIn = commentCounter(comments);
  const addBlock = (kind: BlockKind, body: BNode, fn: number | null): void => addBlockTo(blocks, commentsIn, kind, body, fn);
  const addSwitchBlocks = (node: BNode, fn: number | null): void => addSwitchBlocksTo(blocks, commentsIn, node, fn);
  const cx: FactContext = {
    src,
    parents,
    functions,
    live,
    assignments,
    comparisons,
    binaries,
    jumps,
    strings,
    numbers,
    collections,
  };
  const {
    visitAssignmentExpression,
    visitBinaryExpression,
    visitCallExpression,
    visitAwaitExpression,
    visitReturnStatement,
    visitStringLiteral,
    visitDirectiveLiteral,
    visitNumericLiteral,
    visitObjectExpression,
    visitArrayExpression,
  } = factVisitors(cx);

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

  const rootScope = newScope(null, null, true);
  const rootState: XState = scopeState(null, rootScope, null, false, null);

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
      function: s.fn,
    };
    handlers.push(h);
    const rec: HandlerRec = { node: h, name: param?.type === 'Identifier' ? name : null, parent: s.handler };
    addBlock('except', body, s.fn);
    const cscope = newScope(s.scope, s.fn, false);
    return fresh({ ...s, scope: cscope, handler: rec, decl: simpleDecl('exception', cscope, s) });
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
  const visitorList: Array<[number, Visit]> = [
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
  ];
  /** By node code (a jump table). */
  const visitors: Array<Visit | undefined> = [];
  for (const [code, visit] of visitorList) visitors[code] = visit;

  const enter = (node: BNode, parent: BNode | null, key: string, ps: XState, info: number, parentInfo: number): XState | null => {
    let s = ps;
    if (parent !== null) {
      if (ps.outer && isOuterPartOfMethodInfo(parentInfo, key)) s = ps.outer;
      s = childState(node, parent, key, s, parentInfo >>> PARENT_SHIFT);
    }
    const type = node.type;

    if (type === 'Identifier') {
      onIdentifier(node, parent, key, s);
      return node.typeAnnotation || node.decorators ? s : null;
    }

    const code = (info >>> NODE_SHIFT) & CODE_MASK;
    if (code === 0) return s;

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
      return scopeState(idx, fscope, simpleDecl('param', fscope, s), s.ambient, s);
    }

    if (code === N_TYPE_DECL) return withMode(s, TYPE);
    const visit = visitors[code];
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
      cx.live = live;
      cx.functions = functions;
      cx.parents = parents;
      return rootState;
    },
    enter,
  };

  const finish = (model: ModelParts): ExtensionParts => {
    refs.resolve(functions);
    if (rootScope.names) {
      for (const name of model.exportedNames) {
        const b = lookup(rootScope, name);
        if (b?.node) b.node.isExported = true;
      }
    }

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
