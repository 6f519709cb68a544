/**
 * The preorder the model's walk (walk.ts) records of each Babel tree it walks completely, kept
 * apart from the walk so that the YAML selector matcher (yaml-rules/matchers/selector.ts) can read
 * it without loading the JS front-end's walk and type tables: a run grading only Python files
 * then never loads them (issue 19).
 */

/** The nodes of a walked tree in the walk's order (depth first, children in source order), with their depths (the root's is 0). */
export interface Preorder {
  // Babel nodes (walk.ts `BNode`), read by the selector matcher as its own node type.
  nodes: object[];
  depths: number[];
}

const preorders = new WeakMap<object, Preorder>();

/**
 * Every node under `root` in document order, as the model's walk listed them (so that the YAML
 * selector walk need not list every node's children again), or undefined when no complete walk
 * of `root` recorded one.
 */
export function preorderOf(root: object): Preorder | undefined {
  return preorders.get(root);
}

/** Records the walk's order of `root` (walk.ts), or forgets it (undefined: the walk skipped a subtree). */
export function recordPreorder(root: object, order: Preorder | undefined): void {
  if (order) preorders.set(root, order);
  else preorders.delete(root);
}
