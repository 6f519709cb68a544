import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import type * as V8 from 'node:v8';
import type { Worker } from 'node:worker_threads';
import type * as WorkerThreads from 'node:worker_threads';
import type { ResolvedConfig } from '../config/types.js';
import { isGraded, languagesGraded, type DiscoveredFile } from '../discovery/walk.js';
import type { GradeOutcome } from '../model/results.js';
import { CLOCK_BYTES, overBudget, pluginRuleOf } from '../plugins/clock.js';
import type { RuleResolver } from './active-rules.js';
import { loadAdapter } from '../languages/registry.js';
import { gradeFile, type ReadBytes } from './grade-file.js';
import { ReadAhead, readNow, takeKnown } from './read-ahead.js';
import type { RuleFailure } from './run-rules.js';
import { collectTreesWhenDue } from './tree-budget.js';

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

/**
 * `node:worker_threads` and `node:v8`, loaded with the first grading thread: with what they bring
 * (the worker's messaging, performance and serialization internals) they cost about 5 ms of a
 * one-file run's start-up, which grades on this thread (issue 19).
 */
let loaded: { threads: typeof WorkerThreads; v8: typeof V8 } | undefined;
function threading(): { threads: typeof WorkerThreads; v8: typeof V8 } {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    loaded = { threads: require('node:worker_threads') as typeof WorkerThreads, v8: require('node:v8') as typeof V8 };
  }
  return loaded;
}
const serialize = (value: unknown): Buffer => threading().v8.serialize(value);
const deserialize = (bytes: Uint8Array): unknown => threading().v8.deserialize(bytes);

function startWorker(config: ResolvedConfig, runId: string, clock: SharedArrayBuffer | null = null): Worker {
  return new (threading().threads.Worker)(workerUrl, {
    workerData: { config, runId, clock },
    resourceLimits: { stackSizeMb: WORKER_STACK_MB },
  });
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

/**
 * How far V8 lets a heap grow past what its last full collection left alive, while this thread and
 * its grading threads grade at once: 3× (`--heap-growing-percent=200`) instead of V8's adaptive
 * factor (up to 4×). Each isolate's heap otherwise keeps 40–60 MB of slack above its live data, and
 * with two isolates that slack is what put a stdlib run's peak RSS over 300 MB (issue 19). 1.5×
 * and 2× saved more memory but cost CPU, up to 20–30% in some runs (bench/speed/RESULTS.md). The
 * flag is read at every collection, so it applies to this thread's heap from here on and to the threads'.
 */
const HEAP_GROWING_PERCENT = 200;

/**
 * When this thread grades a large run alone (one lane: the default on two cores), its heap grows
 * at most 2× past what a full collection left alive (`--heap-growing-percent=100`). V8's own factor
 * goes up to 4×, more on a quiet machine (it grows faster when its collections are fast): a full
 * collection that came while a large file was alive then set a limit that kept the next one away
 * for the rest of the run, and the heap grew to 150–180 MB over 30–40 MB of live data (stdlib peak
 * RSS 250–300 MB, once 510 MB with the trees, engine/tree-budget.ts). At 2× the stdlib peaks at
 * 205–235 MB for 0–2.5% more CPU in interleaved runs (3×: 236–277 MB; bench/speed/RESULTS.md).
 * The outcomes this thread keeps are most of what it holds alive, so more collections cost little.
 */
const ONE_LANE_GROWING_PERCENT = 100;

/**
 * Below this much Python source (urllib3 is 0.36 MB), a one-lane run keeps V8's own growth: its heap
 * stays small anyway. Only Python counts: the bound was made for the tree-sitter trees V8 does not
 * see; with toasty's parse addon no tree outlives its parse, and the bound still keeps the stdlib's
 * peak at 197 MB against 238 MB without it, for the same CPU (ninth session). A JS/TS run's memory
 * is all V8's own, and V8's growth keeps its peak near 300 MB on the JS/TS corpus (eighth session).
 */
const ONE_LANE_BOUND_BYTES = 1024 * 1024;

/**
 * Sets V8's heap growth (0: its own). V8 takes a code cache only under the flags it was made with, so
 * a bundle file loaded while the flag is set compiles from its source (bin/toasty.js): the one-lane
 * bound is set once the first file is graded (its front-end, rules and neural code are loaded by
 * then, and the run's other front-ends before it) and unset when grading ends (the report and the
 * store load after). With grading threads, this thread's front-ends load before the bound.
 */
function boundHeaps(percent = HEAP_GROWING_PERCENT): void {
  threading().v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}

interface Task {
  index: number;
  /** Plugin rules stopped on this file, with the reason. */
  stopped: RuleFailure[];
}

interface Lane {
  worker: Worker;
  clock: SharedArrayBuffer | null;
  /** The files sent to the thread and not answered yet, oldest first (a thread grades them in order). */
  tasks: Task[];
}

/** How often the main thread looks at the plugin clocks: a tenth of the budget, within 10–100 ms. */
function watchInterval(budgetMs: number): number {
  return Math.min(100, Math.max(10, Math.round(budgetMs / 10)));
}

/**
 * Grades the files on `count` worker threads and, with `local` (runs without plugins), on this
 * thread too: one isolate fewer for the same parallelism (an isolate is ~40 MB before it grades
 * anything, and its heap's slack grows to 80–150 MB over a large run). With plugins, every thread has a plugin clock: a
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
  local?: RuleResolver,
  known?: (ReadBytes | undefined)[],
): Promise<GradeOutcome[]> {
  boundHeaps();
  // Each outcome stays as the bytes its thread serialized until the threads have stopped: a graph of
  // objects per file would grow this thread's heap (and V8's slack above it) by about 50 MB on the
  // stdlib while both grading threads are at their peak; the bytes are a fraction of that.
  const packed: (Uint8Array | null)[] = new Array(files.length).fill(null);
  const queue: Task[] = files.map((_, index) => ({ index, stopped: [] }));
  const budget = config.plugins.length ? config.pluginTimeout : null;
  // This thread's lane and the threads claim files from one shared counter, so that no thread waits
  // for this one to hand it work (this thread answers messages only between its own files).
  const next = local ? new Int32Array(new SharedArrayBuffer(4)) : null;
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
      while (lane.tasks.length < 1) {
        const task = queue.shift();
        if (!task) break;
        for (const rule of stoppedRules) if (!task.stopped.some((s) => s.ruleId === rule.ruleId)) task.stopped.push(rule);
        lane.tasks.push(task);
        lane.worker.postMessage({ index: task.index, file: files[task.index], stopped: task.stopped });
      }
      if (done === files.length) finish();
    };
    const start = (): Lane => {
      const clock = budget === null ? null : new SharedArrayBuffer(CLOCK_BYTES);
      const lane: Lane = { worker: startWorker(config, runId, clock), clock, tasks: [] };
      lane.worker.on('message', (msg: { index: number; packed?: Uint8Array; error?: string }) => {
        if (settled || (!next && lane.tasks[0]?.index !== msg.index)) return; // a message from a thread just stopped
        if (msg.error !== undefined) return finish(new Error(`grading ${files[msg.index]?.path} failed: ${msg.error}`));
        packed[msg.index] = msg.packed!;
        takeKnown(known, msg.index); // graded by the thread, which read the file itself
        lane.tasks.shift();
        done += 1; // not inside `progress?.(…)`: without a progress callback it would never count
        progress?.(done, files.length);
        if (!next) feed(lane);
        else if (done === files.length) finish();
      });
      lane.worker.on('error', (error) => finish(error));
      return lane;
    };
    const stopOverBudget = (lane: Lane, i: number): void => {
      const task = lane.tasks[0];
      if (!task || !lane.clock || budget === null) return;
      const code = overBudget(lane.clock, task.index, budget);
      if (code === null) return;
      lane.tasks = [];
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
    /** This thread's lane: takes the next file whenever it is free, as the threads do. */
    const gradeHere = async (resolver: RuleResolver): Promise<void> => {
      for (;;) {
        // Yield first: the threads' answers (and N-API finalizers freeing tree-sitter trees) run here.
        await new Promise<void>((resolve) => setImmediate(resolve));
        collectTreesWhenDue();
        const index = Atomics.add(next!, 0, 1);
        if (index >= files.length || settled) return;
        const file = files[index]!;
        let outcome = await gradeFile(file, runId, config, resolver, [], readNow(file, config, takeKnown(known, index)));
        // As in-process grading: a file too deep for this thread's stack is graded on a thread's stack.
        if (outcome.nestedTooDeep) outcome = await gradeInWorker(file, runId, config);
        if (settled) return;
        packed[index] = serialize(outcome);
        done += 1;
        progress?.(done, files.length);
        if (done === files.length) finish();
      }
    };
    if (budget !== null) timer = setInterval(() => lanes.forEach(stopOverBudget), watchInterval(budget));
    for (let i = 0; i < count; i++) lanes.push(start());
    for (const lane of [...lanes]) {
      if (next) lane.worker.postMessage({ files, next });
      else feed(lane);
    }
    if (local) void gradeHere(local).catch((error: Error) => finish(error));
  });
}

/** Every front-end the run needs (a JS file first would leave Python's to load with the heap bound set). */
async function loadFrontEnds(files: readonly DiscoveredFile[]): Promise<void> {
  await Promise.all([...languagesGraded(files)].map((language) => loadAdapter(language)));
}

/** The files a run grades (skipped ones do not count), their bytes of source, and how many of those are Python. */
function workload(files: readonly Pick<DiscoveredFile, 'size' | 'skipReason' | 'language'>[]): {
  count: number;
  bytes: number;
  pythonBytes: number;
} {
  let count = 0;
  let bytes = 0;
  let pythonBytes = 0;
  for (const f of files) {
    if (!isGraded(f)) continue;
    count += 1;
    bytes += f.size;
    if (f.language === 'python') pythonBytes += f.size;
  }
  return { count, bytes, pythonBytes };
}

/**
 * The lanes a grade of `files` uses without `--jobs`: one per core when most of its source is
 * JS/TS, one fewer when most is Python. A Python file's parse runs on a libuv thread (the addon,
 * one parse at a time), which keeps another core busy, and V8's collector threads take the rest;
 * Babel parses on the lane itself, so a JS/TS run leaves a core mostly idle. On the 2-core
 * reference machine a second lane made the JS/TS corpus 15% faster (wall) for 22% more CPU and
 * 40 MB, while on the standard library it bought 2% for 19% more CPU and 50 MB
 * (bench/speed/RESULTS.md, eleventh and twelfth sessions).
 */
export function defaultLanes(files: readonly Pick<DiscoveredFile, 'size' | 'skipReason' | 'language'>[], cores: number): number {
  return lanesFor(workload(files), cores);
}

function lanesFor({ bytes, pythonBytes }: { bytes: number; pythonBytes: number }, cores: number): number {
  return Math.max(1, pythonBytes * 2 >= bytes ? cores - 1 : cores);
}

/**
 * How many lanes grade a run of `files` in parallel with `--jobs jobs` (null: `defaultLanes` on
 * `cores`): none (grade in this thread alone) unless at least two have enough work —
 * `FILES_PER_WORKER` files and `BYTES_PER_WORKER` bytes of source each (skipped files do not count) —
 * and at least one when plugins run (`isolated`), so that a plugin rule that never returns can be
 * stopped. Without plugins this thread is one of the lanes (`gradeAll` starts one grading thread
 * fewer); with them every lane is a thread.
 */
export function workerCount(
  files: readonly Pick<DiscoveredFile, 'size' | 'skipReason' | 'language'>[],
  jobs: number | null,
  isolated: boolean,
  cores: number = availableParallelism(),
): number {
  const load = workload(files);
  const { count, bytes } = load;
  const lanes = jobs ?? lanesFor(load, cores);
  const fit = Math.min(lanes, Math.floor(count / FILES_PER_WORKER), Math.floor(bytes / BYTES_PER_WORKER));
  if (isolated) return Math.max(1, fit);
  return fit > 1 ? fit : 0;
}

/**
 * Grades every file, in worker threads when it pays, and always with plugins (so that a plugin
 * rule that never returns can be stopped). Results come back in the input order whatever the
 * scheduling, so output never depends on --jobs. `known`: bytes the run already read for some files
 * (by index; engine/run.ts), graded instead of reading those files again where this thread grades
 * them; each is let go once its file is graded.
 */
export async function gradeAll(
  files: readonly DiscoveredFile[],
  runId: string,
  config: ResolvedConfig,
  resolver: RuleResolver,
  jobs: number | null,
  progress?: Progress,
  known?: (ReadBytes | undefined)[],
): Promise<GradeOutcome[]> {
  const isolated = config.plugins.length > 0 && files.length > 0;
  const workers = canUseWorkers ? workerCount(files, jobs, isolated) : 0;
  // Without plugins this thread is one of the lanes; with them every file is graded on a thread
  // that can be stopped.
  // This thread grades too: its front-ends load before the heap bound is set (see `boundHeaps`).
  if (workers > 0 && !isolated) await loadFrontEnds(files);
  if (workers > 0 && isolated) known?.fill(undefined); // every file is read on a thread
  if (workers > 0)
    return isolated
      ? gradeOnWorkers(files, runId, config, workers, progress)
      : gradeOnWorkers(files, runId, config, workers - 1, progress, resolver, known);
  const bound = workload(files).pythonBytes >= ONE_LANE_BOUND_BYTES;
  if (bound) await loadFrontEnds(files);
  const outcomes: GradeOutcome[] = new Array(files.length);
  let done = 0;
  const ahead = new ReadAhead(files, config, known);
  for (let i = 0; i < files.length; i++) {
    const read = await ahead.take(i);
    outcomes[i] = await gradeFile(files[i]!, runId, config, resolver, [], read);
    if (bound && i === 0) boundHeaps(ONE_LANE_GROWING_PERCENT);
    // Same result whatever the number of files: a file too deep for this thread's stack is graded
    // again on a grading thread's stack, as it would have been with workers.
    if (outcomes[i]!.nestedTooDeep && canUseWorkers) outcomes[i] = await gradeInWorker(files[i]!, runId, config);
    progress?.(++done, files.length);
    // Native memory (tree-sitter trees, about 20 bytes per source byte) is released by N-API
    // finalizers, which run only when the event loop turns: without this, a long in-process
    // run holds every tree it ever parsed (stdlib: 620 MB peak RSS instead of about 250 MB).
    await new Promise<void>((resolve) => setImmediate(resolve));
    collectTreesWhenDue();
  }
  if (bound) boundHeaps(0);
  return outcomes;
}
