import { UsageError } from '../errors.js';
import type { FileResult, RunResult } from '../model/results.js';
import { letterGrade } from '../scoring/letter.js';
import { projectScores } from '../scoring/score.js';
import { DIMENSIONS, type Severity } from '../model/findings.js';
import { counts } from '../model/gate.js';
import { gateFailures } from './gate.js';
import { childId } from './ids.js';

/** One shard report as read from disk, with the name it was read from (for errors). */
export interface ShardReport {
  file: string;
  report: RunResult;
}

export interface MergeOptions {
  /** Overrides the shards' `thresholds.minScore` (`toasty merge --min-score`). */
  minScore?: number | null;
  /** Overrides the shards' `thresholds.failOn`. */
  failOn?: Severity | null;
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const byPath = (a: FileResult, b: FileResult): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** Checks one parsed JSON document is a toasty shard report, naming the file and the key when it is not. */
export function asShardReport(file: string, value: unknown): ShardReport {
  const r = value as Partial<RunResult> | null;
  const bad = (what: string): never => {
    throw new UsageError(`${file}: ${what}`, 'toasty merge takes the JSON reports of `toasty grade --shard i/n --format json`');
  };
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return bad('not a toasty JSON report (expected an object)');
  if (r.schemaVersion !== 1) return bad(`schemaVersion is ${JSON.stringify(r.schemaVersion)}, expected 1`);
  if (r.tool?.name !== 'toasty') return bad('tool.name is not "toasty"');
  if (!Array.isArray(r.files)) return bad('files: expected an array');
  const s = r.shard;
  if (!s || !Number.isInteger(s.index) || !Number.isInteger(s.count) || s.index < 1 || s.index > s.count)
    return bad('no shard {index, count}: it is not the report of a `grade --shard i/n` run');
  if (!r.thresholds || !r.run || !r.summary) return bad('thresholds, run or summary is missing');
  return { file, report: r as RunResult };
}

/**
 * Joins the reports of `grade --shard 1/n … n/n` into the report an unsharded run gives: files in
 * path order, and score, dimension scores, grade, summary and gate recomputed from the per-file
 * results with the same functions a run uses (never an average of the shards' scores).
 */
export function mergeShards(shards: readonly ShardReport[], options: MergeOptions = {}): RunResult {
  if (shards.length === 0) throw new UsageError('toasty merge needs at least one report');
  const first = shards[0]!;
  const count = first.report.shard!.count;
  const seen = new Map<number, string>();
  for (const { file, report } of shards) {
    const s = report.shard!;
    if (s.count !== count)
      throw new UsageError(
        `${file} is shard ${s.index}/${s.count}, but ${first.file} is one of ${count} shards: all reports must split the same way`,
      );
    if (seen.has(s.index)) throw new UsageError(`${file} and ${seen.get(s.index)} are both shard ${s.index}/${count}`);
    seen.set(s.index, file);
    if (report.tool.version !== first.report.tool.version)
      throw new UsageError(
        `${file} was graded by toasty ${report.tool.version}, ${first.file} by ${first.report.tool.version}: shards must come from one version`,
      );
    if (!sameJson(report.selection?.rules ?? null, first.report.selection?.rules ?? null))
      throw new UsageError(`${file} ran other rules than ${first.file}: shards must be graded with the same config and options`);
    if (options.minScore === undefined && report.thresholds.minScore !== first.report.thresholds.minScore)
      throw new UsageError(
        `${file} has thresholds.minScore ${report.thresholds.minScore}, ${first.file} ${first.report.thresholds.minScore}: pass --min-score to choose`,
      );
    if (options.failOn === undefined && report.thresholds.failOn !== first.report.thresholds.failOn)
      throw new UsageError(
        `${file} has thresholds.failOn ${report.thresholds.failOn}, ${first.file} ${first.report.thresholds.failOn}: pass --fail-on to choose`,
      );
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length)
    throw new UsageError(
      `shard ${missing.map((i) => `${i}/${count}`).join(', ')} missing: merging only some shards would not give the whole run's score`,
    );

  const ordered = [...shards].sort((a, b) => a.report.shard!.index - b.report.shard!.index);
  const owner = new Map<string, string>();
  for (const { file, report } of ordered)
    for (const f of report.files) {
      const other = owner.get(f.path);
      if (other !== undefined) throw new UsageError(`${f.path} is in both ${other} and ${file}: shards must not overlap`);
      owner.set(f.path, file);
    }
  const files = ordered.flatMap((s) => s.report.files).sort(byPath);
  const minScore = options.minScore !== undefined ? options.minScore : first.report.thresholds.minScore;
  const failOn = options.failOn !== undefined ? options.failOn : first.report.thresholds.failOn;
  const { score, dimensions } = projectScores(files);
  const failures = gateFailures(score, files, minScore, failOn);
  const allFindings = files.flatMap((f) => f.findings);
  const runs = ordered.map((s) => s.report.run);
  const startedAt = runs.map((r) => r.startedAt).sort()[0]!;
  // A dimension no rule ran for on any file of the whole run: in no shard did one run for it.
  const withoutRules = DIMENSIONS.filter((d) => ordered.every((s) => s.report.dimensionsWithoutRules.includes(d)));
  const warnings = [...new Set(ordered.flatMap((s) => s.report.warnings ?? []))];
  const withBaseline = ordered.filter((s) => s.report.baselineFixed !== undefined);
  const merged: RunResult = {
    schemaVersion: 1,
    tool: first.report.tool,
    run: {
      // The same shard runs always merge to the same id.
      id: childId(runs.map((r) => r.id).join(','), 'merge'),
      startedAt,
      durationMs: Math.max(...runs.map((r) => Date.parse(r.startedAt) + r.durationMs)) - Date.parse(startedAt),
      user: first.report.run.user,
      agent: first.report.run.agent,
      learning: first.report.run.learning,
      config: first.report.run.config,
    },
    score,
    grade: score === null ? null : letterGrade(score),
    passed: failures.length === 0,
    thresholds: { minScore, failOn },
    dimensions,
    dimensionsWithoutRules: withoutRules,
    summary: {
      files: files.length,
      graded: files.filter((f) => f.status === 'graded').length,
      skipped: files.filter((f) => f.status === 'skipped').length,
      parseErrors: files.filter((f) => f.status === 'parse-error').length,
      findings: allFindings.filter(counts).length,
      muted: allFindings.filter((f) => f.muted).length,
      suppressed: allFindings.filter((f) => f.suppressed).length,
    },
    failures,
    ...(first.report.selection ? { selection: first.report.selection } : {}),
    merged: { count, runs: runs.map((r) => r.id) },
    files,
  };
  if (warnings.length) merged.warnings = warnings;
  if (withBaseline.length) {
    // Each shard lists the baseline entries not found in its own files: fixed means not found in any.
    const fixedIn = withBaseline.map((s) => new Set(s.report.baselineFixed));
    merged.baselineFixed = withBaseline[0]!.report.baselineFixed!.filter((fp) => fixedIn.every((set) => set.has(fp)));
  }
  return merged;
}
