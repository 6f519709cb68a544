import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { inCI } from '../../src/cli/commands/grade.js';
import { BIN } from '../helpers/cli.js';
import { hasRedis, pgBin, startPg, startRedis, type Pg, type RedisServer } from './helpers.js';

/**
 * Docker is not available here: what can be checked without it is. The YAML parses and has what
 * each tool requires, the dashboard queries name series the server really exports, and the server
 * starts with the environment compose gives it.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const read = (p: string): string => readFileSync(join(ROOT, p), 'utf8');

interface Compose {
  services: Record<
    string,
    {
      image?: string;
      build?: unknown;
      command?: string[];
      environment?: Record<string, string>;
      healthcheck?: { test: string[] };
      depends_on?: unknown;
      volumes?: string[];
    }
  >;
}
const compose = parse(read('deploy/compose.yaml'), { merge: true }) as Compose;

// Kubernetes objects are deep and loosely typed; the assertions below are the schema checked.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type K8sDoc = Record<string, any>;

describe('deploy/: Dockerfile, compose, Kubernetes and Grafana files', () => {
  it('the Dockerfile has a build and a runtime stage, runs as a non-root user and has a HEALTHCHECK on /healthz', () => {
    const text = read('Dockerfile');
    const stages = [...text.matchAll(/^FROM\s+\S+(?:\s+AS\s+(\S+))?/gim)].map((m) => m[1]);
    expect(stages).toEqual(['build', 'runtime']);
    const runtime = text.slice(text.search(/^FROM .* AS runtime/m));
    const user = /^USER\s+(\S+)/m.exec(runtime)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*\/healthz/m);
    expect(runtime).toMatch(/COPY --from=build/);
  });

  it('compose has server ×2, PostgreSQL, Redis, Prometheus and Grafana, wired together', () => {
    const s = compose.services;
    expect(Object.keys(s).sort()).toEqual(['grafana', 'postgres', 'prometheus', 'redis', 'toasty-1', 'toasty-2']);
    for (const name of ['toasty-1', 'toasty-2']) {
      const t = s[name]!;
      expect(t.command?.[0]).toBe('serve');
      expect(Object.keys(t.environment ?? {}).sort()).toEqual([
        'TOASTY_DATABASE_URL',
        'TOASTY_HOME',
        'TOASTY_JWT_SECRET',
        'TOASTY_LOG',
        'TOASTY_REDIS_URL',
      ]);
      expect(t.environment!.TOASTY_DATABASE_URL).toMatch(/@postgres:5432\//);
      expect(t.environment!.TOASTY_REDIS_URL).toBe('redis://redis:6379');
      expect(t.healthcheck?.test.join(' ')).toMatch(/\/healthz/);
      expect(Object.keys(t.depends_on as object).sort()).toEqual(['postgres', 'redis']);
    }
    const prom = parse(read('deploy/prometheus/prometheus.yml')) as {
      scrape_configs: { metrics_path: string; authorization: { type: string }; static_configs: { targets: string[] }[] }[];
    };
    expect(prom.scrape_configs[0]!.metrics_path).toBe('/metrics');
    expect(prom.scrape_configs[0]!.authorization.type).toBe('Bearer');
    expect(prom.scrape_configs[0]!.static_configs[0]!.targets.sort()).toEqual(['toasty-1:8787', 'toasty-2:8787']);
    const ds = parse(read('deploy/grafana/provisioning/datasources/prometheus.yaml')) as { datasources: { uid: string; url: string }[] };
    expect(ds.datasources[0]).toMatchObject({ uid: 'prometheus', url: 'http://prometheus:9090' });
    const dash = parse(read('deploy/grafana/provisioning/dashboards/toasty.yaml')) as { providers: { options: { path: string } }[] };
    expect(s.grafana!.volumes!.some((v) => v.endsWith(`:${dash.providers[0]!.options.path}:ro`))).toBe(true);
  });

  it('Kubernetes: a Deployment with probes and Secret references, a Service, an HPA on it', () => {
    const docs = readdirSync(join(ROOT, 'deploy/k8s'))
      .filter((f) => f.endsWith('.yaml'))
      .flatMap((f) => parseAllDocuments(read(`deploy/k8s/${f}`)).map((d) => d.toJS() as K8sDoc));
    for (const d of docs) {
      expect(typeof d.apiVersion).toBe('string');
      expect(typeof d.kind).toBe('string');
      expect(typeof d.metadata?.name).toBe('string');
    }
    const byKind = Object.fromEntries(docs.map((d) => [d.kind as string, d]));
    expect(Object.keys(byKind).sort()).toEqual(['Deployment', 'HorizontalPodAutoscaler', 'Secret', 'Service']);
    const dep = byKind.Deployment!;
    const pod = dep.spec.template.spec;
    expect(dep.spec.selector.matchLabels).toEqual(dep.spec.template.metadata.labels);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    const c = pod.containers[0];
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) expect(c[probe].httpGet.path, probe).toBe('/healthz');
    const fromSecret = (c.env as { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[]).filter(
      (e) => e.valueFrom?.secretKeyRef,
    );
    expect(fromSecret.map((e) => e.name).sort()).toEqual(['TOASTY_DATABASE_URL', 'TOASTY_JWT_SECRET', 'TOASTY_REDIS_URL']);
    for (const e of fromSecret) {
      expect(e.valueFrom!.secretKeyRef!.name).toBe(byKind.Secret!.metadata.name);
      expect(Object.keys(byKind.Secret!.stringData)).toContain(e.valueFrom!.secretKeyRef!.key);
    }
    expect(byKind.Service!.spec.selector).toEqual(dep.spec.template.metadata.labels);
    expect(byKind.HorizontalPodAutoscaler!.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: dep.metadata.name });
  });
});

/** Every metric a PromQL expression selects: names followed by `{` or `[`, or alone inside an aggregation. */
function seriesOf(expr: string): string[] {
  const bare = expr.replace(/\b(by|without)\s*\([^)]*\)/g, '').replace(/\{[^}]*\}/g, '{}');
  return [...bare.matchAll(/([a-z_][a-z0-9_]*)\s*(?=[[{)])/g)].map((m) => m[1]!).filter((n) => !/^\d/.test(n));
}

const canStart = (pgBin() && hasRedis()) || inCI();
(canStart ? describe : describe.skip)('toasty serve with the environment compose gives it (real PostgreSQL and Redis)', () => {
  let pg: Pg;
  let redis: RedisServer;
  let home: string;
  let child: ReturnType<typeof spawn>;
  let url: string;
  let err = '';

  beforeAll(async () => {
    pg = await startPg();
    redis = await startRedis();
    home = mkdtempSync(join(tmpdir(), 'toasty-compose-'));
    const service = compose.services['toasty-1']!;
    // ${VAR:?message} and ${VAR:-default} as compose interpolates them, from an .env with test values.
    const dotenv: Record<string, string> = { POSTGRES_PASSWORD: 'pw', TOASTY_JWT_SECRET: 's'.repeat(48) };
    const interpolate = (v: string): string =>
      v.replace(
        /\$\{(\w+)(?::[?-]([^}]*))?\}/g,
        (_m, name: string, rest?: string) => dotenv[name] ?? (rest && !rest.startsWith('set') ? rest : ''),
      );
    const env = Object.fromEntries(Object.entries(service.environment!).map(([k, v]) => [k, interpolate(v)]));
    expect(env.TOASTY_DATABASE_URL).toBe('postgres://toasty:pw@postgres:5432/toasty');
    // The only changes: the compose service names point at this test's own servers, /data at a temp folder.
    env.TOASTY_DATABASE_URL = pg.url;
    env.TOASTY_REDIS_URL = redis.url;
    env.TOASTY_HOME = home;
    const args = service.command!.map((a, i, all) => (all[i - 1] === '--port' ? '0' : all[i - 1] === '--host' ? '127.0.0.1' : a));
    child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH!, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`did not start: ${err}`)), 60_000);
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    });
  }, 120_000);
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    }
    await redis?.stop();
    pg?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('starts on PostgreSQL with Redis rate limits, answers its own healthcheck command, and exports every series the dashboard queries', async () => {
    for (let i = 0; i < 50 && !/rate limits in/.test(err); i++) await new Promise((r) => setTimeout(r, 100));
    expect(err).toMatch(/rate limits in Redis redis:\/\/127\.0\.0\.1/);
    const h = (await (await fetch(`${url}/healthz`)).json()) as { database: string };
    expect(h.database).toBe('postgres');
    // The compose healthcheck, as written, against this server's port.
    const [cmd, ...hcArgs] = compose.services['toasty-1']!.healthcheck!.test.slice(1);
    const port = new URL(url).port;
    const hc = spawnSync(
      cmd === 'node' ? process.execPath : cmd!,
      hcArgs.map((a) => a.replace('127.0.0.1:8787', `127.0.0.1:${port}`)),
      { timeout: 10_000 },
    );
    expect(hc.status).toBe(0);
    // A metrics key, a grading, then every series of the dashboard exists in /metrics.
    const created = spawnSync(process.execPath, [BIN, 'serve', 'keys', 'create', '--role', 'admin', '--user', 'ops'], {
      env: { PATH: process.env.PATH!, TOASTY_HOME: home, TOASTY_DATABASE_URL: pg.url },
      encoding: 'utf8',
    });
    expect(created.status, created.stderr).toBe(0);
    const key = created.stdout.trim();
    const g = await fetch(`${url}/grade`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'def f(a):\n    return a\n', language: 'python' }),
    });
    expect(g.status).toBe(200);
    const metrics = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${key}` } })).text();
    const exported = new Set([...metrics.matchAll(/^# TYPE (\S+) (\w+)/gm)].map((m) => m[1]!));
    for (const name of ['grading_requests_total', 'grading_duration_seconds', 'grading_errors_total', 'cache_hit_rate'])
      expect(exported).toContain(name);
    const dashboard = JSON.parse(read('deploy/grafana/dashboards/toasty.json')) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    const titles = dashboard.panels.map((p) => p.title.toLowerCase()).join(' | ');
    for (const want of ['request rate', 'latency', 'errors', 'cache hit rate', 'scores']) expect(titles).toContain(want);
    const used = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => seriesOf(t.expr)));
    expect(used.length).toBeGreaterThanOrEqual(8);
    for (const series of used) expect(exported, series).toContain(series.replace(/_(bucket|sum|count)$/, ''));
  });
});
