import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.js';
import type { PushBatch, PushFeedback, PushRun } from '../../src/sync/protocol.js';
import { buildServer } from '../../src/sync/server/app.js';
import { createKey, revokeKey, type Role, type Scope, type Tier } from '../../src/sync/server/keys.js';
import { openServerDb, type DbTarget, type Sql } from '../../src/sync/server/sql.js';
import { toasty } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

const PARAMS_PY = [6, 7, 8, 9]
  .map((n) => `def f${n}(${Array.from({ length: n }, (_, i) => `a${i}`).join(', ')}):\n    return a0\n`)
  .join('\n');

const JWT_SECRET = new Uint8Array(Buffer.from('a test secret of at least thirty-two bytes, for HS256'));

/** The server suite, run against one database (SQLite file or PostgreSQL). */
export function defineServerSuite(label: string, target: () => Promise<{ db: DbTarget; cleanup: () => Promise<void> | void }>): void {
  describe(`toasty serve (${label})`, () => {
    let sql: Sql;
    let app: FastifyInstance;
    let base: string;
    let cleanup: () => Promise<void> | void;
    const keys: Record<string, string> = {};

    const key = async (user: string, role: Role, scopes: Scope[], tier: Tier = 'premium'): Promise<string> =>
      (await createKey(sql, { user, role, scopes, tier, label: null })).key;
    const call = async (method: string, path: string, k: string | null, body?: unknown, raw?: string) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...(k ? { authorization: `Bearer ${k}` } : {}),
          ...(body !== undefined || raw ? { 'content-type': 'application/json' } : {}),
        },
        body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const text = await res.text();
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
      return { status: res.status, json: json as Record<string, unknown>, headers: res.headers, text };
    };
    const count = async (table: string, where = '', params: (string | number)[] = []): Promise<number> =>
      Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} ${where}`, params))!.n);

    beforeAll(async () => {
      const t = await target();
      cleanup = t.cleanup;
      sql = await openServerDb(t.db);
      app = await buildServer({
        sql,
        k: 3,
        tiers: { free: 10, premium: 1000 },
        config: { file: null, user: { neural: { enabled: false } }, cwd: process.cwd() },
        jwtSecret: JWT_SECRET,
        // Bad tokens on every route are many failed authentications from 127.0.0.1 (limits.test.ts tests that limit).
        authFailuresPerMinute: 100_000,
      });
      await app.listen({ host: '127.0.0.1', port: 0 });
      base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
      keys.ana = await key('ana', 'user', ['grade:read', 'grade:write', 'feedback:write', 'priors:read']);
      keys.bob = await key('bob', 'user', ['grade:read', 'grade:write', 'feedback:write', 'priors:read']);
      keys.admin = await key('root', 'admin', ['admin'], 'unlimited');
      keys.feedbackOnly = await key('cy', 'user', ['feedback:write']);
    });
    afterAll(async () => {
      await app?.close();
      await sql?.close();
      await cleanup?.();
    });

    it('answers /healthz without a key; /openapi.json, /metrics and unknown paths need one', async () => {
      expect((await call('GET', '/metrics', null)).status).toBe(401);
      expect((await call('GET', '/openapi.json', null)).status).toBe(401);
      expect((await call('GET', '/no-such-route', null)).status).toBe(401);
      expect((await call('GET', '/no-such-route', keys.ana!)).status).toBe(404);
      const h = await call('GET', '/healthz', null);
      expect(h.status).toBe(200);
      expect(h.json).toMatchObject({ status: 'ok', database: label === 'PostgreSQL' ? 'postgres' : 'sqlite' });
      const o = await call('GET', '/openapi.json', keys.ana!);
      expect(Object.keys(o.json.paths as object)).toEqual(
        expect.arrayContaining([
          '/grade',
          '/feedback',
          '/sync/push',
          '/sync/priors',
          '/history',
          '/healthz',
          '/metrics',
          '/auth/token',
          '/auth/refresh',
        ]),
      );
      expect((o.json.paths as Record<string, Record<string, { requestBody?: unknown }>>)['/grade']!.post!.requestBody).toBeDefined();
    });

    it('401 without a key or with a wrong one, 403 on a missing scope', async () => {
      const body = { code: 'x = 1\n', language: 'python' };
      const none = await call('POST', '/grade', null, body);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/Bearer/);
      expect((await call('POST', '/grade', `${keys.ana!.slice(0, -4)}AAAA`, body)).status).toBe(401);
      expect((await call('POST', '/grade', 'tsk_nothex_x', body)).status).toBe(401);
      const forbidden = await call('POST', '/grade', keys.feedbackOnly!, body);
      expect(forbidden.status).toBe(403);
      expect(forbidden.json.message).toMatch(/grade:write/);
      expect((await call('GET', '/sync/priors', keys.feedbackOnly!)).status).toBe(403);
    });

    it('POST /grade gives the same result as `grade --format json` of the same file', async () => {
      const res = await call('POST', '/grade', keys.ana!, { code: PARAMS_PY, language: 'python' });
      expect(res.status).toBe(200);
      const served = res.json as unknown as RunResult;
      const t = tempTree({ 'snippet.py': PARAMS_PY });
      try {
        const cli = toasty(['grade', 'snippet.py', '--format', 'json', '--no-neural', '--no-learning', '--db', join(t.dir, 'h.db')], t.dir);
        expect(cli.code).toBe(0);
        const local = JSON.parse(cli.stdout) as RunResult;
        const strip = (r: RunResult) => ({
          schemaVersion: r.schemaVersion,
          score: r.score,
          grade: r.grade,
          dimensions: r.dimensions,
          summary: r.summary,
          files: r.files.map((f) => ({ ...f, id: null, findings: f.findings.map((x) => ({ ...x, id: null })) })),
        });
        expect(strip(served)).toEqual(strip(local));
        // The report's keys, plus the original platform's fields beside them (docs/original-api.md).
        expect(Object.keys(served).sort()).toEqual(
          [...Object.keys(local), 'grading_id', 'overall_score', 'feedback', 'improvement_suggestions'].sort(),
        );
        expect(served.run.user).toBe('ana');
        expect(served.files[0]!.findings.filter((f) => f.ruleId === 'too-many-params')).toHaveLength(4);
      } finally {
        t.remove();
      }
    });

    it('413 on a body past the limit and on code past the code limit; 400 on a bad body', async () => {
      const big = await call(
        'POST',
        '/feedback',
        keys.ana!,
        undefined,
        JSON.stringify({ grading_id: 'abcdef1', was_helpful: true, comment: 'x'.repeat(2 * 1024 * 1024) }),
      );
      expect(big.status).toBe(413);
      const code = await call('POST', '/grade', keys.ana!, { code: '#'.repeat(300 * 1024), language: 'python' });
      expect(code.status).toBe(413);
      expect(code.json.message).toMatch(/code is larger/);
      const bad = await call('POST', '/grade', keys.ana!, { code: 'x = 1', language: 'cobol' });
      expect(bad.status).toBe(400);
    });

    it("a user sees only their own history and cannot vote on another's grading; an admin sees all", async () => {
      const graded = await call('POST', '/grade', keys.bob!, { code: 'def g(a):\n    return a\n', language: 'python' });
      expect(graded.status).toBe(200);
      const bobRun = (graded.json as unknown as RunResult).run.id;
      const anaSees = await call('GET', '/history', keys.ana!);
      expect(anaSees.status).toBe(200);
      const anaRuns = (anaSees.json.runs as { id: string; user: string }[]).map((r) => r.user);
      expect(anaRuns.length).toBeGreaterThan(0);
      expect(new Set(anaRuns)).toEqual(new Set(['ana']));
      expect((await call('GET', '/history?user=bob', keys.ana!)).status).toBe(403);
      const vote = await call('POST', '/feedback', keys.ana!, { grading_id: bobRun, was_helpful: false });
      expect(vote.status).toBe(404);
      const admin = await call('GET', '/history?limit=100', keys.admin!);
      expect(new Set((admin.json.runs as { user: string }[]).map((r) => r.user))).toEqual(new Set(['ana', 'bob']));
      const onlyBob = await call('GET', '/history?user=bob', keys.admin!);
      expect((onlyBob.json.runs as { id: string }[]).map((r) => r.id)).toContain(bobRun);
    });

    it('records feedback on a finding and stores SQL-looking input literally', async () => {
      const graded = await call('POST', '/grade', keys.ana!, { code: PARAMS_PY, language: 'python' });
      const finding = (graded.json as unknown as RunResult).files[0]!.findings[0]!;
      const evil = 'x\'); DROP TABLE srv_runs; -- " OR 1=1; SELECT * FROM api_keys';
      const res = await call('POST', '/feedback', keys.ana!, {
        grading_id: finding.id,
        was_helpful: false,
        comment: evil,
        dimension: 'complexity',
      });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ recorded: true, replaced: false, target: { kind: 'finding', id: finding.id } });
      const again = await call('POST', '/feedback', keys.ana!, { grading_id: finding.id, was_helpful: true });
      expect(again.json.replaced).toBe(true);
      const row = await sql.get<{ comment: string | null; helpful: number }>(
        'SELECT comment, helpful FROM srv_feedback WHERE user_name = ? AND target_key = ?',
        ['ana', finding.fingerprint],
      );
      expect(row).toMatchObject({ helpful: 1 });
      await call('POST', '/feedback', keys.ana!, { grading_id: finding.id, was_helpful: false, comment: evil });
      expect(
        (await sql.get<{ comment: string }>('SELECT comment FROM srv_feedback WHERE user_name = ? AND target_key = ?', [
          'ana',
          finding.fingerprint,
        ]))!.comment,
      ).toBe(evil);
      expect(await count('srv_runs')).toBeGreaterThan(0);
      const weird = await key('o\'brien"; DROP TABLE api_keys; --', 'user', ['grade:read']);
      const hist = await call('GET', `/history?user=${encodeURIComponent('o\'brien"; DROP TABLE api_keys; --')}`, weird);
      expect(hist.status).toBe(200);
      expect(hist.json.runs).toEqual([]);
      expect(await count('api_keys')).toBeGreaterThan(3);
    });

    it('429 with Retry-After past the free tier, per key', async () => {
      const free = await key('dee', 'user', ['grade:read'], 'free');
      const statuses: number[] = [];
      let retry: string | null = null;
      for (let i = 0; i < 12; i++) {
        const r = await call('GET', '/history', free);
        statuses.push(r.status);
        if (r.status === 429) retry = r.headers.get('retry-after');
      }
      expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
      expect(Number(retry)).toBeGreaterThanOrEqual(1);
      // Another key is not affected; admin keys are unlimited.
      expect((await call('GET', '/history', keys.ana!)).status).toBe(200);
      for (let i = 0; i < 15; i++) expect((await call('GET', '/history', keys.admin!)).status).toBe(200);
    });

    it('a revoked key stops working at once', async () => {
      const created = await createKey(sql, { user: 'eve', role: 'user', scopes: ['grade:read'], tier: 'premium', label: null });
      expect((await call('GET', '/history', created.key)).status).toBe(200);
      await revokeKey(sql, created.id);
      expect((await call('GET', '/history', created.key)).status).toBe(401);
      const stored = await sql.get<{ hash: string }>('SELECT hash FROM api_keys WHERE id = ?', [created.id]);
      expect(stored!.hash).not.toContain(created.key.slice(-20));
    });

    it('POST /sync/push twice stores the batch once', async () => {
      const batch: PushBatch = {
        runs: [
          {
            id: 'aaaaaaaa0001',
            startedAt: '2025-01-01T00:00:00.000Z',
            durationMs: 5,
            toolVersion: '0.1.0',
            agent: null,
            learning: 'user',
            score: 90,
            grade: 'A',
            passed: true,
            dimensions: { complexity: 90 },
            summary: { files: 1 },
            files: [
              {
                id: 'bbbbbbbb0001',
                path: 'a.py',
                language: 'python',
                status: 'graded',
                sha256: null,
                loc: 3,
                sloc: 3,
                score: 90,
                grade: 'A',
                dimensions: { complexity: 90 },
                findings: [
                  {
                    id: 'cccccccc0001',
                    ruleId: 'too-many-params',
                    dimension: 'complexity',
                    severity: 'warning',
                    line: 1,
                    fingerprint: 'fp1',
                    cost: 2,
                    muted: false,
                    metric: { name: 'params', value: 6, threshold: 5, lowerIsWorse: false },
                  },
                ],
              },
            ],
          },
        ],
        feedback: [vote('fp1', false, '2025-01-01T00:00:01.000Z')],
      };
      const first = await call('POST', '/sync/push', keys.ana!, batch);
      expect(first.status).toBe(200);
      expect(first.json).toMatchObject({
        runs: { received: 1, stored: 1 },
        files: { stored: 1 },
        findings: { stored: 1 },
        feedback: { stored: 1 },
      });
      const second = await call('POST', '/sync/push', keys.ana!, batch);
      expect(second.json).toMatchObject({
        runs: { received: 1, stored: 0 },
        files: { stored: 0 },
        findings: { stored: 0 },
        feedback: { stored: 0 },
      });
      expect(await count('srv_runs', 'WHERE id = ?', ['aaaaaaaa0001'])).toBe(1);
      expect(await count('srv_findings', 'WHERE run_id = ?', ['aaaaaaaa0001'])).toBe(1);
      expect(await count('srv_feedback', 'WHERE user_name = ? AND target_key = ?', ['ana', 'fp1'])).toBe(1);
      // Bob pushing Ana's run id does not take it over.
      const stolen = await call('POST', '/sync/push', keys.bob!, batch);
      expect(stolen.json).toMatchObject({ runs: { stored: 0 } });
      expect((await sql.get<{ user_name: string }>('SELECT user_name FROM srv_runs WHERE id = ?', ['aaaaaaaa0001']))!.user_name).toBe(
        'ana',
      );
    });

    it('team priors appear only once k = 3 distinct users voted', async () => {
      // Each user votes on two findings of their own run, pushed in the same batch.
      const votes = (user: string): PushBatch => ({
        runs: [runOf(`${user}-run`, [`${user}-1`, `${user}-2`], 'nested-rule')],
        feedback: [
          { ...vote(`fp-${user}-1`, false, '2025-02-01T00:00:00.000Z', 'nested-rule'), targetId: hx(`${user}-1`) },
          { ...vote(`fp-${user}-2`, false, '2025-02-01T00:00:01.000Z', 'nested-rule'), targetId: hx(`${user}-2`) },
        ],
      });
      const k1 = await key('p1', 'user', ['grade:write', 'feedback:write', 'priors:read']);
      const k2 = await key('p2', 'user', ['grade:write', 'feedback:write', 'priors:read']);
      const k3 = await key('p3', 'user', ['grade:write', 'feedback:write', 'priors:read']);
      const ruleOf = async () =>
        ((await call('GET', '/sync/priors', k1)).json.rules as { ruleId: string; users: number }[]).find((r) => r.ruleId === 'nested-rule');
      expect((await call('POST', '/sync/push', k1, votes('p1'))).status).toBe(200);
      expect(await ruleOf()).toBeUndefined();
      await call('POST', '/sync/push', k2, votes('p2'));
      expect(await ruleOf()).toBeUndefined();
      await call('POST', '/sync/push', k3, votes('p3'));
      const prior = await ruleOf();
      // Two votes each, one opinion each.
      expect(prior).toMatchObject({ users: 3, helpful: 0, notHelpful: 3 });
      expect((prior as unknown as { alpha: number; beta: number }).alpha).toBeLessThan((prior as unknown as { beta: number }).beta);
    });

    it('a pushed vote must be on a run, file result or finding of the pusher (like POST /feedback)', async () => {
      const bobKey = await key('vbob', 'user', ['grade:write', 'feedback:write']);
      const anaKey = await key('vana', 'user', ['grade:write', 'feedback:write']);
      expect((await call('POST', '/sync/push', bobKey, { runs: [runOf('vbob-run', ['vbob-f1'], 'too-many-params')] })).status).toBe(200);
      const onBobs: PushBatch = {
        feedback: [
          { ...vote('fp-vbob-f1', false, '2025-03-01T00:00:00.000Z'), targetId: hx('vbob-f1') },
          { ...vote('vbob-run', false, '2025-03-01T00:00:00.000Z'), kind: 'run', targetId: hx('vbob-run') },
          { ...vote('nothing', false, '2025-03-01T00:00:00.000Z'), targetId: hx('nothing-at-all') },
        ],
      };
      const refused = await call('POST', '/sync/push', anaKey, onBobs);
      expect(refused.status).toBe(200);
      expect(refused.json.feedback).toEqual({ received: 3, stored: 0, rejected: 3 });
      expect((refused.json.rejectedFeedback as { reason: string }[])[0]!.reason).toMatch(
        new RegExp(`no finding ${hx('vbob-f1')} of yours`),
      );
      expect(await count('srv_feedback', 'WHERE user_name = ?', ['vana'])).toBe(0);
      // POST /feedback refuses the same target the same way.
      expect((await call('POST', '/feedback', anaKey, { grading_id: hx('vbob-f1'), was_helpful: false })).status).toBe(404);
      // Her own finding, pushed in the same batch: stored, with the rule and key of the stored finding, not the client's.
      const own = await call('POST', '/sync/push', anaKey, {
        runs: [runOf('vana-run', ['vana-f1'], 'too-many-params')],
        feedback: [{ ...vote('made-up-key', false, '2025-03-01T00:00:00.000Z', 'some-other-rule'), targetId: hx('vana-f1') }],
      });
      expect(own.json.feedback).toEqual({ received: 1, stored: 1 });
      expect(await sql.get('SELECT target_key, rule_id FROM srv_feedback WHERE user_name = ?', ['vana'])).toEqual({
        target_key: 'fp-vana-f1',
        rule_id: 'too-many-params',
      });
    });

    it("a vote's createdAt is an ISO date not in the future: the server's clock decides order", async () => {
      const k1 = await key('dated', 'user', ['grade:write', 'feedback:write']);
      await call('POST', '/sync/push', k1, { runs: [runOf('dated-run', ['dated-f1'], 'too-many-params')] });
      const v = (helpful: boolean, createdAt: string): PushFeedback => ({
        ...vote('fp-dated-f1', helpful, createdAt),
        targetId: hx('dated-f1'),
      });
      const stored = () =>
        sql.get<{ helpful: number; created_at: string }>('SELECT helpful, created_at FROM srv_feedback WHERE user_name = ?', ['dated']);
      const future = await call('POST', '/sync/push', k1, { feedback: [v(false, '2099-01-01T00:00:00.000Z'), v(false, 'yesterday')] });
      expect(future.json.feedback).toEqual({ received: 2, stored: 0, rejected: 2 });
      const reasons = (future.json.rejectedFeedback as { reason: string }[]).map((r) => r.reason);
      expect(reasons[0]).toMatch(/2099-01-01T00:00:00.000Z is in the future .*check this machine's clock/);
      expect(reasons[1]).toMatch(/"yesterday" is not an ISO 8601 date-time/);
      expect(await stored()).toBeUndefined();
      // A minute ahead (clock skew) is accepted, dated at the server's now, and a later vote replaces it.
      const before = new Date().toISOString();
      const skewed = await call('POST', '/sync/push', k1, { feedback: [v(false, new Date(Date.now() + 60_000).toISOString())] });
      expect(skewed.json.feedback).toEqual({ received: 1, stored: 1 });
      const first = await stored();
      expect(first!.created_at <= new Date().toISOString() && first!.created_at >= before).toBe(true);
      await new Promise((r) => setTimeout(r, 5));
      const later = await call('POST', '/sync/push', k1, { feedback: [v(true, new Date().toISOString())] });
      expect(later.json.feedback).toEqual({ received: 1, stored: 1 });
      expect((await stored())!.helpful).toBe(1);
    });

    it('one key with 2,000 not-helpful votes counts as one user: two helpful users outweigh it', async () => {
      const rule = 'poisoned-rule';
      const attacker = await key('mallory', 'user', ['grade:write', 'feedback:write', 'priors:read']);
      const ids = Array.from({ length: 2000 }, (_, i) => `mal-${i}`);
      const poison = await call('POST', '/sync/push', attacker, {
        runs: [runOf('mal-run', ids, rule)],
        feedback: ids.map((id, i) => ({
          ...vote(`fp-${id}`, false, new Date(Date.UTC(2025, 3, 1, 0, 0, i)).toISOString(), rule),
          targetId: hx(id),
        })),
      });
      expect(poison.json.feedback).toEqual({ received: 2000, stored: 2000 });
      for (const user of ['hon1', 'hon2']) {
        const k1 = await key(user, 'user', ['grade:write', 'feedback:write']);
        const r = await call('POST', '/sync/push', k1, {
          runs: [runOf(`${user}-run`, [`${user}-f`], rule)],
          feedback: [{ ...vote(`fp-${user}-f`, true, '2025-04-02T00:00:00.000Z', rule), targetId: hx(`${user}-f`) }],
        });
        expect(r.json.feedback).toEqual({ received: 1, stored: 1 });
      }
      const prior = ((await call('GET', '/sync/priors', attacker)).json.rules as { ruleId: string }[]).find((r) => r.ruleId === rule) as
        { users: number; helpful: number; notHelpful: number; alpha: number; beta: number } | undefined;
      expect(prior).toMatchObject({ users: 3, helpful: 2, notHelpful: 1 });
      expect(prior!.alpha).toBeGreaterThan(prior!.beta);
    });

    it('POST /auth/token exchanges a key for a token pair; the access token works wherever the key does', async () => {
      const bad = await call('POST', '/auth/token', null, { api_key: `${keys.ana!.slice(0, -4)}AAAA` });
      expect(bad.status).toBe(401);
      const t = await call('POST', '/auth/token', null, { api_key: keys.ana! });
      expect(t.status).toBe(200);
      expect(t.json).toMatchObject({ token_type: 'bearer', expires_in: 1800, refresh_expires_in: 7 * 24 * 3600 });
      const access = t.json.access_token as string;
      const claims = decodeJwt(access);
      expect(claims).toMatchObject({ sub: 'ana', role: 'user', tier: 'premium' });
      expect(claims.scopes).toEqual(['grade:read', 'grade:write', 'feedback:write', 'priors:read']);
      expect(claims.exp! - claims.iat!).toBe(1800);
      expect(decodeProtectedHeader(access).alg).toBe('HS256');
      expect((await call('GET', '/history', access)).status).toBe(200);
      expect((await call('GET', '/openapi.json', access)).status).toBe(200);
      expect((await call('POST', '/grade', access, { code: 'x = 1\n', language: 'python' })).status).toBe(200);
      expect((await call('GET', '/metrics', access)).status).toBe(403);
      // Only the refresh token's SHA-256 is stored.
      const refresh = t.json.refresh_token as string;
      const rows = await sql.all<{ hash: string }>('SELECT hash FROM srv_refresh_tokens');
      expect(rows.some((r) => r.hash === createHash('sha256').update(refresh).digest('hex'))).toBe(true);
      expect(rows.some((r) => r.hash.includes(refresh.slice(-20)))).toBe(false);
    });

    it('/auth/refresh rotates; reusing a rotated refresh token revokes its whole family, access tokens included', async () => {
      const first = (await call('POST', '/auth/token', null, { api_key: keys.bob! })).json;
      const second = await call('POST', '/auth/refresh', null, { refresh_token: first.refresh_token });
      expect(second.status).toBe(200);
      expect(second.json.refresh_token).not.toBe(first.refresh_token);
      expect((await call('GET', '/history', second.json.access_token as string)).status).toBe(200);
      // The old one again: a reuse (stolen, or replayed) — 401, and the family is gone.
      const replay = await call('POST', '/auth/refresh', null, { refresh_token: first.refresh_token });
      expect(replay.status).toBe(401);
      expect(replay.json.message).toMatch(/already used/);
      expect((await call('POST', '/auth/refresh', null, { refresh_token: second.json.refresh_token })).status).toBe(401);
      expect((await call('GET', '/history', second.json.access_token as string)).status).toBe(401);
      expect((await call('GET', '/history', first.access_token as string)).status).toBe(401);
      // Another login of the same key (another family) is untouched; the key itself too.
      const other = (await call('POST', '/auth/token', null, { api_key: keys.bob! })).json;
      expect((await call('GET', '/history', other.access_token as string)).status).toBe(200);
      expect((await call('GET', '/history', keys.bob!)).status).toBe(200);
      expect((await call('POST', '/auth/refresh', null, { refresh_token: 'tsr_nothing' })).status).toBe(401);
    });

    it('a tampered, expired, foreign-algorithm or unsigned token is 401 on every route but /healthz', async () => {
      const good = (await call('POST', '/auth/token', null, { api_key: keys.admin! })).json.access_token as string;
      const [h, p, sig] = good.split('.') as [string, string, string];
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
      const forged = Buffer.from(JSON.stringify({ ...payload, sub: 'mallory' })).toString('base64url');
      const flip = sig.slice(0, -2) + (sig.at(-2) === 'A' ? 'B' : 'A') + sig.at(-1)!;
      const now = Math.floor(Date.now() / 1000);
      const signed = (alg: string, iat: number, exp: number) =>
        new SignJWT({ ...payload, iat, exp }).setProtectedHeader({ alg }).sign(alg === 'HS256' ? JWT_SECRET : new Uint8Array(64).fill(7));
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
      const bad = {
        signature: `${h}.${p}.${flip}`,
        payload: `${h}.${forged}.${sig}`,
        expired: await signed('HS256', now - 3600, now - 120),
        hs512: await new SignJWT({ ...payload }).setProtectedHeader({ alg: 'HS512' }).sign(JWT_SECRET),
        otherSecret: await signed('HS384', now, now + 600),
        none,
      };
      const o = await call('GET', '/openapi.json', good);
      const routes = Object.entries(o.json.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => [m.toUpperCase(), path] as const),
      );
      expect(routes.length).toBeGreaterThanOrEqual(9);
      for (const [method, path] of routes) {
        if (path === '/healthz' || path.startsWith('/auth/')) continue;
        const body = method === 'POST' ? {} : undefined;
        for (const [what, token] of Object.entries(bad))
          expect((await call(method, path, token, body)).status, `${what} ${method} ${path}`).toBe(401);
        expect((await call(method, path, null, body)).status, `no credential ${method} ${path}`).toBe(401);
      }
      // Within the clock-skew tolerance (30 s) a just-expired token still works; past it, not.
      expect((await call('GET', '/history', await signed('HS256', now - 1800, now - 10))).status).toBe(200);
      expect((await call('GET', '/history', await signed('HS256', now - 1800, now - 45))).status).toBe(401);
      expect((await call('GET', '/healthz', bad.signature)).status).toBe(200);
    });

    it('revoking a key revokes its access and refresh tokens', async () => {
      const created = await createKey(sql, { user: 'fay', role: 'user', scopes: ['grade:read'], tier: 'premium', label: null });
      const pair = (await call('POST', '/auth/token', null, { api_key: created.key })).json;
      expect((await call('GET', '/history', pair.access_token as string)).status).toBe(200);
      await revokeKey(sql, created.id);
      expect((await call('GET', '/history', pair.access_token as string)).status).toBe(401);
      expect((await call('POST', '/auth/refresh', null, { refresh_token: pair.refresh_token })).status).toBe(401);
      expect((await call('POST', '/auth/token', null, { api_key: created.key })).status).toBe(401);
    });

    it('/metrics counts requests by route and status', async () => {
      const m = await call('GET', '/metrics', keys.admin!);
      expect(m.status).toBe(200);
      expect(m.text).toMatch(/toasty_http_requests_total\{route="\/grade",method="POST",status="200"\} \d+/);
      expect(m.text).toMatch(/toasty_http_requests_total\{route="\/history",method="GET",status="429"\} 2/);
      expect(m.text).toMatch(/toasty_gradings_total\{language="python",status="graded"\}/);
      expect(m.text).toMatch(/toasty_http_request_duration_seconds_bucket/);
    });
  });
}

function vote(key: string, helpful: boolean, createdAt: string, ruleId = 'too-many-params'): PushFeedback {
  return {
    kind: 'finding',
    key,
    targetId: 'cccccccc0001',
    helpful,
    weight: 1,
    implicit: false,
    comment: null,
    dimension: null,
    ruleId,
    findingDimension: 'complexity',
    severity: 'warning',
    metric: null,
    createdAt,
  };
}

/** A hex id (as the server requires) named by a label. */
const hx = (label: string): string => createHash('sha1').update(label).digest('hex').slice(0, 12);

/** A run of one file whose findings (ids `hx(label)`, fingerprints `fp-<label>`) are all of `ruleId`. */
function runOf(id: string, findingIds: string[], ruleId: string): PushRun {
  return {
    id: hx(id),
    startedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 5,
    toolVersion: '0.1.0',
    agent: null,
    learning: 'user',
    score: 90,
    grade: 'A',
    passed: true,
    dimensions: { complexity: 90 },
    summary: { files: 1 },
    files: [
      {
        id: hx(`${id}-file`),
        path: 'a.py',
        language: 'python',
        status: 'graded',
        sha256: null,
        loc: 3,
        sloc: 3,
        score: 90,
        grade: 'A',
        dimensions: { complexity: 90 },
        findings: findingIds.map((f, i) => ({
          id: hx(f),
          ruleId,
          dimension: 'complexity',
          severity: 'warning',
          line: i + 1,
          fingerprint: `fp-${f}`,
          cost: 1,
          muted: false,
          metric: null,
        })),
      },
    ],
  };
}

export function sqliteTarget(): Promise<{ db: DbTarget; cleanup: () => void }> {
  const t = tempTree({});
  mkdirSync(join(t.dir, 'srv'), { recursive: true });
  writeFileSync(join(t.dir, 'README'), 'server test');
  return Promise.resolve({ db: { file: join(t.dir, 'srv', 'server.db') }, cleanup: t.remove });
}
