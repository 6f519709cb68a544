import { join } from 'node:path';
import { loadConfig } from '../../config/load.js';
import { UsageError } from '../../errors.js';
import { dbPath, osUser, toastyHome } from '../../store/location.js';
import { ServeError } from '../../sync/errors.js';
import { redactUrls } from '../../util/redact.js';
import { DEFAULT_TIER, ROLES, TIERS, createKey, listKeys, parseScopes, revokeKey, type Role, type Tier } from '../../sync/server/keys.js';
import { openServerDb, type DbTarget, type Sql } from '../../sync/server/sql.js';
import { printErr } from '../console.js';
import { EXIT } from '../exit.js';
import type { GlobalOptions } from '../main.js';

export interface ServeOptions {
  host: string;
  port: string;
  databaseUrl?: string;
  k?: string;
  rateFree?: string;
  ratePremium?: string;
  bodyLimit?: string;
  maxCode?: string;
  gradeTimeout?: string;
  gradeWorkers?: string;
  authFailures?: string;
  neural?: boolean;
  redisUrl?: string;
  rateIp?: string;
  gradeQueue?: string;
  gradeCache?: string;
  trustProxy?: string;
  jwtSecretFile?: string;
}

function int(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} must be an integer from ${min} to ${max} (got '${value}')`);
  return n;
}

/** The server database: --database-url (or $TOASTY_DATABASE_URL) for PostgreSQL, else --db, else $TOASTY_HOME/server.db. */
export function serverDbTarget(databaseUrl: string | undefined, globals: GlobalOptions): DbTarget {
  const url = databaseUrl ?? process.env.TOASTY_DATABASE_URL;
  if (url) return { url };
  return { file: globals.db ? dbPath(globals.db) : join(toastyHome(), 'server.db') };
}

const describe = (t: DbTarget): string => (t.url ? 'PostgreSQL' : `SQLite ${t.file}`);

/** `toasty serve`: the team server, until SIGINT or SIGTERM. */
export async function serveCommand(opts: ServeOptions, globals: GlobalOptions): Promise<number> {
  const port = int('--port', opts.port, 0, 65535)!;
  const target = serverDbTarget(opts.databaseUrl, globals);
  const cwd = process.cwd();
  const { file, config } = await loadConfig(cwd, globals.config);
  const user = opts.neural === false ? { ...config, neural: false } : config;
  const redisUrl = opts.redisUrl ?? process.env.TOASTY_REDIS_URL;
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl))
    throw new UsageError(`--redis-url must start with redis:// or rediss:// (got '${redactUrls(redisUrl)}')`);
  // Before the server's modules load, so instrumentations can patch them; nothing is loaded when the endpoint is unset.
  const { startTracing } = await import('../../sync/server/tracing.js');
  const tracing = await startTracing();
  const { loadJwtSecret } = await import('../../sync/server/tokens.js');
  const jwtSecret = loadJwtSecret(process.env, opts.jwtSecretFile ?? join(toastyHome(), 'server-jwt.key'));
  const sql = await openServerDb(target);
  const { buildServer } = await import('../../sync/server/app.js');
  const app = await buildServer({
    sql,
    k: int('--k', opts.k, 1, 1000),
    tiers: { free: int('--rate-free', opts.rateFree, 1, 1e9), premium: int('--rate-premium', opts.ratePremium, 1, 1e9) },
    bodyLimit: int('--body-limit', opts.bodyLimit, 1024, 1024 ** 3),
    maxCodeBytes: int('--max-code', opts.maxCode, 1, 1024 ** 3),
    // Below the 30 s request timeout, so a timed-out grading still gets its 503.
    gradeTimeoutMs: int('--grade-timeout', opts.gradeTimeout, 100, 25_000),
    gradeWorkers: int('--grade-workers', opts.gradeWorkers, 1, 256),
    authFailuresPerMinute: int('--auth-failures', opts.authFailures, 1, 1e6),
    config: { file, user, cwd },
    log: Boolean(globals.verbose) || process.env.TOASTY_LOG === 'json',
    jwtSecret,
    redisUrl,
    ipRateLimit: int('--rate-ip', opts.rateIp, 1, 1e9),
    gradeQueue: int('--grade-queue', opts.gradeQueue, 0, 1e6),
    gradeCacheEntries: int('--grade-cache', opts.gradeCache, 0, 1e7),
    trustProxy: opts.trustProxy === undefined ? undefined : opts.trustProxy === 'true' ? true : opts.trustProxy,
  });
  try {
    await app.listen({ host: opts.host, port });
  } catch (error) {
    await sql.close().catch(() => undefined);
    throw new ServeError(`cannot listen on ${opts.host}:${port}: ${(error as Error).message}`, 'pick another --port');
  }
  const address = app.server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  // One line on stdout (scripts and tests read the port from it); the rest on stderr.
  process.stdout.write(`toasty serve: listening on http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${bound}\n`);
  if (!globals.quiet)
    printErr(
      `toasty serve: database ${describe(target)}; rate limits ${redisUrl ? `in Redis ${redactUrls(redisUrl)}` : 'in memory (this instance only)'}; stop with Ctrl-C`,
    );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void app
        .close()
        .then(() => sql.close())
        .then(() => tracing?.shutdown())
        .finally(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return EXIT.ok;
}

async function withDb<T>(databaseUrl: string | undefined, globals: GlobalOptions, fn: (sql: Sql) => Promise<T>): Promise<T> {
  const sql = await openServerDb(serverDbTarget(databaseUrl, globals));
  try {
    return await fn(sql);
  } finally {
    await sql.close();
  }
}

export interface KeyCreateOptions {
  role: string;
  scopes?: string;
  tier?: string;
  label?: string;
  databaseUrl?: string;
}

/** `toasty serve keys create`: prints the key once (stdout); only its hash is stored. */
export async function keysCreateCommand(opts: KeyCreateOptions, globals: GlobalOptions): Promise<number> {
  if (!(ROLES as readonly string[]).includes(opts.role))
    throw new UsageError(`--role must be one of ${ROLES.join(', ')} (got '${opts.role}')`);
  const role = opts.role as Role;
  if (opts.tier !== undefined && !(TIERS as readonly string[]).includes(opts.tier))
    throw new UsageError(`--tier must be one of ${TIERS.join(', ')} (got '${opts.tier}')`);
  const tier = (opts.tier as Tier | undefined) ?? DEFAULT_TIER[role];
  const scopes = parseScopes(opts.scopes, role);
  const user = globals.user ?? osUser();
  const { id, key } = await withDb(opts.databaseUrl, globals, (sql) =>
    createKey(sql, { user, role, scopes, tier, label: opts.label ?? null }),
  );
  process.stdout.write(`${key}\n`);
  if (!globals.quiet)
    printErr(`toasty: created key ${id} for ${user} (role ${role}, tier ${tier}, scopes ${scopes.join(',')}); it is shown only this once`);
  return EXIT.ok;
}

export async function keysListCommand(opts: { format: string; databaseUrl?: string }, globals: GlobalOptions): Promise<number> {
  const rows = await withDb(opts.databaseUrl, globals, (sql) => listKeys(sql));
  const keys = rows.map((r) => ({
    id: r.id,
    user: r.user_name,
    role: r.role,
    tier: r.tier,
    scopes: r.scopes.split(','),
    label: r.label,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  }));
  if (opts.format === 'json') process.stdout.write(`${JSON.stringify(keys, null, 2)}\n`);
  else {
    if (keys.length === 0) process.stdout.write('no keys; create one with `toasty serve keys create --role user`\n');
    for (const k of keys)
      process.stdout.write(
        `${k.id}  ${k.user}  ${k.role}  ${k.tier}  ${k.scopes.join(',')}  ${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}${k.label ? `  ${k.label}` : ''}\n`,
      );
  }
  return EXIT.ok;
}

export async function keysRevokeCommand(id: string, opts: { databaseUrl?: string }, globals: GlobalOptions): Promise<number> {
  const revoked = await withDb(opts.databaseUrl, globals, (sql) => revokeKey(sql, id));
  if (!globals.quiet) process.stdout.write(`revoked key ${revoked}\n`);
  return EXIT.ok;
}
