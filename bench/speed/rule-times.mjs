#!/usr/bin/env node
// Where the rules' time goes (issue 19): every file of a corpus parsed in this process (the built
// dist/), then the rules run on it with each rule's `create` and visitors timed (performance.now
// around every call, its own cost measured and taken off). Printed: the front-ends' parse and
// model, the rules' whole traversal, and the rules that took longest with their calls.
//
//   npm run build && node bench/speed/rule-times.mjs <dir> [python|js] [--top N] [--root <built checkout>]
//
// Read it as shares, not as a run's figures: a collection V8 starts inside a visitor is counted
// to that rule, and a rule that is first to need something shared pays for it (the first YAML
// query rule of a file runs the whole batch of bundled queries, the first selector rule the one
// selector walk). The YAML rules' matching is counted to the rule whose visitor asked for it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const opt = (name) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv.splice(at, 2)[1] : undefined;
};
const top = Number(opt('--top') ?? 25);
const root = resolve(opt('--root') ?? join(import.meta.dirname, '..', '..'));
const dir = resolve(argv[0] ?? '/usr/lib/python3.11');
const lang = argv[1] === 'js' ? 'js' : 'python';
const dist = (path) => import(pathToFileURL(join(root, 'dist', path)).href);
const { loadConfig } = await dist('config/load.js');
const { resolveConfig } = await dist('config/resolve.js');
const { loadRuleSet } = await dist('engine/registry.js');
const { RuleResolver } = await dist('engine/active-rules.js');
const { loadAdapter } = await dist('languages/registry.js');
const { runRules } = await dist('engine/run-rules.js');

const EXTENSIONS = lang === 'python' ? /\.py$/ : /\.(js|mjs|cjs|jsx|ts|mts|cts|tsx)$/;
const files = [];
(function walk(d) {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (EXTENSIONS.test(p)) files.push(p);
  }
})(dir);
files.sort();

const loaded = await loadConfig(dir);
const config = resolveConfig(loaded.file, loaded.config, dir, { neural: false });
const resolver = new RuleResolver((await loadRuleSet(config)).rules, config);
const adapters = new Map();
const now = () => performance.now();
const times = new Map();
const calls = new Map();
/** `visit`: a visitor call (counted, and its timing's own cost taken off), else a `create`. */
const add = (id, ms, visit = true) => {
  times.set(id, (times.get(id) ?? 0) + ms);
  if (!calls.has(id)) calls.set(id, 0);
  if (visit) calls.set(id, calls.get(id) + 1);
};

/** The active rule with its `create` and visitors timed (one wrapper per active rule, kept across files). */
const timed = new Map();
function timedRule(active) {
  let out = timed.get(active);
  if (out) return out;
  const { rule } = active;
  const create = (ctx, options) => {
    const t0 = now();
    const visitors = rule.create(ctx, options) ?? {};
    add(rule.id, now() - t0, false);
    const wrapped = {};
    for (const [kind, visit] of Object.entries(visitors)) {
      if (typeof visit !== 'function') continue;
      wrapped[kind] = (node) => {
        const t = now();
        try {
          return visit(node);
        } finally {
          add(rule.id, now() - t);
        }
      };
    }
    return wrapped;
  };
  out = { ...active, rule: { ...rule, create } };
  timed.set(active, out);
  return out;
}

const languageOf = (p) => (lang === 'python' ? 'python' : /\.(ts|mts|cts|tsx)$/.test(p) ? 'typescript' : 'javascript');
let parseMs = 0;
let rulesMs = 0;
let graded = 0;
for (const path of files) {
  const text = readFileSync(path, 'utf8');
  const language = languageOf(path);
  if (!adapters.has(language)) adapters.set(language, await loadAdapter(language));
  const t0 = now();
  const model = adapters.get(language).parse(relative(dir, path), text, language);
  parseMs += now() - t0;
  if (!model.parsed) continue;
  const active = resolver.forPath(relative(dir, path), model.language).map(timedRule);
  const t1 = now();
  runRules(model, active);
  rulesMs += now() - t1;
  graded++;
}

// The wrapper's own cost per call, taken off each rule's total.
let overhead = 0;
{
  const f = (x) => x;
  const w = (x) => {
    const t = now();
    try {
      return f(x);
    } finally {
      overhead += now() - t;
    }
  };
  for (let i = 0; i < 1e6; i++) w(i);
  overhead /= 1e6;
}
const rows = [...times].map(([id, ms]) => [id, ms - overhead * calls.get(id), calls.get(id)]).sort((a, b) => b[1] - a[1]);
const visitors = rows.reduce((s, r) => s + r[1], 0);
console.log(
  `${graded} files of ${dir}: parse and model ${(parseMs / 1e3).toFixed(2)} s; rules ${(rulesMs / 1e3).toFixed(2)} s ` +
    `(visitors ${(visitors / 1e3).toFixed(2)} s, the traversal and timing the rest; ${Math.round(overhead * 1e6)} ns a timed call)`,
);
for (const [id, ms, n] of rows.slice(0, top)) console.log(`${(ms / 1e3).toFixed(3).padStart(7)} s ${String(n).padStart(9)} calls  ${id}`);
