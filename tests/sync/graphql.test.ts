import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.js';
import { buildServer } from '../../src/sync/server/app.js';
import { createKey, type Scope, type Tier } from '../../src/sync/server/keys.js';
import { openServerDb, type Sql } from '../../src/sync/server/sql.js';

const DOC = readFileSync(join(import.meta.dirname, '../../docs/original-api.md'), 'utf8');
const DOC_QUERY = /```graphql\n([\s\S]*?)```/.exec(DOC)![1]!;

const SLOW_CONCAT = 'def f(xs):\n    s = ""\n    for x in xs:\n        s += str(x)\n    return s\n';

interface GqlAnswer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string; status?: number } }[] } & Record<
    string,
    unknown
  >;
  headers: Headers;
}

describe('GraphQL at /graphql (mercurius)', () => {
  let sql: Sql;
  let app: FastifyInstance;
  let base: string;
  let dir: string;
  const keys: Record<string, string> = {};
  const key = async (user: string, scopes: Scope[], tier: Tier = 'premium', role: 'user' | 'admin' = 'user') =>
    (await createKey(sql, { user, role, scopes, tier, label: null })).key;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'toasty-graphql-'));
    sql = await openServerDb({ file: join(dir, 'server.db') });
    app = await buildServer({
      sql,
      tiers: { free: 4, premium: 1000 },
      gradeWorkers: 1,
      maxCodeBytes: 4096,
      config: { file: null, user: { neural: { enabled: false } }, cwd: process.cwd() },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    keys.user123 = await key('user123', ['grade:read', 'grade:write', 'feedback:write']);
    keys.bob = await key('bob', ['grade:read', 'grade:write', 'feedback:write']);
    keys.feedbackOnly = await key('cy', ['feedback:write']);
    keys.free = await key('fay', ['grade:read', 'grade:write'], 'free');
    keys.admin = await key('root', ['admin'], 'unlimited', 'admin');
  });
  afterAll(async () => {
    await app?.close();
    await sql?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function gql(k: string | null, query: string, variables?: Record<string, unknown>): Promise<GqlAnswer> {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(k ? { authorization: `Bearer ${k}` } : {}) },
      body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
    });
    return { status: res.status, body: (await res.json()) as GqlAnswer['body'], headers: res.headers };
  }
  const runsOf = async (user: string): Promise<number> =>
    Number((await sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM srv_runs WHERE user_name = ?', [user]))!.n);

  it("replays the original's documented gradeCode query as written", async () => {
    const r = await gql(keys.user123!, DOC_QUERY);
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    const g = r.body.data!.gradeCode as {
      overallScore: number;
      feedback: { dimension: string; score: number; feedback: string }[];
      improvementSuggestions: unknown[];
    };
    expect(g.overallScore).toBe(100);
    expect(g.feedback).toEqual([
      { dimension: 'code_quality', score: 100, feedback: 'No code quality issues found.' },
      { dimension: 'performance', score: 100, feedback: 'No performance issues found.' },
    ]);
    expect(g.improvementSuggestions).toEqual([]);
    expect(await runsOf('user123')).toBe(1);
  });

  it('gradeCode answers what POST /grade answers, with suggestions under the names asked for', async () => {
    const q = `query G($input: GradeCodeInput!) {
      gradeCode(input: $input) { gradingId overallScore grade passed report
        dimensions { dimension score }
        feedback { dimension score feedback }
        improvementSuggestions { category description priority } } }`;
    const r = await gql(keys.user123!, q, { input: { code: SLOW_CONCAT, language: 'python', dimensions: ['performance', 'quality'] } });
    expect(r.body.errors).toBeUndefined();
    const g = r.body.data!.gradeCode as Record<string, unknown> & {
      feedback: { dimension: string; score: number }[];
      improvementSuggestions: { category: string; priority: string; description: string }[];
      dimensions: { dimension: string; score: number }[];
    };
    const report = JSON.parse(g.report as string) as RunResult;
    expect(g.gradingId).toBe(report.run.id);
    expect(g.overallScore).toBe(report.score);
    expect(report.dimensions.speed).toBeLessThan(100);
    expect(g.feedback.map((f) => [f.dimension, f.score])).toEqual([
      ['performance', report.dimensions.speed],
      ['quality', report.dimensions.quality],
    ]);
    expect(g.improvementSuggestions[0]).toMatchObject({ category: 'performance', description: expect.stringMatching(/\(line 4, /) });
    expect(g.dimensions).toContainEqual({ dimension: 'speed', score: report.dimensions.speed });

    const rest = await fetch(`${base}/grade`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.user123}` },
      body: JSON.stringify({ code: SLOW_CONCAT, language: 'python', dimensions: ['performance', 'quality'] }),
    });
    const viaRest = (await rest.json()) as RunResult & { improvement_suggestions: unknown };
    const strip = (x: RunResult) => ({
      score: x.score,
      dimensions: x.dimensions,
      summary: x.summary,
      files: x.files.map((f) => ({ ...f, id: null, findings: f.findings.map((y) => ({ ...y, id: null })) })),
    });
    expect(strip(report)).toEqual(strip(viaRest));
    expect(g.improvementSuggestions).toEqual(viaRest.improvement_suggestions);
  });

  it('history and submitFeedback (with the original dimension name) act as GET /history and POST /feedback', async () => {
    const h = await gql(keys.user123!, '{ history(limit: 5) { id user source score passed } }');
    const runs = h.body.data!.history as { id: string; user: string; source: string }[];
    expect(runs.length).toBe(await runsOf('user123'));
    expect(runs.every((r) => r.user === 'user123' && r.source === 'grade')).toBe(true);

    const m = `mutation { submitFeedback(gradingId: "${runs[0]!.id}", wasHelpful: false, dimension: "code_quality", comment: "too strict") {
      recorded replaced targetKind targetId } }`;
    const fb = await gql(keys.user123!, m);
    expect(fb.body.data!.submitFeedback).toEqual({ recorded: true, replaced: false, targetKind: 'run', targetId: runs[0]!.id });
    const row = await sql.get<{ dimension: string; helpful: number }>(
      'SELECT dimension, helpful FROM srv_feedback WHERE user_name = ? AND target_key = ?',
      ['user123', runs[0]!.id],
    );
    expect(row).toEqual({ dimension: 'quality', helpful: 0 });

    // Another user's run is not found, exactly as REST says it.
    const other = await gql(keys.bob!, m);
    expect(other.body.data!.submitFeedback).toBeNull();
    expect(other.body.errors![0]!.extensions).toEqual({ code: 'not_found', status: 404 });
    // Only an admin reads another user's history.
    const peek = await gql(keys.bob!, '{ history(user: "user123") { id } }');
    expect(peek.body.errors![0]!.extensions).toMatchObject({ code: 'forbidden', status: 403 });
    const admin = await gql(keys.admin!, '{ history(user: "user123", limit: 1000) { id } }');
    expect((admin.body.data!.history as unknown[]).length).toBe(runs.length);
    const bad = await gql(
      keys.bob!,
      `mutation { submitFeedback(gradingId: "${runs[0]!.id}", wasHelpful: true, dimension: "speediness") { recorded } }`,
    );
    expect(bad.body.errors![0]!.message).toMatch(/"speediness" is not a dimension; expected one of .*code_quality/);
  });

  it('the same auth, scopes and limits as REST', async () => {
    const q = '{ gradeCode(input: {code: "x = 1\\n", language: "python"}) { overallScore } }';
    const none = await gql(null, q);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect((await gql('tsk_0000000000000000_wrong', q)).status).toBe(401);

    const noScope = await gql(keys.feedbackOnly!, q);
    expect(noScope.body.errors![0]).toMatchObject({ message: 'this key lacks the scope grade:write', extensions: { code: 'forbidden' } });
    const noRead = await gql(keys.feedbackOnly!, '{ history { id } }');
    expect(noRead.body.errors![0]!.message).toBe('this key lacks the scope grade:read');

    const big = await gql(keys.bob!, `{ gradeCode(input: {code: "${'x = 1\\n'.repeat(1000)}", language: "python"}) { overallScore } }`);
    expect(big.body.errors![0]).toMatchObject({ extensions: { code: 'payload_too_large', status: 413 } });
    const lang = await gql(keys.bob!, '{ gradeCode(input: {code: "x", language: "cobol"}) { overallScore } }');
    expect(lang.body.errors![0]!.message).toMatch(/input\/language must be equal to one of the allowed values/);
    const foreign = await gql(keys.bob!, '{ gradeCode(input: {code: "x = 1", language: "python", userId: "user123"}) { overallScore } }');
    expect(foreign.body.errors![0]!.extensions).toMatchObject({ code: 'forbidden', status: 403 });

    // One rate-limit budget per key across REST and GraphQL: free tier here is 4 a minute.
    const restGrade = () =>
      fetch(`${base}/grade`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.free}` },
        body: JSON.stringify({ code: 'x = 1\n', language: 'python' }),
      });
    expect((await restGrade()).status).toBe(200);
    expect((await restGrade()).status).toBe(200);
    expect((await gql(keys.free!, q)).body.data!.gradeCode).toEqual({ overallScore: 100 });
    expect((await gql(keys.free!, '{ history { id } }')).status).toBe(200);
    const limited = await gql(keys.free!, q);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await restGrade()).status).toBe(429);
  });

  it('query depth and work are bounded: deep queries and several gradings in one request are refused before any grading', async () => {
    const before = await runsOf('bob');
    const deep = await gql(keys.bob!, '{ __schema { types { fields { type { ofType { ofType { ofType { ofType { name } } } } } } } } }');
    expect(deep.status).toBe(400);
    expect(deep.body.errors![0]!.message).toMatch(/exceeds the query depth limit of 6/);

    const twice = await gql(
      keys.bob!,
      '{ a: gradeCode(input: {code: "x = 1", language: "python"}) { overallScore } b: gradeCode(input: {code: "y = 1", language: "python"}) { overallScore } }',
    );
    expect(twice.status).toBe(400);
    expect(twice.body.errors![0]!.message).toBe('gradeCode may appear once per request (send one request per gradeCode)');
    const spread = await gql(
      keys.bob!,
      'query { ...G ...G } fragment G on Query { gradeCode(input: {code: "x = 1", language: "python"}) { overallScore } }',
    );
    expect(spread.status).toBe(400);
    const once = await gql(
      keys.bob!,
      'query { ...G } fragment G on Query { gradeCode(input: {code: "x = 1", language: "python"}) { overallScore } }',
    );
    expect(once.body.data!.gradeCode).toEqual({ overallScore: 100 });
    expect(await runsOf('bob')).toBe(before + 1);
  });

  it('is listed in /openapi.json and needs a key there too', async () => {
    // /openapi.json itself needs a credential (only /healthz is public).
    expect((await fetch(`${base}/openapi.json`)).status).toBe(401);
    const listed = await fetch(`${base}/openapi.json`, { headers: { authorization: `Bearer ${keys.bob}` } });
    const o = (await listed.json()) as { paths: Record<string, Record<string, { 'x-scope'?: string }>> };
    expect(o.paths['/graphql']!.post!['x-scope']).toBe('authenticated');
    const get = await fetch(`${base}/graphql?query=${encodeURIComponent('{ history { id } }')}`);
    expect(get.status).toBe(401);
  });
});
