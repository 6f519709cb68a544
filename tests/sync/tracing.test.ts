import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SDK_MODULE, startTracing } from '../../src/sync/server/tracing.js';
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

  it.skipIf(installed)('set while the SDK is not installed: one warning saying what to install, and the server still starts', async () => {
    const warnings: string[] = [];
    const asked: string[] = [];
    const loader = (name: string) => {
      asked.push(name);
      return import(name) as Promise<Record<string, unknown>>;
    };
    expect(await startTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }, (m) => warnings.push(m), loader)).toBeNull();
    expect(asked).toEqual([SDK_MODULE]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/npm install @opentelemetry\/sdk-node/);
    const home = mkdtempSync(join(tmpdir(), 'toasty-otel-'));
    const served = await spawnServe(['--db', join(home, 'server.db')], {
      TOASTY_HOME: home,
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
    });
    try {
      expect((await fetch(`${served.url}/healthz`)).status).toBe(200);
      expect(served.stderr()).toMatch(/OTEL_EXPORTER_OTLP_ENDPOINT is set but @opentelemetry\/sdk-node is not installed/);
    } finally {
      await served.stop();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
