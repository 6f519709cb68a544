import type { DB } from './db.js';

function idOf(db: DB, table: 'users' | 'agents', name: string): number {
  db.prepare(`INSERT OR IGNORE INTO ${table} (name, created_at) VALUES (?, ?)`).run(name, new Date().toISOString());
  return (db.prepare(`SELECT id FROM ${table} WHERE name = ?`).get(name) as { id: number }).id;
}

/** The user's row id, created on first use. */
export function userId(db: DB, name: string): number {
  return idOf(db, 'users', name);
}

/** The agent's row id, created on first use. */
export function agentId(db: DB, name: string): number {
  return idOf(db, 'agents', name);
}

/** The user's row id, or null when the user has never been seen (read-only callers). */
export function existingUserId(db: DB, name: string): number | null {
  const row = db.prepare('SELECT id FROM users WHERE name = ?').get(name) as { id: number } | undefined;
  return row?.id ?? null;
}
