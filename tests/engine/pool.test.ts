import { describe, expect, it } from 'vitest';
import { defaultLanes, workerCount } from '../../src/engine/pool.js';

const file = (size: number, skipReason: string | null = null, language: 'python' | 'javascript' | 'typescript' = 'python') => ({
  size,
  skipReason,
  language,
});
const many = (n: number, size: number) => Array.from({ length: n }, () => file(size));

describe('workerCount: the grading pool is sized by file count and bytes', () => {
  it('uses no thread when fewer than two would each get 24 files', () => {
    expect(workerCount(many(47, 100_000), 2, false)).toBe(0);
    expect(workerCount(many(48, 100_000), 2, false)).toBe(2);
  });

  it('uses no thread for many small files: each needs 64 KB of source to pay for its start', () => {
    // 200 files of 500 bytes: 100 KB in all, not enough for two threads.
    expect(workerCount(many(200, 500), 2, false)).toBe(0);
    expect(workerCount(many(200, 1024), 2, false)).toBe(2); // 200 KB: three threads could have work, --jobs allows two
    expect(workerCount(many(200, 1024), 4, false)).toBe(3);
  });

  it('never uses more threads than --jobs', () => {
    expect(workerCount(many(1000, 10_000), 2, false)).toBe(2);
    expect(workerCount(many(1000, 10_000), 1, false)).toBe(0);
  });

  it('does not count skipped files or files in no language', () => {
    const skipped = Array.from({ length: 100 }, () => file(1_000_000, 'too large'));
    expect(workerCount([...skipped, ...many(10, 100)], 2, false)).toBe(0);
    const noLanguage = Array.from({ length: 100 }, () => ({ size: 1_000_000, skipReason: null, language: null }));
    expect(workerCount(noLanguage, 2, false)).toBe(0);
  });

  it('keeps one thread for a run with plugins, however small, so a plugin rule that never returns can be stopped', () => {
    expect(workerCount([file(10)], 2, true)).toBe(1);
    expect(workerCount(many(1000, 10_000), 2, true)).toBe(2);
  });

  it('without --jobs: one lane per core for mostly JS/TS, one fewer for mostly Python (its parse keeps a core busy)', () => {
    const js = Array.from({ length: 200 }, () => file(10_000, null, 'javascript'));
    const ts = Array.from({ length: 200 }, () => file(10_000, null, 'typescript'));
    const py = many(200, 10_000);
    expect(defaultLanes(js, 2)).toBe(2);
    expect(defaultLanes(ts, 4)).toBe(4);
    expect(defaultLanes(py, 2)).toBe(1);
    expect(defaultLanes(py, 16)).toBe(15);
    expect(defaultLanes([...py, ...js], 2)).toBe(1); // half Python: the parse thread still has work
    expect(defaultLanes([...py.slice(0, 99), ...js], 2)).toBe(2);
    expect(defaultLanes(js, 1)).toBe(1);
    expect(defaultLanes(py, 1)).toBe(1);
    // Skipped files do not count: 100 skipped Python files do not make a JS/TS run Python.
    expect(defaultLanes([...Array.from({ length: 100 }, () => file(1_000_000, 'too large')), ...js], 2)).toBe(2);
    // workerCount with no --jobs takes these lanes, still bounded by the work each would get.
    expect(workerCount(js, null, false, 2)).toBe(2);
    expect(workerCount(py, null, false, 2)).toBe(0);
    expect(workerCount(js.slice(0, 30), null, false, 2)).toBe(0);
    expect(workerCount(py, null, true, 2)).toBe(1);
  });
});
