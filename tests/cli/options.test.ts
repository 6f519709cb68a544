import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { defaultJobs, parseJobs } from '../../src/cli/options.js';

describe('--jobs', () => {
  it('defaults to one lane fewer than the cores, never fewer than one', () => {
    expect(defaultJobs(1)).toBe(1);
    expect(defaultJobs(2)).toBe(1);
    expect(defaultJobs(4)).toBe(3);
    expect(defaultJobs(16)).toBe(15);
    expect(parseJobs(undefined)).toBe(Math.max(1, availableParallelism() - 1));
  });

  it('takes a whole number from 1 to 256 and names the option otherwise', () => {
    expect(parseJobs('3')).toBe(3);
    for (const bad of ['0', '1.5', 'two', '257']) {
      expect(() => parseJobs(bad)).toThrow(UsageError);
      expect(() => parseJobs(bad)).toThrow(/--jobs must be a whole number from 1 to 256, got '/);
    }
  });
});
