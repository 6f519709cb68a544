import { Worker } from 'node:worker_threads';
import type { ResolvedConfig } from '../config/types.js';
import type { DiscoveredFile } from '../discovery/walk.js';
import type { RuleResolver } from './active-rules.js';
import { gradeFile, type GradeOutcome } from './grade-file.js';

/** Below this many files per extra worker, threads cost more to start than they save. */
const FILES_PER_WORKER = 24;

/**
 * Stack of a grading thread. Parsers recurse on nesting: on the main thread's ~1 MB V8 stack Babel
 * gives up at about 1,000 nested `if`s or a 5,000-term `a + b + …`; with 64 MB it parses them.
 * Only touched pages cost memory.
 */
const WORKER_STACK_MB = 64;

export type Progress = (done: number, total: number) => void;

/** Worker threads run the compiled JS; under a TS loader (tests) grading stays in-process. */
const workerUrl = new URL('./worker.js', import.meta.url);
const canUseWorkers = !import.meta.url.endsWith('.ts');

function startWorker(config: ResolvedConfig, runId: string): Worker {
  return new Worker(workerUrl, { workerData: { config, runId }, resourceLimits: { stackSizeMb: WORKER_STACK_MB } });
}

/** One file on a fresh grading thread. */
function gradeInWorker(file: DiscoveredFile, runId: string, config: ResolvedConfig): Promise<GradeOutcome> {
  return new Promise<GradeOutcome>((resolve, reject) => {
    const worker = startWorker(config, runId);
    worker.on('message', (msg: { outcome?: GradeOutcome; error?: string }) => {
      void worker.terminate();
      if (msg.error !== undefined) reject(new Error(`grading ${file.path} failed: ${msg.error}`));
      else resolve(msg.outcome!);
    });
    worker.on('error', reject);
    worker.postMessage({ index: 0, file });
  });
}

/**
 * Grades every file, in worker threads when it pays. Results come back in the
 * input order whatever the scheduling, so output never depends on --jobs.
 */
export async function gradeAll(
  files: readonly DiscoveredFile[],
  runId: string,
  config: ResolvedConfig,
  resolver: RuleResolver,
  jobs: number,
  progress?: Progress,
): Promise<GradeOutcome[]> {
  const outcomes: GradeOutcome[] = new Array(files.length);
  const workers = canUseWorkers ? Math.min(jobs, Math.floor(files.length / FILES_PER_WORKER)) : 0;
  let done = 0;
  if (workers <= 1) {
    for (let i = 0; i < files.length; i++) {
      outcomes[i] = await gradeFile(files[i]!, runId, config, resolver);
      // Same result whatever the number of files: a file too deep for this thread's stack is graded
      // again on a grading thread's stack, as it would have been with workers.
      if (outcomes[i]!.nestedTooDeep && canUseWorkers) outcomes[i] = await gradeInWorker(files[i]!, runId, config);
      progress?.(++done, files.length);
      // Native memory (tree-sitter trees, about 20 bytes per source byte) is released by N-API
      // finalizers, which run only when the event loop turns: without this, a long in-process
      // run holds every tree it ever parsed (stdlib: 620 MB peak RSS instead of about 250 MB).
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return outcomes;
  }
  let next = 0;
  await Promise.all(
    Array.from(
      { length: workers },
      () =>
        new Promise<void>((resolve, reject) => {
          const worker = startWorker(config, runId);
          const feed = (): void => {
            if (next >= files.length) {
              void worker.terminate().then(() => resolve());
              return;
            }
            const index = next++;
            worker.postMessage({ index, file: files[index] });
          };
          worker.on('message', (msg: { index: number; outcome?: GradeOutcome; error?: string }) => {
            if (msg.error !== undefined) {
              void worker.terminate();
              reject(new Error(`grading ${files[msg.index]?.path} failed: ${msg.error}`));
              return;
            }
            outcomes[msg.index] = msg.outcome!;
            progress?.(++done, files.length);
            feed();
          });
          worker.on('error', reject);
          feed();
        }),
    ),
  );
  return outcomes;
}
