/**
 * The walk context of the Python semantic layer: what the co-visitor in `extension.ts` carries
 * from a node to its children (enclosing function, scope, loops, handler, binding mode), and the
 * node types it looks at.
 */
import type { BindingKind, HandlerNode, LoopNode } from '../../../model/types.js';
import type { PyNode } from '../parse.js';
import type { Scope } from './scope.js';

/** Walk context; shared by every node it applies to, never mutated. */
export interface Ctx {
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
  /** Set on a context pushed only to push what goes under its node (see `walk.ts`). */
  via?: (n: PyNode) => void;
}

export interface LoopLink {
  loop: LoopNode;
  next: LoopLink | null;
}

export interface HandlerRec {
  node: HandlerNode;
  fn: number | null;
  parent: HandlerRec | null;
}

/** A fresh context at the top of a function body or the module. */
export function topContext(scope: Scope, fn: number | null): Ctx {
  return {
    fn,
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
}

export function withMode(c: Ctx, mode: 0 | 1 | 2, kind: BindingKind = c.kind): Ctx {
  return c.mode === mode && c.kind === kind ? c : { ...c, mode, kind };
}

/** Containers whose identifiers stay targets in a target context (`a, (b, *c) = …`). */
export const TARGET_CONTAINERS = new Set([
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
