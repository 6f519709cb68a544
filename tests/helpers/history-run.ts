import { gradeProject, type RunOptions } from '../../src/engine/run.js';
import type { RunResult } from '../../src/model/results.js';
import { RunHistory } from '../../src/store/history.js';

/**
 * One grade with a real history database (`dbFile`), recorded as the CLI records it; `during` runs
 * once the cache was read, before any file is graded. Any history warning fails the test.
 */
export async function gradeWithHistory(
  dbFile: string,
  options: Omit<RunOptions, 'history'>,
  during?: () => void,
): Promise<{ result: RunResult; hits: number }> {
  const history = RunHistory.open(dbFile, (m) => {
    throw new Error(m);
  })!;
  let hits = -1;
  try {
    const graded = await gradeProject({
      ...options,
      history,
      onCache: (n, files) => {
        hits = n;
        options.onCache?.(n, files);
        during?.();
      },
    });
    history.record(graded.record);
    return { result: graded.result, hits };
  } finally {
    history.close();
  }
}
