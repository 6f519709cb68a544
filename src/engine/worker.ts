import { parentPort, workerData } from 'node:worker_threads';
import type { ResolvedConfig } from '../config/types.js';
import type { DiscoveredFile } from '../discovery/walk.js';
import { loadRuleSet } from '../rules-yaml/index.js';
import { RuleResolver } from './active-rules.js';
import { gradeFile } from './grade-file.js';

interface Init {
  config: ResolvedConfig;
  runId: string;
}

const { config, runId } = workerData as Init;
// The main thread already validated the same rule set, so this cannot fail on user input.
const { rules } = await loadRuleSet(config);
const resolver = new RuleResolver(rules, config);

parentPort!.on('message', (task: { index: number; file: DiscoveredFile }) => {
  gradeFile(task.file, runId, config, resolver).then(
    (outcome) => parentPort!.postMessage({ index: task.index, outcome }),
    (error: Error) => parentPort!.postMessage({ index: task.index, error: `${error.message}\n${error.stack ?? ''}` }),
  );
});
