import type { Finding, RunResult } from '../model/results.js';
import { cachePut, type CacheEntry } from './cache.js';
import { writeTransaction, type DB } from './db.js';
import { digestsPut, type FileDigest } from './digests.js';
import { agentId, userId } from './entities.js';
import { recordImplicit, snapshotOf } from './feedback.js';

export interface RunRecord {
  result: RunResult;
  cwd: string;
  paths: readonly string[];
  /** The project root: the config file's folder, else the working directory. */
  project: string;
  /** Why the run does not compare with a whole run of its paths (`--changed`, `--dimensions`); empty when it does. */
  partial: readonly string[];
  /** Absolute path of each entry of result.files, same order. */
  absPaths: readonly string[];
  configHash: string;
  rulesHash: string;
  cache: readonly CacheEntry[];
  /** Cache keys this run was served from: marked used, so eviction (least recently used) keeps them. */
  cacheHits?: readonly string[];
  /** Content digests taken this run that are old enough to trust by their stamps (store/digests.ts). */
  digests?: readonly FileDigest[];
  /** Files whose trusted digest named other content than the file was graded from: their digests go. */
  staleDigests?: readonly string[];
  /** Weight of implicit signals to record, or 0 for none (learning not in 'user' mode). */
  implicitWeight: number;
  /** The config's `learning:` options the run was graded with (kept as JSON; read back by `toasty feedback`). */
  learningOptions?: Readonly<Record<string, unknown>>;
}

function shown(f: Finding): boolean {
  return !f.muted && !f.suppressed && f.source !== 'engine';
}

/**
 * Implicit feedback: findings shown in this user's previous run of the same file (same tool
 * version, config and rules) whose fingerprint is gone now, while the file still exists.
 */
function recordImplicitSignals(db: DB, rec: RunRecord, uid: number): number {
  const previous = db.prepare(`
    SELECT f.id, f.sha256 FROM file_results f JOIN runs r ON r.id = f.run_id
    WHERE f.abs_path = ? AND r.user_id = ? AND r.id != ? AND r.tool_version = ? AND r.config_hash = ? AND r.rules_hash = ? AND f.status = 'graded'
    ORDER BY r.started_at DESC LIMIT 1`);
  const oldFindings = db.prepare('SELECT id, data FROM findings WHERE file_id = ? AND muted = 0 AND suppressed = 0');
  const { result } = rec;
  let recorded = 0;
  result.files.forEach((file, i) => {
    if (file.status !== 'graded') return;
    const prev = previous.get(rec.absPaths[i], uid, result.run.id, result.tool.version, rec.configHash, rec.rulesHash) as
      { id: string; sha256: string | null } | undefined;
    if (!prev || prev.sha256 === file.sha256) return;
    const now = new Set(file.findings.map((f) => f.fingerprint));
    for (const row of oldFindings.all(prev.id) as { id: string; data: string }[]) {
      const old = JSON.parse(row.data) as Finding;
      if (!shown(old) || now.has(old.fingerprint)) continue;
      if (recordImplicit(db, uid, row.id, snapshotOf(old, file.path), rec.implicitWeight, result.run.startedAt)) recorded++;
    }
  });
  return recorded;
}

/** Writes one run (its files, findings, cache entries and implicit signals) in one transaction. */
export function recordRun(db: DB, rec: RunRecord): { implicit: number } {
  const { result } = rec;
  return writeTransaction(db, () => {
    const uid = userId(db, result.run.user);
    const aid = result.run.agent ? agentId(db, result.run.agent) : null;
    db.prepare(
      `INSERT INTO runs (id, user_id, agent_id, started_at, duration_ms, cwd, paths, tool_version, config_file, config_hash, rules_hash, learning, score, grade, passed, dimensions, summary, project, partial, learning_options)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      result.run.id,
      uid,
      aid,
      result.run.startedAt,
      result.run.durationMs,
      rec.cwd,
      JSON.stringify(rec.paths),
      result.tool.version,
      result.run.config,
      rec.configHash,
      rec.rulesHash,
      result.run.learning,
      result.score,
      result.grade,
      result.passed ? 1 : 0,
      JSON.stringify(result.dimensions),
      JSON.stringify(result.summary),
      rec.project,
      rec.partial.length ? JSON.stringify(rec.partial) : null,
      rec.learningOptions ? JSON.stringify(rec.learningOptions) : null,
    );
    const putFile = db.prepare(
      `INSERT INTO file_results (id, run_id, path, abs_path, language, status, skip_reason, sha256, loc, sloc, score, grade, dimensions)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const putFinding = db.prepare(
      `INSERT INTO findings (id, file_id, run_id, rule_id, dimension, severity, line, fingerprint, cost, muted, suppressed, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    result.files.forEach((f, i) => {
      putFile.run(
        f.id,
        result.run.id,
        f.path,
        rec.absPaths[i],
        f.language,
        f.status,
        f.skipReason,
        f.sha256,
        f.loc,
        f.sloc,
        f.score,
        f.grade,
        f.dimensions ? JSON.stringify(f.dimensions) : null,
      );
      for (const x of f.findings) {
        putFinding.run(
          x.id,
          f.id,
          result.run.id,
          x.ruleId,
          x.dimension,
          x.severity,
          x.line,
          x.fingerprint,
          x.cost,
          x.muted ? 1 : 0,
          x.suppressed ? 1 : 0,
          JSON.stringify(x),
        );
      }
    });
    const evicted = cachePut(db, rec.cache, rec.cacheHits);
    digestsPut(db, rec.digests ?? [], rec.staleDigests ?? [], evicted);
    return { implicit: rec.implicitWeight > 0 ? recordImplicitSignals(db, rec, uid) : 0 };
  });
}
