/**
 * The co-visitor's visitors for the expression and control-flow facts of the JS/TS semantic layer:
 * assignments, comparisons, binaries, calls, awaits, strings, numbers, collections and jumps. They
 * run inside the model's single walk (see ../extension.ts) and push into the lists of `cx`.
 */
import type {
  AssignmentNode,
  BinaryNode,
  CallNode,
  CollectionNode,
  ComparisonNode,
  FunctionNode,
  JumpKind,
  JumpNode,
  NumberNode,
  Span,
  StringNode,
} from '../../../model/types.js';
import type { LiveParts } from '../build-model.js';
import { spanOf } from '../build-model.js';
import type { BNode, Parents } from '../walk.js';
import { ARITHMETIC_OPS, COMPARISON_OPS, LIST_PARENTS, LOGICAL_ASSIGN, NO_KEYWORD_ARGS } from './codes.js';
import { isIgnorableAfterJump, newErrorWithoutCause } from './control-flow.js';
import {
  boundTo,
  climb,
  climbed,
  discarded,
  expr as exprIn,
  inUsing,
  isKeyPosition,
  MAX_STRING,
  numberContext,
  staticKey,
  targetsOf as targetsIn,
  templateValue,
  unwrap,
} from './expressions.js';
import { type HandlerRec, TYPE, type XState } from './scope.js';

export type Visit = (node: BNode, parent: BNode | null, key: string, s: XState, type: string) => XState | null;

/** What the fact visitors read and fill: the file's text, the walk's live parts and the fact lists. */
export interface FactContext {
  src: string;
  parents: Parents;
  functions: FunctionNode[];
  live: LiveParts | null;
  assignments: AssignmentNode[];
  comparisons: ComparisonNode[];
  binaries: BinaryNode[];
  jumps: JumpNode[];
  strings: StringNode[];
  numbers: NumberNode[];
  collections: CollectionNode[];
}

/** The model entry the model's visitor just made for `node`, if any (it visits each node first). */
export function lastFor<T>(nodes: BNode[], items: T[], node: BNode): T | null {
  const i = nodes.length - 1;
  return i >= 0 && nodes[i] === node ? (items[i] ?? null) : null;
}

export function factVisitors(cx: FactContext): {
  visitAssignmentExpression: Visit;
  visitBinaryExpression: Visit;
  visitCallExpression: Visit;
  visitAwaitExpression: Visit;
  visitReturnStatement: Visit;
  visitStringLiteral: Visit;
  visitDirectiveLiteral: Visit;
  visitNumericLiteral: Visit;
  visitObjectExpression: Visit;
  visitArrayExpression: Visit;
} {
  const { src, assignments, comparisons, binaries, jumps, strings, numbers, collections } = cx;
  const expr = (node: BNode): ReturnType<typeof exprIn> => exprIn(src, node);
  const targetsOf = (root: BNode): string[] => targetsIn(src, root);

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
    const cm = lastFor<CallNode>(cx.live!.callNodes, cx.live!.calls, node);
    if (cm) {
      const callee = unwrap(node.callee as BNode);
      const isNew = type === 'NewExpression';
      cm.argExprs = ((node.arguments as BNode[]) ?? []).map(expr);
      cm.keywordArgs = NO_KEYWORD_ARGS;
      cm.receiver =
        !isNew && (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') ? expr(callee.object as BNode) : null;
      cm.isNew = isNew;
      cm.inLoopHeader = s.loopHeader;
      cm.inWith = inUsing(cx.parents, node, parent);
      cm.resultUsed = !discarded(cx.parents, node, parent);
    }
    return s;
  };
  // N_AWAIT_EXPRESSION
  const visitAwaitExpression = (node: BNode, parent: BNode | null, key: string, s: XState, _type: string): XState | null => {
    if (s.fn !== null) cx.functions[s.fn]!.awaits = (cx.functions[s.fn]!.awaits ?? 0) + 1;
    for (let l = s.awaitLoops; l; l = l.next) l.loop.awaits = (l.loop.awaits ?? 0) + 1;
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
    climb(cx.parents, node, parent);
    const n = climbed.node;
    const p = climbed.parent;
    strings.push({
      type: 'string',
      value: value.length > MAX_STRING ? value.slice(0, MAX_STRING) : value,
      span: spanOf(node),
      interpolated: isTemplate && (node.expressions as BNode[]).length > 0,
      boundTo: boundTo(src, n, p),
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
    climb(cx.parents, node, parent);
    const n = climbed.node;
    const p = climbed.parent;
    numbers.push({
      type: 'number',
      text: negative ? '-' + raw : raw,
      value: negative ? -magnitude : magnitude,
      span: negative ? spanOf(parent) : spanOf(node),
      context: numberContext(n, p),
      boundTo: boundTo(src, n, p),
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
  return {
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
  };
}
