import { createRequire } from 'node:module';
import { liveTreeBytes } from '../languages/python/tree-memory.js';

/**
 * How much tree-sitter native memory a grading thread lets pile up before it asks V8 for a full
 * collection (issue 19). V8 frees a tree only in a full collection and schedules those by its own
 * heap, which does not count the trees (languages/python/tree-memory.ts): on the stdlib 1–3 MB of
 * source (25–75 MB of trees) waits between two of V8's own, and when one comes late (it grew the
 * heap's limit while a large file was alive) the rest of the run's trees wait too: one stdlib run
 * in four peaked at 510 MB instead of 250–270. The budget is above what V8's own collections leave
 * in a normal run, so it costs nothing there: a forced collection is atomic, and more than a few per
 * run cost CPU (35–40% with one per 24 MB of trees; bench/speed/RESULTS.md).
 */
export const TREE_BYTES_BUDGET = 64 * 1024 * 1024;

let collect: (() => void) | undefined;
/** Live tree bytes when this thread last forced a collection, or fewer once their finalizers ran. */
let floor = 0;

/**
 * V8's full collection, from its `gc` extension: turned on for one new context and off again, so
 * the flags are those the code cache was made under (bin/toasty.js) for every file loaded later.
 */
function fullCollection(): () => void {
  const own = (globalThis as { gc?: () => void }).gc;
  if (typeof own === 'function') return own;
  const require = createRequire(import.meta.url);
  const v8 = require('node:v8') as typeof import('node:v8');
  const vm = require('node:vm') as typeof import('node:vm');
  v8.setFlagsFromString('--expose-gc');
  try {
    return vm.runInNewContext('gc') as () => void;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}

/**
 * After a file: a full collection when the trees not collected yet exceed the budget. The trees a
 * forced collection frees are counted off only when their finalizers have run (the event loop must
 * turn), so the next one waits for a budget's worth more.
 */
export function collectTreesWhenDue(budget = TREE_BYTES_BUDGET): void {
  const live = liveTreeBytes();
  if (live < floor) floor = live;
  if (live - floor <= budget) return;
  collect ??= fullCollection();
  collect();
  floor = live;
}
