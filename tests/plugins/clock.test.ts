import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

// The built module on both sides, as the grading threads run it (the source's `.ts` cannot load in a
// plain worker thread).
const CLOCK = pathToFileURL(resolve('dist/plugins/clock.js')).href;
type Clock = typeof import('../../src/plugins/clock.js');

const HOUR = 3_600_000;

/** Starts a thread whose wall clock is `shift` ms off this one's, inside one plugin call (code 7) on task 0. */
async function threadInCall(shift: number): Promise<{ buffer: SharedArrayBuffer; end: () => Promise<void> }> {
  const { CLOCK_BYTES } = (await import(CLOCK)) as Clock;
  const buffer = new SharedArrayBuffer(CLOCK_BYTES);
  const release = new SharedArrayBuffer(4);
  const worker = new Worker(resolve('tests/fixtures/clock/worker.mjs'), { workerData: { url: CLOCK, buffer, release, shift } });
  await new Promise<void>((ok, fail) => {
    worker.once('message', () => ok());
    worker.once('error', fail);
  });
  const end = async (): Promise<void> => {
    const released = new Int32Array(release);
    Atomics.store(released, 0, 1);
    Atomics.notify(released, 0);
    await new Promise<void>((ok) => worker.once('message', () => ok()));
    await worker.terminate();
  };
  return { buffer, end };
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

describe('plugin clock', () => {
  for (const shift of [-HOUR, HOUR]) {
    it(`measures a plugin call on another thread alike when the wall clock was set ${shift < 0 ? 'back' : 'forward'} an hour between the threads' starts`, async () => {
      const { overBudget } = (await import(CLOCK)) as Clock;
      const { buffer, end } = await threadInCall(shift);
      try {
        // Just started: well within a 10 s budget (set back, the old wall-clock stamps made it an hour old).
        expect(overBudget(buffer, 0, 10_000)).toBeNull();
        await sleep(150);
        // 150 ms in: past a 50 ms budget (set forward, the old stamps made it an hour in the future, never over).
        expect(overBudget(buffer, 0, 50)).toBe(7);
        expect(overBudget(buffer, 1, 50)).toBeNull(); // another task's budget is not this one's
      } finally {
        await end();
      }
      expect(overBudget(buffer, 0, 50)).toBeNull(); // out of the call
    });
  }
});
