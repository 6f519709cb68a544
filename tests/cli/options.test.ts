import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { parseJobs } from '../../src/cli/options.js';

describe('--jobs', () => {
  it('is null without the option: the files of the run choose the lanes (engine/pool.ts defaultLanes)', () => {
    expect(parseJobs(undefined)).toBeNull();
  });

  it('takes a whole number from 1 to 256 and names the option otherwise', () => {
    expect(parseJobs('3')).toBe(3);
    for (const bad of ['0', '1.5', 'two', '257']) {
      expect(() => parseJobs(bad)).toThrow(UsageError);
      expect(() => parseJobs(bad)).toThrow(/--jobs must be a whole number from 1 to 256, got '/);
    }
  });
});
