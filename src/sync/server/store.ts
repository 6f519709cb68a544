import type { FeedbackKind, FeedbackRow, VotedMetric } from '../../learning/types.js';
import type { Dimension, Severity } from '../../model/findings.js';
import type { RunResult } from '../../model/results.js';
import { pushFindingOf, type PushBatch, type PushFeedback, type PushMetric, type PushResult, type PushRun } from '../protocol.js';
import type { Queryable } from './sql.js';

const json = (x: unknown): string => JSON.stringify(x);

/** A graded run (from `POST /grade`) in the push format, without code unless asked. */
export function pushRunOf(result: RunResult): PushRun {
  return {
    id: result.run.id,
    startedAt: result.run.startedAt,
    durationMs: result.run.durationMs,
    toolVersion: result.tool.version,
    agent: result.run.agent,
    learning: result.run.learning,
    score: result.score,
    grade: result.grade,
    passed: result.passed,
    dimensions: result.dimensions,
    summary: result.summary,
    files: result.files.map((f) => ({
      id: f.id,
      path: f.path,
      language: f.language,
      status: f.status,
      sha256: f.sha256,
      loc: f.loc,
      sloc: f.sloc,
      score: f.score,
      grade: f.grade,
      dimensions: f.dimensions,
      findings: f.findings.map((x) => pushFindingOf(x, true)),
    })),
  };
}

/**
 * Stores runs, their files and findings, and votes, for `user`, in the caller's transaction.
 * Idempotent: a record already stored (same id; for votes, same user, kind and key, not newer)
 * is left as it is, so pushing the same batch twice stores it once.
 */
export async function storeBatch(q: Queryable, user: string, batch: PushBatch, source: 'grade' | 'sync'): Promise<PushResult> {
  const out: PushResult = {
    runs: { received: 0, stored: 0 },
    files: { received: 0, stored: 0 },
    findings: { received: 0, stored: 0 },
    feedback: { received: 0, stored: 0 },
  };
  const now = new Date().toISOString();
  for (const r of batch.runs ?? []) {
    out.runs.received++;
    const added = await q.run(
      `INSERT INTO srv_runs (id, user_name, source, started_at, duration_ms, tool_version, agent, learning, score, grade, passed, dimensions, summary, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      [
        r.id,
        user,
        source,
        r.startedAt,
        r.durationMs,
        r.toolVersion,
        r.agent,
        r.learning,
        r.score,
        r.grade,
        r.passed ? 1 : 0,
        json(r.dimensions),
        json(r.summary),
        now,
      ],
    );
    out.runs.stored += added;
    for (const f of r.files) {
      out.files.received++;
      out.findings.received += f.findings.length;
      // A run id taken by another user keeps its owner: its files and findings are not added to it.
      if (!added) continue;
      out.files.stored += await q.run(
        `INSERT INTO srv_files (id, run_id, user_name, path, language, status, sha256, loc, sloc, score, grade, dimensions, code)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
        [
          f.id,
          r.id,
          user,
          f.path,
          f.language,
          f.status,
          f.sha256,
          f.loc,
          f.sloc,
          f.score,
          f.grade,
          f.dimensions ? json(f.dimensions) : null,
          f.code ?? null,
        ],
      );
      for (const x of f.findings) {
        out.findings.stored += await q.run(
          `INSERT INTO srv_findings (id, file_id, run_id, user_name, rule_id, dimension, severity, line, fingerprint, cost, muted, metric, message)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
          [
            x.id,
            f.id,
            r.id,
            user,
            x.ruleId,
            x.dimension,
            x.severity,
            x.line,
            x.fingerprint,
            x.cost,
            x.muted ? 1 : 0,
            x.metric ? json(x.metric) : null,
            x.message ?? null,
          ],
        );
      }
    }
  }
  const rejected: RejectedVote[] = [];
  for (const v of batch.feedback ?? []) {
    out.feedback.received++;
    // Runs of this batch are already inserted (same transaction), so a vote on them is found.
    const checked = await checkVote(q, user, v, Date.parse(now));
    if ('reason' in checked) rejected.push(checked);
    else out.feedback.stored += await upsertVote(q, user, checked, now);
  }
  if (rejected.length) {
    out.feedback.rejected = rejected.length;
    out.rejectedFeedback = rejected.slice(0, MAX_REJECTIONS_LISTED);
  }
  return out;
}

/** How far in the future a vote's `createdAt` may be (clock skew between a client and the server). */
export const VOTE_CLOCK_SKEW_MS = 5 * 60_000;
const MAX_REJECTIONS_LISTED = 20;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

export interface RejectedVote {
  kind: string;
  targetId: string;
  reason: string;
}

/**
 * A pushed vote as the server will store it, or why it is refused. A vote on a run, file result or
 * finding must name one the pusher owns (pushed before or in this batch), like `POST /feedback`;
 * what it says about the finding (rule, dimension, severity, metric, key) is taken from the stored
 * finding, not from the client. `createdAt` must be an ISO date no later than the server's clock
 * plus VOTE_CLOCK_SKEW_MS and is stored as min(createdAt, now): the server's clock decides order,
 * so no vote can be dated ahead of the ones after it. `import` votes (from `profile --import`)
 * name nothing on the server; like every vote, they count once per user in the team priors.
 */
export async function checkVote(q: Queryable, user: string, v: PushFeedback, nowMs: number): Promise<PushFeedback | RejectedVote> {
  const refuse = (reason: string): RejectedVote => ({ kind: v.kind, targetId: v.targetId, reason });
  const at = ISO_DATE.test(v.createdAt) ? Date.parse(v.createdAt) : NaN;
  if (!Number.isFinite(at)) return refuse(`createdAt ${JSON.stringify(v.createdAt)} is not an ISO 8601 date-time`);
  if (at > nowMs + VOTE_CLOCK_SKEW_MS)
    return refuse(`createdAt ${v.createdAt} is in the future (server time ${new Date(nowMs).toISOString()}): check this machine's clock`);
  const createdAt = new Date(Math.min(at, nowMs)).toISOString();
  if (v.kind === 'import') return { ...v, createdAt };
  const target = await findTarget(q, v.targetId);
  if (!target || target.kind !== v.kind || target.owner !== user)
    return refuse(`no ${v.kind} ${v.targetId} of yours on the server (push its run first)`);
  return {
    ...v,
    key: target.fingerprint ?? target.id,
    ruleId: target.ruleId,
    findingDimension: target.dimension,
    severity: target.severity,
    metric: target.metric ? (JSON.parse(target.metric) as PushMetric) : null,
    createdAt,
  };
}

/** One vote; the same (user, kind, key) again replaces it only when it is at least as recent and differs. */
export async function upsertVote(q: Queryable, user: string, v: PushFeedback, now: string): Promise<number> {
  return q.run(
    `INSERT INTO srv_feedback (user_name, target_kind, target_key, target_id, helpful, weight, implicit, comment, dimension, rule_id, finding_dimension, severity, metric, created_at, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (user_name, target_kind, target_key) DO UPDATE SET
       target_id = excluded.target_id, helpful = excluded.helpful, weight = excluded.weight, implicit = excluded.implicit,
       comment = excluded.comment, dimension = excluded.dimension, created_at = excluded.created_at, received_at = excluded.received_at
     WHERE srv_feedback.created_at <= excluded.created_at
       AND (srv_feedback.helpful <> excluded.helpful OR srv_feedback.weight <> excluded.weight OR srv_feedback.created_at <> excluded.created_at
            OR COALESCE(srv_feedback.comment, '') <> COALESCE(excluded.comment, '') OR COALESCE(srv_feedback.dimension, '') <> COALESCE(excluded.dimension, ''))`,
    [
      user,
      v.kind,
      v.key,
      v.targetId,
      v.helpful ? 1 : 0,
      v.weight,
      v.implicit ? 1 : 0,
      v.comment,
      v.dimension,
      v.ruleId,
      v.findingDimension,
      v.severity,
      v.metric ? json(v.metric) : null,
      v.createdAt,
      now,
    ],
  );
}

export interface Target {
  kind: 'run' | 'file' | 'finding';
  id: string;
  owner: string;
  ruleId: string | null;
  dimension: string | null;
  severity: string | null;
  metric: string | null;
  fingerprint: string | null;
}

/** A graded item by its full id: a run, a file result or a finding. */
export async function findTarget(q: Queryable, id: string): Promise<Target | null> {
  const finding = await q.get<{
    user_name: string;
    rule_id: string;
    dimension: string;
    severity: string;
    metric: string | null;
    fingerprint: string;
  }>('SELECT user_name, rule_id, dimension, severity, metric, fingerprint FROM srv_findings WHERE id = ?', [id]);
  if (finding)
    return {
      kind: 'finding',
      id,
      owner: finding.user_name,
      ruleId: finding.rule_id,
      dimension: finding.dimension,
      severity: finding.severity,
      metric: finding.metric,
      fingerprint: finding.fingerprint,
    };
  const file = await q.get<{ user_name: string }>('SELECT user_name FROM srv_files WHERE id = ?', [id]);
  const run = file ? undefined : await q.get<{ user_name: string }>('SELECT user_name FROM srv_runs WHERE id = ?', [id]);
  const owner = file?.user_name ?? run?.user_name;
  if (owner === undefined) return null;
  return { kind: file ? 'file' : 'run', id, owner, ruleId: null, dimension: null, severity: null, metric: null, fingerprint: null };
}

export interface HistoryRun {
  id: string;
  user: string;
  source: string;
  startedAt: string;
  durationMs: number;
  toolVersion: string;
  agent: string | null;
  score: number | null;
  grade: string | null;
  passed: boolean;
  dimensions: Record<string, number>;
  summary: Record<string, number>;
}

export async function listHistory(q: Queryable, user: string | null, limit: number): Promise<HistoryRun[]> {
  const rows = await q.all<Record<string, unknown>>(
    `SELECT id, user_name, source, started_at, duration_ms, tool_version, agent, score, grade, passed, dimensions, summary FROM srv_runs
     ${user === null ? '' : 'WHERE user_name = ?'} ORDER BY started_at DESC, id LIMIT ?`,
    user === null ? [limit] : [user, limit],
  );
  return rows.map((r) => ({
    id: r.id as string,
    user: r.user_name as string,
    source: r.source as string,
    startedAt: r.started_at as string,
    durationMs: Number(r.duration_ms),
    toolVersion: r.tool_version as string,
    agent: (r.agent as string | null) ?? null,
    score: r.score === null ? null : Number(r.score),
    grade: (r.grade as string | null) ?? null,
    passed: Number(r.passed) === 1,
    dimensions: JSON.parse(r.dimensions as string) as Record<string, number>,
    summary: JSON.parse(r.summary as string) as Record<string, number>,
  }));
}

/** Every vote, by user, as the meta-learner's rows. */
export async function feedbackByUser(q: Queryable): Promise<Map<string, FeedbackRow[]>> {
  const rows = await q.all<Record<string, unknown>>(
    'SELECT user_name, target_kind, target_id, helpful, weight, implicit, rule_id, finding_dimension, severity, metric, dimension, created_at FROM srv_feedback ORDER BY user_name, created_at, target_id',
  );
  const out = new Map<string, FeedbackRow[]>();
  for (const r of rows) {
    const user = r.user_name as string;
    const list = out.get(user) ?? [];
    list.push({
      kind: r.target_kind as FeedbackKind,
      targetId: r.target_id as string,
      helpful: Number(r.helpful) === 1,
      weight: Number(r.weight),
      implicit: Number(r.implicit) === 1,
      ruleId: (r.rule_id as string | null) ?? null,
      findingDimension: (r.finding_dimension as Dimension | null) ?? null,
      severity: (r.severity as Severity | null) ?? null,
      metric: r.metric ? (JSON.parse(r.metric as string) as VotedMetric) : null,
      dimension: (r.dimension as Dimension | null) ?? null,
      createdAt: r.created_at as string,
    });
    out.set(user, list);
  }
  return out;
}
