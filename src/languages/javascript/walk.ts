/**
 * Iterative (explicit-stack) traversal of a Babel AST. No recursion proportional to depth, so
 * 10 000 nested parentheses or 3 000 nested `if`s cannot overflow the JS stack here.
 */

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

/** Children of a node with the property name holding them, in source order. */
export function childrenOf(node: BNode): Array<[BNode, string]> {
  const out: Array<[BNode, string]> = [];
  for (const key of Object.keys(node)) {
    if (SKIP_KEYS.has(key)) continue;
    const value = node[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) out.push([item, key]);
    } else if (isNode(value)) {
      out.push([value, key]);
    }
  }
  if (out.length > 1) {
    let sorted = true;
    for (let i = 1; i < out.length; i++) {
      if (out[i]![0].start < out[i - 1]![0].start) {
        sorted = false;
        break;
      }
    }
    if (!sorted) out.sort((a, b) => a[0].start - b[0].start);
  }
  return out;
}

interface Frame<S> {
  node: BNode;
  parent: BNode | null;
  key: string;
  state: S;
  children: Array<[BNode, string]> | null;
  index: number;
}

/**
 * Depth-first walk. `enter` receives the state handed down by the parent and returns the state
 * for the node's children (or `null` to skip them); `exit` receives that same state.
 */
export function walk<S>(
  root: BNode,
  rootState: S,
  enter: (node: BNode, parent: BNode | null, key: string, state: S) => S | null,
  exit?: (node: BNode, parent: BNode | null, key: string, state: S) => void,
): void {
  const stack: Array<Frame<S>> = [];
  const push = (node: BNode, parent: BNode | null, key: string, parentState: S): void => {
    const state = enter(node, parent, key, parentState);
    if (state === null) {
      return;
    }
    stack.push({ node, parent, key, state, children: null, index: 0 });
  };
  push(root, null, '', rootState);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.children === null) frame.children = childrenOf(frame.node);
    if (frame.index < frame.children.length) {
      const [child, key] = frame.children[frame.index++]!;
      push(child, frame.node, key, frame.state);
      continue;
    }
    stack.pop();
    if (exit) exit(frame.node, frame.parent, frame.key, frame.state);
  }
}

interface Frame2<A, B> {
  node: BNode;
  parent: BNode | null;
  key: string;
  a: A | null;
  b: B | null;
  children: Array<[BNode, string]> | null;
  index: number;
}

/**
 * Two independent visitors sharing one traversal (one `childrenOf` per node): for each node
 * `enterA` runs, then `enterB`; each sees only nodes whose ancestors it did not skip (`null`).
 */
export function walk2<A, B>(
  root: BNode,
  rootA: A,
  rootB: B,
  enterA: (node: BNode, parent: BNode | null, key: string, state: A) => A | null,
  enterB: (node: BNode, parent: BNode | null, key: string, state: B) => B | null,
): void {
  const stack: Array<Frame2<A, B>> = [];
  const push = (node: BNode, parent: BNode | null, key: string, pa: A | null, pb: B | null): void => {
    const a = pa === null ? null : enterA(node, parent, key, pa);
    const b = pb === null ? null : enterB(node, parent, key, pb);
    if (a === null && b === null) return;
    stack.push({ node, parent, key, a, b, children: null, index: 0 });
  };
  push(root, null, '', rootA, rootB);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.children === null) frame.children = childrenOf(frame.node);
    if (frame.index < frame.children.length) {
      const [child, key] = frame.children[frame.index++]!;
      push(child, frame.node, key, frame.a, frame.b);
      continue;
    }
    stack.pop();
  }
}

/** Nodes ESLint treats as functions (code paths with origin "function"). */
export const FUNCTION_TYPES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ObjectMethod',
  'ClassMethod',
  'ClassPrivateMethod',
]);

/** Function nodes whose `key` and `decorators` are evaluated outside the function (ESTree: on the MethodDefinition / Property). */
export const METHOD_TYPES = new Set(['ObjectMethod', 'ClassMethod', 'ClassPrivateMethod']);

export function isFunction(node: BNode): boolean {
  return FUNCTION_TYPES.has(node.type);
}

/** True when `key` of a method-like `parent` is evaluated in the enclosing scope, not in the method. */
export function isOuterPartOfMethod(parent: BNode | null, key: string): boolean {
  return parent !== null && METHOD_TYPES.has(parent.type) && (key === 'key' || key === 'decorators');
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
