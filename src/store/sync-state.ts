import type { DB } from './db.js';

/** A value kept by `toasty sync` (JSON), or null. */
export function getSyncState<T>(db: DB, key: string): T | null {
  const row = db.prepare('SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined;
  if (!row) return null;
  try {
    return JSON.parse(row.value) as T;
  } catch {
    return null;
  }
}

export function setSyncState(db: DB, key: string, value: unknown): void {
  db.prepare(
    'INSERT INTO sync_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  ).run(key, JSON.stringify(value), new Date().toISOString());
}

export const TEAM_PRIORS_KEY = 'team_priors';

/** The team priors last pulled by `toasty sync`, as stored (unparsed: the learner decides what they mean), or null. */
export function storedTeamPriors(db: DB): unknown {
  return getSyncState<unknown>(db, TEAM_PRIORS_KEY);
}
