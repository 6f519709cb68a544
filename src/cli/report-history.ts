import { existsSync } from 'node:fs';
import type { RunResult } from '../model/results.js';
import { openDb } from '../store/db.js';
import { listRuns } from '../store/queries.js';
import type { TrendRun } from '../report/types.js';

/** Runs shown in the html report's trend. */
export const TREND_RUNS = 30;
/** How far back to look for runs of the same project among all recorded runs. */
const SCAN = 2000;

/**
 * The recorded runs of this project (same working folder and same paths, so scores compare),
 * oldest first, the current run last. A database that cannot be read gives just the current run:
 * a report never fails for its trend.
 */
export function projectTrend(file: string, cwd: string, paths: readonly string[], result: RunResult, limit = TREND_RUNS): TrendRun[] {
  const current: TrendRun = {
    id: result.run.id,
    startedAt: result.run.startedAt,
    agent: result.run.agent,
    score: result.score,
    grade: result.grade,
    dimensions: result.dimensions,
  };
  if (!existsSync(file)) return [current];
  const key = JSON.stringify([...paths].sort());
  let runs: TrendRun[] = [];
  try {
    const db = openDb(file);
    try {
      runs = listRuns(db, { limit: SCAN })
        .filter((r) => r.cwd === cwd && JSON.stringify([...r.paths].sort()) === key && !r.prunedAt && r.id !== current.id)
        .slice(0, limit - 1)
        .map((r) => ({ id: r.id, startedAt: r.startedAt, agent: r.agent, score: r.score, grade: r.grade, dimensions: r.dimensions }));
    } finally {
      db.close();
    }
  } catch {
    return [current];
  }
  return [...runs.reverse(), current];
}
