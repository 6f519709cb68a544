import type { DB } from './db.js';

export interface PrunePolicy {
  /** Keep the newest `keep` runs (of those the filters select). */
  keep?: number;
  /** Prune runs started before this ISO time. */
  before?: string;
  /** Only this user's runs. */
  user?: string;
  /** Only runs attributed to this agent. */
  agent?: string;
}

export interface PruneResult {
  /** Runs pruned now: deleted, or reduced to a stub kept for its feedback (a stub pruned before is not counted again). */
  runs: number;
  fileResults: number;
  findings: number;
  /** What stays because feedback points at it (a pruned run keeps its row, marked pruned). */
  kept: { runs: number; fileResults: number; findings: number };
}

const CHUNK = 500;

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

/** The runs the policy prunes: those past the newest `keep` and/or started before `before`. */
function candidates(db: DB, policy: PrunePolicy): string[] {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (policy.user !== undefined) {
    where.push('u.name = @user');
    params.user = policy.user;
  }
  if (policy.agent !== undefined) {
    where.push('a.name = @agent');
    params.agent = policy.agent;
  }
  const rows = db
    .prepare(
      `SELECT r.id, r.started_at FROM runs r JOIN users u ON u.id = r.user_id LEFT JOIN agents a ON a.id = r.agent_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.started_at DESC, r.id`,
    )
    .all(params) as { id: string; started_at: string }[];
  return rows
    .filter((r, i) => (policy.keep === undefined || i >= policy.keep) && (policy.before === undefined || r.started_at < policy.before))
    .map((r) => r.id);
}

/**
 * Deletes old runs with their file results and findings. Learning never needs them (a vote keeps a
 * snapshot of what it was about), but what feedback points at stays so `toasty show` still finds
 * it: a voted finding keeps its file result and run, and such a run stays as a stub marked pruned.
 * Runs in one transaction when the caller wraps it in one; `dryRun` only counts.
 */
export function pruneRuns(db: DB, policy: PrunePolicy, now: string, dryRun = false): PruneResult {
  const runs = candidates(db, policy);
  const result: PruneResult = { runs: runs.length, fileResults: 0, findings: 0, kept: { runs: 0, fileResults: 0, findings: 0 } };
  if (runs.length === 0) return result;
  db.exec('CREATE TEMP TABLE IF NOT EXISTS prune_runs (id TEXT PRIMARY KEY)');
  db.exec('DELETE FROM prune_runs');
  const put = db.prepare('INSERT INTO prune_runs (id) VALUES (?)');
  for (const part of chunks(runs)) for (const id of part) put.run(id);
  // What feedback points at, inside the pruned runs.
  db.exec(`
    CREATE TEMP TABLE IF NOT EXISTS prune_keep_findings (id TEXT PRIMARY KEY);
    CREATE TEMP TABLE IF NOT EXISTS prune_keep_files (id TEXT PRIMARY KEY);
    CREATE TEMP TABLE IF NOT EXISTS prune_keep_runs (id TEXT PRIMARY KEY);
    DELETE FROM prune_keep_findings; DELETE FROM prune_keep_files; DELETE FROM prune_keep_runs;
    INSERT OR IGNORE INTO prune_keep_findings
      SELECT x.id FROM findings x JOIN feedback fb ON fb.target_kind = 'finding' AND fb.target_id = x.id
      WHERE x.run_id IN (SELECT id FROM prune_runs);
    INSERT OR IGNORE INTO prune_keep_files
      SELECT file_id FROM findings WHERE id IN (SELECT id FROM prune_keep_findings)
      UNION SELECT f.id FROM file_results f JOIN feedback fb ON fb.target_kind = 'file' AND fb.target_id = f.id
      WHERE f.run_id IN (SELECT id FROM prune_runs);
    INSERT OR IGNORE INTO prune_keep_runs
      SELECT run_id FROM file_results WHERE id IN (SELECT id FROM prune_keep_files)
      UNION SELECT r.id FROM runs r JOIN feedback fb ON fb.target_kind = 'run' AND fb.target_id = r.id
      WHERE r.id IN (SELECT id FROM prune_runs);
  `);
  const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
  result.kept = {
    runs: count('SELECT COUNT(*) AS n FROM prune_keep_runs'),
    fileResults: count('SELECT COUNT(*) AS n FROM prune_keep_files'),
    findings: count('SELECT COUNT(*) AS n FROM prune_keep_findings'),
  };
  // A run already pruned to a stub counts again only if it now goes altogether.
  const keptStubs = count(
    'SELECT COUNT(*) AS n FROM runs WHERE pruned_at IS NOT NULL AND id IN (SELECT id FROM prune_runs) AND id IN (SELECT id FROM prune_keep_runs)',
  );
  result.runs = runs.length - keptStubs;
  result.kept.runs -= keptStubs;
  result.fileResults =
    count('SELECT COUNT(*) AS n FROM file_results WHERE run_id IN (SELECT id FROM prune_runs)') - result.kept.fileResults;
  result.findings = count('SELECT COUNT(*) AS n FROM findings WHERE run_id IN (SELECT id FROM prune_runs)') - result.kept.findings;
  if (!dryRun) {
    db.exec(`
      DELETE FROM findings WHERE run_id IN (SELECT id FROM prune_runs) AND id NOT IN (SELECT id FROM prune_keep_findings);
      DELETE FROM file_results WHERE run_id IN (SELECT id FROM prune_runs) AND id NOT IN (SELECT id FROM prune_keep_files);
      DELETE FROM runs WHERE id IN (SELECT id FROM prune_runs) AND id NOT IN (SELECT id FROM prune_keep_runs);
    `);
    db.prepare('UPDATE runs SET pruned_at = ? WHERE pruned_at IS NULL AND id IN (SELECT id FROM prune_keep_runs)').run(now);
  }
  db.exec('DELETE FROM prune_runs; DELETE FROM prune_keep_findings; DELETE FROM prune_keep_files; DELETE FROM prune_keep_runs');
  return result;
}
