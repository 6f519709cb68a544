import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { redactUrls } from '../../util/redact.js';
import { ServeError } from '../errors.js';
import { SERVER_MIGRATIONS } from './migrations.js';

export type Param = string | number | null;
export type Row = Record<string, unknown>;

/** The few operations the server needs, with `?` placeholders, the same SQL on SQLite and PostgreSQL. */
export interface Queryable {
  all<T = Row>(sql: string, params?: readonly Param[]): Promise<T[]>;
  get<T = Row>(sql: string, params?: readonly Param[]): Promise<T | undefined>;
  /** Rows changed (inserted, updated, deleted). */
  run(sql: string, params?: readonly Param[]): Promise<number>;
}

export interface Sql extends Queryable {
  readonly dialect: 'sqlite' | 'postgres';
  /** Everything `fn` does commits together or not at all. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** One lock for a single SQLite connection: a transaction's statements never interleave with another request's. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  async lock<T>(fn: () => Promise<T>): Promise<T> {
    const prev = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => (release = r));
    await prev;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

class SqliteSql implements Sql {
  readonly dialect = 'sqlite' as const;
  private readonly mutex = new Mutex();
  private readonly cache = new Map<string, Database.Statement>();
  private inTx = false;
  constructor(private readonly db: Database.Database) {}

  private stmt(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }
  private direct(): Queryable {
    return {
      all: <T>(sql: string, params: readonly Param[] = []) => Promise.resolve(this.stmt(sql).all(...params) as T[]),
      get: <T>(sql: string, params: readonly Param[] = []) => Promise.resolve(this.stmt(sql).get(...params) as T | undefined),
      run: (sql: string, params: readonly Param[] = []) => Promise.resolve(this.stmt(sql).run(...params).changes),
    };
  }
  // Outside a transaction a statement runs at once (better-sqlite3 is synchronous): nothing can interleave.
  all<T = Row>(sql: string, params: readonly Param[] = []): Promise<T[]> {
    if (this.inTx) return this.mutex.lock(() => this.direct().all<T>(sql, params));
    return this.direct().all<T>(sql, params);
  }
  get<T = Row>(sql: string, params: readonly Param[] = []): Promise<T | undefined> {
    if (this.inTx) return this.mutex.lock(() => this.direct().get<T>(sql, params));
    return this.direct().get<T>(sql, params);
  }
  run(sql: string, params: readonly Param[] = []): Promise<number> {
    if (this.inTx) return this.mutex.lock(() => this.direct().run(sql, params));
    return this.direct().run(sql, params);
  }
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
    return this.mutex.lock(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      this.inTx = true;
      try {
        const out = await fn(this.direct());
        this.db.exec('COMMIT');
        return out;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      } finally {
        this.inTx = false;
      }
    });
  }
  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}

/** `?` → `$1, $2…` (the server's SQL never has `?` inside a string literal). */
export function toPg(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

type PgPool = import('pg').Pool;
type PgClient = import('pg').PoolClient;

function pgQueryable(c: PgPool | PgClient): Queryable {
  return {
    all: async <T>(sql: string, params: readonly Param[] = []) => (await c.query(toPg(sql), params as Param[])).rows as T[],
    get: async <T>(sql: string, params: readonly Param[] = []) => (await c.query(toPg(sql), params as Param[])).rows[0] as T | undefined,
    run: async (sql: string, params: readonly Param[] = []) => (await c.query(toPg(sql), params as Param[])).rowCount ?? 0,
  };
}

class PgSql implements Sql {
  readonly dialect = 'postgres' as const;
  private readonly q: Queryable;
  constructor(private readonly pool: PgPool) {
    this.q = pgQueryable(pool);
  }
  all<T = Row>(sql: string, params?: readonly Param[]): Promise<T[]> {
    return this.q.all<T>(sql, params);
  }
  get<T = Row>(sql: string, params?: readonly Param[]): Promise<T | undefined> {
    return this.q.get<T>(sql, params);
  }
  run(sql: string, params?: readonly Param[]): Promise<number> {
    return this.q.run(sql, params);
  }
  async tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const out = await fn(pgQueryable(client));
      await client.query('COMMIT');
      return out;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** The migrations not yet applied, each in its own transaction; several servers starting at once apply each once. */
async function migrate(sql: Sql): Promise<void> {
  await sql.run('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  for (let v = 1; v <= SERVER_MIGRATIONS.length; v++) {
    await sql.tx(async (q) => {
      // PostgreSQL: one server migrates at a time (released at commit); SQLite: BEGIN IMMEDIATE already serializes.
      if (sql.dialect === 'postgres') await q.run('SELECT pg_advisory_xact_lock(7311001)');
      const done = await q.get('SELECT version FROM schema_migrations WHERE version = ?', [v]);
      if (done) return;
      for (const statement of SERVER_MIGRATIONS[v - 1]!.split(/;\s*(?:\n|$)/).filter((s) => s.trim())) await q.run(statement);
      await q.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [v, new Date().toISOString()]);
    });
  }
  const newest = await sql.get<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
  if (Number(newest?.v ?? 0) > SERVER_MIGRATIONS.length) {
    throw new ServeError(
      `the server database has schema version ${String(newest?.v)}, newer than this toasty understands (${SERVER_MIGRATIONS.length})`,
      'upgrade toasty',
    );
  }
}

export interface DbTarget {
  /** SQLite file (default). */
  file?: string;
  /** postgres://… (takes precedence). */
  url?: string;
  /** Connections in the PostgreSQL pool. */
  poolSize?: number;
}

/** Opens the server database (SQLite file or PostgreSQL URL) and brings its schema up to date. */
export async function openServerDb(target: DbTarget): Promise<Sql> {
  let sql: Sql;
  if (target.url) {
    if (!/^postgres(ql)?:\/\//.test(target.url))
      throw new ServeError(`--database-url must start with postgres:// or postgresql:// (got ${redactUrls(target.url)})`);
    const pg = await import('pg');
    // BIGINT (COUNT, SUM of integers) as numbers, like SQLite.
    pg.default.types.setTypeParser(20, (v: string) => Number(v));
    pg.default.types.setTypeParser(1700, (v: string) => Number(v));
    const pool = new pg.default.Pool({ connectionString: target.url, max: target.poolSize ?? 10, connectionTimeoutMillis: 10_000 });
    pool.on('error', () => undefined); // an idle client's broken connection: the next query reconnects
    sql = new PgSql(pool);
    try {
      await sql.get('SELECT 1');
    } catch (error) {
      await sql.close().catch(() => undefined);
      throw new ServeError(
        `cannot connect to PostgreSQL at ${redactUrls(target.url)}: ${redactUrls((error as Error).message)}`,
        'check --database-url',
      );
    }
  } else {
    const file = target.file!;
    try {
      mkdirSync(dirname(file), { recursive: true });
      const db = new Database(file, { timeout: 30_000 });
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      sql = new SqliteSql(db);
    } catch (error) {
      throw new ServeError(`cannot open the server database ${file}: ${(error as Error).message}`, 'pass --db with another file');
    }
  }
  try {
    await migrate(sql);
  } catch (error) {
    await sql.close().catch(() => undefined);
    throw error instanceof ServeError ? error : new ServeError(`migrating the server database failed: ${(error as Error).message}`);
  }
  return sql;
}
