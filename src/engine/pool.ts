import { deserialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { ResolvedConfig } from '../config/types.js';
import type { DiscoveredFile } from '../discovery/walk.js';
import type { GradeOutcome } from '../model/results.js';
import { CLOCK_BYTES, overBudget, pluginRuleOf } from '../plugins/clock.js';
import type { RuleResolver } from './active-rules.js';
import { gradeFile } from './grade-file.js';
import type { RuleFailure } from './run-rules.js';

/**
 * Below this many files, or this many source bytes, per worker, threads cost more than they save: a
 * grading thread costs about 0.2 s of CPU to start (its isolate, modules, the rule set, compiling
 * the hot code again) and 40–100 MB of memory at its peak; 64 KB of source is about 0.1 s of grading.
 */
const FILES_PER_WORKER = 24;
const BYTES_PER_WORKER = 64 * 1024;

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

function startWorker(config: ResolvedConfig, runId: string, clock: SharedArrayBuffer | null = null): Worker {
  return new Worker(workerUrl, { workerData: { config, runId, clock }, resourceLimits: { stackSizeMb: WORKER_STACK_MB } });
}

/** One file on a fresh grading thread. */
function gradeInWorker(file: DiscoveredFile, runId: string, config: ResolvedConfig): Promise<GradeOutcome> {
  return new Promise<GradeOutcome>((resolve, reject) => {
    const worker = startWorker(config, runId);
    worker.on('message', (msg: { packed?: Uint8Array; error?: string }) => {
      void worker.terminate();
      if (msg.error !== undefined) reject(new Error(`grading ${file.path} failed: ${msg.error}`));
      else resolve(deserialize(msg.packed!) as GradeOutcome);
    });
    worker.on('error', reject);
    worker.postMessage({ index: 0, file });
  });
}

interface Task {
  index: number;
  /** Plugin rules stopped on this file, with the reason. */
  stopped: RuleFailure[];
}

interface Lane {
  worker: Worker;
  clock: SharedArrayBuffer | null;
  task: Task | null;
}

/** How often the main thread looks at the plugin clocks: a tenth of the budget, within 10–100 ms. */
function watchInterval(budgetMs: number): number {
  return Math.min(100, Math.max(10, Math.round(budgetMs / 10)));
}

/**
 * Grades the files on `count` worker threads. With plugins, every thread has a plugin clock: a
 * plugin rule past `config.pluginTimeout` ms on one file gets its thread terminated, and the
 * file is graded again on a fresh thread without that rule (reported as `internal-rule-error`
 * naming the plugin). The rule is then not run on the files still waiting either: a rule that
 * loops once usually loops on every file, and each try would cost the whole budget.
 */
function gradeOnWorkers(
  files: readonly DiscoveredFile[],
  runId: string,
  config: ResolvedConfig,
  count: number,
  progress?: Progress,
): Promise<GradeOutcome[]> {
  // Each outcome stays as the bytes its thread serialized until the threads have stopped: a graph of
  // objects per file would grow this thread's heap (and V8's slack above it) by about 50 MB on the
  // stdlib while both grading threads are at their peak; the bytes are a fraction of that.
  const packed: (Uint8Array | null)[] = new Array(files.length).fill(null);
  const queue: Task[] = files.map((_, index) => ({ index, stopped: [] }));
  const budget = config.plugins.length ? config.pluginTimeout : null;
  /** Plugin rules stopped so far: not run on the files still to grade. */
  const stoppedRules: RuleFailure[] = [];
  let done = 0;
  return new Promise<GradeOutcome[]>((resolve, reject) => {
    const lanes: Lane[] = [];
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      void Promise.all(lanes.map((l) => l.worker.terminate())).then(() => {
        if (error) return reject(error);
        const outcomes: GradeOutcome[] = new Array(files.length);
        for (let i = 0; i < files.length; i++) {
          outcomes[i] = deserialize(packed[i]!) as GradeOutcome;
          packed[i] = null;
        }
        resolve(outcomes);
      });
    };
    const feed = (lane: Lane): void => {
      const task = queue.shift();
      if (!task) {
        if (done === files.length) finish();
        return;
      }
      for (const rule of stoppedRules) if (!task.stopped.some((s) => s.ruleId === rule.ruleId)) task.stopped.push(rule);
      lane.task = task;
      lane.worker.postMessage({ index: task.index, file: files[task.index], stopped: task.stopped });
    };
    const start = (): Lane => {
      const clock = budget === null ? null : new SharedArrayBuffer(CLOCK_BYTES);
      const lane: Lane = { worker: startWorker(config, runId, clock), clock, task: null };
      lane.worker.on('message', (msg: { index: number; packed?: Uint8Array; error?: string }) => {
        if (settled || lane.task?.index !== msg.index) return; // a message from a thread just stopped
        if (msg.error !== undefined) return finish(new Error(`grading ${files[msg.index]?.path} failed: ${msg.error}`));
        packed[msg.index] = msg.packed!;
        lane.task = null;
        done += 1; // not inside `progress?.(…)`: without a progress callback it would never count
        progress?.(done, files.length);
        feed(lane);
      });
      lane.worker.on('error', (error) => finish(error));
      return lane;
    };
    const stopOverBudget = (lane: Lane, i: number): void => {
      if (!lane.task || !lane.clock || budget === null) return;
      const code = overBudget(lane.clock, lane.task.index, budget);
      if (code === null) return;
      const task = lane.task;
      lane.task = null;
      void lane.worker.terminate();
      const rule = pluginRuleOf(code);
      const ruleId = rule?.ruleId ?? `plugin rule #${code}`;
      const path = files[task.index]!.path;
      task.stopped.push({
        ruleId,
        message: `plugin "${rule?.plugin ?? '?'}" did not finish within ${budget} ms on this file and was stopped (pluginTimeout)`,
      });
      if (!stoppedRules.some((s) => s.ruleId === ruleId))
        stoppedRules.push({
          ruleId,
          message: `plugin "${rule?.plugin ?? '?'}" was stopped: it did not finish within ${budget} ms on ${path}`,
        });
      queue.unshift(task);
      lanes[i] = start();
      feed(lanes[i]!);
    };
    if (budget !== null) timer = setInterval(() => lanes.forEach(stopOverBudget), watchInterval(budget));
    for (let i = 0; i < count; i++) lanes.push(start());
    for (const lane of [...lanes]) feed(lane);
  });
}

/**
 * How many grading threads a run of `files` uses with `--jobs jobs`: none (grade in this thread)
 * unless at least two have enough work — `FILES_PER_WORKER` files and `BYTES_PER_WORKER` bytes of
 * source each (skipped files do not count) — and at least one when plugins run (`isolated`), so that
 * a plugin rule that never returns can be stopped.
 */
export function workerCount(
  files: readonly Pick<DiscoveredFile, 'size' | 'skipReason' | 'language'>[],
  jobs: number,
  isolated: boolean,
): number {
  let count = 0;
  let bytes = 0;
  for (const f of files) {
    if (f.skipReason || !f.language) continue;
    count += 1;
    bytes += f.size;
  }
  const fit = Math.min(jobs, Math.floor(count / FILES_PER_WORKER), Math.floor(bytes / BYTES_PER_WORKER));
  if (isolated) return Math.max(1, fit);
  return fit > 1 ? fit : 0;
}

/**
 * Grades every file, in worker threads when it pays, and always with plugins (so that a plugin
 * rule that never returns can be stopped). Results come back in the input order whatever the
 * scheduling, so output never depends on --jobs.
 */
export async function gradeAll(
  files: readonly DiscoveredFile[],
  runId: string,
  config: ResolvedConfig,
  resolver: RuleResolver,
  jobs: number,
  progress?: Progress,
): Promise<GradeOutcome[]> {
  const isolated = config.plugins.length > 0 && files.length > 0;
  const workers = canUseWorkers ? workerCount(files, jobs, isolated) : 0;
  if (workers > 0) return gradeOnWorkers(files, runId, config, workers, progress);
  const outcomes: GradeOutcome[] = new Array(files.length);
  let done = 0;
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
