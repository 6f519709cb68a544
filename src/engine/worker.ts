import { serialize } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import type { ResolvedConfig } from '../config/types.js';
import type { DiscoveredFile } from '../discovery/walk.js';
import type { GradeOutcome } from '../model/results.js';
import { installClock, startTask } from '../plugins/clock.js';
import { RuleResolver } from './active-rules.js';
import { gradeFile } from './grade-file.js';
import { loadRuleSet } from './registry.js';
import type { RuleFailure } from './run-rules.js';
import { collectTreesWhenDue } from './tree-budget.js';

interface Init {
  config: ResolvedConfig;
  runId: string;
  /** The plugin clock the main thread watches (runs with plugins). */
  clock: SharedArrayBuffer | null;
}

const { config, runId, clock } = workerData as Init;
if (clock) installClock(clock);
// The main thread already validated the same rule set, so this cannot fail on user input.
const { rules } = await loadRuleSet(config);
const resolver = new RuleResolver(rules, config);

/** Serialized here and handed over (not copied): the main thread keeps the bytes, not a graph of objects, until every thread has stopped (see `gradeOnWorkers`). */
function answer(index: number, outcome: GradeOutcome): void {
  const packed = serialize(outcome);
  const whole = packed.byteOffset === 0 && packed.byteLength === packed.buffer.byteLength;
  parentPort!.postMessage({ index, packed }, whole ? [packed.buffer] : []);
}

const failed = (index: number, error: Error) => parentPort!.postMessage({ index, error: `${error.message}\n${error.stack ?? ''}` });

/** Claims files from the shared counter until none is left (runs without plugins: no file is ever taken back). */
async function claim(files: readonly DiscoveredFile[], next: Int32Array): Promise<void> {
  for (;;) {
    const index = Atomics.add(next, 0, 1);
    if (index >= files.length) return;
    try {
      answer(index, await gradeFile(files[index]!, runId, config, resolver));
    } catch (error) {
      return failed(index, error as Error);
    }
    // N-API finalizers (tree-sitter trees) run only when the event loop turns.
    await new Promise<void>((resolve) => setImmediate(resolve));
    collectTreesWhenDue();
  }
}

type Message = { index: number; file: DiscoveredFile; stopped?: RuleFailure[] } | { files: DiscoveredFile[]; next: Int32Array };

parentPort!.on('message', (task: Message) => {
  if ('files' in task) return void claim(task.files, task.next);
  startTask(task.index);
  gradeFile(task.file, runId, config, resolver, task.stopped).then(
    (outcome) => answer(task.index, outcome),
    (error: Error) => failed(task.index, error),
  );
});
