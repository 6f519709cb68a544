import { openDb, storeError, type DB } from './db.js';
import { setCommandStore } from './command-store.js';
import { dbPath } from './location.js';

/** Opens the history database for a command (feedback, history, show, profile, sync); failures are StoreErrors (exit 2). */
export function openForCommand(dbOption: string | undefined, cwd: string = process.cwd()): { db: DB; file: string } {
  const file = dbPath(dbOption, cwd);
  setCommandStore((error) => storeError(error, file));
  return { db: openDb(file), file };
}
