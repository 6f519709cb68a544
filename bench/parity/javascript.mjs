#!/usr/bin/env node
/**
 * Parity benchmark: toasty's JavaScript/TypeScript front-end vs ESLint 9 `complexity` (classic)
 * and eslint-plugin-sonarjs `cognitive-complexity`, both at threshold 0 so every function is
 * reported.
 *
 * Usage (from the repository root, after building the adapter into dist/):
 *   node bench/parity/javascript.mjs [--adapter dist/languages/javascript/index.js] [--json out.json] [--verbose]
 *
 * Matching: the genuine rule implementations are run through a thin wrapper that records, for
 * each report, the function node it is about (ESLint's `complexity` passes the node; sonarjs
 * reports from inside its `:function:exit` handler). A function is identified by the start
 * (line, column) of its body, which is the same in ESTree and Babel ASTs; our FunctionNode
 * exposes it as `bodySpan`. sonarjs reports nothing for a function whose complexity is 0, so an
 * ESTree function without a sonarjs report has cognitive complexity 0.
 *
 * Corpus (fixed, documented in RESULTS-javascript.md):
 *   JS: node_modules/{eslint/lib, eslint-plugin-sonarjs/cjs, ajv/dist, yaml/dist, commander/lib,
 *       picomatch/lib, acorn/dist/acorn.js, @babel/parser/lib/index.js}  (*.js, *.cjs, *.mjs; no *.min.js)
 *   TS: every non-declaration *.ts file shipped in node_modules, plus this repository's src/**.ts and
 *       tests/**.ts (no TS package in node_modules ships enough TS sources).
 */
import { readFileSync, readdirSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const require = createRequire(join(ROOT, 'package.json'));
const { Linter } = require('eslint');
const sonarjs = require('eslint-plugin-sonarjs');
const tseslint = require('typescript-eslint');
const complexityRule = require(join(ROOT, 'node_modules/eslint/lib/rules/complexity.js'));

const args = process.argv.slice(2);
const argValue = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const adapterPath = resolve(ROOT, argValue('--adapter', 'dist/languages/javascript/index.js'));
const jsonOut = argValue('--json', null);
const verbose = args.includes('--verbose');
const { javascriptAdapter } = await import(pathToFileURL(adapterPath).href);

// ---------------------------------------------------------------- corpus
const JS_ROOTS = [
  'node_modules/eslint/lib',
  'node_modules/eslint-plugin-sonarjs/cjs',
  'node_modules/ajv/dist',
  'node_modules/yaml/dist',
  'node_modules/commander/lib',
  'node_modules/picomatch/lib',
  'node_modules/acorn/dist/acorn.js',
  'node_modules/@babel/parser/lib/index.js',
];
const walkFiles = (p, accept, out = []) => {
  if (!existsSync(p)) return out;
  const st = statSync(p);
  if (st.isFile()) {
    if (accept(p)) out.push(p);
    return out;
  }
  for (const name of readdirSync(p).sort()) {
    if (name === '.git') continue;
    const child = join(p, name);
    const s = statSync(child);
    if (s.isDirectory()) {
      if (name === 'node_modules' && p !== join(ROOT, 'node_modules')) continue;
      walkFiles(child, accept, out);
    } else if (accept(child)) out.push(child);
  }
  return out;
};
const isJs = (f) => /\.(c|m)?jsx?$/.test(f) && !f.endsWith('.min.js');
const isTs = (f) => /\.(c|m)?tsx?$/.test(f) && !/\.d\.(c|m)?ts$/.test(f) && !/\.test-d\.ts$/.test(f);

const FIXTURES = join(ROOT, 'bench/parity/fixtures');
// --extra PATH (repeatable): more files or folders for an ad-hoc run (not part of the fixed corpus).
const extra = args.flatMap((a, i) => (a === '--extra' ? [resolve(args[i + 1])] : []));
const jsFiles = [
  ...JS_ROOTS.flatMap((r) => walkFiles(join(ROOT, r), isJs)),
  ...walkFiles(FIXTURES, isJs),
  ...extra.flatMap((p) => walkFiles(p, isJs)),
];
const tsFiles = [
  ...extra.flatMap((p) => walkFiles(p, isTs)),
  ...walkFiles(FIXTURES, isTs),
  ...walkFiles(join(ROOT, 'node_modules'), isTs),
  ...walkFiles(join(ROOT, 'src'), isTs),
  ...walkFiles(join(ROOT, 'tests'), isTs),
];

// ---------------------------------------------------------------- rule wrappers
const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
let captured = { cc: [], cog: [] };
/** Wrap a rule so that each report is captured together with the function node it concerns. */
function wrap(rule, sink, getData) {
  return {
    meta: rule.meta,
    create(context) {
      let current = null;
      const ctx = Object.create(context, {
        report: {
          value: (descriptor) => {
            const node = descriptor.node ?? current;
            captured[sink].push({ node, value: getData(descriptor), name: String(descriptor.data?.name ?? '') });
          },
        },
      });
      const handlers = rule.create(ctx);
      const out = { ...handlers };
      const exitKey = ':function:exit';
      if (handlers[exitKey]) {
        out[exitKey] = (node) => {
          const prev = current;
          current = node;
          try {
            handlers[exitKey](node);
          } finally {
            current = prev;
          }
        };
      }
      return out;
    },
  };
}
const plugin = {
  rules: {
    complexity: wrap(complexityRule, 'cc', (d) => Number(d.data.complexity)),
    cognitive: wrap(sonarjs.rules['cognitive-complexity'], 'cog', (d) => Number(d.data?.complexityAmount)),
  },
};
const rules = { 'parity/complexity': ['error', 0], 'parity/cognitive': ['error', 0] };
const linter = new Linter({ configType: 'flat' });
const configsFor = (file) => {
  const jsx = /x$/.test(file);
  const parserOptions = { ecmaFeatures: { jsx } };
  if (/\.(c|m)?tsx?$/.test(file)) {
    return [[{ files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'], plugins: { parity: plugin }, languageOptions: { parser: tseslint.parser, sourceType: 'module', parserOptions }, rules }]];
  }
  const base = (sourceType) => [{ files: ['**/*', '**/*.jsx'], plugins: { parity: plugin }, languageOptions: { ecmaVersion: 'latest', sourceType, parserOptions }, rules }];
  return file.endsWith('.mjs') ? [base('module')] : [base('module'), base('commonjs'), base('script')];
};

// ---------------------------------------------------------------- run
const key = (line, column0) => `${line}:${column0}`;
const stats = {
  js: { files: 0, skipped: 0, functions: 0, ccEqual: 0, cogEqual: 0, missing: 0, extra: 0 },
  ts: { files: 0, skipped: 0, functions: 0, ccEqual: 0, cogEqual: 0, missing: 0, extra: 0 },
};
const diffs = [];
const skippedFiles = [];
const started = Date.now();

for (const [lang, files] of [
  ['js', jsFiles],
  ['ts', tsFiles],
]) {
  for (const file of files) {
    const rel = relative(ROOT, file);
    const code = readFileSync(file, 'utf8');
    let messages = null;
    let fatal = null;
    for (const config of configsFor(file)) {
      captured = { cc: [], cog: [] };
      messages = linter.verify(code, config, { filename: 'parity-input' + (file.match(/\.(c|m)?(js|ts)x?$/)?.[0] ?? '.js') });
      fatal = messages.find((m) => m.fatal || (m.ruleId === null && /No matching configuration/.test(m.message)));
      if (!fatal) break;
    }
    if (fatal) {
      stats[lang].skipped++;
      skippedFiles.push(`${rel}: ESLint could not parse (${fatal.message})`);
      continue;
    }
    const model = javascriptAdapter.parse(rel, code, lang === 'ts' ? 'typescript' : 'javascript');
    if (!model.parsed) {
      stats[lang].skipped++;
      skippedFiles.push(`${rel}: toasty could not parse (${model.problems[0]?.message})`);
      continue;
    }
    stats[lang].files++;
    const eslint = new Map();
    for (const { node, value, name } of captured.cc) {
      // Class field initializers and static blocks are code paths but not functions (an arrow
      // that is a field's value is reported twice: as the initializer path and as the function).
      if (!node || !FUNCTION_TYPES.has(node.type) || /^Class (field initializer|static block)$/.test(name)) continue;
      eslint.set(key(node.body.loc.start.line, node.body.loc.start.column), { cc: value, cog: 0, line: node.loc.start.line });
    }
    for (const { node, value } of captured.cog) {
      const e = eslint.get(key(node.body.loc.start.line, node.body.loc.start.column));
      if (e) e.cog = value;
    }
    const ours = new Map();
    for (const fn of model.functions) ours.set(key(fn.bodySpan.line, fn.bodySpan.column - 1), fn);
    for (const [k, e] of eslint) {
      const fn = ours.get(k);
      stats[lang].functions++;
      if (!fn) {
        stats[lang].missing++;
        diffs.push({ file: rel, line: e.line, what: 'missing', detail: `ESLint function at body ${k} not in toasty's model` });
        continue;
      }
      const ccOk = fn.metrics.cyclomatic === e.cc;
      const cogOk = fn.metrics.cognitive === e.cog;
      if (ccOk) stats[lang].ccEqual++;
      if (cogOk) stats[lang].cogEqual++;
      if (!ccOk || !cogOk) {
        diffs.push({
          file: rel,
          line: fn.span.line,
          what: `${!ccOk ? 'cyclomatic' : ''}${!ccOk && !cogOk ? '+' : ''}${!cogOk ? 'cognitive' : ''}`,
          detail: `${fn.qualifiedName}: cyclomatic toasty ${fn.metrics.cyclomatic} vs ESLint ${e.cc}; cognitive toasty ${fn.metrics.cognitive} vs sonarjs ${e.cog}`,
        });
      }
    }
    for (const [k, fn] of ours) {
      if (!eslint.has(k)) {
        stats[lang].extra++;
        diffs.push({ file: rel, line: fn.span.line, what: 'extra', detail: `toasty function ${fn.qualifiedName} (body ${k}) not reported by ESLint` });
      }
    }
  }
}

const pct = (a, b) => (b === 0 ? 'n/a' : ((100 * a) / b).toFixed(2) + '%');
const lines = [];
for (const lang of ['js', 'ts']) {
  const s = stats[lang];
  lines.push(
    `${lang.toUpperCase()}: files ${s.files} (skipped ${s.skipped}), functions compared ${s.functions}, ` +
      `cyclomatic exact ${s.ccEqual}/${s.functions} = ${pct(s.ccEqual, s.functions)}, ` +
      `cognitive exact ${s.cogEqual}/${s.functions} = ${pct(s.cogEqual, s.functions)}, missing ${s.missing}, extra ${s.extra}`,
  );
}
const total = { functions: 0, ccEqual: 0, cogEqual: 0 };
for (const s of Object.values(stats)) {
  total.functions += s.functions;
  total.ccEqual += s.ccEqual;
  total.cogEqual += s.cogEqual;
}
lines.push(`ALL: functions ${total.functions}, cyclomatic ${pct(total.ccEqual, total.functions)}, cognitive ${pct(total.cogEqual, total.functions)}`);
lines.push(`time ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(lines.join('\n'));
console.log(`differences: ${diffs.length}`);
for (const d of diffs.slice(0, verbose ? Infinity : 50)) console.log(`  ${d.file}:${d.line} [${d.what}] ${d.detail}`);
if (skippedFiles.length > 0) {
  console.log(`skipped files: ${skippedFiles.length}`);
  for (const s of skippedFiles.slice(0, verbose ? Infinity : 20)) console.log(`  ${s}`);
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ stats, diffs, skippedFiles }, null, 2));
