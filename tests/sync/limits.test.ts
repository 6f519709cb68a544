import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSync } from '../../src/sync/client/sync.js';
import { buildServer } from '../../src/sync/server/app.js';
import { createKey, type Scope, type Tier } from '../../src/sync/server/keys.js';
import { openServerDb, type Sql } from '../../src/sync/server/sql.js';
import { openDb } from '../../src/store/db.js';
import { toasty } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';
import { spawnServe, type Served } from './helpers.js';
import { sqliteTarget } from './suite.js';

/** Python that takes the grader seconds: many small functions, each with findings. */
function slowPython(kib: number): string {
  let out = '';
  for (let i = 0; out.length < kib * 1024; i++)
    out += `def step_${i}(items, limit, a, b, c, d, e):\n    total = 0\n    for x in items:\n        if x > limit:\n            total += x * ${i}\n    return total\n\n`;
  return out;
}

/** CPU seconds (user + system, all threads) the process `pid` has used so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The processes whose parent is `pid` (the server's grading processes). */
function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(fields[1]) === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('toasty serve: bounded work per request (in-process server on 127.0.0.1)', () => {
  let sql: Sql;
  let app: FastifyInstance;
  let base: string;
  let cleanup: () => void;
  const key = async (user: string, scopes: Scope[], tier: Tier = 'premium') =>
    (await createKey(sql, { user, role: 'user', scopes, tier, label: null })).key;
  const get = async (path: string, k: string | null) => {
    const res = await fetch(`${base}${path}`, { headers: k ? { authorization: `Bearer ${k}` } : {} });
    return { status: res.status, text: await res.text(), headers: res.headers };
  };

  beforeAll(async () => {
    const t = await sqliteTarget();
    cleanup = t.cleanup;
    sql = await openServerDb(t.db);
    app = await buildServer({
      sql,
      authFailuresPerMinute: 5,
      gradeWorkers: 1,
      config: { file: null, user: { neural: { enabled: false } }, cwd: process.cwd() },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app?.close();
    await sql?.close();
    cleanup?.();
  });

  it('GET /history?limit= takes only a finite integer in range: Infinity, 1e400, 2.5, 0, 1001 are a 400 naming it', async () => {
    const k = await key('lim', ['grade:read']);
    for (const bad of ['Infinity', '1e400', '2.5', '0', '1001', '-1', '0x10', 'NaN']) {
      const r = await get(`/history?limit=${encodeURIComponent(bad)}`, k);
      expect(r.status, bad).toBe(400);
      expect(JSON.parse(r.text).message).toBe(`limit must be an integer from 1 to 1000 (got ${JSON.stringify(bad)})`);
    }
    expect((await get('/history?limit=5', k)).status).toBe(200);
    expect((await get('/history', k)).status).toBe(200);
  });

  it('/metrics needs the metrics:read scope (or admin); /openapi.json any credential; only /healthz is public', async () => {
    expect((await get('/metrics', null)).status).toBe(401);
    expect((await get('/metrics', await key('nom', ['grade:read']))).status).toBe(403);
    const m = await get('/metrics', await key('prom', ['metrics:read']));
    expect(m.status).toBe(200);
    expect(m.text).toMatch(/toasty_http_requests_total/);
    expect((await get('/openapi.json', null)).status).toBe(401);
    expect((await get('/openapi.json', await key('doc', ['grade:read']))).status).toBe(200);
    expect((await get('/healthz', null)).status).toBe(200);
  });

  it('a free key grades one file at a time (a second concurrent POST /grade is a 429)', async () => {
    const k = await key('freebie', ['grade:write'], 'free');
    const post = () =>
      fetch(`${base}/grade`, {
        method: 'POST',
        headers: { authorization: `Bearer ${k}`, 'content-type': 'application/json' },
        body: JSON.stringify({ code: slowPython(8), language: 'python' }),
      }).then((r) => r.status);
    const statuses = await Promise.all([post(), post()]);
    expect(statuses.sort()).toEqual([200, 429]);
  });

  it('failed authentications are rate-limited per IP: past the limit a 429 with Retry-After, before the key is checked', async () => {
    const good = await key('victim', ['grade:read']);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await get('/history', `tsk_${'0'.repeat(12)}_${'a'.repeat(32)}${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const blocked = await get('/history', good);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(blocked.text).message).toMatch(/too many failed authentications from 127\.0\.0\.1/);
  });
});

describe('toasty serve (built CLI): a grading stops when its request times out or its client goes away', () => {
  let served: Served;
  let token: string;
  let t: { dir: string; remove: () => void };
  const grade = (code: string, signal?: AbortSignal) =>
    fetch(`${served.url}/grade`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ code, language: 'python' }),
      signal,
    });
  /** CPU the server process uses in 1.5 s once a grading should have stopped: an idle server uses next to none. */
  const cpuAfter = async (): Promise<number> => {
    await sleep(300);
    const before = cpuSeconds(served.child.pid!);
    await sleep(1500);
    return cpuSeconds(served.child.pid!) - before;
  };
  /** The grading processes of the server, once one is up. */
  const graders = async (): Promise<number[]> => {
    for (let i = 0; i < 100 && childPids(served.child.pid!).length === 0; i++) await sleep(100);
    return childPids(served.child.pid!);
  };

  beforeAll(async () => {
    t = tempTree({});
    const db = join(t.dir, 'server.db');
    const created = toasty(['serve', 'keys', 'create', '--role', 'user', '--tier', 'premium', '--user', 'ana', '--db', db], t.dir);
    expect(created.code, created.stderr).toBe(0);
    token = created.stdout.trim();
    served = await spawnServe(
      ['--db', db, '--grade-timeout', '400', '--max-code', String(1024 * 1024), '--grade-workers', '1', '--verbose'],
      {
        TOASTY_HOME: t.dir,
      },
    );
    // A grading process is up once a small file grades.
    expect((await grade('x = 1\n')).status).toBe(200);
  });
  afterAll(async () => {
    await served?.stop();
    t?.remove();
  });

  it('503 at the grading timeout, and the grading process is killed (the server goes idle at once)', async () => {
    const before = await graders();
    expect(before).toHaveLength(1);
    const started = Date.now();
    const res = await grade(slowPython(256));
    expect(res.status).toBe(503);
    expect(((await res.json()) as { message: string }).message).toMatch(/grading took longer than 400 ms/);
    expect(Date.now() - started).toBeLessThan(3000);
    // The process that was grading is gone (killed), a fresh one replaces it, the server itself is idle.
    await sleep(200);
    expect(childPids(served.child.pid!)).not.toContain(before[0]);
    expect(await cpuAfter()).toBeLessThan(0.4);
    // The replacement process grades the next request.
    expect((await grade('y = 2\n')).status).toBe(200);
  });

  it('a client that goes away stops its grading', async () => {
    await served.stop();
    served = await spawnServe(
      ['--db', join(t.dir, 'server.db'), '--grade-timeout', '20000', '--max-code', String(1024 * 1024), '--grade-workers', '1'],
      {
        TOASTY_HOME: t.dir,
      },
    );
    expect((await grade('x = 1\n')).status).toBe(200);
    const before = await graders();
    expect(before).toHaveLength(1);
    await expect(grade(slowPython(256), AbortSignal.timeout(500))).rejects.toThrow();
    await sleep(300);
    expect(childPids(served.child.pid!)).not.toContain(before[0]);
    expect(await cpuAfter()).toBeLessThan(0.4);
  });

  it('request logs go to stderr: the first stdout line is "listening on"', async () => {
    await served.stop();
    let out = '';
    served = await spawnServe(['--db', join(t.dir, 'server.db'), '--verbose'], { TOASTY_HOME: t.dir });
    served.child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    let err = '';
    served.child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    expect((await fetch(`${served.url}/healthz`)).status).toBe(200);
    await sleep(200);
    expect(out).toBe('');
    expect(err).toMatch(/"path":"\/healthz"/);
  });

  it('logs are JSON lines with a request id (echoed as X-Request-Id) and never a key, a token or code', async () => {
    let err = '';
    served.child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const secretCode = 'def very_secret_function_name(a):\n    return a\n';
    const g = await fetch(`${served.url}/grade`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-request-id': 'trace-me-42' },
      body: JSON.stringify({ code: secretCode, language: 'python' }),
    });
    expect(g.status).toBe(200);
    expect(g.headers.get('x-request-id')).toBe('trace-me-42');
    const pair = (await (
      await fetch(`${served.url}/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ api_key: token }),
      })
    ).json()) as { access_token: string; refresh_token: string };
    const h = await fetch(`${served.url}/history?limit=1`, { headers: { authorization: `Bearer ${pair.access_token}` } });
    expect(h.status).toBe(200);
    const id = h.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await fetch(`${served.url}/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: pair.refresh_token }),
    });
    await sleep(300);
    const lines = err.split('\n').filter((l) => l.trim());
    expect(lines.length).toBeGreaterThanOrEqual(6);
    for (const l of lines) expect(() => JSON.parse(l), l).not.toThrow();
    const parsed = lines.map((l) => JSON.parse(l) as { reqId?: string });
    expect(parsed.filter((l) => l.reqId === 'trace-me-42').length).toBeGreaterThanOrEqual(2);
    expect(parsed.filter((l) => l.reqId === id).length).toBeGreaterThanOrEqual(2);
    for (const secret of [
      token,
      token.slice(-20),
      pair.access_token,
      pair.access_token.split('.')[2]!,
      pair.refresh_token,
      'very_secret_function_name',
    ])
      expect(err).not.toContain(secret);
  });
});

describe('secrets in URLs are never echoed', () => {
  it('`toasty sync --url http://user:pass@…` is exit 2 naming the problem, without the password', () => {
    const t = tempTree({});
    try {
      const r = toasty(['sync', '--url', 'http://ana:s3cretpass@127.0.0.1:9/', '--db', join(t.dir, 'h.db')], t.dir, {
        TOASTY_TOKEN: 'tsk_x',
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/sync url must not hold credentials \(got 'http:\/\/\*\*\*@127\.0\.0\.1:9\/'\)/);
      expect(r.stdout + r.stderr).not.toContain('s3cretpass');
    } finally {
      t.remove();
    }
  });

  it('the sync client (library) never puts URL credentials in its error or its stored state', async () => {
    const t = tempTree({});
    const db = openDb(join(t.dir, 'h.db'));
    try {
      const run = runSync({
        db,
        user: 'ana',
        url: 'http://ana:s3cretpass@127.0.0.1:9/?token=abc123',
        token: 'tsk_x',
        includeCode: false,
        attempts: 1,
      });
      const error = (await run.catch((e: unknown) => e)) as Error;
      expect(error.message).toMatch(/cannot reach the team server at http:\/\/\*\*\*@127\.0\.0\.1:9\/\?token=\*\*\*/);
      expect(error.message).not.toMatch(/s3cretpass|abc123/);
      const state = db.prepare('SELECT group_concat(value) AS v FROM sync_state').get() as { v: string };
      expect(state.v).not.toMatch(/s3cretpass|abc123/);
    } finally {
      db.close();
      t.remove();
    }
  });
});
