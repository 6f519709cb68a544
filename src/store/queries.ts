import type { DimensionScores, Finding } from '../model/results.js';
import { dirname, relative, resolve } from 'node:path';
import type { DB } from './db.js';

export interface RunSummary {
  id: string;
  startedAt: string;
  durationMs: number;
  user: string;
  agent: string | null;
  learning: string;
  cwd: string;
  paths: string[];
  toolVersion: string;
  configFile: string | null;
  score: number | null;
  grade: string | null;
  passed: boolean;
  dimensions: DimensionScores;
  summary: { files: number; graded: number; findings: number; muted: number; [key: string]: number };
  /** The project root: the config file's folder, else the working directory (runs before schema v4: the same, derived). */
  project: string;
  /** What was graded, relative to the project root, e.g. `.` or `src lib/a.py`: runs of one scope make one trend. */
  scope: string;
  /** Why the run is left out of trends (`--changed`, `--dimensions`); empty for a whole run. */
  partial: string[];
  /** With a path filter: the sloc-weighted score of the graded files under it, and how many. */
  pathScore?: number | null;
  pathFiles?: number;
  /** Set when `toasty history --prune` removed the run's results but kept the run for the feedback on it. */
  prunedAt?: string;
}

interface RunRow {
  id: string;
  started_at: string;
  duration_ms: number;
  user: string;
  agent: string | null;
  learning: string;
  cwd: string;
  paths: string;
  tool_version: string;
  config_file: string | null;
  score: number | null;
  grade: string | null;
  passed: number;
  dimensions: string;
  summary: string;
  pruned_at: string | null;
  project: string | null;
  partial: string | null;
  path_score?: number | null;
  path_files?: number;
}

const RUN_COLUMNS = `r.id, r.started_at, r.duration_ms, u.name AS user, a.name AS agent, r.learning, r.cwd, r.paths, r.tool_version, r.config_file,
  r.score, r.grade, r.passed, r.dimensions, r.summary, r.pruned_at, r.project, r.partial`;

/** A run's graded paths relative to its project root, sorted: `.` for the whole project. */
function scopeOf(project: string, cwd: string, paths: readonly string[]): string {
  const rel = paths.map((p) => relative(project, resolve(cwd, p)).split('\\').join('/') || '.');
  return [...new Set(rel)].sort().join(' ');
}

function toSummary(r: RunRow): RunSummary {
  const paths = JSON.parse(r.paths) as string[];
  const project = r.project ?? (r.config_file ? dirname(r.config_file) : r.cwd);
  const out: RunSummary = {
    id: r.id,
    startedAt: r.started_at,
    durationMs: r.duration_ms,
    user: r.user,
    agent: r.agent,
    learning: r.learning,
    cwd: r.cwd,
    paths,
    toolVersion: r.tool_version,
    configFile: r.config_file,
    score: r.score,
    grade: r.grade,
    passed: r.passed === 1,
    dimensions: JSON.parse(r.dimensions) as DimensionScores,
    summary: JSON.parse(r.summary) as RunSummary['summary'],
    project,
    scope: scopeOf(project, r.cwd, paths),
    partial: r.partial ? (JSON.parse(r.partial) as string[]) : [],
  };
  if (r.pruned_at) out.prunedAt = r.pruned_at;
  if (r.path_files !== undefined) {
    out.pathScore = r.path_score === null || r.path_score === undefined ? null : Math.round(r.path_score * 10) / 10;
    out.pathFiles = r.path_files;
  }
  return out;
}

export interface RunFilter {
  limit: number;
  agent?: string;
  user?: string;
  /** Absolute path of a file or folder: only runs that graded it. */
  absPath?: string;
}

/** Runs, newest first. */
export function listRuns(db: DB, filter: RunFilter): RunSummary[] {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: filter.limit };
  if (filter.agent !== undefined) {
    where.push('a.name = @agent');
    params.agent = filter.agent;
  }
  if (filter.user !== undefined) {
    where.push('u.name = @user');
    params.user = filter.user;
  }
  let pathJoin = '';
  let pathCols = '';
  if (filter.absPath !== undefined) {
    params.path = filter.absPath;
    params.under = `${filter.absPath.replace(/\/+$/, '')}/`;
    pathJoin = `JOIN (SELECT run_id,
                        SUM(CASE WHEN status = 'graded' THEN score * MAX(sloc, 1) END) / SUM(CASE WHEN status = 'graded' THEN MAX(sloc, 1) END) AS path_score,
                        COUNT(*) AS path_files
                      FROM file_results WHERE abs_path = @path OR substr(abs_path, 1, length(@under)) = @under GROUP BY run_id) p ON p.run_id = r.id`;
    pathCols = ', p.path_score, p.path_files';
  }
  const sql = `SELECT ${RUN_COLUMNS}${pathCols} FROM runs r JOIN users u ON u.id = r.user_id LEFT JOIN agents a ON a.id = r.agent_id ${pathJoin}
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.started_at DESC, r.id LIMIT @limit`;
  return (db.prepare(sql).all(params) as RunRow[]).map(toSummary);
}

export function getRun(db: DB, id: string): RunSummary | null {
  const row = db
    .prepare(`SELECT ${RUN_COLUMNS} FROM runs r JOIN users u ON u.id = r.user_id LEFT JOIN agents a ON a.id = r.agent_id WHERE r.id = ?`)
    .get(id) as RunRow | undefined;
  return row ? toSummary(row) : null;
}

export interface StoredFile {
  id: string;
  runId: string;
  path: string;
  absPath: string;
  language: string | null;
  status: string;
  skipReason: string | null;
  sha256: string | null;
  loc: number;
  sloc: number;
  score: number | null;
  grade: string | null;
  dimensions: DimensionScores | null;
}

interface FileRow {
  id: string;
  run_id: string;
  path: string;
  abs_path: string;
  language: string | null;
  status: string;
  skip_reason: string | null;
  sha256: string | null;
  loc: number;
  sloc: number;
  score: number | null;
  grade: string | null;
  dimensions: string | null;
}

function toFile(r: FileRow): StoredFile {
  return {
    id: r.id,
    runId: r.run_id,
    path: r.path,
    absPath: r.abs_path,
    language: r.language,
    status: r.status,
    skipReason: r.skip_reason,
    sha256: r.sha256,
    loc: r.loc,
    sloc: r.sloc,
    score: r.score,
    grade: r.grade,
    dimensions: r.dimensions ? (JSON.parse(r.dimensions) as DimensionScores) : null,
  };
}

export function getFile(db: DB, id: string): StoredFile | null {
  const row = db.prepare('SELECT * FROM file_results WHERE id = ?').get(id) as FileRow | undefined;
  return row ? toFile(row) : null;
}

export function filesOfRun(db: DB, runId: string): StoredFile[] {
  return (db.prepare('SELECT * FROM file_results WHERE run_id = ? ORDER BY path').all(runId) as FileRow[]).map(toFile);
}

export function findingsOfFile(db: DB, fileId: string): Finding[] {
  return (db.prepare('SELECT data FROM findings WHERE file_id = ? ORDER BY line, rule_id').all(fileId) as { data: string }[]).map(
    (r) => JSON.parse(r.data) as Finding,
  );
}

export function findingFile(db: DB, findingId: string): { finding: Finding; fileId: string } | null {
  const row = db.prepare('SELECT data, file_id FROM findings WHERE id = ?').get(findingId) as { data: string; file_id: string } | undefined;
  return row ? { finding: JSON.parse(row.data) as Finding, fileId: row.file_id } : null;
}
