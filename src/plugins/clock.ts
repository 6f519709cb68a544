import { monotonicMs } from '../util/monotonic.js';

/**
 * The time plugin rules spend on the file being graded, shared between a grading thread (which
 * writes it around every plugin call) and the main thread (which reads it and terminates a
 * thread whose plugin rule ran past the budget). Cooperation is not needed from the plugin: a
 * visitor stuck in `while (true) {}` is stopped by worker termination.
 *
 * Layout (Float64Array over a SharedArrayBuffer):
 *   [0] index of the task (file) in progress, -1 between tasks
 *   [1] ms spent in plugin calls on this task before the current call
 *   [2] when the current plugin call started (ms on the process's monotonic clock), 0 outside plugin calls
 *   [3] code of the plugin rule running now (see pluginRuleCode)
 */
export const CLOCK_BYTES = 4 * Float64Array.BYTES_PER_ELEMENT;

let clock: Float64Array | null = null;
/** Code → "plugin "name", rule id", filled as plugins load (the same on every thread). */
const labels = new Map<number, { plugin: string; ruleId: string }>();

/**
 * Plugin calls are stamped on the process's monotonic clock, which every thread reads alike. Each
 * thread's `performance.now()` counts from that thread's own start and `performance.timeOrigin` is
 * the wall clock read at that start: a wall clock set back between the main thread's start and a
 * grading thread's (NTP stepping it on a freshly booted CI machine) made every plugin call look that
 * much older and stopped it at once; set forward, a plugin that loops would never have been stopped.
 * `performance.now()` (no BigInt per call) is moved onto that clock once, on first use: the global
 * `performance` loads `perf_hooks`, which a run without plugins never needs (issue 19).
 */
let monotonicBase: number | null = null;

function now(): number {
  monotonicBase ??= monotonicMs() - performance.now();
  return monotonicBase + performance.now();
}

/** A number naming one rule of one plugin, the same on every thread (the config lists plugins in order). */
export function pluginRuleCode(pluginIndex: number, ruleIndex: number, plugin: string, ruleId: string): number {
  const code = pluginIndex * 100_000 + ruleIndex + 1;
  labels.set(code, { plugin, ruleId });
  return code;
}

export function pluginRuleOf(code: number): { plugin: string; ruleId: string } | undefined {
  return labels.get(code);
}

/** On a grading thread: the clock the main thread watches. */
export function installClock(buffer: SharedArrayBuffer): void {
  clock = new Float64Array(buffer);
  clock[0] = -1;
}

/** On a grading thread: a new task starts (its plugin time starts at 0). */
export function startTask(index: number): void {
  if (!clock) return;
  clock[1] = 0;
  clock[2] = 0;
  clock[0] = index;
}

/** Runs one call into plugin code, accounted to the task in progress. */
export function timed<T>(code: number, call: () => T): T {
  if (!clock) return call();
  const started = now();
  clock[3] = code;
  clock[2] = started;
  try {
    return call();
  } finally {
    clock[1] = clock[1]! + (now() - started);
    clock[2] = 0;
  }
}

/**
 * On the main thread: the code of the plugin rule that is, right now, past `budgetMs` of plugin
 * time on task `index`, or null.
 */
export function overBudget(buffer: SharedArrayBuffer, index: number, budgetMs: number): number | null {
  const view = new Float64Array(buffer);
  if (view[0] !== index || view[2] === 0) return null;
  return view[1]! + (now() - view[2]!) > budgetMs ? view[3]! : null;
}
