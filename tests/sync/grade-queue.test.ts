import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/sync/server/app.js';
import { createKey } from '../../src/sync/server/keys.js';
import { openServerDb, type Sql } from '../../src/sync/server/sql.js';
import { loadJwtSecret } from '../../src/sync/server/tokens.js';
import { sqliteTarget } from './suite.js';

/** Python that takes the grader a while: many small functions, each with findings. */
function slowPython(kib: number, salt: string): string {
  let out = `# ${salt}\n`;
  for (let i = 0; out.length < kib * 1024; i++)
    out += `def step_${i}(items, limit, a, b, c, d, e):\n    total = 0\n    for x in items:\n        if x > limit:\n            total += x * ${i}\n    return total\n\n`;
  return out;
}

describe('POST /grade: a bounded queue in front of the grading processes, a content-hash cache in front of both', () => {
  let sql: Sql;
  let app: FastifyInstance;
  let base: string;
  let cleanup: () => void;
  let key: string;
  let admin: string;
  const grade = (code: string) =>
    fetch(`${base}/grade`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ code, language: 'python' }),
    });

  beforeAll(async () => {
    const t = await sqliteTarget();
    cleanup = t.cleanup;
    sql = await openServerDb(t.db);
    app = await buildServer({
      sql,
      gradeWorkers: 1,
      gradeQueue: 1,
      gradeTimeoutMs: 20_000,
      config: { file: null, user: { neural: { enabled: false } }, cwd: process.cwd() },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    key = (await createKey(sql, { user: 'q', role: 'user', scopes: ['grade:write'], tier: 'unlimited', label: null })).key;
    admin = (await createKey(sql, { user: 'ops', role: 'admin', scopes: ['admin'], tier: 'unlimited', label: null })).key;
  });
  afterAll(async () => {
    await app?.close();
    await sql?.close();
    cleanup?.();
  });

  it('past the queue bound a grading is refused at once with 503 and Retry-After, the others are graded', async () => {
    // The grading process is up once a small file grades.
    expect((await grade('warm = 1\n')).status).toBe(200);
    // One process grading, one waiting: the third and fourth find the queue full.
    const started = Date.now();
    const all = await Promise.all(
      ['a', 'b', 'c', 'd'].map(async (salt, i) => {
        await new Promise((r) => setTimeout(r, i * 30));
        const r = await grade(slowPython(48, salt));
        return {
          status: r.status,
          retry: r.headers.get('retry-after'),
          body: (await r.json()) as { error?: string },
          at: Date.now() - started,
        };
      }),
    );
    const refused = all.filter((r) => r.status === 503);
    expect(all.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(2);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const r of refused) {
      expect(r.body.error).toBe('busy');
      expect(Number(r.retry)).toBeGreaterThanOrEqual(1);
      // Refused when it arrived, not after waiting for the gradings ahead of it.
      expect(r.at).toBeLessThan(Math.max(...all.filter((x) => x.status === 200).map((x) => x.at)));
    }
  });

  it('the same code again is answered from the cache: the same result, counted in cache_hit_rate', async () => {
    const code = slowPython(4, 'cache-me');
    const first = await grade(code);
    expect(first.status).toBe(200);
    const a = (await first.json()) as { run: { id: string }; score: number };
    const second = await grade(code);
    const b = (await second.json()) as { run: { id: string }; score: number };
    expect(b).toEqual(a);
    // Another file (one byte differs) is graded anew.
    const third = (await (await grade(`${code}\n`)).json()) as { run: { id: string } };
    expect(third.run.id).not.toBe(a.run.id);
    // The run is stored once.
    expect((await sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM srv_runs WHERE id = ?', [a.run.id]))!.n).toBe(1);
    const metrics = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${admin}` } })).text();
    expect(metrics).toMatch(/^grading_requests_total\{language="python",outcome="cached"\} 1$/m);
    expect(metrics).toMatch(/^grading_errors_total\{reason="queue_full"\} [1-9]/m);
    const rate = Number(/^cache_hit_rate (\S+)$/m.exec(metrics)![1]);
    const graded = Number(/^grading_requests_total\{language="python",outcome="graded"\} (\d+)$/m.exec(metrics)![1]);
    const errors = Number(/^grading_requests_total\{language="python",outcome="error"\} (\d+)$/m.exec(metrics)![1]);
    expect(rate).toBeCloseTo(1 / (1 + graded + errors), 6);
    expect(metrics).toMatch(/^grading_duration_seconds_count\{language="python",cached="true"\} 1$/m);
  });
});

describe('the JWT secret', () => {
  it('TOASTY_JWT_SECRET wins; shorter than 32 bytes is refused naming the variable', () => {
    expect(Buffer.from(loadJwtSecret({ TOASTY_JWT_SECRET: 'k'.repeat(32) }, '/nonexistent/x')).toString()).toBe('k'.repeat(32));
    expect(() => loadJwtSecret({ TOASTY_JWT_SECRET: 'short' }, '/nonexistent/x')).toThrow(
      /TOASTY_JWT_SECRET is 5 bytes; expected at least 32/,
    );
  });

  it('else a file created once with mode 0600 and reused; a file others can read is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'toasty-jwt-'));
    try {
      const file = join(dir, 'sub', 'server-jwt.key');
      const first = loadJwtSecret({}, file);
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(Buffer.from(loadJwtSecret({}, file)).equals(Buffer.from(first))).toBe(true);
      chmodSync(file, 0o644);
      expect(() => loadJwtSecret({}, file)).toThrow(/has mode 644; it must be readable by its owner only/);
      const weak = join(dir, 'weak.key');
      writeFileSync(weak, 'abc\n', { mode: 0o600 });
      expect(() => loadJwtSecret({}, weak)).toThrow(/holds 3 bytes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
