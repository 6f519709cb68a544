/**
 * Cyclomatic complexity exactly as ESLint 9's `complexity` rule computes it (default options,
 * variant "classic"), on a Babel AST.
 *
 * Each code path starts at 1 and gets +1 for: CatchClause, ConditionalExpression,
 * LogicalExpression (&&, ||, ??), For/ForIn/ForOf/While/DoWhile statements, IfStatement,
 * AssignmentPattern (parameter and destructuring defaults), SwitchCase with a test, logical
 * assignment (&&=, ||=, ??=), and optional member access / optional calls (`?.`, counted where
 * the `?.` token is, i.e. `optional: true`).
 *
 * Code paths: every function (declaration, expression, arrow, object/class method, getter,
 * setter, constructor) is its own path; class field initializers (the value of a class
 * property, not of an `accessor` property — ESLint only treats PropertyDefinition values so)
 * and static blocks are code paths of their own that are not functions; everything else is the
 * program's path. Babel's ClassMethod/ObjectMethod carry the method key and decorators, which in
 * ESTree sit on the MethodDefinition/Property outside the function: they are counted in the
 * enclosing path.
 */
import { CYCLOMATIC_ALWAYS, F_CYCLOMATIC, F_CYCLOMATIC_MAYBE, F_FIELD, F_FUNCTION } from './node-info.js';
import { type BNode, isOuterPartOfMethodInfo, type Visitor, walk } from './walk.js';

interface Counter {
  n: number;
  /** A function's path (else the program's, a class field initializer's or a static block's). */
  isFunction: boolean;
}
interface State {
  counter: Counter;
  /** For function nodes: the counter of the enclosing path (for method keys / decorators). */
  outer: Counter | null;
}

export interface CyclomaticResult {
  /** Complexity of each function node. */
  functions: Map<BNode, number>;
  /** Decision points outside any function (program, class field initializers, static blocks). */
  outsideDecisions: number;
}

const LOGICAL_ASSIGN = new Set(['&&=', '||=', '??=']);

/** A decision point of a type in CYCLOMATIC_MAYBE: it depends on a field. */
function decidedByField(node: BNode): boolean {
  switch (node.type) {
    case 'SwitchCase':
      return node.test != null;
    case 'AssignmentExpression':
      return LOGICAL_ASSIGN.has(node.operator as string);
    case 'OptionalMemberExpression':
    case 'OptionalCallExpression':
    case 'MemberExpression':
    case 'CallExpression':
      return node.optional === true;
    default:
      return false;
  }
}

export function isCyclomaticDecision(node: BNode): boolean {
  return CYCLOMATIC_ALWAYS.has(node.type) || decidedByField(node);
}

/** `isCyclomaticDecision` from the node's type info. */
function isDecision(node: BNode, info: number): boolean {
  return (info & F_CYCLOMATIC) !== 0 || ((info & F_CYCLOMATIC_MAYBE) !== 0 && decidedByField(node));
}

/**
 * The visitor that counts, run inside the model's walk (`walk` with the other visitors) or on its
 * own (`computeCyclomatic`). One object per file, no closures.
 */
export class CyclomaticPass implements Visitor<State> {
  readonly root: State;
  private readonly fnCounters: Array<[BNode, Counter]> = [];
  private outside = 0;

  constructor() {
    this.root = { counter: { n: 1, isFunction: false }, outer: null };
  }

  enter(node: BNode, parent: BNode | null, key: string, pstate: State, info: number, parentInfo: number): State {
    let state = pstate;
    if (isOuterPartOfMethodInfo(parentInfo, key) && pstate.outer) {
      state = { counter: pstate.outer, outer: null };
    } else if ((parentInfo & F_FIELD) !== 0 && key === 'value') {
      state = { counter: { n: 1, isFunction: false }, outer: null };
    }
    if (isDecision(node, info)) {
      state.counter.n++;
      if (!state.counter.isFunction) this.outside++;
    }
    if ((info & F_FUNCTION) !== 0) {
      const c: Counter = { n: 1, isFunction: true };
      this.fnCounters.push([node, c]);
      return { counter: c, outer: state.counter };
    }
    if (node.type === 'StaticBlock') return { counter: { n: 1, isFunction: false }, outer: null };
    return state;
  }

  result(): CyclomaticResult {
    const functions = new Map<BNode, number>();
    for (const [node, c] of this.fnCounters) functions.set(node, c.n);
    return { functions, outsideDecisions: this.outside };
  }
}

export function computeCyclomatic(ast: BNode): CyclomaticResult {
  const pass = new CyclomaticPass();
  walk(ast, [pass], [pass.root]);
  return pass.result();
}
