/**
 * Milliseconds on the process's monotonic clock (the same on every thread), for durations and
 * deadlines: differences of `Date.now()` go negative or stall when the wall clock is stepped (NTP).
 * `process.hrtime` rather than the global `performance`, whose first use loads `perf_hooks` (a few
 * ms of every run's start-up, issue 19).
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
