#!/usr/bin/env node
// Babel's parse with `tokens: true`, @babel/parser as installed against the build's copy
// (scripts/patch-babel.mjs, dist/vendor/babel-parser.cjs), in one process, alternating: (1) files of
// N one-line template literals (Babel 7's token compat step splices the whole token list once per
// template: quadratic), (2) every JS/TS file under DIR, when given. Best of ROUNDS per figure (ms).
//
//   npm run build && node bench/speed/babel-tokens.mjs [DIR] [--rounds 5]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { option, ROOT } from './common.mjs';

const require = createRequire(join(ROOT, 'package.json'));
const parsers = { installed: require('@babel/parser'), patched: require(join(ROOT, 'dist', 'vendor', 'babel-parser.cjs')) };
const rounds = Number(option('--rounds')) || 5;
const dir = process.argv[2] && !process.argv[2].startsWith('--') ? resolve(process.argv[2]) : null;

const optionsFor = (path, tokens) => ({
  sourceType: 'unambiguous',
  errorRecovery: true,
  tokens,
  plugins: /\.tsx?$/.test(path) ? ['typescript', ...(path.endsWith('x') ? ['jsx'] : [])] : ['jsx'],
});
function time(babel, files, tokens) {
  const started = process.hrtime.bigint();
  for (const [path, text] of files) {
    try {
      babel.parse(text, optionsFor(path, tokens));
    } catch {
      // a file Babel cannot parse costs what it cost
    }
  }
  return Number(process.hrtime.bigint() - started) / 1e6;
}
function best(files) {
  const out = { 'installed, tokens': Infinity, 'patched, tokens': Infinity, 'no tokens': Infinity };
  for (let r = 0; r < rounds; r++) {
    out['installed, tokens'] = Math.min(out['installed, tokens'], time(parsers.installed, files, true));
    out['patched, tokens'] = Math.min(out['patched, tokens'], time(parsers.patched, files, true));
    out['no tokens'] = Math.min(out['no tokens'], time(parsers.installed, files, false));
  }
  return out;
}

console.log(`| input | size | installed, tokens (ms) | patched, tokens (ms) | no tokens (ms) |\n| --- | ---: | ---: | ---: | ---: |`);
const row = (name, size, r) =>
  console.log(`| ${name} | ${size} | ${r['installed, tokens'].toFixed(0)} | ${r['patched, tokens'].toFixed(0)} | ${r['no tokens'].toFixed(0)} |`);
for (const n of [2500, 5000, 10000, 20000]) {
  const text = Array.from({ length: n }, (_, i) => `const a${i} = \`x\${i}\`;`).join('\n');
  row(`${n} one-line templates`, `${Math.round(text.length / 1024)} KB`, best([[`t${n}.js`, text]]));
}
if (dir) {
  const files = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(m?js|cjs|jsx|tsx?)$/.test(name) && !name.endsWith('.d.ts')) files.push([path, readFileSync(path, 'utf8')]);
    }
  };
  walk(dir);
  const bytes = files.reduce((sum, [, text]) => sum + text.length, 0);
  row(`${dir} (${files.length} files)`, `${(bytes / 1048576).toFixed(1)} MB`, best(files));
}
