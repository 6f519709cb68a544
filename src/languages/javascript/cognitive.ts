/**
 * Cognitive complexity (SonarSource spec 1.7) exactly as eslint-plugin-sonarjs 3.0.x
 * `cognitive-complexity` (S3776) reports it per function, on a Babel AST.
 *
 * sonarjs reports, for every function, the function's *own* complexity: increments inside
 * nested functions are not included, and nesting restarts at 0 in each function (its
 * `functionOwnComplexity` / `functionOwnControlFlowNesting` stacks). This is what we compute,
 * so our per-function value is directly comparable with each sonarjs report.
 *
 * Increments:
 * - structural (+1 + nesting): `if` (not `else if`), loops, `switch`, `catch`, `?:`;
 * - +1: `else if`, `else`, labelled `break`/`continue`, each run of identical `&&` operators in a
 *   flattened logical expression (`||` and `??` never count — sonarjs only counts `&&`
 *   sequences); logical expressions directly in a JSX expression container that consist of one
 *   operator and no `?:` are ignored (JSX short-circuit rendering).
 * Nesting +1 inside: `if` consequent, non-`if` `else`, loop bodies, switch cases, catch bodies,
 * `?:` branches.
 *
 * Reproduced quirk: ESLint fires the `*` selector before `:function`, so when a function node is
 * itself a nesting node (e.g. an arrow as the branch of a `?:`), the nesting increment goes to the
 * *enclosing* function and the matching decrement to the nested one: the enclosing function keeps
 * +1 nesting for the rest of its body. We replicate this to match sonarjs exactly.
 *
 * Class field initializers are not functions for sonarjs: their content counts in the enclosing
 * function. Method keys and decorators count in the enclosing function (ESTree puts them outside
 * the FunctionExpression).
 */
import { F_COGNITIVE, F_FUNCTION, F_METHOD } from './node-info.js';
import { type BNode, type Visitor, walk } from './walk.js';

interface Frame {
  node: BNode;
  total: number;
  nest: number;
}

/** In-order list of the LogicalExpression nodes of a logical tree (iterative). */
function flattenLogical(root: BNode): BNode[] {
  const out: BNode[] = [];
  const stack: Array<{ node: BNode; visited: boolean }> = [{ node: root, visited: false }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item.visited) {
      out.push(item.node);
      continue;
    }
    const n = item.node;
    if (n.right && n.right.type === 'LogicalExpression') stack.push({ node: n.right, visited: false });
    stack.push({ node: n, visited: true });
    if (n.left && n.left.type === 'LogicalExpression') stack.push({ node: n.left, visited: false });
  }
  return out;
}

/** sonarjs getJsxShortCircuitNodes: the logical nodes to ignore, or null. */
function jsxShortCircuitNodes(node: BNode, parent: BNode | null): BNode[] | null {
  if (parent?.type !== 'JSXExpressionContainer') return null;
  const operator = node.operator as string;
  const out: BNode[] = [];
  const stack: BNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'ConditionalExpression') return null;
    if (n.type === 'LogicalExpression') {
      if (n.operator !== operator) return null;
      out.push(n);
      stack.push(n.left, n.right);
    }
  }
  return out;
}

/**
 * The visitor that computes it, run inside the model's walk (`walk` with the other visitors) or on
 * its own (`computeCognitive`). One object per file, no closures; it never skips a subtree.
 */
export class CognitivePass implements Visitor<true> {
  readonly root = true as const;
  readonly result = new Map<BNode, number>();
  private readonly stack: Frame[] = [];
  private readonly nestingNodes = new Set<BNode>();
  private readonly considered = new Set<BNode>();
  /** Method nodes whose frame has been pushed (deferred until past key/decorators). */
  private readonly pushedMethods = new Set<BNode>();

  private structural(): void {
    const f = this.stack[this.stack.length - 1];
    if (f) f.total += f.nest + 1;
  }

  private plain(): void {
    const f = this.stack[this.stack.length - 1];
    if (f) f.total += 1;
  }

  enter(node: BNode, parent: BNode | null, key: string, _state: true, info: number, parentInfo: number): true {
    const { stack, nestingNodes, considered, pushedMethods } = this;
    // ESTree: the FunctionExpression of a method starts after its key/decorators.
    if ((parentInfo & F_METHOD) !== 0 && key !== 'key' && key !== 'decorators' && !pushedMethods.has(parent!)) {
      pushedMethods.add(parent!);
      stack.push({ node: parent!, total: 0, nest: 0 });
    }
    // '*' selector (fires before ':function').
    if (nestingNodes.size > 0 && nestingNodes.has(node)) {
      const f = stack[stack.length - 1];
      if (f) f.nest++;
    }
    // ':function'
    if ((info & (F_FUNCTION | F_METHOD)) === F_FUNCTION) {
      stack.push({ node, total: 0, nest: 0 });
    }
    if ((info & F_COGNITIVE) === 0) return true;
    switch (node.type) {
      case 'IfStatement': {
        if (parent?.type === 'IfStatement' && key === 'alternate') this.plain();
        else this.structural();
        if (node.consequent) nestingNodes.add(node.consequent);
        if (node.alternate && node.alternate.type !== 'IfStatement') {
          nestingNodes.add(node.alternate);
          this.plain();
        }
        break;
      }
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'DoWhileStatement':
      case 'WhileStatement':
      case 'CatchClause':
        this.structural();
        if (node.body) nestingNodes.add(node.body);
        break;
      case 'SwitchStatement':
        this.structural();
        for (const c of node.cases as BNode[]) nestingNodes.add(c);
        break;
      case 'ContinueStatement':
      case 'BreakStatement':
        if (node.label) this.plain();
        break;
      case 'ConditionalExpression':
        this.structural();
        nestingNodes.add(node.consequent);
        nestingNodes.add(node.alternate);
        break;
      case 'LogicalExpression': {
        const jsx = jsxShortCircuitNodes(node, parent);
        if (jsx !== null) {
          for (const n of jsx) considered.add(n);
          break;
        }
        if (!considered.has(node)) {
          const flat = flattenLogical(node);
          let previous: BNode | undefined;
          for (const current of flat) {
            considered.add(current);
            if (current.operator !== '||' && current.operator !== '??' && (!previous || previous.operator !== current.operator)) {
              this.plain();
            }
            previous = current;
          }
        }
        break;
      }
      default:
        break;
    }
    return true;
  }

  exit(node: BNode, _parent: BNode | null, _key: string, _state: true, info: number): void {
    const { stack, nestingNodes, pushedMethods } = this;
    // '*:exit' (fires before ':function:exit').
    if (nestingNodes.size > 0 && nestingNodes.delete(node)) {
      const f = stack[stack.length - 1];
      if (f) f.nest--;
    }
    if (this.considered.size > 0) this.considered.delete(node);
    if ((info & F_FUNCTION) !== 0) {
      if ((info & F_METHOD) !== 0 && !pushedMethods.has(node)) {
        this.result.set(node, 0);
        return;
      }
      pushedMethods.delete(node);
      const f = stack.pop();
      if (f) this.result.set(f.node, f.total);
    }
  }
}

export function computeCognitive(ast: BNode): Map<BNode, number> {
  const pass = new CognitivePass();
  walk(ast, [pass], [pass.root]);
  return pass.result;
}
