import { createHash, randomBytes as randomBytesSync, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { resolveConfig } from '../../config/resolve.js';
import type { UserConfig } from '../../config/types.js';
import { aggregateTeamPriors, TEAM_MIN_USERS, type TeamPriors } from '../../learning/team.js';
import { loadRuleSet } from '../../engine/registry.js';
import { VERSION } from '../../version.js';
import { registerAliases } from './aliases.js';
import { GradeAbort, GradePool } from './grade-pool.js';
import type { RunResult } from '../../model/results.js';
import type { PushBatch } from '../protocol.js';
import { authenticate as authenticateKey, hasScope, isAdmin, type Principal, type Scope } from './keys.js';
import { AuthFailureLimiter, registerRateLimits, type Limits, type TierLimits } from './rate-limit.js';
import { looksLikeJwt, TokenService } from './tokens.js';
import * as S from './schemas.js';
import { traced } from './spans.js';
import type { Sql } from './sql.js';
import { feedbackByUser, findTarget, listHistory, pushRunOf, storeBatch, upsertVote, type HistoryRun } from './store.js';
import { ANY_SCOPE, registerGraphql, type FeedbackAnswer, type FeedbackBody, type GradeBody } from './graphql.js';
import { monotonicMs } from '../../util/monotonic.js';

export interface ServerOptions {
  sql: Sql;
  /** Distinct users a team prior needs (default 3). */
  k?: number;
  /** Requests per minute per key, by tier (admin keys are unlimited). */
  tiers?: Partial<TierLimits>;
  /** Largest request body in bytes (default 1 MiB); `POST /sync/push` allows `pushBodyLimit` (default 16 MiB). */
  bodyLimit?: number;
  pushBodyLimit?: number;
  /** Largest `code` for `POST /grade`, in bytes (default DEFAULT_MAX_CODE_BYTES). */
  maxCodeBytes?: number;
  /**
   * Longest a request may take (default 30 s); a grading past `gradeTimeoutMs` (default
   * DEFAULT_GRADE_TIMEOUT_MS) answers 503 and its grading process is killed.
   */
  requestTimeoutMs?: number;
  gradeTimeoutMs?: number;
  /** Grading processes (default: the CPUs, at most 8). */
  gradeWorkers?: number;
  /** Failed authentications per client IP and minute before 429 (default 30). */
  authFailuresPerMinute?: number;
  /** Grading settings: a config file's content (its rules, weights, neural setting) and the folder it was found in. */
  config?: { file: string | null; user: UserConfig; cwd: string };
  /** Request log lines (method, route, status, time; never bodies, keys or code) on stderr. */
  log?: boolean;
  /** The JWT signing secret (see loadJwtSecret); absent: a random one for this process only. */
  jwtSecret?: Uint8Array;
  /** Redis for rate limits shared by every instance (`redis://…`); absent: in memory. */
  redisUrl?: string;
  /** Requests per minute per client IP (default DEFAULT_IP_LIMIT). */
  ipRateLimit?: number;
  /** Gradings waiting for a grading process at most; past it 503 + Retry-After (default 64). */
  gradeQueue?: number;
  /** Graded answers kept by content hash (default 1,000; 0: no cache). */
  gradeCacheEntries?: number;
  /** Trust X-Forwarded-For from a balancer (fastify trustProxy: true, or its addresses). */
  trustProxy?: boolean | string;
}

/** Why a request was not let through: its HTTP answer. */
export interface Refusal {
  status: 401 | 403 | 429;
  error: string;
  message: string;
  retryAfter?: number;
  /** A credential was presented and refused (WWW-Authenticate: error="invalid_token"). */
  invalid?: boolean;
}

/**
 * What every route (REST, and any added later: GraphQL) shares: who a request is, and whether
 * it may go on. `app.toasty` holds it. The global onRequest hook already runs `check` for every
 * route that is not `public` or `credentialInBody` (with the route's `config.scope`, if any), so a
 * handler registered later (e.g. POST /graphql) finds `req.principal` set and counted against the
 * limits: it checks per-operation scopes with `hasScope(req.principal, …)` and must not call
 * `rateLimit` again for the same request (each call counts one request).
 */
export interface Guard {
  /** The principal of a request's credential (API key or access token), or the refusal to send. */
  authenticate(req: FastifyRequest): Promise<Principal | Refusal>;
  /** Counts a request against its user's tier (and the IP limit): null when allowed. */
  rateLimit(req: FastifyRequest, p: Principal | null): Promise<Refusal | null>;
  /** authenticate + rateLimit + scope, in that order; sets req.principal. */
  check(req: FastifyRequest, scope: Scope | typeof ANY_SCOPE | undefined): Promise<Principal | Refusal>;
  /** Sends a refusal (status, Retry-After, WWW-Authenticate, JSON body). */
  refuse(reply: FastifyReply, r: Refusal): FastifyReply;
  readonly limits: Limits;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    toasty: Guard;
  }
  interface FastifyContextConfig {
    /** The scope a route needs (ANY_SCOPE: a valid credential, each operation checking its own, as GraphQL's); absent: any valid credential. */
    scope?: Scope | typeof ANY_SCOPE;
    /** No credential at all (only /healthz). */
    public?: boolean;
    /** The credential is in the body (POST /auth/token, /auth/refresh): the route checks it. */
    credentialInBody?: boolean;
    bodyLimitName?: string;
  }
}

class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

const EXTENSION = { python: 'py', javascript: 'js', typescript: 'ts' } as const;

/**
 * Limits of `POST /grade`, chosen from bench/serve/limits.mjs (see bench/serve/RESULTS.md): the
 * largest code grades in well under the timeout on a busy 2-core box, and a free key (10 requests
 * a minute, one grading at a time) holds one grading process for at most 10 × 3 s = 30 s a minute.
 */
export const DEFAULT_MAX_CODE_BYTES = 64 * 1024;
export const DEFAULT_GRADE_TIMEOUT_MS = 3_000;

/** `?name=` as an integer in [min, max]: `Infinity`, `1e400`, `2.5`, `0x10` or `' 7'` are a 400 naming the parameter. */
function intQuery(name: string, raw: string | undefined, min: number, max: number, dflt: number): number {
  if (raw === undefined || raw === '') return dflt;
  const n = /^[0-9]{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new HttpError(400, 'bad_request', `${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw.slice(0, 40))})`);
  return n;
}

/**
 * Graded answers by content hash (SHA-256 of user, language, file name, dimensions and code),
 * least recently used dropped first. Grading is deterministic for a given server config, so an
 * answer is reused as it is, run id included.
 */
class GradeCache {
  private readonly entries = new Map<string, RunResult>();
  constructor(private readonly max: number) {}
  static key(parts: unknown[]): string {
    return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  }
  get(key: string): RunResult | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }
  set(key: string, value: RunResult): void {
    if (this.max <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}

function send(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  return reply.code(status).send({ error, message });
}

/** Builds the app (not listening): routes, auth, limits, metrics. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { sql } = options;
  const k = options.k ?? TEAM_MIN_USERS;
  const maxCode = options.maxCodeBytes ?? DEFAULT_MAX_CODE_BYTES;
  const authFailures = new AuthFailureLimiter(options.authFailuresPerMinute);
  const gradeTimeout = options.gradeTimeoutMs ?? DEFAULT_GRADE_TIMEOUT_MS;
  const app = Fastify({
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    connectionTimeout: options.requestTimeoutMs ?? 30_000,
    keepAliveTimeout: 10_000,
    return503OnClosing: true,
    trustProxy: options.trustProxy ?? false,
    // A request id per request (a client's X-Request-Id when it is a plain token), in every log line and echoed back.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
    },
    logger: options.log
      ? {
          level: 'info',
          // stderr: stdout of `toasty serve` is its one "listening on" line.
          stream: process.stderr,
          // Only what identifies a request: never headers (keys), bodies (code) or query strings.
          serializers: {
            req: (req: { method: string; url: string }) => ({ method: req.method, path: req.url.split('?')[0] }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
        }
      : false,
  });

  // Metrics: one registry per app, so several servers in one process (tests) do not collide.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'toasty_http_requests_total',
    help: 'HTTP requests by route, method and status',
    labelNames: ['route', 'method', 'status'],
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'toasty_http_request_duration_seconds',
    help: 'HTTP request durations by route, method and status',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const gradings = new Counter({
    name: 'toasty_gradings_total',
    help: 'Gradings by language and file status',
    labelNames: ['language', 'status'],
    registers: [registry],
  });
  const gradeAborts = new Counter({
    name: 'toasty_grade_aborts_total',
    help: 'Gradings stopped before their answer, by reason (timeout, busy, aborted: client gone, crashed)',
    labelNames: ['reason'],
    registers: [registry],
  });
  // The original platform's series (its Grafana dashboards use these names).
  const gradingRequests = new Counter({
    name: 'grading_requests_total',
    help: 'POST /grade requests by language and outcome (graded, cached, error)',
    labelNames: ['language', 'outcome'],
    registers: [registry],
  });
  const gradingDuration = new Histogram({
    name: 'grading_duration_seconds',
    help: 'Time to answer a grading (cached answers included), by language and whether it was cached',
    labelNames: ['language', 'cached'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const gradingErrors = new Counter({
    name: 'grading_errors_total',
    help: 'Gradings that gave no result, by reason (timeout, busy, queue_full, aborted, crashed, failed)',
    labelNames: ['reason'],
    registers: [registry],
  });
  const gradingScore = new Histogram({
    name: 'grading_score',
    help: 'Scores (0-100) of graded files, by language',
    labelNames: ['language'],
    buckets: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
    registers: [registry],
  });
  const cacheLookups = { hits: 0, misses: 0 };
  new Gauge({
    name: 'cache_hit_rate',
    help: 'Share of POST /grade answered from the content-hash cache since the start (0..1)',
    registers: [registry],
    collect() {
      const total = cacheLookups.hits + cacheLookups.misses;
      this.set(total ? cacheLookups.hits / total : 0);
    },
  });
  const rateStoreErrors = new Counter({
    name: 'toasty_rate_limit_store_errors_total',
    help: 'Rate-limit store (Redis) failures; each let its request through (fail open)',
    registers: [registry],
  });
  const feedbackCount = new Counter({
    name: 'toasty_feedback_total',
    help: 'Feedback received by source (feedback, sync) and vote',
    labelNames: ['source', 'helpful'],
    registers: [registry],
  });

  // Grading: the config and the rule set are checked here once (a bad config fails the start);
  // each request grades its code from a temp folder in a grading process of the pool.
  const cfg = options.config ?? { file: null, user: {}, cwd: process.cwd() };
  await loadRuleSet(resolveConfig(cfg.file, cfg.user, cfg.cwd));
  const pool = new GradePool(cfg, options.gradeWorkers ?? Math.min(8, availableParallelism()), gradeTimeout, undefined, options.gradeQueue);
  const cache = new GradeCache(options.gradeCacheEntries ?? 1_000);
  app.addHook('onClose', () => pool.close());
  // Free keys grade one file at a time: with their rate, a bound on the processes they can hold.
  const gradingNow = new Map<string, number>();

  // Team priors: recomputed at most every few seconds, and after a vote reaches this server.
  let priors: { at: number; value: TeamPriors } | null = null;
  const PRIORS_TTL_MS = 5_000;

  const routes: { method: string; url: string; schema: Record<string, unknown>; scope?: Scope | typeof ANY_SCOPE; public?: boolean }[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods)
      if (method !== 'HEAD')
        routes.push({
          method,
          url: route.url,
          schema: (route.schema ?? {}) as Record<string, unknown>,
          scope: route.config?.scope,
          public: route.config?.public || route.config?.credentialInBody,
        });
  });

  app.decorateRequest('principal', null);
  registerAliases(app);
  const tokens = new TokenService(sql, options.jwtSecret ?? new Uint8Array(randomBytesSync(48)));
  let lastStoreWarning = 0;
  const limits = await registerRateLimits(app, {
    tiers: options.tiers,
    perIp: options.ipRateLimit,
    redisUrl: options.redisUrl,
    onStoreError: (error) => {
      rateStoreErrors.inc();
      // One warning every 30 s at most: an outage is not a log flood.
      if (Date.now() - lastStoreWarning > 30_000) {
        lastStoreWarning = Date.now();
        process.stderr.write(
          `${JSON.stringify({ level: 'warn', time: new Date().toISOString(), msg: 'rate-limit store unavailable: requests are let through (fail open)', error: error.message })}\n`,
        );
      }
    },
  });
  app.addHook('onClose', () => limits.close());

  const unauthorized = (message: string, invalid: boolean): Refusal => ({
    status: 401,
    error: 'unauthorized',
    message,
    ...(invalid ? { invalid } : {}),
  });
  const guard: Guard = {
    limits,
    async authenticate(req) {
      const header = req.headers.authorization;
      const presented = header?.startsWith('Bearer ') ? header.slice(7).trim() : (req.headers['x-api-key'] as string | undefined);
      if (!presented)
        return unauthorized(
          'an API key or access token is required: Authorization: Bearer <key or token> (create a key with `toasty serve keys create`)',
          false,
        );
      const blocked = authFailures.blocked(req.ip);
      if (blocked !== null)
        return {
          status: 429,
          error: 'rate_limited',
          message: `too many failed authentications from ${req.ip}; retry in ${blocked} s`,
          retryAfter: blocked,
        };
      const jwt = looksLikeJwt(presented);
      const principal = jwt ? await tokens.verify(presented) : await authenticateKey(sql, presented);
      if (principal) return principal;
      authFailures.fail(req.ip);
      return unauthorized(jwt ? 'the access token is invalid, expired or revoked' : 'the API key is unknown or revoked', true);
    },
    async rateLimit(req, p) {
      const ipWait = await limits.ip(req);
      if (ipWait !== null)
        return { status: 429, error: 'rate_limited', message: `rate limit of ${req.ip} reached; retry in ${ipWait} s`, retryAfter: ipWait };
      const wait = p ? await limits.user(req, p) : null;
      if (wait !== null)
        return {
          status: 429,
          error: 'rate_limited',
          message: `rate limit of the ${p!.tier} tier reached; retry in ${wait} s`,
          retryAfter: wait,
        };
      return null;
    },
    async check(req, scope) {
      const p = await guard.authenticate(req);
      if ('status' in p) return p;
      req.principal = p;
      const limited = await guard.rateLimit(req, p);
      if (limited) return limited;
      if (scope && scope !== ANY_SCOPE && !hasScope(p, scope))
        return { status: 403, error: 'forbidden', message: `this key lacks the scope ${scope}` };
      return p;
    },
    refuse(reply, r) {
      if (r.retryAfter !== undefined) void reply.header('retry-after', String(r.retryAfter));
      if (r.status === 401) void reply.header('www-authenticate', r.invalid ? 'Bearer error="invalid_token"' : 'Bearer');
      return send(reply, r.status, r.error, r.message);
    },
  };
  app.decorate('toasty', guard);

  // Every route but /healthz needs a credential (unknown paths too: no route map for strangers).
  app.addHook('onRequest', async (req, reply) => {
    void reply.header('x-request-id', req.id);
    const config = req.routeOptions.config as
      { public?: boolean; credentialInBody?: boolean; scope?: Scope | typeof ANY_SCOPE } | undefined;
    if (config?.public) return;
    if (config?.credentialInBody) {
      const r = (await guard.rateLimit(req, null)) ?? blockedRefusal(req.ip);
      if (r) return guard.refuse(reply, r);
      return;
    }
    const r = await guard.check(req, config?.scope);
    if ('status' in r) return guard.refuse(reply, r);
  });
  const blockedRefusal = (ip: string): Refusal | null => {
    const blocked = authFailures.blocked(ip);
    return blocked === null
      ? null
      : {
          status: 429,
          error: 'rate_limited',
          message: `too many failed authentications from ${ip}; retry in ${blocked} s`,
          retryAfter: blocked,
        };
  };

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const labels = { route, method: req.method, status: String(reply.statusCode) };
    requests.inc(labels);
    durations.observe(labels, reply.elapsedTime / 1000);
  });

  app.setErrorHandler((error: FastifyError | HttpError, req, reply) => {
    if (error instanceof HttpError) return send(reply, error.statusCode, error.error, error.message);
    if (error.validation) return send(reply, 400, 'bad_request', error.message);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(reply, 413, 'payload_too_large', 'the request body is too large');
    const status = error.statusCode ?? 500;
    if (status < 500) return send(reply, status, 'bad_request', error.message);
    req.log.error({ err: { message: error.message, code: error.code } }, 'request failed');
    return send(reply, 500, 'internal', 'internal server error');
  });
  app.setNotFoundHandler((req, reply) => send(reply, 404, 'not_found', `no route ${req.method} ${req.url.split('?')[0]}`));

  const errors = { 400: S.errorSchema, 401: S.errorSchema, 403: S.errorSchema, 413: S.errorSchema, 429: S.errorSchema };
  const who = (req: FastifyRequest): Principal => req.principal!;

  app.get('/healthz', { config: { public: true }, schema: { response: { 200: S.healthResponse } } }, async () => {
    await sql.get('SELECT 1 AS ok');
    return { status: 'ok', version: VERSION, database: sql.dialect };
  });

  app.post<{ Body: { api_key: string } }>(
    '/auth/token',
    { config: { credentialInBody: true }, schema: { body: S.tokenBody, response: { 200: S.tokenResponse, ...errors } } },
    async (req, reply) => {
      const p = await authenticateKey(sql, req.body.api_key);
      if (!p) {
        authFailures.fail(req.ip);
        return guard.refuse(reply, { status: 401, error: 'unauthorized', message: 'the API key is unknown or revoked', invalid: true });
      }
      req.principal = p;
      const limited = await guard.rateLimit(req, p);
      if (limited) return guard.refuse(reply, limited);
      return tokens.issue(p);
    },
  );

  app.post<{ Body: { refresh_token: string } }>(
    '/auth/refresh',
    { config: { credentialInBody: true }, schema: { body: S.refreshBody, response: { 200: S.tokenResponse, ...errors } } },
    async (req, reply) => {
      const out = await tokens.refresh(req.body.refresh_token);
      if (typeof out === 'string') {
        authFailures.fail(req.ip);
        const why = {
          invalid: 'the refresh token is unknown',
          expired: 'the refresh token has expired; get a new one with POST /auth/token',
          revoked: 'the refresh token (or its key) was revoked',
          reused: 'the refresh token was already used: every token of its family is now revoked; get a new one with POST /auth/token',
        }[out];
        return guard.refuse(reply, { status: 401, error: 'unauthorized', message: why, invalid: true });
      }
      return out;
    },
  );

  app.get('/metrics', { config: { scope: 'metrics:read' } }, async (_req, reply) => {
    void reply.header('content-type', registry.contentType);
    return registry.metrics();
  });

  /** One grading for a principal, REST's `POST /grade` and GraphQL's `gradeCode` alike: limits, the pool, storage. */
  const grade = (p: Principal, body: GradeBody, reply: FastifyReply): Promise<RunResult> =>
    traced('grade', { 'toasty.language': body.language }, () => gradeUntraced(p, body, reply));
  const gradeUntraced = async (p: Principal, body: GradeBody, reply: FastifyReply): Promise<RunResult> => {
    if (Buffer.byteLength(body.code, 'utf8') > maxCode)
      throw new HttpError(413, 'payload_too_large', `code is larger than the limit of ${maxCode} bytes`);
    if (body.user_id !== undefined && body.user_id !== p.user && !isAdmin(p) && p.role !== 'service')
      throw new HttpError(403, 'forbidden', 'user_id must be your own user unless the key is an admin or service key');
    const user = body.user_id ?? p.user;
    const language = body.language;
    const name = body.filename && body.filename !== '.' && body.filename !== '..' ? body.filename : `snippet.${EXTENSION[language]}`;
    const started = monotonicMs();
    const seconds = (): number => (monotonicMs() - started) / 1e3;
    // The same code, name, dimensions and user were graded already: the same answer (its run is stored once).
    const cacheKey = GradeCache.key([user, language, name, body.dimensions ?? null, body.code]);
    const hit = cache.get(cacheKey);
    if (hit) {
      cacheLookups.hits++;
      gradingRequests.inc({ language, outcome: 'cached' });
      gradingDuration.observe({ language, cached: 'true' }, seconds());
      return hit;
    }
    cacheLookups.misses++;
    const oneAtATime = p.tier === 'free' && !isAdmin(p);
    if (oneAtATime && (gradingNow.get(p.keyId) ?? 0) > 0) {
      void reply.header('retry-after', '1');
      throw new HttpError(429, 'rate_limited', 'a free-tier key grades one file at a time; wait for the previous answer');
    }
    gradingNow.set(p.keyId, (gradingNow.get(p.keyId) ?? 0) + 1);
    // The client going away (connection closed before the answer) terminates its grading.
    const gone = new AbortController();
    const onClose = (): void => {
      if (!reply.raw.writableFinished) gone.abort();
    };
    reply.raw.once('close', onClose);
    const dir = await mkdtemp(join(tmpdir(), 'toasty-serve-'));
    try {
      await writeFile(join(dir, name), body.code);
      const result = await traced('grade.pool', {}, () =>
        pool.run({ dir, name, user, dimensions: body.dimensions ?? null }, gone.signal),
      ).catch((error: unknown) => {
        gradingRequests.inc({ language, outcome: 'error' });
        gradingErrors.inc({ reason: error instanceof GradeAbort ? error.reason : 'failed' });
        if (!(error instanceof GradeAbort)) throw error;
        gradeAborts.inc({ reason: error.reason });
        if (error.reason === 'busy' || error.reason === 'queue_full') {
          void reply.header('retry-after', error.reason === 'busy' ? '5' : '1');
          throw new HttpError(503, 'busy', error.message);
        }
        throw new HttpError(503, 'timeout', error.message);
      });
      for (const f of result.files) {
        gradings.inc({ language: f.language ?? 'unknown', status: f.status });
        if (f.score !== null) gradingScore.observe({ language: f.language ?? 'unknown' }, f.score);
      }
      const run = pushRunOf(result);
      await traced('grade.store', {}, () => sql.tx((q) => storeBatch(q, user, { runs: [run] }, 'grade')));
      cache.set(cacheKey, result);
      gradingRequests.inc({ language, outcome: 'graded' });
      gradingDuration.observe({ language, cached: 'false' }, seconds());
      return result;
    } finally {
      reply.raw.off('close', onClose);
      const left = (gradingNow.get(p.keyId) ?? 1) - 1;
      if (left > 0) gradingNow.set(p.keyId, left);
      else gradingNow.delete(p.keyId);
      await rm(dir, { recursive: true, force: true });
    }
  };
  app.post<{ Body: GradeBody }>(
    '/grade',
    { config: { scope: 'grade:write' }, schema: { body: S.gradeBody, response: { 200: S.gradeResponse, ...errors, 503: S.errorSchema } } },
    async (req, reply) => grade(who(req), req.body, reply),
  );

  /** One vote of a principal, REST's `POST /feedback` and GraphQL's `submitFeedback` alike. */
  const recordFeedback = async (p: Principal, body: FeedbackBody): Promise<FeedbackAnswer> => {
    const { grading_id: id, was_helpful: helpful, dimension, comment } = body;
    const target = await findTarget(sql, id);
    // Another user's item is reported as missing: ids do not leak across users.
    if (!target || (target.owner !== p.user && !isAdmin(p)))
      throw new HttpError(404, 'not_found', `no run, file result or finding ${id} of yours`);
    const now = new Date().toISOString();
    // One statement, one commit (no explicit transaction): `replaced` is informational only.
    const key = target.fingerprint ?? target.id;
    const before = await sql.get('SELECT helpful FROM srv_feedback WHERE user_name = ? AND target_kind = ? AND target_key = ?', [
      p.user,
      target.kind,
      key,
    ]);
    const replaced = before !== undefined;
    {
      const q = sql;
      await upsertVote(
        q,
        p.user,
        {
          kind: target.kind,
          key,
          targetId: target.id,
          helpful,
          weight: 1,
          implicit: false,
          comment: comment ?? null,
          dimension: dimension ?? null,
          ruleId: target.ruleId,
          findingDimension: target.dimension,
          severity: target.severity,
          metric: target.metric ? (JSON.parse(target.metric) as import('../protocol.js').PushMetric) : null,
          createdAt: now,
        },
        now,
      );
    }
    priors = null;
    feedbackCount.inc({ source: 'feedback', helpful: String(helpful) });
    return { recorded: true, replaced, target: { kind: target.kind, id: target.id } };
  };
  app.post<{ Body: FeedbackBody }>(
    '/feedback',
    {
      config: { scope: 'feedback:write' },
      schema: { body: S.feedbackBody, response: { 200: S.feedbackResponse, ...errors, 404: S.errorSchema } },
    },
    async (req) => recordFeedback(who(req), req.body),
  );

  app.post<{ Body: PushBatch }>(
    '/sync/push',
    {
      bodyLimit: options.pushBodyLimit ?? 16 * 1024 * 1024,
      config: { scope: 'grade:write' },
      schema: { body: S.pushBody, response: { 200: S.pushResponse, ...errors } },
    },
    async (req) => {
      const p = who(req);
      if (req.body.feedback?.length && !hasScope(p, 'feedback:write'))
        throw new HttpError(403, 'forbidden', 'this key lacks the scope feedback:write');
      const out = await sql.tx((q) => storeBatch(q, p.user, req.body, 'sync'));
      if (out.feedback.stored) priors = null;
      for (const v of req.body.feedback ?? []) feedbackCount.inc({ source: 'sync', helpful: String(v.helpful) });
      return out;
    },
  );

  app.get('/sync/priors', { config: { scope: 'priors:read' }, schema: { response: { 200: S.priorsResponse, ...errors } } }, async () => {
    if (!priors || Date.now() - priors.at > PRIORS_TTL_MS) {
      priors = { at: Date.now(), value: aggregateTeamPriors(await feedbackByUser(sql), k, new Date().toISOString()) };
    }
    return priors.value;
  });

  /** A principal's runs (an admin's: everyone's, or `user`'s), REST's `GET /history` and GraphQL's `history` alike. */
  const history = async (p: Principal, user: string | undefined, limit: number): Promise<HistoryRun[]> => {
    if (user !== undefined && user !== p.user && !isAdmin(p))
      throw new HttpError(403, 'forbidden', "only an admin key can read another user's history");
    return listHistory(sql, user ?? (isAdmin(p) ? null : p.user), limit);
  };
  app.get<{ Querystring: { limit?: string; user?: string } }>(
    '/history',
    { config: { scope: 'grade:read' }, schema: { querystring: S.historyQuery, response: { 200: S.historyResponse, ...errors } } },
    async (req) => ({ runs: await history(who(req), req.query.user, intQuery('limit', req.query.limit, 1, 1000, 20)) }),
  );

  await registerGraphql(app, { grade, recordFeedback, history });
  app.get('/openapi.json', async () => openapi(routes));

  return app;
}

function openapi(
  routes: { method: string; url: string; schema: Record<string, unknown>; scope?: Scope | typeof ANY_SCOPE; public?: boolean }[],
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const op: Record<string, unknown> = { responses: {} };
    const responses = (r.schema.response ?? { 200: { description: 'OK' } }) as Record<string, unknown>;
    for (const [status, schema] of Object.entries(responses))
      (op.responses as Record<string, unknown>)[status] = { description: status, content: { 'application/json': { schema } } };
    if (r.schema.body) op.requestBody = { required: true, content: { 'application/json': { schema: r.schema.body } } };
    if (r.schema.querystring) {
      const q = r.schema.querystring as { properties?: Record<string, unknown> };
      op.parameters = Object.entries(q.properties ?? {}).map(([name, schema]) => ({ name, in: 'query', schema }));
    }
    if (!r.public) op.security = [{ apiKey: [] }];
    if (r.scope) op['x-scope'] = r.scope;
    paths[r.url] = { ...paths[r.url], [r.method.toLowerCase()]: op };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'toasty team server', version: VERSION },
    components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
