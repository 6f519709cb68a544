import { openDb, type DB } from './db.js';
import { dbPath } from './location.js';

/** Opens the history database for a command (feedback, history, show, profile); failures are StoreErrors (exit 2). */
export function openForCommand(dbOption: string | undefined, cwd: string = process.cwd()): { db: DB; file: string } {
  const file = dbPath(dbOption, cwd);
  return { db: openDb(file), file };
}
