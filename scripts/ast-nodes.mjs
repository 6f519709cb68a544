// Part of the build: a pre-order walk over a Babel AST (scripts/bundle.mjs, scripts/settle-exports.mjs).

/** Calls `visit` on `node` and every node below it, in source order (positions and `extra` are not nodes). */
export function forEachNode(node, visit) {
  if (!node || typeof node.type !== 'string') return;
  visit(node);
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'start' || key === 'end' || key === 'extra') continue;
    const v = node[key];
    if (Array.isArray(v)) for (const item of v) forEachNode(item, visit);
    else if (v && typeof v.type === 'string') forEachNode(v, visit);
  }
}
