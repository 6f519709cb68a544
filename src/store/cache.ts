import type { GradeOutcome } from '../engine/grade-file.js';
import { childId } from '../engine/ids.js';
import type { DB } from './db.js';

export interface CacheEntry {
  key: string;
  absPath: string;
  outcome: GradeOutcome;
}

const CHUNK = 500;

/** Cached grading outcomes by key (content hash + version + config hash + rule-set hash + path). */
export function cacheGet(db: DB, keys: readonly string[]): Map<string, GradeOutcome> {
  const out = new Map<string, GradeOutcome>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const chunk = keys.slice(i, i + CHUNK);
    const rows = db.prepare(`SELECT key, outcome FROM cache WHERE key IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as {
      key: string;
      outcome: string;
    }[];
    for (const r of rows) out.set(r.key, JSON.parse(r.outcome) as GradeOutcome);
  }
  return out;
}

/** Stores fresh outcomes, dropping older entries for the same file (its previous contents). */
export function cachePut(db: DB, entries: readonly CacheEntry[]): void {
  const drop = db.prepare('DELETE FROM cache WHERE abs_path = ? AND key != ?');
  const put = db.prepare('INSERT OR REPLACE INTO cache (key, abs_path, outcome, created_at) VALUES (?, ?, ?, ?)');
  const now = new Date().toISOString();
  for (const e of entries) {
    drop.run(e.absPath, e.key);
    put.run(e.key, e.absPath, JSON.stringify(e.outcome), now);
  }
}

/** A cached outcome with fresh ids for this run: file id = childId(runId, path), finding id = childId(fileId, fingerprint). */
export function rebindOutcome(outcome: GradeOutcome, runId: string): GradeOutcome {
  const id = childId(runId, outcome.result.path);
  return {
    ...outcome,
    result: { ...outcome.result, id, findings: outcome.result.findings.map((f) => ({ ...f, id: childId(id, f.fingerprint) })) },
  };
}
