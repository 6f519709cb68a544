import { parentPort, workerData } from 'node:worker_threads';
import type { ResolvedConfig } from '../config/types.js';
import type { DiscoveredFile } from '../discovery/walk.js';
import { BUILTIN_RULES } from '../graders/index.js';
import { RuleResolver } from './active-rules.js';
import { gradeFile } from './grade-file.js';

interface Init {
  config: ResolvedConfig;
  runId: string;
}

const { config, runId } = workerData as Init;
const resolver = new RuleResolver(BUILTIN_RULES, config);

parentPort!.on('message', (task: { index: number; file: DiscoveredFile }) => {
  gradeFile(task.file, runId, config, resolver).then(
    (outcome) => parentPort!.postMessage({ index: task.index, outcome }),
    (error: Error) => parentPort!.postMessage({ index: task.index, error: `${error.message}\n${error.stack ?? ''}` }),
  );
});
