import { IdLookupError, UsageError } from '../errors.js';
import type { DB } from './db.js';

export type TargetKind = 'run' | 'file' | 'finding';

export interface Target {
  kind: TargetKind;
  id: string;
  /** One line that tells the candidates apart: what it is and where. */
  label: string;
}

const MIN_PREFIX = 4;

const QUERIES: Record<TargetKind, string> = {
  run: `SELECT r.id, 'run ' || r.id || ' ' || r.started_at || ' score ' || IFNULL(r.score, '—') AS label
          FROM runs r WHERE r.id >= @lo AND r.id < @hi LIMIT 20`,
  file: `SELECT f.id, 'file ' || f.id || ' ' || f.path || ' (run ' || substr(f.run_id, 1, 7) || ')' AS label
           FROM file_results f WHERE f.id >= @lo AND f.id < @hi LIMIT 20`,
  finding: `SELECT x.id, 'finding ' || x.id || ' ' || x.rule_id || ' ' || f.path || ':' || x.line || ' (run ' || substr(x.run_id, 1, 7) || ')' AS label
              FROM findings x JOIN file_results f ON f.id = x.file_id WHERE x.id >= @lo AND x.id < @hi LIMIT 20`,
};

/** Resolves a unique id prefix (like git) across runs, file results and findings. */
export function resolveId(db: DB, prefix: string): Target {
  const p = prefix.toLowerCase();
  if (!/^[0-9a-f]+$/.test(p) || p.length < MIN_PREFIX) {
    throw new UsageError(
      `'${prefix}' is not an id: ids are hexadecimal, give at least ${MIN_PREFIX} characters (as printed by grade, history or show)`,
    );
  }
  const matches: Target[] = [];
  for (const kind of ['run', 'file', 'finding'] as const) {
    for (const row of db.prepare(QUERIES[kind]).all({ lo: p, hi: `${p}~` }) as { id: string; label: string }[]) {
      matches.push({ kind, id: row.id, label: row.label });
    }
  }
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new IdLookupError(`no run, file result or finding has an id starting with '${p}'`, []);
  throw new IdLookupError(
    `id prefix '${p}' is ambiguous: it matches ${matches.length >= 20 ? 'at least ' : ''}${matches.length} items; give more characters`,
    matches.map((m) => m.label),
  );
}

/** The config's `learning:` options the run behind a target (run, file result or finding) was graded with, as stored (JSON), or null. */
export function targetLearningOptions(db: DB, target: Target): unknown {
  const sql =
    target.kind === 'run'
      ? 'SELECT learning_options AS o FROM runs WHERE id = ?'
      : target.kind === 'file'
        ? 'SELECT r.learning_options AS o FROM runs r JOIN file_results f ON f.run_id = r.id WHERE f.id = ?'
        : 'SELECT r.learning_options AS o FROM runs r JOIN findings x ON x.run_id = r.id WHERE x.id = ?';
  const row = db.prepare(sql).get(target.id) as { o: string | null } | undefined;
  if (!row?.o) return null;
  try {
    return JSON.parse(row.o) as unknown;
  } catch {
    return null;
  }
}
