#!/usr/bin/env node
// Where a one-file grade's CPU goes (issue 19): `toasty grade f.py --no-cache --no-neural` in N cold
// processes under `node --cpu-prof --cpu-prof-interval 250`, stdout a pipe as in a script or an
// editor; every sample is put in the first category its stack matches (leaf to root), and the
// categories are printed as milliseconds of profile per run and shares. The profiler itself slows
// the run (and the machine is shared): read the shares, and compare builds only within one run.
//
//   npm run build && node bench/speed/startup-profile.mjs [--runs 10] [--before /path/to/other/checkout]
//                                                         [--project DIR]
//
// --before: the same for another built checkout, the two alternated run by run.
// --project DIR: a fully cached re-run of DIR instead (`grade DIR --format json --output /dev/null
// --quiet --no-neural`, after one unprofiled run of each build has filled its cache).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const runs = Number(arg('--runs')) || 10;
const ROOT = resolve(import.meta.dirname, '..', '..');
const builds = [['after', ROOT]];
if (arg('--before')) builds.unshift(['before', resolve(arg('--before'))]);

const work = join(tmpdir(), 'toasty-bench-startup-profile');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
writeFileSync(join(work, 'f.py'), 'def f(a):\n    if a:\n        return a + 1\n    return 0\n');
const project = arg('--project') ? resolve(arg('--project')) : null;
const ARGS = project
  ? ['grade', project, '--format', 'json', '--output', '/dev/null', '--quiet', '--no-neural']
  : ['grade', 'f.py', '--no-cache', '--no-neural'];

/** [category, test of one stack frame {url, fn, line}], in order of precedence. */
const CATEGORIES = [
  ['garbage collection', (f) => f.fn === '(garbage collector)'],
  ['code stamp of the cache key', (f) => f.fn === 'codeStampParts' || f.fn === 'stampOf'],
  ['YAML rule packs: load and compile (or list from the snapshot)', (f) => ['loadYamlRules', 'bundledRuleStubs', 'compile'].includes(f.fn)],
  ['SQLite history: cache lookup (read, JSON.parse)', (f) => f.fn === 'cacheGet'],
  ['SQLite history: open, write, close', (f) => ['openDb', 'recordRun', 'writeTransaction'].includes(f.fn) || (f.fn === 'close' && f.url.endsWith('.cjs'))],
  ['discovery (walk, ignore files, realpath)', (f) => f.fn === 'discoverFiles'],
  ['cache keys: read and sha256 each file', (f) => f.fn === 'gradeWithCache'],
  ['rule-set hash (rule list + stamp)', (f) => f.fn === 'ruleSetHash'],
  ['config: load and resolve', (f) => ['loadConfig', 'resolveConfig'].includes(f.fn)],
  ['Python: parse and model', (f) => f.fn === 'parsePythonFile'],
  ['rules (YAML matching included)', (f) => f.fn === 'runRules'],
  ['report: render and write', (f) => f.fn === 'emitReports'],
  ['scores, gate, rebinding cached outcomes', (f) => f.fn === 'gradeProject'],
  ['V8 code cache: deserialize (vm.Script)', (f) => f.url === 'node:vm' && f.fn === 'Script'],
];

function categorize(stack) {
  for (const [name, test] of CATEGORIES) if (stack.some(test)) return name;
  const fns = new Set(stack.map((f) => f.fn));
  if (fns.has('loadBundled') || fns.has('requireExternal')) {
    if (fns.has('Module._load')) return 'loading: npm packages (tree-sitter, better-sqlite3: JS and addons)';
    if (fns.has('compileForPublicLoader') || fns.has('compileForInternalLoader')) return 'loading: Node built-in modules';
    if (['readFileUtf8', 'read', 'open', 'close', 'fstat', 'readFileSync', 'tryReadSync'].includes(stack[0].fn)) return 'loading: bundle file reads';
    return 'loading: bundle top-level code';
  }
  if (stack.some((f) => f.url.endsWith('.cjs') || f.url === 'toasty.js')) return 'other toasty code (CLI, config, rule set, engine)';
  if (stack[0].fn === '(program)' || stack[0].fn === '(idle)') return '(program) / (idle)';
  return 'Node bootstrap and internals';
}

function profileOf(file) {
  const d = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(d.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of d.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const out = new Map();
  d.samples.forEach((id, i) => {
    const stack = [];
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const cf = nodes.get(at).callFrame;
      stack.push({ url: basename(cf.url) || cf.url, fn: cf.functionName, line: cf.lineNumber });
    }
    const name = categorize(stack);
    out.set(name, (out.get(name) ?? 0) + d.timeDeltas[i] / 1000);
  });
  return out;
}

const envOf = (name) => ({ ...process.env, CI: 'true', NO_COLOR: '1', TOASTY_HOME: join(work, `home-${name}`) });
const totals = new Map(builds.map(([name]) => [name, new Map()]));
for (let i = 0; i < runs; i++)
  for (const [name, root] of i % 2 ? [...builds].reverse() : builds) {
    if (project && i === 0) spawnSync(process.execPath, [join(root, 'bin', 'toasty.js'), ...ARGS], { cwd: work, env: envOf(name) });
    const dir = join(work, `prof-${name}-${i}`);
    const r = spawnSync(
      process.execPath,
      ['--cpu-prof', '--cpu-prof-interval', '250', '--cpu-prof-dir', dir, join(root, 'bin', 'toasty.js'), ...ARGS],
      { cwd: work, encoding: 'utf8', env: envOf(name) },
    );
    if (r.status !== 0) throw new Error(`${name}: exit ${r.status}: ${r.stderr.slice(-1500)}`);
    for (const file of readdirSync(dir)) for (const [k, ms] of profileOf(join(dir, file))) totals.get(name).set(k, (totals.get(name).get(k) ?? 0) + ms);
  }

const names = [...new Set(builds.flatMap(([name]) => [...totals.get(name).keys()]))];
const sum = (name) => [...totals.get(name).values()].reduce((a, b) => a + b, 0);
const last = builds.at(-1)[0];
names.sort((a, b) => (totals.get(last).get(b) ?? 0) - (totals.get(last).get(a) ?? 0));
const cell = (name, k) => {
  const ms = totals.get(name).get(k) ?? 0;
  return `${(ms / runs).toFixed(1)} ms (${((100 * ms) / sum(name)).toFixed(1)}%)`;
};
const out = [`| category (profile ms per run, share) | ${builds.map(([n]) => n).join(' | ')} |`, `| --- | ${builds.map(() => '---:').join(' | ')} |`];
for (const k of names) out.push(`| ${k} | ${builds.map(([n]) => cell(n, k)).join(' | ')} |`);
out.push(`| **whole profile** | ${builds.map(([n]) => `${(sum(n) / runs).toFixed(1)} ms`).join(' | ')} |`);
console.log(out.join('\n'));
rmSync(work, { recursive: true, force: true });
