import { userInfo } from 'node:os';
import type { ResolvedConfig } from '../config/types.js';
import { discoverFiles } from '../discovery/walk.js';
import { BUILTIN_RULES } from '../graders/index.js';
import type { RunResult } from '../model/results.js';
import { letterGrade } from '../scoring/letter.js';
import { projectScores } from '../scoring/score.js';
import { VERSION } from '../version.js';
import { RuleResolver } from './active-rules.js';
import { counts, gateFailures } from './gate.js';
import { newRunId } from './ids.js';
import { gradeAll, type Progress } from './pool.js';
import { DIMENSIONS, type Dimension } from './rule.js';

export interface RunOptions {
  paths: string[];
  cwd: string;
  config: ResolvedConfig;
  jobs: number;
  user?: string;
  agent?: string | null;
  progress?: Progress;
  /** Called once discovery is done, with the number of files. */
  onDiscovered?: (count: number) => void;
}

export function defaultUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/** cli → config → discovery → per-file grading → project scores → gate. Pure of any output. */
export async function gradeProject(options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const { config } = options;
  const resolver = new RuleResolver(BUILTIN_RULES, config);
  const files = discoverFiles(options.paths, options.cwd, config);
  options.onDiscovered?.(files.length);
  const runId = newRunId();
  const outcomes = await gradeAll(files, runId, config, resolver, options.jobs, options.progress);

  const results = outcomes.map((o) => o.result);
  const ran = new Set<Dimension>(outcomes.flatMap((o) => o.dimensionsRan));
  const { score, dimensions } = projectScores(results);
  const failures = gateFailures(score, results, config.minScore, config.failOn);
  const allFindings = results.flatMap((f) => f.findings);

  return {
    schemaVersion: 1,
    tool: { name: 'toasty', version: VERSION },
    run: {
      id: runId,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      user: options.user ?? defaultUser(),
      agent: options.agent ?? null,
      learning: 'off',
      config: config.file,
    },
    score,
    grade: score === null ? null : letterGrade(score),
    passed: failures.length === 0,
    thresholds: { minScore: config.minScore, failOn: config.failOn },
    dimensions,
    dimensionsWithoutRules: DIMENSIONS.filter((d) => config.dimensions.includes(d) && !ran.has(d)),
    summary: {
      files: results.length,
      graded: results.filter((f) => f.status === 'graded').length,
      skipped: results.filter((f) => f.status === 'skipped').length,
      parseErrors: results.filter((f) => f.status === 'parse-error').length,
      findings: allFindings.filter(counts).length,
      muted: allFindings.filter((f) => f.muted).length,
      suppressed: allFindings.filter((f) => f.suppressed).length,
    },
    failures,
    files: results,
  };
}
