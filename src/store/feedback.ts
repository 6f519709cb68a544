import type { Dimension, Severity } from '../model/findings.js';
import type { LearningInputs } from '../learning/resolve.js';
import type { FeedbackKind, FeedbackRow, VotedMetric } from '../learning/types.js';
import type { Finding } from '../model/results.js';
import type { DB } from './db.js';
import { existingUserId, userId } from './entities.js';
import type { Target } from './lookup.js';
import { storedTeamPriors } from './sync-state.js';

interface FeedbackRecord {
  target_kind: FeedbackKind;
  target_id: string;
  helpful: number;
  weight: number;
  implicit: number;
  dimension: string | null;
  rule_id: string | null;
  finding_dimension: string | null;
  severity: string | null;
  metric: string | null;
  created_at: string;
}

function toRow(r: FeedbackRecord): FeedbackRow {
  return {
    kind: r.target_kind,
    targetId: r.target_id,
    helpful: r.helpful === 1,
    weight: r.weight,
    implicit: r.implicit === 1,
    ruleId: r.rule_id,
    findingDimension: r.finding_dimension as Dimension | null,
    severity: r.severity as Severity | null,
    metric: r.metric ? (JSON.parse(r.metric) as VotedMetric) : null,
    dimension: r.dimension as Dimension | null,
    createdAt: r.created_at,
  };
}

/** Every feedback row of a user (explicit, implicit and imported), for the meta-learner. */
export function feedbackRows(db: DB, user: string): FeedbackRow[] {
  const uid = existingUserId(db, user);
  if (uid === null) return [];
  return (db.prepare('SELECT * FROM feedback WHERE user_id = ? ORDER BY created_at, target_id').all(uid) as FeedbackRecord[]).map(toRow);
}

/** What the learner reads for a user: their feedback rows and the stored team priors (see resolveLearning). */
export function learningInputs(db: DB, user: string): LearningInputs {
  return { rows: feedbackRows(db, user), teamPriors: storedTeamPriors(db) };
}

/** What a vote on a finding remembers about it, so learning never needs the run again. */
export interface FindingSnapshot {
  ruleId: string;
  dimension: Dimension;
  severity: Severity;
  metric: VotedMetric | null;
  fingerprint: string;
  path: string;
}

export function snapshotOf(f: Finding, path: string): FindingSnapshot {
  return {
    ruleId: f.ruleId,
    dimension: f.dimension,
    severity: f.severity,
    metric: f.metric
      ? { name: f.metric.name, value: f.metric.value, threshold: f.metric.threshold, lowerIsWorse: Boolean(f.metric.lowerIsWorse) }
      : null,
    fingerprint: f.fingerprint,
    path,
  };
}

/** The stored finding (as reported) and its file's path. */
export function loadFinding(db: DB, id: string): { finding: Finding; path: string } | null {
  const row = db.prepare('SELECT x.data, f.path FROM findings x JOIN file_results f ON f.id = x.file_id WHERE x.id = ?').get(id) as
    { data: string; path: string } | undefined;
  return row ? { finding: JSON.parse(row.data) as Finding, path: row.path } : null;
}

export interface Vote {
  user: string;
  target: Target;
  helpful: boolean;
  comment: string | null;
  dimension: Dimension | null;
}

const UPSERT = `
  INSERT INTO feedback (user_id, target_kind, target_id, target_key, helpful, weight, implicit, comment, dimension, rule_id, finding_dimension, severity, metric, fingerprint, path, created_at)
  VALUES (@user_id, @target_kind, @target_id, @target_key, @helpful, @weight, @implicit, @comment, @dimension, @rule_id, @finding_dimension, @severity, @metric, @fingerprint, @path, @created_at)
  ON CONFLICT (user_id, target_kind, target_key) DO UPDATE SET
    target_id = excluded.target_id, helpful = excluded.helpful, weight = excluded.weight, implicit = excluded.implicit, comment = excluded.comment,
    dimension = excluded.dimension, created_at = excluded.created_at`;

function params(
  uid: number,
  kind: FeedbackKind,
  targetId: string,
  helpful: boolean,
  snap: FindingSnapshot | null,
  extra: { weight: number; implicit: boolean; comment: string | null; dimension: string | null; createdAt: string },
) {
  return {
    user_id: uid,
    target_kind: kind,
    target_id: targetId,
    target_key: kind === 'finding' && snap?.fingerprint ? snap.fingerprint : targetId,
    helpful: helpful ? 1 : 0,
    weight: extra.weight,
    implicit: extra.implicit ? 1 : 0,
    comment: extra.comment,
    dimension: extra.dimension,
    rule_id: snap?.ruleId ?? null,
    finding_dimension: snap?.dimension ?? null,
    severity: snap?.severity ?? null,
    metric: snap?.metric ? JSON.stringify(snap.metric) : null,
    fingerprint: snap?.fingerprint ?? null,
    path: snap?.path ?? null,
    created_at: extra.createdAt,
  };
}

/** Records a vote; a second vote by the same user on the same item replaces the first. */
export function recordVote(db: DB, vote: Vote): { replaced: boolean; snapshot: FindingSnapshot | null } {
  const uid = userId(db, vote.user);
  let snapshot: FindingSnapshot | null = null;
  if (vote.target.kind === 'finding') {
    const found = loadFinding(db, vote.target.id);
    if (found) snapshot = snapshotOf(found.finding, found.path);
  }
  // The same finding in a later run (same fingerprint) is the same item.
  const key = snapshot?.fingerprint ?? vote.target.id;
  const before = db
    .prepare('SELECT implicit FROM feedback WHERE user_id = ? AND target_kind = ? AND target_key = ?')
    .get(uid, vote.target.kind, key) as { implicit: number } | undefined;
  db.prepare(UPSERT).run(
    params(uid, vote.target.kind, vote.target.id, vote.helpful, snapshot, {
      weight: 1,
      implicit: false,
      comment: vote.comment,
      dimension: vote.dimension,
      createdAt: new Date().toISOString(),
    }),
  );
  return { replaced: before !== undefined && before.implicit === 0, snapshot };
}

/** A weak helpful signal: a shown finding that disappeared from a later run of its (still existing) file. Never overrides a vote. */
export function recordImplicit(
  db: DB,
  uid: number,
  findingId: string,
  snapshot: FindingSnapshot,
  weight: number,
  createdAt: string,
): boolean {
  const p = params(uid, 'finding', findingId, true, snapshot, { weight, implicit: true, comment: null, dimension: null, createdAt });
  const cols = Object.keys(p);
  const info = db.prepare(`INSERT OR IGNORE INTO feedback (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(p);
  return info.changes > 0;
}

/** Adds exported rows (from `profile --import`) to a user's feedback; the same row imported twice counts once. */
export function importRows(db: DB, user: string, rows: readonly FeedbackRow[], key: (row: FeedbackRow) => string): number {
  const uid = userId(db, user);
  let added = 0;
  for (const row of rows) {
    const snap: FindingSnapshot | null = row.ruleId
      ? {
          ruleId: row.ruleId,
          dimension: row.findingDimension ?? 'quality',
          severity: row.severity ?? 'warning',
          metric: row.metric,
          fingerprint: '',
          path: '',
        }
      : null;
    const p = params(uid, 'import', key(row), row.helpful, snap, {
      weight: row.weight,
      implicit: row.implicit,
      comment: null,
      dimension: row.dimension,
      createdAt: row.createdAt,
    });
    if (!row.ruleId) p.finding_dimension = row.findingDimension;
    const cols = Object.keys(p);
    added += db
      .prepare(`INSERT OR IGNORE INTO feedback (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`)
      .run(p).changes;
  }
  return added;
}

/** Deletes everything learned for a user (the profile is computed from feedback, so: their feedback). Runs stay. */
export function resetUser(db: DB, user: string): number {
  const uid = existingUserId(db, user);
  if (uid === null) return 0;
  return db.prepare('DELETE FROM feedback WHERE user_id = ?').run(uid).changes;
}

export interface FeedbackView {
  user: string;
  helpful: boolean;
  implicit: boolean;
  comment: string | null;
  dimension: string | null;
  createdAt: string;
}

/** Feedback on one item (for a finding: on it in any run, by fingerprint), every user's, for `show`. */
export function feedbackOn(db: DB, kind: string, key: string): FeedbackView[] {
  return (
    db
      .prepare(
        'SELECT u.name AS user, f.helpful, f.implicit, f.comment, f.dimension, f.created_at FROM feedback f JOIN users u ON u.id = f.user_id WHERE f.target_kind = ? AND f.target_key = ? ORDER BY f.created_at',
      )
      .all(kind, key) as {
      user: string;
      helpful: number;
      implicit: number;
      comment: string | null;
      dimension: string | null;
      created_at: string;
    }[]
  ).map((r) => ({
    user: r.user,
    helpful: r.helpful === 1,
    implicit: r.implicit === 1,
    comment: r.comment,
    dimension: r.dimension,
    createdAt: r.created_at,
  }));
}
