#!/usr/bin/env node
'use strict';
// A grade's cold cost split from its warm cost (issue 19, small projects): the CLI's own `main` run
// N times in one process, through the launcher's loader (bin/toasty.js: the bundle with its V8 code
// cache, as a real run loads it). Round 0 pays what every cold process pays (loading, one-time
// set-up, V8 running our code in the interpreter and compiling it); later rounds are the same grade
// with everything loaded and compiled. CPU from process.cpuUsage (every thread: V8's compiler and GC
// threads included), wall from performance.now.
//
//   node bench/speed/cold-warm.cjs [--rounds 6] [--before <built checkout>] [--pairs 1] [--trace]
//     [--first <dir>] [--profile <out dir>] [dir] [-- grade options]
//
// --before: a built checkout of an earlier commit, run the same way in its own process, alternated
// with this one (process by process, --pairs times, default 1).
// --v8-defaults: without the launcher's V8 tiering flags (tuneTiering in bin/toasty.js).
// --trace: V8's --trace-opt --trace-deopt set at run time (v8.setFlagsFromString), and a per-function
// table of TurboFan compiles, their compile time and deoptimisations on stderr. Any V8 flag changes
// the flag hash V8 checks in a code cache, so with --trace the caches are rejected and the sources
// compiled: the counts hold, the CPU figures of a traced run do not compare with untraced ones.
// --first <dir>: round 0 grades <dir> instead (a one-file project: everything loaded and set up, little
// of our code warmed), so round 1 is the corpus graded loaded but not warm.
// --profile <out dir>: a CPU profile per round (the inspector's sampler, 250 µs), round-N.cpuprofile;
// with --before the later variant's files overwrite the earlier's (profile one variant at a time).
const { spawnSync } = require('node:child_process');
const { resolve, join } = require('node:path');
const v8 = require('node:v8');

const isChild = process.argv[2] === '--child';
const childRoot = isChild ? process.argv[3] : null;
const argv = process.argv.slice(isChild ? 4 : 2);
const dash = argv.indexOf('--');
const own = dash >= 0 ? argv.slice(0, dash) : argv;
const extra = dash >= 0 ? argv.slice(dash + 1) : [];
const value = (flag, dflt) => (own.includes(flag) ? own[own.indexOf(flag) + 1] : dflt);
const rounds = Number(value('--rounds', '6'));
const before = own.includes('--before') ? resolve(value('--before')) : null;
const pairs = Number(value('--pairs', '1'));
const skip = new Set(['--rounds', '--before', '--pairs', '--first', '--profile'].flatMap((f) => (own.includes(f) ? [own.indexOf(f), own.indexOf(f) + 1] : [])));
const dir = own.find((a, i) => !a.startsWith('--') && !skip.has(i)) ?? '/usr/lib/python3/dist-packages/urllib3';
const ROOT = resolve(__dirname, '..', '..');

async function child(root) {
  if (own.includes('--trace')) v8.setFlagsFromString('--trace-opt --trace-deopt');
  const launcher = require(join(root, 'bin', 'toasty.js'));
  const { loadBundled } = launcher;
  // The launcher's V8 tiering (a build without it runs with V8's defaults), unless --v8-defaults.
  if (!own.includes('--v8-defaults')) launcher.tuneTiering?.();
  const args = ['grade', dir, '--format', 'json', '--output', '/dev/null', '--quiet', '--no-cache', '--no-neural', '--no-learning', ...extra];
  const out = [];
  const profiler = own.includes('--profile') ? new (require('node:inspector').Session)() : null;
  const post = (method, params) => new Promise((ok, fail) => profiler.post(method, params, (e, r) => (e ? fail(e) : ok(r))));
  if (profiler) {
    profiler.connect();
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 250 });
  }
  for (let r = 0; r < rounds; r++) {
    const first = r === 0 && own.includes('--first');
    if (profiler) await post('Profiler.start');
    const t = performance.now();
    const c = process.cpuUsage();
    // Loaded inside round 0: loading the CLI is part of what a cold run pays.
    const { main } = loadBundled('main.js');
    const code = await main([process.execPath, 'toasty', ...(first ? [...args.slice(0, 1), value('--first'), ...args.slice(2)] : args)]);
    const d = process.cpuUsage(c);
    if (profiler) {
      const { profile } = await post('Profiler.stop');
      require('node:fs').writeFileSync(join(value('--profile'), `round-${r}.cpuprofile`), JSON.stringify(profile));
    }
    if (code !== 0 && code !== 1) throw new Error(`grade exited ${code}`);
    out.push({ wall: performance.now() - t, cpu: (d.user + d.system) / 1000 });
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function traceTable(text) {
  const fns = new Map();
  const of = (name) => fns.get(name) ?? fns.set(name, { compiles: 0, ms: 0, deopts: [] }).get(name);
  for (const line of text.split('\n')) {
    let m = /^\[completed compiling \S+ <JSFunction (\S*) .*took ([\d.]+), ([\d.]+), ([\d.]+) ms/.exec(line);
    if (m) {
      const f = of(m[1]);
      f.compiles++;
      f.ms += Number(m[2]) + Number(m[3]) + Number(m[4]);
      continue;
    }
    m = /^\[bailout \(kind: (\S+), reason: ([^)]*)\).*?<JSFunction (\S*) /.exec(line);
    if (m) of(m[3]).deopts.push(`${m[1]}: ${m[2]}`);
  }
  const rows = [...fns.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((s, [, f]) => s + f.ms, 0);
  const lines = [`TurboFan: ${rows.reduce((s, [, f]) => s + f.compiles, 0)} compiles of ${rows.length} functions, ${total.toFixed(0)} ms compiling (wall, mostly a background thread); deopts ${rows.reduce((s, [, f]) => s + f.deopts.length, 0)}`];
  lines.push('| function | compiles | compile ms | deopts |', '| --- | ---: | ---: | --- |');
  for (const [name, f] of rows.slice(0, 30))
    lines.push(`| ${name} | ${f.compiles} | ${f.ms.toFixed(1)} | ${f.deopts.length ? f.deopts.join('; ') : ''} |`);
  for (const [name, f] of rows.slice(30)) if (f.deopts.length > 0) lines.push(`| ${name} | ${f.compiles} | ${f.ms.toFixed(1)} | ${f.deopts.join('; ')} |`);
  return lines.join('\n');
}

function parent() {
  const env = { ...process.env, CI: 'true', NO_COLOR: '1', TOASTY_HOME: join(require('node:os').tmpdir(), 'toasty-bench-cold-warm') };
  const variants = [['after', ROOT], ...(before ? [['before', before]] : [])];
  const results = new Map(variants.map(([label]) => [label, []]));
  for (let p = 0; p < pairs; p++)
    for (const [label, root] of variants) {
      const r = spawnSync(process.execPath, [__filename, '--child', root, ...process.argv.slice(2)], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
      if (r.status !== 0) throw new Error(`${label}: ${r.stderr.slice(-2000)}`);
      const last = r.stdout.trim().split('\n').pop();
      results.get(label).push(JSON.parse(last));
      if (own.includes('--trace')) console.error(`## ${label}, pair ${p}\n${traceTable(r.stdout)}\n`);
    }
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  console.log(`# ${dir}: grade --no-neural --no-cache ${extra.join(' ')} run ${rounds} times in one process (${new Date().toISOString().slice(0, 16)}Z, load ${require('node:os').loadavg()[0].toFixed(1)})`);
  console.log('| build | round 0 (cold) CPU / wall ms | warm CPU / wall ms (median of rounds ≥ 3) | rounds CPU ms |');
  console.log('| --- | ---: | ---: | --- |');
  for (const [label, runs] of results)
    for (const run of runs) {
      const warm = run.slice(3);
      console.log(
        `| ${label} | ${run[0].cpu.toFixed(0)} / ${run[0].wall.toFixed(0)} | ${warm.length ? `${median(warm.map((x) => x.cpu)).toFixed(0)} / ${median(warm.map((x) => x.wall)).toFixed(0)}` : '-'} | ${run.map((x) => x.cpu.toFixed(0)).join(', ')} |`,
      );
    }
}

if (isChild) {
  child(childRoot).catch((e) => {
    console.error(e);
    process.exit(2);
  });
} else parent();
