/**
 * How much native memory the tree-sitter trees of this thread hold, as V8 cannot tell (issue 19).
 *
 * A tree's nodes live in native memory, about 24 bytes per source character, that V8 does not
 * count: it is freed only when V8 collects the tree's small JS object. That object always survives
 * the young generation's collections (the binding adds properties to it, and V8 keeps such a
 * wrapper alive through a scavenge), so every tree waits for a full collection, however soon its
 * file is done with. V8 schedules those by the size of its own heap: when one comes late, the
 * trees parsed in between pile up (a stdlib run once peaked at 510 MB). The grading loop reads
 * `liveTreeBytes()` and asks for a full collection past a budget (engine/pool.ts).
 *
 * No import here: the grading loop reads it without loading tree-sitter.
 */

/** Native bytes of a tree per source character (tree-sitter-python, measured on the stdlib: 23–26). */
export const TREE_BYTES_PER_CHAR = 24;

let liveChars = 0;
const freed = new FinalizationRegistry<number>((chars) => {
  liveChars -= chars;
});

/** Counts `tree`, parsed from `chars` characters, until V8 collects it. */
export function trackTree(tree: object, chars: number): void {
  liveChars += chars;
  freed.register(tree, chars);
}

/** Estimated native bytes of the trees parsed on this thread and not collected yet. */
export function liveTreeBytes(): number {
  return liveChars * TREE_BYTES_PER_CHAR;
}
