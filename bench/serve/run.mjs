#!/usr/bin/env node
// Load test of `toasty serve` on 127.0.0.1 with autocannon: POST /feedback, POST /grade of a
// 50-line Python file (no neural) cached (the same file again: the content-hash cache) and uncached
// (each request a different file), and a premium key driven at 10× its rate limit (429s expected,
// 5xx not), on SQLite and (when the binaries exist) PostgreSQL.
// Usage: npm run build && node bench/serve/run.mjs [--duration 8] [--connections 10] [--no-pg]
// Each load test runs `duration` seconds (≤ 10); results go to stdout as a Markdown table.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const duration = Math.min(10, Number(opt('duration', '8')));
const connections = Number(opt('connections', '10'));
const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'toasty.js');

const FIFTY = Array.from({ length: 10 }, (_, i) =>
  [`def step_${i}(items, limit):`, `    total = 0`, `    for x in items:`, `        if x > limit:`, `            total += x * ${i + 1}`].join('\n'),
).join('\n');

function serve(home, dbArgs) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--no-neural', '--rate-ip', '100000000', ...dbArgs], {
      env: { ...process.env, TOASTY_HOME: home },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.on('data', (d) => {
      const m = /listening on (http:\/\/\S+)/.exec(String(d));
      if (m) resolve({ url: m[1], child });
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
}

function key(home, dbArgs, tier = 'premium', user = 'bench') {
  return execFileSync(process.execPath, [bin, 'serve', 'keys', 'create', '--role', 'user', '--tier', tier, '--user', user, ...dbArgs], {
    env: { ...process.env, TOASTY_HOME: home },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
}

async function load(url, path, token, body, vary, extra = {}) {
  let n = 0;
  const r = await autocannon({
    url: `${url}${path}`,
    method: 'POST',
    connections,
    duration,
    ...extra,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    // Every vote differs from the one before (a new comment), so each one is a real write.
    ...(vary ? { requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify(vary(n++)) }) }] } : {}),
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, x5xx: r['5xx'], errors: r.errors, total: r.requests.total };
}

async function bench(label, dbArgs) {
  const home = mkdtempSync(join(tmpdir(), 'toasty-bench-'));
  const token = key(home, dbArgs, 'unlimited');
  const { url, child } = await serve(home, dbArgs);
  try {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const graded = await (await fetch(`${url}/grade`, { method: 'POST', headers, body: JSON.stringify({ code: FIFTY, language: 'python' }) })).json();
    if (!graded.files) throw new Error(`POST /grade failed: ${JSON.stringify(graded)}`);
    const target = graded.files[0].findings[0]?.id ?? graded.run.id;
    const rows = [];
    rows.push({ label, route: 'POST /feedback', ...(await load(url, '/feedback', token, {}, (i) => ({ grading_id: target, was_helpful: i % 2 === 0, comment: `bench ${i}` }))) });
    rows.push({ label, route: 'POST /grade cached (50 lines)', ...(await load(url, '/grade', token, { code: FIFTY, language: 'python' })) });
    let salt = 0;
    const uncached = () => ({ code: `${FIFTY}\n# ${process.pid}-${Date.now()}-${salt++}\n`, language: 'python' });
    rows.push({ label, route: 'POST /grade uncached (50 lines, no neural)', ...(await load(url, '/grade', token, uncached(), uncached)) });
    // A premium key (100 requests a minute) at 10× its limit: ~16.7 requests a second, each a new file.
    const limited = key(home, dbArgs, 'premium', 'ten-times');
    const ratePerS = (100 * 10) / 60;
    rows.push({
      label,
      route: 'POST /grade at 10× a premium limit',
      ...(await load(url, '/grade', limited, uncached(), uncached, { overallRate: ratePerS, duration: Math.max(duration, 6) })),
    });
    return rows;
  } finally {
    child.kill('SIGTERM');
    rmSync(home, { recursive: true, force: true });
  }
}

const rows = [];
rows.push(...(await bench('SQLite', [])));
if (!args.includes('--no-pg')) {
  const { startPg, pgAvailable } = await import('./pg.mjs');
  if (pgAvailable()) {
    const pg = await startPg();
    try {
      rows.push(...(await bench('PostgreSQL', ['--database-url', pg.url])));
    } finally {
      pg.stop();
    }
  } else console.error('PostgreSQL binaries not found: PostgreSQL skipped');
}
console.log(`duration ${duration} s per test, ${connections} connections, node ${process.version}\n`);
console.log('| database | route | req/s | p50 ms | p99 ms | requests | non-2xx | 5xx | errors |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) console.log(`| ${r.label} | ${r.route} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.total} | ${r.non2xx} | ${r.x5xx} | ${r.errors} |`);
