import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from './errors.js';
import { freshSchema, MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import { sqliteNativeBinding } from './native-binding.js';

export type DB = Database.Database;

/** How long a writer waits for another process's transaction before giving up. */
const BUSY_TIMEOUT_MS = 30_000;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs `fn`, retrying while another process holds a lock SQLite does not wait on by itself (WAL switch). */
function retryBusy<T>(fn: () => T): T {
  for (let attempt = 0; ; attempt++) {
    try {
      return fn();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if ((code !== 'SQLITE_BUSY' && code !== 'SQLITE_LOCKED') || attempt >= 100) throw error;
      sleep(20 + attempt * 5);
    }
  }
}

/** Turns a SQLite or file-system failure into a StoreError that says which file and what to do. */
export function storeError(error: unknown, file: string): StoreError {
  if (error instanceof StoreError) return error;
  const e = error as { code?: string; message?: string };
  const code = e.code ?? '';
  const hint = `move it away or pass --db with another file; grading works without history`;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT')) {
    return new StoreError(
      `history database ${file} is corrupt (${e.message})`,
      file,
      `move it away (toasty starts a new one; \`sqlite3 ${file} .recover\` may save what is left) or pass --db with another file; grading works without history`,
    );
  }
  if (
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_CANTOPEN') ||
    code === 'EACCES' ||
    code === 'EROFS' ||
    code === 'EPERM'
  ) {
    return new StoreError(
      `history database ${file} cannot be opened for writing (${e.message})`,
      file,
      `make ${file} and its folder writable by this user, or pass --db with another file; grading works without history`,
    );
  }
  return new StoreError(`history database ${file} failed: ${e.message ?? String(error)}`, file, hint);
}

function migrate(db: DB, file: string): void {
  const version = (): number => db.pragma('user_version', { simple: true }) as number;
  const tooNew = (v: number): StoreError =>
    new StoreError(
      `history database ${file} has schema version ${v}, newer than this toasty understands (${SCHEMA_VERSION})`,
      file,
      'upgrade toasty, or pass --db with another file',
    );
  const current = version();
  if (current > SCHEMA_VERSION) throw tooNew(current);
  if (current === SCHEMA_VERSION) return;
  // IMMEDIATE: concurrent first runs serialize here; the loser sees the new version and does nothing.
  retryBusy(() => db.exec('BEGIN IMMEDIATE'));
  try {
    const inside = version();
    if (inside > SCHEMA_VERSION) throw tooNew(inside);
    const fresh = inside === 0 ? freshSchema(MIGRATIONS) : null;
    if (fresh !== null) db.exec(fresh);
    else for (let v = inside; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/**
 * Opens (creating if needed) the history database: WAL, a busy timeout, foreign keys, and the
 * schema migrated to this version. Every failure is a StoreError naming the file.
 */
export function openDb(file: string, options: { mustExist?: boolean } = {}): DB {
  let db: DB | null = null;
  try {
    if (!options.mustExist) mkdirSync(dirname(file), { recursive: true });
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS, fileMustExist: Boolean(options.mustExist), nativeBinding: sqliteNativeBinding() });
    const opened = db;
    retryBusy(() => opened.pragma('journal_mode = WAL'));
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    migrate(db, file);
    return db;
  } catch (error) {
    try {
      db?.close();
    } catch {
      // already unusable
    }
    throw storeError(error, file);
  }
}

/** Runs `fn` in one IMMEDIATE transaction (all or nothing), waiting for other writers. */
export function writeTransaction<T>(db: DB, fn: () => T): T {
  retryBusy(() => db.exec('BEGIN IMMEDIATE'));
  try {
    const out = fn();
    db.exec('COMMIT');
    return out;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/** Values bound per statement by `selectIn` (older SQLite builds allow at most 999). */
const IN_CHUNK = 500;

/**
 * The rows of a lookup by many values: `sql(placeholders)` is the statement with `placeholders`
 * (`?,?,…`) as its `IN (…)` list, run once per chunk of `values`.
 */
export function selectIn<R>(db: DB, values: readonly unknown[], sql: (placeholders: string) => string): R[] {
  const out: R[] = [];
  for (let i = 0; i < values.length; i += IN_CHUNK) {
    const chunk = values.slice(i, i + IN_CHUNK);
    for (const row of db.prepare(sql(chunk.map(() => '?').join(','))).all(...chunk) as R[]) out.push(row);
  }
  return out;
}
