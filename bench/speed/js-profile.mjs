#!/usr/bin/env node
// Where a JS/TS grade's CPU goes beyond the Babel parse (issue 19), by part and by rule:
// `toasty grade <corpus> --no-neural --no-cache --jobs 1 --format json` run from the unbundled
// dist/cli/main.js (so that profile frames name source modules) under `node --cpu-prof`, once per
// build and round, builds alternated. Every sample goes to the innermost frame on its stack that
// names a part (below); each part is printed as a multiple of the same profile's Babel parse, which
// keeps figures comparable between profiles taken at different loads. The rules are listed one by
// one (a rule's part is every sample under its own file in dist/rules/). The profiler slows the run
// and the machine may be shared: read the multiples, and compare builds only within one run.
//
//   npm run build && node bench/speed/js-profile.mjs [--runs 2] [--before <built checkout>] [--corpus <dir>]
//
// The corpus defaults to the one js.mjs copies (bench/speed/common.mjs JS_PACKAGES).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { copyJsCorpus, option as opt, ROOT } from './common.mjs';

const runs = Number(opt('--runs')) || 2;
const builds = [['after', ROOT]];
if (opt('--before')) builds.unshift(['before', resolve(opt('--before'))]);
const WORK = join(tmpdir(), 'toasty-bench-js-profile');
rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
let corpus = opt('--corpus') ? resolve(opt('--corpus')) : null;
if (!corpus) copyJsCorpus(ROOT, (corpus = join(WORK, 'js')));

/** [part, test of one frame {functionName, url}] in order of precedence (the innermost matching frame wins). */
const PARTS = [
  ['garbage collection', (f) => f.functionName === '(garbage collector)'],
  ['Babel parse (parseSource)', (f) => f.functionName === 'parseSource'],
  ['model tokens (convertTokens)', (f) => f.functionName === 'convertTokens'],
  ['raw metrics (classifyLines)', (f) => f.functionName === 'classifyLines'],
  ['Halstead', (f) => /javascript\/tokens\.js/.test(f.url) && /Halstead|volume/.test(f.functionName)],
  ['semantic layer after the walk (finish)', (f) => f.functionName === 'finish' && /javascript\/extension\.js/.test(f.url)],
  ['the model walk (model, semantic, cyclomatic, cognitive visitors)', (f) => f.functionName === 'buildModel'],
  ['the rest of the front-end (parseJavaScript)', (f) => f.functionName === 'parseJavaScript'],
  ['YAML rules (selectors, regexes)', (f) => /dist\/yaml-rules\//.test(f.url)],
  ['rule ', (f) => (/dist\/rules\//.test(f.url) ? f.url.replace(/.*dist\/rules\//, '').replace(/\.js$/, '') : false)],
  ['engine: rule dispatch and the model visit order (runRules)', (f) => f.functionName === 'runRules'],
  ['engine: read, checks, suppressions, scoring (gradeFile)', (f) => f.functionName === 'gradeFile'],
  ['storing (dist/store)', (f) => /dist\/store\//.test(f.url)],
  ['reporting (dist/report, the JSON write)', (f) => /dist\/report\//.test(f.url) || f.functionName === 'emitReports'],
  ['discovery', (f) => /dist\/discovery\//.test(f.url)],
  ['module loading and compiling', (f) => /compileSourceTextModule|compileForInternalLoader|ModuleJob|^require$|loadESM|moduleLink|^import$/.test(f.functionName)],
];

function parts(file) {
  const p = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map();
  const partOf = (id) => {
    let part = memo.get(id);
    if (part !== undefined) return part;
    part = 'everything else (start-up, config, idle)';
    outer: for (let x = id; x !== undefined; x = parent.get(x)) {
      const frame = byId.get(x).callFrame;
      for (const [name, test] of PARTS) {
        const hit = test(frame);
        if (hit) {
          part = typeof hit === 'string' ? name + hit : name;
          break outer;
        }
      }
    }
    memo.set(id, part);
    return part;
  };
  const out = new Map();
  for (let i = 0; i < p.samples.length; i++) {
    const part = partOf(p.samples[i]);
    out.set(part, (out.get(part) ?? 0) + (p.timeDeltas[i] ?? 0) / 1e6);
  }
  return out;
}

const results = builds.map(() => []);
for (let r = 0; r < runs; r++) {
  builds.forEach(([label, root], b) => {
    const dir = join(WORK, `prof-${label}-${r}`);
    mkdirSync(dir, { recursive: true });
    const runner = join(WORK, 'run.mjs');
    writeFileSync(runner, `const { main } = await import(process.env.TOASTY_BENCH_MAIN);\nprocess.exitCode = await main(process.argv);\n`);
    const res = spawnSync(
      process.execPath,
      ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '500', runner, 'grade', corpus, '--no-neural', '--no-cache', '--jobs', '1', '--format', 'json', '--output', '/dev/null', '--quiet'],
      { encoding: 'utf8', env: { ...process.env, CI: 'true', NO_COLOR: '1', TOASTY_HOME: join(WORK, `home-${label}`), TOASTY_BENCH_MAIN: join(root, 'dist', 'cli', 'main.js') } },
    );
    if (res.status !== 0 && res.status !== 1) throw new Error(`${label}: grade failed (${res.status}): ${res.stderr.slice(-2000)}`);
    results[b].push(parts(join(dir, readdirSync(dir)[0])));
  });
}

const names = [...new Set(results.flatMap((rs) => rs.flatMap((m) => [...m.keys()])))];
const PARSE = 'Babel parse (parseSource)';
const multiple = (m, name) => (m.get(name) ?? 0) / m.get(PARSE);
const total = (m) => [...m.values()].reduce((a, b) => a + b, 0);
const range = (xs) => {
  const lo = Math.min(...xs).toFixed(2);
  const hi = Math.max(...xs).toFixed(2);
  return lo === hi ? lo : `${lo}–${hi}`;
};
const rows = names
  .map((name) => [name, results.map((rs) => rs.map((m) => multiple(m, name)))])
  .sort((a, b) => Math.max(...b[1].at(-1)) - Math.max(...a[1].at(-1)));
const isRule = (name) => name.startsWith('rule ');
const table = (list) => list.map(([name, per]) => `| ${name} | ${per.map((xs) => range(xs)).join(' | ')} |`);
const rulesTotal = (m) => [...m].filter(([k]) => isRule(k)).reduce((a, [, v]) => a + v, 0) / m.get(PARSE);
console.log(
  [
    `# JS/TS grade by part, multiples of the same profile's Babel parse (${new Date().toISOString().slice(0, 16)}Z, ${runs} profile(s) per build, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')})`,
    '',
    `| part | ${builds.map(([label]) => label).join(' | ')} |`,
    `| --- | ${builds.map(() => '---:').join(' | ')} |`,
    ...table(rows.filter(([name]) => !isRule(name))),
    `| the rules' own code, all together | ${results.map((rs) => range(rs.map(rulesTotal))).join(' | ')} |`,
    `| **whole run** | ${results.map((rs) => `**${range(rs.map((m) => total(m) / m.get(PARSE)))}**`).join(' | ')} |`,
    `| (Babel parse, profile seconds) | ${results.map((rs) => range(rs.map((m) => m.get(PARSE)))).join(' | ')} |`,
    '',
    '| rule (its own file in dist/rules/) | ' + builds.map(([label]) => label).join(' | ') + ' |',
    `| --- | ${builds.map(() => '---:').join(' | ')} |`,
    ...table(rows.filter(([name, per]) => isRule(name) && Math.max(...per.flat()) >= 0.005)),
  ].join('\n'),
);
