import { plural } from '../../util/plural.js';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { writeTransaction } from '../../store/db.js';
import { dbPath } from '../../store/location.js';
import { openForCommand } from '../../store/open.js';
import { pruneRuns, type PrunePolicy, type PruneResult } from '../../store/prune.js';
import { listRuns, type RunSummary } from '../../store/queries.js';
import { EXIT } from '../exit.js';
import type { GlobalOptions } from '../main.js';

export interface HistoryOptions {
  limit: string;
  agent?: string;
  byAgent?: boolean;
  format: string;
  prune?: boolean;
  keep?: string;
  olderThan?: string;
  dryRun?: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The database file and its WAL, in bytes. */
function sizeOf(file: string): number {
  let bytes = 0;
  for (const f of [file, `${file}-wal`]) if (existsSync(f)) bytes += statSync(f).size;
  return bytes;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function prunePolicy(opts: HistoryOptions, globals: GlobalOptions, now: number): PrunePolicy {
  const policy: PrunePolicy = { user: globals.user, agent: opts.agent };
  if (opts.keep !== undefined) {
    const keep = Number(opts.keep);
    if (!Number.isInteger(keep) || keep < 0) throw new UsageError(`--keep must be a whole number (0 or more), got '${opts.keep}'`);
    policy.keep = keep;
  }
  if (opts.olderThan !== undefined) {
    const days = Number(opts.olderThan);
    if (!Number.isFinite(days) || days < 0)
      throw new UsageError(`--older-than must be a number of days (0 or more), got '${opts.olderThan}'`);
    policy.before = new Date(now - days * DAY_MS).toISOString();
  }
  if (policy.keep === undefined && policy.before === undefined)
    throw new UsageError('--prune needs --keep N (keep the newest N runs) and/or --older-than DAYS');
  return policy;
}

/** `toasty history --prune`: deletes old runs in one transaction, keeping what feedback points at, then compacts the file. */
function pruneCommand(opts: HistoryOptions, globals: GlobalOptions, cwd: string): number {
  const now = Date.now();
  const policy = prunePolicy(opts, globals, now);
  const file = dbPath(globals.db, cwd);
  const dryRun = Boolean(opts.dryRun);
  let result: PruneResult = { runs: 0, fileResults: 0, findings: 0, kept: { runs: 0, fileResults: 0, findings: 0 } };
  const before = existsSync(file) ? sizeOf(file) : 0;
  let after = before;
  let compacted: boolean | null = null;
  if (existsSync(file)) {
    const { db } = openForCommand(globals.db, cwd);
    try {
      result = writeTransaction(db, () => pruneRuns(db, policy, new Date(now).toISOString(), dryRun));
      if (!dryRun && result.runs > 0) {
        // Give the space back; another process reading the database only postpones it.
        try {
          db.exec('VACUUM');
          db.pragma('wal_checkpoint(TRUNCATE)');
          compacted = true;
        } catch {
          compacted = false;
        }
      }
    } finally {
      db.close();
    }
    after = sizeOf(file);
  }
  const which = [
    policy.keep !== undefined ? `beyond the newest ${policy.keep}` : '',
    opts.olderThan !== undefined ? `started more than ${plural(Number(opts.olderThan), 'day')} ago` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  const scope = `${globals.user !== undefined ? ` of ${globals.user}` : ''}${opts.agent !== undefined ? ` by agent ${opts.agent}` : ''}`;
  if (opts.format === 'json') {
    const body = {
      pruned: {
        dryRun,
        policy: {
          keep: policy.keep ?? null,
          olderThanDays: opts.olderThan === undefined ? null : Number(opts.olderThan),
          user: policy.user ?? null,
          agent: policy.agent ?? null,
        },
        ...result,
        bytes: { before, after },
      },
    };
    process.stdout.write(`${JSON.stringify(body, null, 2)}
`);
    return EXIT.ok;
  }
  const lines = [
    `${dryRun ? 'would prune' : 'pruned'} ${plural(result.runs, 'run')}${scope} ${which}: ${plural(result.fileResults, 'file result')}, ${plural(result.findings, 'finding')}`,
  ];
  const kept = [
    result.kept.findings ? plural(result.kept.findings, 'finding') : '',
    result.kept.fileResults ? plural(result.kept.fileResults, 'file result') : '',
    result.kept.runs ? `${plural(result.kept.runs, 'run')}, marked pruned in \`history\` and \`show\`` : '',
  ].filter(Boolean);
  if (kept.length)
    lines.push(`${dryRun ? 'would keep' : 'kept'} what feedback points at (${kept.join(', ')}); learning never needed the rest`);
  if (!dryRun && result.runs > 0)
    lines.push(
      compacted === false
        ? `database ${mb(before)}; not compacted now (another process is using it): the space is reused by later runs`
        : `database ${mb(before)} → ${mb(after)}`,
    );
  if (!globals.quiet) process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

const BARS = '▁▂▃▄▅▆▇█';

/** A sparkline of scores, oldest first; a gap for runs without a score. */
export function sparkline(values: readonly (number | null)[]): string {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return '';
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  return values
    .map((v) => (v === null ? ' ' : BARS[hi === lo ? BARS.length - 1 : Math.round(((v - lo) / (hi - lo)) * (BARS.length - 1))]!))
    .join('');
}

function table(rows: string[][], rightAligned: Set<number>): string {
  const width = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (rightAligned.has(i) ? cell.padStart(width[i]!) : cell.padEnd(width[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const when = (iso: string): string => iso.replace('T', ' ').slice(0, 16);
const num = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : x.toFixed(1));

interface AgentStats {
  agent: string | null;
  runs: number;
  latest: number | null;
  mean: number | null;
  best: number | null;
  trend: (number | null)[];
}

function byAgent(runs: readonly RunSummary[], score: (r: RunSummary) => number | null): AgentStats[] {
  const groups = new Map<string | null, RunSummary[]>();
  for (const r of runs) groups.set(r.agent, [...(groups.get(r.agent) ?? []), r]);
  return [...groups]
    .map(([agent, list]) => {
      const oldestFirst = [...list].reverse();
      const scores = oldestFirst.map(score);
      const known = scores.filter((s): s is number => s !== null);
      return {
        agent,
        runs: list.length,
        latest: score(list[0]!),
        mean: known.length ? Math.round((known.reduce((a, b) => a + b, 0) / known.length) * 10) / 10 : null,
        best: known.length ? Math.max(...known) : null,
        trend: scores,
      };
    })
    .sort((a, b) => (b.mean ?? -1) - (a.mean ?? -1) || String(a.agent).localeCompare(String(b.agent)));
}

export interface Trend {
  project: string;
  scope: string;
  /** Scores of the whole runs of this project and scope, oldest first (null: no score). */
  scores: (number | null)[];
}

/**
 * One trend per project and scope (what was graded), from whole runs only: a `--changed` or
 * `--dimensions` run, or a run of other paths, scores something else and would make a false trend.
 */
export function trendsOf(runs: readonly RunSummary[], score: (r: RunSummary) => number | null): Trend[] {
  const groups = new Map<string, Trend>();
  for (const r of [...runs].reverse()) {
    if (r.partial.length) continue;
    const key = `${r.project}\0${r.scope}`;
    const trend = groups.get(key) ?? { project: r.project, scope: r.scope, scores: [] };
    trend.scores.push(score(r));
    groups.set(key, trend);
  }
  return [...groups.values()];
}

function trendLine(t: Trend, tty: boolean): string | null {
  const known = t.scores.filter((x): x is number => x !== null);
  if (tty && t.scores.length > 1) return `trend ${sparkline(t.scores)} of ${t.scope}  (oldest → newest)`;
  if (known.length < 2) return null;
  const delta = Math.round((known[known.length - 1]! - known[0]!) * 10) / 10;
  return `trend ${num(known[0])} → ${num(known[known.length - 1])} (${delta >= 0 ? '+' : ''}${delta}) over ${plural(known.length, 'run')} of ${t.scope}`;
}

/** The runs of one project: a table, then its trends. */
function projectSection(
  runs: readonly RunSummary[],
  path: string | undefined,
  score: (r: RunSummary) => number | null,
  tty: boolean,
): string[] {
  const head = ['run', 'date', 'user', 'agent', 'files', path ? `score (${path})` : 'score', 'grade', 'findings', 'muted', 'learning'];
  const rows = [head];
  for (const r of runs) {
    rows.push([
      r.id.slice(0, 7),
      when(r.startedAt),
      r.user,
      r.agent ?? '—',
      `${path ? (r.pathFiles ?? 0) : r.summary.files}${r.prunedAt ? ' (pruned)' : ''}${r.partial.length ? ` (${r.partial.join(' ')})` : ''}`,
      num(score(r)),
      r.grade ?? '—',
      String(r.summary.findings),
      String(r.summary.muted),
      r.learning,
    ]);
  }
  const out = [table(rows, new Set([4, 5, 7, 8]))];
  const lines = trendsOf(runs, score)
    .map((t) => trendLine(t, tty))
    .filter((l): l is string => l !== null);
  if (lines.length) out.push('', ...lines);
  return out;
}

/** `toasty history [path]`: past runs, newest first, with one score trend per project and scope. */
export function historyCommand(path: string | undefined, opts: HistoryOptions, globals: GlobalOptions): number {
  const limit = Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a whole number of at least 1, got '${opts.limit}'`);
  if (opts.format !== 'pretty' && opts.format !== 'json')
    throw new UsageError(`unknown --format '${opts.format}'; expected pretty or json`);
  const cwd = process.cwd();
  if (opts.prune) return pruneCommand(opts, globals, cwd);
  if (opts.keep !== undefined || opts.olderThan !== undefined || opts.dryRun)
    throw new UsageError('--keep, --older-than and --dry-run go with --prune');
  const absPath = path === undefined ? undefined : resolve(cwd, path);
  let runs: RunSummary[] = [];
  if (existsSync(dbPath(globals.db, cwd))) {
    const { db } = openForCommand(globals.db, cwd);
    try {
      runs = listRuns(db, { limit: opts.byAgent ? Math.max(limit, 1000) : limit, agent: opts.agent, user: globals.user, absPath });
    } finally {
      db.close();
    }
  }
  const score = (r: RunSummary): number | null => (absPath === undefined ? r.score : (r.pathScore ?? null));

  if (opts.format === 'json') {
    const body = opts.byAgent ? { agents: byAgent(runs, score) } : { runs, trends: trendsOf(runs, score) };
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return EXIT.ok;
  }
  if (runs.length === 0) {
    process.stdout.write(
      `no runs recorded${path ? ` for ${path}` : ''}${opts.agent ? ` by agent ${opts.agent}` : ''} yet; \`toasty grade\` records every run\n`,
    );
    return EXIT.ok;
  }
  const tty = Boolean(process.stdout.isTTY);
  const out: string[] = [];
  if (opts.byAgent) {
    const stats = byAgent(runs, score);
    const rows = [['agent', 'runs', 'latest', 'mean', 'best', ...(tty ? ['trend'] : [])]];
    for (const s of stats)
      rows.push([s.agent ?? '(none)', String(s.runs), num(s.latest), num(s.mean), num(s.best), ...(tty ? [sparkline(s.trend)] : [])]);
    out.push(table(rows, new Set([1, 2, 3, 4])));
  } else {
    const projects = [...new Set(runs.map((r) => r.project))];
    for (const project of projects) {
      if (projects.length > 1) out.push(...(out.length ? [''] : []), `project ${project}`);
      out.push(
        ...projectSection(
          runs.filter((r) => r.project === project),
          path,
          score,
          tty,
        ),
      );
    }
    const partial = [...new Set(runs.flatMap((r) => r.partial))];
    if (partial.length) out.push('', `runs with ${partial.join(' or ')} grade part of a project: listed, left out of the trends`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
  return EXIT.ok;
}
