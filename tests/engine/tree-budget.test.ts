import { describe, expect, it } from 'vitest';
import { collectTreesWhenDue } from '../../src/engine/tree-budget.js';
import { parsePythonFile } from '../../src/languages/python/index.js';
import { parsePython } from '../../src/languages/python/parse.js';
import { TREE_BYTES_PER_CHAR, liveTreeBytes } from '../../src/languages/python/tree-memory.js';
import { pythonTree } from '../../src/yaml-rules/syntax.js';

const source = (n: number) =>
  Array.from({ length: n }, (_, i) => `def f${i}(a, b):\n    if a > b:\n        return a - b\n    return [x * 2 for x in range(b)]\n`).join(
    '',
  );

/** Lets the event loop turn `times` times: N-API finalizers and FinalizationRegistry callbacks run between turns. */
async function turns(times: number): Promise<void> {
  for (let i = 0; i < times; i++) await new Promise<void>((resolve) => setTimeout(resolve, 1));
}

// Only node-tree-sitter's trees outlive a parse: the front-end's own addon frees its tree before it
// returns (flat-parse.ts). They are made by the cursor conversion (without the addon) and by a YAML
// query outside the bundled subset (yaml-rules/syntax.ts).
describe('the native memory of tree-sitter trees (issue 19: peak RSS)', () => {
  it('counts each parsed tree by its source until V8 collects it', () => {
    const text = source(50);
    const before = liveTreeBytes();
    const { tree } = parsePython(text, 'cursor');
    expect(tree).toBeDefined();
    expect(liveTreeBytes() - before).toBe(text.length * TREE_BYTES_PER_CHAR);
  });

  it('counts the tree a YAML query parses for a file whose front-end kept none', () => {
    const text = source(30);
    const file = parsePythonFile('m.py', text);
    expect(file.syntax).toMatchObject({ kind: 'tree-sitter', tree: undefined });
    const before = liveTreeBytes();
    expect(pythonTree(file).rootNode.type).toBe('module');
    expect(liveTreeBytes() - before).toBe(text.length * TREE_BYTES_PER_CHAR);
    // Parsed once per file: the second query reads the same tree.
    expect(pythonTree(file)).toBe(pythonTree(file));
    expect(liveTreeBytes() - before).toBe(text.length * TREE_BYTES_PER_CHAR);
  });

  it('frees the trees of graded files with a full collection once they pass the budget', async () => {
    const text = source(200);
    const graded = Array.from({ length: 20 }, () => parsePython(text, 'cursor'));
    const parsed = 20 * text.length * TREE_BYTES_PER_CHAR;
    const live = liveTreeBytes();
    expect(live).toBeGreaterThanOrEqual(parsed);
    // The files are done with. Left to V8, their trees would wait for its next full collection: the
    // young generation's collections keep them (the binding's wrappers survive a scavenge).
    graded.length = 0;
    collectTreesWhenDue(parsed / 2);
    for (let i = 0; i < 50 && liveTreeBytes() > live - parsed; i++) await turns(1);
    expect(liveTreeBytes()).toBeLessThanOrEqual(live - parsed);
  });
});
