#!/usr/bin/env node
// Interleaved in-process A/B of the Python front-end's token-level passes (issue 19): radon's raw
// metrics (`rawMetrics`), the model's token stream (`tokenize`) and Halstead (`moduleVolume` plus
// `functionVolume` of every function and lambda, or `halsteadVolumes` where a build has it), of two built checkouts, over one corpus. The trees
// are parsed once, by the second checkout's parser, and shared; each round times every pass of each
// build once over all files (base, then new, then the other order the next round), and checks that
// both give the same results. Wall time on one thread, so load adds noise: read the median ratio.
//
//   npm run build && node bench/speed/python-passes-ab.mjs <base checkout> <new checkout> <dir> [rounds]
//   e.g. node bench/speed/python-passes-ab.mjs /work/exp . /tmp/cmp/stdlib 15
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const [baseRoot, newRoot, dir, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 11);
const load = async (root) => {
  const at = (m) => import(join(resolve(root), 'dist', 'languages', 'python', m));
  const [raw, tok, hal] = await Promise.all([at('raw-metrics.js'), at('tokens.js'), at('halstead.js')]);
  return { raw, tok, hal };
};
const builds = { base: await load(baseRoot), new: await load(newRoot) };
const { parsePython } = await import(join(resolve(newRoot), 'dist', 'languages', 'python', 'parse.js'));
const files = readdirSync(dir, { recursive: true })
  .filter((f) => f.endsWith('.py'))
  .sort()
  .map((f) => join(dir, f));
const texts = files.map((f) => readFileSync(f, 'utf8'));
const normalized = texts.map((t) => builds.new.raw.normalizeNewlines(t));
const roots = texts.map((t) => parsePython(t).root);
const fns = roots.map((root) => {
  const out = [];
  const stack = [root];
  while (stack.length) {
    const n = stack.pop();
    if (n.type === 'function_definition' || n.type === 'lambda') out.push(n);
    for (const c of n.children) stack.push(c);
  }
  return out;
});

const passes = {
  raw: (b) => normalized.map((t) => b.raw.rawMetrics(t)),
  tokens: (b) => texts.map((t, i) => b.tok.tokenize(t, roots[i]).length),
  halstead: (b) =>
    texts.map((t, i) => {
      // A build with the one walk (eleventh session) uses it, as build-model.js does.
      if (!b.hal.halsteadVolumes) return [b.hal.moduleVolume(t, roots[i]), ...fns[i].map((f) => b.hal.functionVolume(t, f))];
      const one = b.hal.halsteadVolumes(t, roots[i], new Set(fns[i]));
      return [one.module, ...fns[i].map((f) => one.functions.get(f) ?? b.hal.functionVolume(t, f))];
    }),
};
const times = { base: {}, new: {} };
for (const name of Object.keys(passes)) {
  const a = JSON.stringify(passes[name](builds.base));
  const b = JSON.stringify(passes[name](builds.new));
  if (a !== b) throw new Error(`${name}: the builds differ`);
  times.base[name] = [];
  times.new[name] = [];
}
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
for (let r = 0; r < rounds; r++) {
  for (const label of r % 2 ? ['new', 'base'] : ['base', 'new']) {
    for (const [name, pass] of Object.entries(passes)) {
      const t0 = performance.now();
      pass(builds[label]);
      times[label][name].push(performance.now() - t0);
    }
  }
}
console.log(`${files.length} files, ${rounds} rounds, results identical; median ms per pass over the corpus (ratio new/base: median of the rounds)`);
for (const name of Object.keys(passes)) {
  const ratios = times.new[name].map((t, i) => t / times.base[name][i]);
  console.log(`${name.padEnd(9)} base ${median(times.base[name]).toFixed(0).padStart(6)}  new ${median(times.new[name]).toFixed(0).padStart(6)}  ratio ${median(ratios).toFixed(3)}`);
}
