import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SDK_MODULE, startTracing } from '../../src/sync/server/tracing.js';
import { toasty } from '../helpers/cli.js';
import { spawnServe } from './helpers.js';

const installed = ((): boolean => {
  try {
    createRequire(import.meta.url).resolve(SDK_MODULE);
    return true;
  } catch {
    return false;
  }
})();

describe('OpenTelemetry: off unless OTEL_EXPORTER_OTLP_ENDPOINT is set', () => {
  it('unset (or empty): nothing is loaded and nothing is started', async () => {
    const asked: string[] = [];
    const loader = (name: string) => {
      asked.push(name);
      return import(name) as Promise<Record<string, unknown>>;
    };
    expect(await startTracing({}, () => undefined, loader)).toBeNull();
    expect(await startTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }, () => undefined, loader)).toBeNull();
    expect(asked).toEqual([]);
  });

  it('set: a real OTLP receiver gets the request, grade, pool and store spans of a POST /grade, and no key or code', async () => {
    expect(installed).toBe(true);
    const bodies: string[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        if (req.url === '/v1/traces') bodies.push(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const home = mkdtempSync(join(tmpdir(), 'toasty-otel-'));
    const env = { TOASTY_HOME: home, TOASTY_JWT_SECRET: 'x'.repeat(48) };
    const db = join(home, 'server.db');
    const key = toasty(['serve', 'keys', 'create', '--db', db, '--user', 'ann', '--role', 'user'], home, env).stdout.trim();
    const served = await spawnServe(['--db', db], {
      ...env,
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '50',
    });
    const code = 'def secret_function_body(a):\n    return a + 1\n';
    try {
      const res = await fetch(`${served.url}/grade`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ code, language: 'python' }),
      });
      expect(res.status).toBe(200);
      const deadline = Date.now() + 20_000;
      const names = (): string[] => [...bodies.join('\n').matchAll(/"name":"([^"]+)"/g)].map((m) => m[1]!);
      while (!['grade', 'grade.pool', 'grade.store'].every((n) => names().includes(n)) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(names()).toEqual(expect.arrayContaining(['grade', 'grade.pool', 'grade.store']));
      // The incoming request's server span, from the HTTP instrumentation: the grade spans are its children.
      expect(names().some((n) => /^POST/.test(n))).toBe(true);
      const all = bodies.join('\n');
      expect(all).toContain('toasty-serve');
      expect(all).not.toContain(key);
      expect(all).not.toContain('secret_function_body');
    } finally {
      await served.stop();
      await new Promise((r) => receiver.close(r));
      rmSync(home, { recursive: true, force: true });
    }
  });
});
