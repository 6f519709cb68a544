/**
 * Iterative (explicit-stack) traversal of a Babel AST. No recursion proportional to depth, so
 * 10 000 nested parentheses or 3 000 nested `if`s cannot overflow the JS stack here.
 */
import { F_FUNCTION, F_METHOD, FUNCTION_TYPES, METHOD_TYPES, TYPE_INFO } from './node-info.js';
import { preorderOf as recordedPreorder, recordPreorder } from './preorder.js';

/** A Babel AST node, loosely typed: we read fields by name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type BNode = { type: string; start: number; end: number; loc: BLoc; [key: string]: any };
export interface BPos {
  line: number;
  column: number;
}
export interface BLoc {
  start: BPos;
  end: BPos;
}

const SKIP_KEYS = new Set([
  'type',
  'start',
  'end',
  'loc',
  'range',
  'extra',
  'leadingComments',
  'trailingComments',
  'innerComments',
  'comments',
  'tokens',
  'errors',
]);

export function isNode(value: unknown): value is BNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

const PARENT = Symbol('parent');
type WithParent = { [PARENT]?: BNode | null };

/**
 * The parent of every node the model's walk entered. It is kept on the node itself under a symbol
 * (which `Object.keys`, `for…in`, JSON and structured cloning skip), because a Map of every node
 * cost an identity hash and a table entry per node; `get` of a node never entered is undefined.
 */
export class Parents {
  set(node: BNode, parent: BNode | null): void {
    (node as WithParent)[PARENT] = parent;
  }

  get(node: BNode): BNode | null | undefined {
    return (node as WithParent)[PARENT];
  }
}

/** The nodes of a walked tree in the walk's order, with their depths (preorder.ts, where the YAML selector matcher reads them). */
export interface Preorder {
  nodes: BNode[];
  depths: number[];
}

/** Every node under `root` in document order, as the model's walk listed them (preorder.ts), or undefined. */
export function preorderOf(root: object): Preorder | undefined {
  return recordedPreorder(root) as Preorder | undefined;
}

/**
 * A visitor of `walk`: `enter` returns the state for the node's children, or `null` to skip them;
 * `exit` gets that same state. `info` is the node's type info (node-info.ts: flags and codes, 0 for
 * a type with none), `parentInfo` the parent's (0 at the root), looked up once for all visitors.
 */
export interface Visitor<S> {
  enter(node: BNode, parent: BNode | null, key: string, state: S, info: number, parentInfo: number): S | null;
  exit?(node: BNode, parent: BNode | null, key: string, state: S, info: number): void;
}

/**
 * Appends the children of `node` with the property name holding them to `nodes` / `keys` from
 * index `from`, in source order, and returns the index after the last one. Property order, then
 * a stable sort by start (children are almost always in order already): no array per node.
 */
function appendChildren(node: BNode, nodes: BNode[], keys: string[], from: number): number {
  let end = from;
  const names = Object.keys(node);
  for (let k = 0; k < names.length; k++) {
    const key = names[k]!;
    const value: unknown = node[key];
    // Most properties hold a primitive: the key is looked up only for objects.
    if (value === null || typeof value !== 'object' || SKIP_KEYS.has(key)) continue;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (isNode(item)) {
          nodes[end] = item;
          keys[end++] = key;
        }
      }
    } else if (typeof (value as { type?: unknown }).type === 'string') {
      nodes[end] = value as BNode;
      keys[end++] = key;
    }
  }
  for (let i = from + 1; i < end; i++) {
    const child = nodes[i]!;
    if (child.start >= nodes[i - 1]!.start) continue;
    const key = keys[i]!;
    let j = i - 1;
    while (j >= from && nodes[j]!.start > child.start) {
      nodes[j + 1] = nodes[j]!;
      keys[j + 1] = keys[j]!;
      j--;
    }
    nodes[j + 1] = child;
    keys[j + 1] = key;
  }
  return end;
}

/**
 * Depth-first walk of `root` by several independent visitors in one traversal (one child listing
 * per node): for each node the visitors' `enter` run in order, each with the state its own visit of
 * the parent returned; a visitor that returned `null` sees nothing below that node, and the node's
 * children are skipped when every visitor did. On the way back up, `exit` runs for each visitor
 * that entered the node, in the same order. The stack is a set of parallel arrays and the children
 * one shared buffer, so a walk allocates nothing per node.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function walk(root: BNode, visitors: ReadonlyArray<Visitor<any>>, rootStates: readonly unknown[], record = false): void {
  const v = visitors.length;
  /** With `record`, every node entered, and its depth; dropped if some subtree goes unvisited. */
  const order: BNode[] | null = record ? [root] : null;
  const orderDepths: number[] = [0];
  let complete = record;
  const states: unknown[] = [];
  let any = false;
  const rootInfo = TYPE_INFO.get(root.type) ?? 0;
  for (let i = 0; i < v; i++) {
    const s = rootStates[i] == null ? null : visitors[i]!.enter(root, null, '', rootStates[i], rootInfo, 0);
    states[i] = s;
    if (s !== null) any = true;
  }
  if (!any) return;
  if (order !== null) recordPreorder(root, { nodes: order, depths: orderDepths });
  const [v0, v1, v2, v3] = visitors as [Visitor<unknown>, ...Array<Visitor<unknown> | undefined>];
  const frameNode: BNode[] = [root];
  const frameParent: Array<BNode | null> = [null];
  const frameKey: string[] = [''];
  const frameInfo: number[] = [rootInfo];
  /** Next child of the frame in the buffer, -1 before its children are listed. */
  const frameNext: number[] = [-1];
  const frameFrom: number[] = [0];
  const frameEnd: number[] = [0];
  const childNodes: BNode[] = [];
  const childKeys: string[] = [];
  let used = 0;
  let depth = 1;
  while (depth > 0) {
    const f = depth - 1;
    let next = frameNext[f]!;
    if (next === -1) {
      frameFrom[f] = next = used;
      used = frameEnd[f] = appendChildren(frameNode[f]!, childNodes, childKeys, used);
    }
    if (next < frameEnd[f]!) {
      frameNext[f] = next + 1;
      const child = childNodes[next]!;
      const key = childKeys[next]!;
      const parent = frameNode[f]!;
      const parentInfo = frameInfo[f]!;
      const info = TYPE_INFO.get(child.type) ?? 0;
      const from = f * v;
      const to = depth * v;
      any = false;
      for (let i = 0; i < v; i++) {
        const ps = states[from + i];
        let s: unknown = null;
        if (ps !== null) {
          // One call site per visitor: a shared site would see every visitor and V8 could inline none.
          if (i === 0) s = v0.enter(child, parent, key, ps, info, parentInfo);
          else if (i === 1) s = v1!.enter(child, parent, key, ps, info, parentInfo);
          else if (i === 2) s = v2!.enter(child, parent, key, ps, info, parentInfo);
          else if (i === 3) s = v3!.enter(child, parent, key, ps, info, parentInfo);
          else s = visitors[i]!.enter(child, parent, key, ps, info, parentInfo);
        }
        states[to + i] = s;
        if (s !== null) any = true;
      }
      if (complete) {
        order!.push(child);
        orderDepths.push(depth);
      }
      if (any) {
        frameNode[depth] = child;
        frameParent[depth] = parent;
        frameKey[depth] = key;
        frameInfo[depth] = info;
        frameNext[depth] = -1;
        depth++;
      } else if (complete) {
        // Its subtree goes unvisited: the order would miss nodes.
        complete = false;
        recordPreorder(root, undefined);
      }
      continue;
    }
    used = frameFrom[f]!;
    depth = f;
    const node = frameNode[f]!;
    for (let i = 0; i < v; i++) {
      const visitor = visitors[i]!;
      const s = states[f * v + i];
      if (s !== null && visitor.exit) visitor.exit(node, frameParent[f]!, frameKey[f]!, s, frameInfo[f]!);
    }
  }
}

export { FUNCTION_TYPES, METHOD_TYPES } from './node-info.js';

export function isFunction(node: BNode): boolean {
  return FUNCTION_TYPES.has(node.type);
}

/** True when `key` of a method-like `parent` is evaluated in the enclosing scope, not in the method. */
export function isOuterPartOfMethod(parent: BNode | null, key: string): boolean {
  return parent !== null && METHOD_TYPES.has(parent.type) && (key === 'key' || key === 'decorators');
}

/** `isFunction` of a node from its type info. */
export function isFunctionInfo(info: number): boolean {
  return (info & F_FUNCTION) !== 0;
}

/** `isOuterPartOfMethod` from the parent's type info (0 when there is no parent). */
export function isOuterPartOfMethodInfo(parentInfo: number, key: string): boolean {
  return (parentInfo & F_METHOD) !== 0 && (key === 'key' || key === 'decorators');
}

/** Dotted path of a member chain (`a.b.c`, `this.x`, `import`), or null when it is not a simple path. Iterative. */
export function dottedPath(start: BNode): string | null {
  const parts: string[] = [];
  let n: BNode = start;
  for (;;) {
    switch (n.type) {
      case 'Identifier':
        parts.push(n.name as string);
        return parts.reverse().join('.');
      case 'ThisExpression':
        parts.push('this');
        return parts.reverse().join('.');
      case 'Super':
        parts.push('super');
        return parts.reverse().join('.');
      case 'Import':
        parts.push('import');
        return parts.reverse().join('.');
      case 'TSNonNullExpression':
        n = n.expression as BNode;
        continue;
      case 'MemberExpression':
      case 'OptionalMemberExpression': {
        const p = n.property as BNode;
        if (!n.computed && p.type === 'Identifier') parts.push(p.name as string);
        else if (p.type === 'PrivateName') parts.push('#' + (p.id?.name as string));
        else if (n.computed && p.type === 'StringLiteral') parts.push(p.value as string);
        else return null;
        n = n.object as BNode;
        continue;
      }
      default:
        return null;
    }
  }
}

const EXPRESSION_WRAPPERS = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'ParenthesizedExpression',
]);

/**
 * The leaves of a binding or assignment pattern (a declaration, destructuring, rest, default,
 * TS parameter property), in source order: identifiers, member expressions and whatever else
 * stands in target position. `unwrapExpressions` also looks through TS casts and parentheses.
 * Iterative.
 */
export function patternLeaves(root: BNode, unwrapExpressions: boolean): BNode[] {
  const out: BNode[] = [];
  const stack: BNode[] = [root];
  const pushAll = (nodes: Array<BNode | null>): void => {
    for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i]) stack.push(nodes[i]!);
  };
  while (stack.length > 0) {
    const n = stack.pop()!;
    switch (n.type) {
      case 'VariableDeclaration':
        pushAll((n.declarations as BNode[]).map((d) => d.id as BNode));
        break;
      case 'ObjectPattern':
        pushAll((n.properties as BNode[]).map((p) => (p.type === 'RestElement' ? p : (p.value as BNode))));
        break;
      case 'ArrayPattern':
        pushAll(n.elements as Array<BNode | null>);
        break;
      case 'RestElement':
        stack.push(n.argument as BNode);
        break;
      case 'AssignmentPattern':
        stack.push(n.left as BNode);
        break;
      case 'TSParameterProperty':
        stack.push(n.parameter as BNode);
        break;
      default:
        if (unwrapExpressions && EXPRESSION_WRAPPERS.has(n.type)) stack.push(n.expression as BNode);
        else out.push(n);
    }
  }
  return out;
}
