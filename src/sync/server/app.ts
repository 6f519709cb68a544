import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { resolveConfig } from '../../config/resolve.js';
import type { UserConfig } from '../../config/types.js';
import { aggregateTeamPriors, TEAM_MIN_USERS, type TeamPriors } from '../../learning/team.js';
import { loadRuleSet } from '../../engine/registry.js';
import { VERSION } from '../../version.js';
import { registerAliases } from './aliases.js';
import { GradeAbort, GradePool } from './grade-pool.js';
import type { PushBatch } from '../protocol.js';
import { authenticate, hasScope, isAdmin, type Principal, type Scope } from './keys.js';
import { AuthFailureLimiter, RateLimiter, type TierLimits } from './rate-limit.js';
import * as S from './schemas.js';
import type { Sql } from './sql.js';
import { feedbackByUser, findTarget, listHistory, pushRunOf, storeBatch, upsertVote, type HistoryRun } from './store.js';
import { ANY_SCOPE, registerGraphql, type FeedbackAnswer, type FeedbackBody, type GradeBody } from './graphql.js';
import type { RunResult } from '../../model/results.js';

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
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** The scope a route needs (ANY_SCOPE: a valid key, each operation checking its own, as GraphQL's); absent: public. */
    scope?: Scope | typeof ANY_SCOPE;
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

function send(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  return reply.code(status).send({ error, message });
}

/** Builds the app (not listening): routes, auth, limits, metrics. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { sql } = options;
  const k = options.k ?? TEAM_MIN_USERS;
  const maxCode = options.maxCodeBytes ?? DEFAULT_MAX_CODE_BYTES;
  const limiter = new RateLimiter(options.tiers);
  const authFailures = new AuthFailureLimiter(options.authFailuresPerMinute);
  const gradeTimeout = options.gradeTimeoutMs ?? DEFAULT_GRADE_TIMEOUT_MS;
  const app = Fastify({
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    connectionTimeout: options.requestTimeoutMs ?? 30_000,
    keepAliveTimeout: 10_000,
    return503OnClosing: true,
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
  const pool = new GradePool(cfg, options.gradeWorkers ?? Math.min(8, availableParallelism()), gradeTimeout);
  app.addHook('onClose', () => pool.close());
  // Free keys grade one file at a time: with their rate, a bound on the processes they can hold.
  const gradingNow = new Map<string, number>();

  // Team priors: recomputed at most every few seconds, and after a vote reaches this server.
  let priors: { at: number; value: TeamPriors } | null = null;
  const PRIORS_TTL_MS = 5_000;

  const routes: { method: string; url: string; schema: Record<string, unknown>; scope?: string }[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods)
      if (method !== 'HEAD')
        routes.push({ method, url: route.url, schema: (route.schema ?? {}) as Record<string, unknown>, scope: route.config?.scope });
  });

  app.decorateRequest('principal', null);
  registerAliases(app);
  app.addHook('onRequest', async (req, reply) => {
    const scope = req.routeOptions.config.scope;
    if (!scope) return;
    const header = req.headers.authorization;
    const presented = header?.startsWith('Bearer ') ? header.slice(7).trim() : (req.headers['x-api-key'] as string | undefined);
    if (!presented) {
      void reply.header('www-authenticate', 'Bearer');
      return send(
        reply,
        401,
        'unauthorized',
        'an API key is required: Authorization: Bearer <key> (create one with `toasty serve keys create`)',
      );
    }
    const blocked = authFailures.blocked(req.ip);
    if (blocked !== null) {
      void reply.header('retry-after', String(blocked));
      return send(reply, 429, 'rate_limited', `too many failed authentications from ${req.ip}; retry in ${blocked} s`);
    }
    const principal = await authenticate(sql, presented);
    if (!principal) {
      authFailures.fail(req.ip);
      void reply.header('www-authenticate', 'Bearer error="invalid_token"');
      return send(reply, 401, 'unauthorized', 'the API key is unknown or revoked');
    }
    const wait = limiter.take(principal.keyId, isAdmin(principal) ? 'unlimited' : principal.tier);
    if (wait !== null) {
      void reply.header('retry-after', String(wait));
      return send(reply, 429, 'rate_limited', `rate limit of the ${principal.tier} tier reached; retry in ${wait} s`);
    }
    if (scope !== ANY_SCOPE && !hasScope(principal, scope)) return send(reply, 403, 'forbidden', `this key lacks the scope ${scope}`);
    req.principal = principal;
  });

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

  app.get('/healthz', { schema: { response: { 200: S.healthResponse } } }, async () => {
    await sql.get('SELECT 1 AS ok');
    return { status: 'ok', version: VERSION, database: sql.dialect };
  });

  app.get('/metrics', { config: { scope: 'metrics:read' } }, async (_req, reply) => {
    void reply.header('content-type', registry.contentType);
    return registry.metrics();
  });

  /** One grading for a principal, REST's `POST /grade` and GraphQL's `gradeCode` alike: limits, the pool, storage. */
  const grade = async (p: Principal, body: GradeBody, reply: FastifyReply): Promise<RunResult> => {
    if (Buffer.byteLength(body.code, 'utf8') > maxCode)
      throw new HttpError(413, 'payload_too_large', `code is larger than the limit of ${maxCode} bytes`);
    if (body.user_id !== undefined && body.user_id !== p.user && !isAdmin(p) && p.role !== 'service')
      throw new HttpError(403, 'forbidden', 'user_id must be your own user unless the key is an admin or service key');
    const user = body.user_id ?? p.user;
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
      const name = body.filename && body.filename !== '.' && body.filename !== '..' ? body.filename : `snippet.${EXTENSION[body.language]}`;
      await writeFile(join(dir, name), body.code);
      const result = await pool.run({ dir, name, user, dimensions: body.dimensions ?? null }, gone.signal).catch((error: unknown) => {
        if (!(error instanceof GradeAbort)) throw error;
        gradeAborts.inc({ reason: error.reason });
        if (error.reason === 'busy') void reply.header('retry-after', '5');
        throw new HttpError(503, error.reason === 'busy' ? 'busy' : 'timeout', error.message);
      });
      for (const f of result.files) gradings.inc({ language: f.language ?? 'unknown', status: f.status });
      const run = pushRunOf(result);
      await sql.tx((q) => storeBatch(q, user, { runs: [run] }, 'grade'));
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

function openapi(routes: { method: string; url: string; schema: Record<string, unknown>; scope?: string }[]): Record<string, unknown> {
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
    if (r.scope) {
      op.security = [{ apiKey: [] }];
      op['x-scope'] = r.scope;
    }
    paths[r.url] = { ...paths[r.url], [r.method.toLowerCase()]: op };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'toasty team server', version: VERSION },
    components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
