import type { StoreError } from './errors.js';

/**
 * The history database the running command opened (one command per process), as a mapper from a
 * SQLite failure to its StoreError. Kept apart from `store/open.ts` so the CLI's error mapping does
 * not load better-sqlite3 for commands that never open the database (`--version`, `--help`).
 */
let mapper: ((error: unknown) => StoreError) | null = null;

export function setCommandStore(map: (error: unknown) => StoreError): void {
  mapper = map;
}

/**
 * A SQLite failure after the command opened its database (a write to a read-only file, a read
 * of a corrupt page) as the StoreError naming that database; null for any other error.
 */
export function commandStoreError(error: unknown): StoreError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (mapper === null || typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  return mapper(error);
}
