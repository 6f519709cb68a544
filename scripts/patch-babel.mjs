#!/usr/bin/env node
// Build step: dist/vendor/babel-parser.cjs, @babel/parser with its token list made in linear time.
//
// With `tokens: true` (the JS/TS front-end needs the tokens: Halstead, line classes, the model),
// Babel 7 ends every parse with `babel7CompatTokens`, which turns each template literal and private
// name into Babel 7's older token shapes by `tokens.splice(i, 1, …)` on the file's whole token array:
// one shift of every later token per template or `#name`, quadratic in the file (issue 19: a 458 KB
// file of 20,000 one-line templates took 2.9 s to parse against 0.5 s, and the 500 KB vitest chunk
// in the bench corpus 0.25 s against 0.14 s). The copy built here makes the same tokens in one pass:
// the tokens are copied to a new array from the first one that is replaced on, and the replacements
// are appended where the original spliced them in. Nothing else changes.
//
// Each replacement must match exactly once inside that function, or nothing is written and the
// front-end loads @babel/parser itself (src/languages/javascript/parse.ts): a new Babel release
// that changed the function keeps working, only without the fix, and says so here.
// tests/languages/javascript/babel-tokens.test.ts checks that both give the same tokens.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'dist', 'vendor');
const require = createRequire(join(ROOT, 'package.json'));
/** @babel/parser's entry file (lib/index.js) as installed. */
export const BABEL_ENTRY = require.resolve('@babel/parser');
const entry = BABEL_ENTRY;
const pkgDir = resolve(dirname(entry), '..');
const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));

const HEAD = 'function babel7CompatTokens(tokens, input, startIndex) {';
const REPLACEMENTS = [
  [`${HEAD}\n  for (`, `${HEAD}\n  let out = null;\n  for (`],
  // A private name `#x` becomes `#` and `x`; a template chunk becomes its delimiters and its text.
  ['tokens.splice(i, 1, new Token({', '(out ??= tokens.slice(0, i)).push(new Token({'],
  ['tokens.splice(i, 1, startToken, new Token({', '(out ??= tokens.slice(0, i)).push(startToken, new Token({'],
  // The original skips the tokens it spliced in; here they were appended to `out` instead.
  ['        i++;\n        continue;', '        continue;'],
  ['        i += 2;\n        continue;', '        continue;'],
  [
    '      token.type = getExportedToken(type);\n    }\n  }\n  return tokens;\n}',
    '      token.type = getExportedToken(type);\n    }\n    if (out !== null) out.push(token);\n  }\n  return out ?? tokens;\n}',
  ],
];

/** The patched parser's text, or why it could not be patched. */
export function patchBabel(source) {
  const start = source.indexOf(HEAD);
  if (start < 0 || source.indexOf(HEAD, start + 1) >= 0) return { error: 'babel7CompatTokens not found once' };
  const end = source.indexOf('\nclass ', start);
  if (end < 0) return { error: 'the end of babel7CompatTokens not found' };
  let fn = source.slice(start, end);
  for (const [from, to] of REPLACEMENTS) {
    const count = fn.split(from).length - 1;
    if (count !== 1) return { error: `${JSON.stringify(from.slice(0, 40))} found ${count} times, not once` };
    fn = fn.replace(from, () => to);
  }
  const body = source.slice(0, start) + fn + source.slice(end);
  return { text: body.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n') };
}

function main() {
  rmSync(OUT, { recursive: true, force: true });
  const result = patchBabel(readFileSync(entry, 'utf8'));
  if (result.error) {
    console.warn(`patch-babel: @babel/parser ${version}: ${result.error}; the JS/TS front-end uses @babel/parser as installed`);
    return;
  }
  mkdirSync(OUT, { recursive: true });
  const header = `// @babel/parser ${version} (MIT, babel-parser.LICENSE), built by scripts/patch-babel.mjs:\n// babel7CompatTokens makes the token list in one pass instead of a splice per template or #name.\n`;
  writeFileSync(join(OUT, 'babel-parser.cjs'), header + result.text);
  writeFileSync(join(OUT, 'babel-parser.LICENSE'), readFileSync(join(pkgDir, 'LICENSE')));
  console.log(`patch-babel: dist/vendor/babel-parser.cjs from @babel/parser ${version}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();
