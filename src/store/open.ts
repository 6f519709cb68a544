import { openDb, storeError, type DB } from './db.js';
import type { StoreError } from './errors.js';
import { dbPath } from './location.js';

/** The history database the running command opened (one command per process). */
let commandStore: string | null = null;

/** Opens the history database for a command (feedback, history, show, profile, sync); failures are StoreErrors (exit 2). */
export function openForCommand(dbOption: string | undefined, cwd: string = process.cwd()): { db: DB; file: string } {
  const file = dbPath(dbOption, cwd);
  commandStore = file;
  return { db: openDb(file), file };
}

/**
 * A SQLite failure after the command opened its database (a write to a read-only file, a read
 * of a corrupt page) as the StoreError naming that database; null for any other error.
 */
export function commandStoreError(error: unknown): StoreError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (commandStore === null || typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  return storeError(error, commandStore);
}
