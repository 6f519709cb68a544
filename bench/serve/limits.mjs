#!/usr/bin/env node
// How much of `toasty serve` one free-tier key can hold with POST /grade, and how long code takes
// to grade. Usage: npm run build && node bench/serve/limits.mjs [--workers 2] [--window 20]
// 1. grading time by code size (Python, JavaScript; a premium key, timeout raised to 20 s);
// 2. a free key grading the largest allowed code back to back (its rate: 10/min, one at a time)
//    while another key grades a 50-line file and calls /healthz every 250 ms: the free key's
//    grading seconds per minute, and the other key's latencies, against the same without it.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : dflt);
const workers = opt('workers', '2');
const windowS = Number(opt('window', '20'));
const bin = join(import.meta.dirname, '..', '..', 'bin', 'toasty.js');

const pyUnit = (i) => `def step_${i}(items, limit, a, b, c, d, e):\n    total = 0\n    for x in items:\n        if x > limit:\n            total += x * ${i}\n    return total\n\n`;
const jsUnit = (i) => `function step${i}(items, limit, a, b, c, d, e) {\n  let total = 0;\n  for (const x of items) {\n    if (x > limit) total += x * ${i};\n  }\n  return total;\n}\n\n`;
const code = (unit, bytes) => {
  let out = '';
  for (let i = 0; out.length + unit(i).length <= bytes; i++) out += unit(i);
  return out;
};

function serve(home, extra) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--no-neural', '--grade-workers', workers, '--rate-premium', '100000', ...extra], {
      env: { ...process.env, TOASTY_HOME: home },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.on('data', (d) => {
      const m = /listening on (http:\/\/\S+)/.exec(String(d));
      if (m) resolve({ url: m[1], child });
    });
    child.once('exit', (c) => reject(new Error(`serve exited ${c}`)));
  });
}
const key = (home, tier, user) =>
  execFileSync(process.execPath, [bin, 'serve', 'keys', 'create', '--role', 'user', '--tier', tier, '--user', user], {
    env: { ...process.env, TOASTY_HOME: home },
    encoding: 'utf8',
  }).trim();
const post = async (url, token, body) => {
  const t = performance.now();
  const r = await fetch(`${url}/grade`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await r.text();
  return { status: r.status, ms: performance.now() - t };
};
const pct = (xs, p) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : NaN);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const home = mkdtempSync(join(tmpdir(), 'toasty-limits-'));
try {
  // 1. Grading time by size.
  const premium = key(home, 'premium', 'bench');
  let s = await serve(home, ['--grade-timeout', '20000', '--max-code', String(1024 * 1024)]);
  await post(s.url, premium, { code: 'x = 1\n', language: 'python' });
  console.log('| code | Python ms (median of 3) | JavaScript ms (median of 3) |\n| ---: | ---: | ---: |');
  for (const kib of [16, 32, 64, 128, 256]) {
    const row = [];
    for (const [unit, language] of [[pyUnit, 'python'], [jsUnit, 'javascript']]) {
      const times = [];
      for (let i = 0; i < 3; i++) times.push((await post(s.url, premium, { code: code(unit, kib * 1024), language })).ms);
      row.push(pct(times, 50).toFixed(0));
    }
    console.log(`| ${kib} KiB | ${row.join(' | ')} |`);
  }
  s.child.kill('SIGTERM');

  // 2. A free key at its limit, with the server's defaults (64 KiB, 3 s).
  s = await serve(home, []);
  const free = key(home, 'free', 'greedy');
  await post(s.url, premium, { code: 'x = 1\n', language: 'python' });
  const small = code(pyUnit, 2500);
  const probe = async (withFree) => {
    const lat = [];
    const health = [];
    let freeMs = 0;
    const statuses = {};
    const until = performance.now() + windowS * 1000;
    const greedy = (async () => {
      while (withFree && performance.now() < until) {
        const r = await post(s.url, free, { code: code(pyUnit, 64 * 1024), language: 'python' });
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        if (r.status === 200 || r.status === 503) freeMs += r.ms;
        if (r.status === 429) await sleep(1000);
      }
    })();
    while (performance.now() < until) {
      lat.push((await post(s.url, premium, { code: small, language: 'python' })).ms);
      const t = performance.now();
      await (await fetch(`${s.url}/healthz`)).text();
      health.push(performance.now() - t);
      await sleep(250);
    }
    await greedy;
    return { lat, health, freeMs, statuses };
  };
  const base = await probe(false);
  const loaded = await probe(true);
  console.log(`\nwindow ${windowS} s, ${workers} grading processes, defaults (--max-code 65536, --grade-timeout 3000)`);
  console.log('| free key | other key: POST /grade 50 lines p50 / p99 ms | GET /healthz p50 / p99 ms | free key grading s per minute | free key statuses |\n| --- | ---: | ---: | ---: | --- |');
  for (const [label, r] of [['idle', base], ['grading 64 KiB back to back', loaded]])
    console.log(
      `| ${label} | ${pct(r.lat, 50).toFixed(0)} / ${pct(r.lat, 99).toFixed(0)} | ${pct(r.health, 50).toFixed(1)} / ${pct(r.health, 99).toFixed(1)} | ${((r.freeMs / 1000) * (60 / windowS)).toFixed(1)} | ${JSON.stringify(r.statuses)} |`,
    );
  s.child.kill('SIGTERM');
} finally {
  rmSync(home, { recursive: true, force: true });
}
