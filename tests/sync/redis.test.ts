import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inCI } from '../../src/cli/commands/grade.js';
import { toasty } from '../helpers/cli.js';
import { hasRedis, spawnServe, startRedis, type RedisServer, type Served } from './helpers.js';

// In CI a missing redis-server is a failure (.ci/run installs it), never a silent skip.
const suite = hasRedis() || inCI() ? describe : describe.skip;

suite('toasty serve ×2 sharing one redis-server: rate limits are per user across instances', () => {
  let redis: RedisServer;
  let a: Served;
  let b: Served;
  let dir: string;
  let db: string;
  const env = (): NodeJS.ProcessEnv => ({ TOASTY_HOME: dir, TOASTY_JWT_SECRET: 'x'.repeat(48) });
  const newKey = (user: string, tier: string): string => {
    const r = toasty(['serve', 'keys', 'create', '--db', db, '--user', user, '--role', 'user', '--tier', tier], dir, env());
    expect(r.code, r.stderr).toBe(0);
    return r.stdout.trim();
  };
  const get = async (base: string, path: string, key: string) => {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${key}` } });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), text: await res.text() };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'toasty-redis-serve-'));
    db = join(dir, 'server.db');
    redis = await startRedis();
    const args = ['--db', db, '--redis-url', redis.url, '--grade-workers', '1'];
    a = await spawnServe(args, env());
    b = await spawnServe(args, env());
  }, 120_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a free-tier key gets 10 requests a minute in total over both instances, then 429 with Retry-After on either', async () => {
    const key = newKey('fran', 'free');
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await get(i % 2 ? b.url : a.url, '/history', key)).status);
    expect(statuses).toEqual(Array(10).fill(200));
    for (const base of [a.url, b.url]) {
      const r = await get(base, '/history', key);
      expect(r.status).toBe(429);
      expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(r.retryAfter)).toBeLessThanOrEqual(60);
      expect(JSON.parse(r.text).message).toMatch(/free tier/);
    }
    // The same user through an access token shares the count; another user does not.
    const token = await fetch(`${b.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: newKey('gus', 'free') }),
    }).then((r) => r.json() as Promise<{ access_token: string }>);
    expect((await get(a.url, '/history', token.access_token)).status).toBe(200);
  });

  it('Redis going away fails open: requests still answer (never a 500), with one warning and a metric', async () => {
    const key = newKey('hal', 'free');
    const r = toasty(['serve', 'keys', 'create', '--db', db, '--user', 'ops', '--role', 'admin'], dir, env());
    const admin = r.stdout.trim();
    await redis.stop();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await get(i % 2 ? b.url : a.url, '/history', key)).status);
    expect(statuses).toEqual(Array(12).fill(200));
    for (const s of [a, b]) {
      const m = await get(s.url, '/metrics', admin);
      expect(m.status).toBe(200);
      expect(Number(/^toasty_rate_limit_store_errors_total (\d+)/m.exec(m.text)?.[1])).toBeGreaterThanOrEqual(6);
      const warnings = s
        .stderr()
        .split('\n')
        .filter((l) => l.includes('rate-limit store unavailable'));
      expect(warnings.length).toBeGreaterThanOrEqual(1);
      // Throttled: an outage is not one line per request.
      expect(warnings.length).toBeLessThanOrEqual(2);
      expect(JSON.parse(warnings[0]!)).toMatchObject({ level: 'warn' });
    }
  });
});
