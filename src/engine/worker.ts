import { serialize } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import type { ResolvedConfig } from '../config/types.js';
import type { DiscoveredFile } from '../discovery/walk.js';
import { installClock, startTask } from '../plugins/clock.js';
import { RuleResolver } from './active-rules.js';
import { gradeFile } from './grade-file.js';
import { loadRuleSet } from './registry.js';
import type { RuleFailure } from './run-rules.js';

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

parentPort!.on('message', (task: { index: number; file: DiscoveredFile; stopped?: RuleFailure[] }) => {
  startTask(task.index);
  gradeFile(task.file, runId, config, resolver, task.stopped).then(
    (outcome) => {
      // Serialized here and handed over (not copied): the main thread keeps the bytes, not a graph of
      // objects, until every thread has stopped (see `gradeOnWorkers`).
      const packed = serialize(outcome);
      const whole = packed.byteOffset === 0 && packed.byteLength === packed.buffer.byteLength;
      parentPort!.postMessage({ index: task.index, packed }, whole ? [packed.buffer] : []);
    },
    (error: Error) => parentPort!.postMessage({ index: task.index, error: `${error.message}\n${error.stack ?? ''}` }),
  );
});
