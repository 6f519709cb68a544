#!/usr/bin/env node
// Builds toasty's Python parse addon (native/python-flat: tree-sitter's runtime, compiled from the
// sources node-tree-sitter ships, and flat.c) with node-gyp, when it is missing or older than its
// sources. Run by `npm run build` (so by `npm ci`'s prepare) and by `install` (an installed package).
//
// The addon only makes the Python front-end faster (issue 19): where it cannot be built (no C
// compiler, no Node headers) this prints why and exits 0, and toasty parses through node-tree-sitter
// with the same results. tests/languages/python/flat-parse.test.ts fails when it was not built, so a
// checkout whose tests pass has it.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const DIR = join(ROOT, 'native', 'python-flat');
const ADDON = join(DIR, 'build', 'Release', 'toasty_python_flat.node');
const force = process.argv.includes('--force');

function treeSitterLib() {
  const pkg = createRequire(join(ROOT, 'package.json')).resolve('tree-sitter/package.json');
  return join(dirname(pkg), 'vendor', 'tree-sitter', 'lib', 'src', 'lib.c');
}

/** npm's own node-gyp: npm names it to lifecycle scripts; else the one beside this Node's npm. */
function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  for (const c of candidates) if (c && existsSync(c)) return [process.execPath, [c]];
  return ['node-gyp', []];
}

function upToDate() {
  if (force || !existsSync(ADDON)) return false;
  const built = statSync(ADDON).mtimeMs;
  const sources = [join(DIR, 'flat.c'), join(DIR, 'tree-sitter-lib.c'), join(DIR, 'binding.gyp'), treeSitterLib()];
  return sources.every((s) => existsSync(s) && statSync(s).mtimeMs <= built);
}

/**
 * Node's own headers: npm passes its `nodedir` setting to scripts; otherwise the ones installed beside
 * this Node (official builds and Debian's nodejs-dev put them in <prefix>/include/node), so node-gyp
 * does not download them (no network is needed to build).
 */
function nodeDir() {
  if (process.env.npm_config_nodedir) return [];
  const prefix = resolve(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) && existsSync(join(prefix, 'include', 'node', 'common.gypi'))
    ? [`--nodedir=${prefix}`]
    : [];
}

if (upToDate()) process.exit(0);
const [cmd, pre] = nodeGyp();
const started = Date.now();
const r = spawnSync(cmd, [...pre, 'rebuild', '--directory', DIR, ...nodeDir()], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
if (r.status === 0 && existsSync(ADDON)) {
  console.log(`native: built ${ADDON.slice(ROOT.length + 1)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} else {
  const why = r.error ? r.error.message : (r.stderr || r.stdout || '').trim().split('\n').slice(-12).join('\n');
  console.warn(
    `native: the Python parse addon was not built (toasty still works, parsing Python through node-tree-sitter, ` +
      `about a fifth slower on a large run). node-gyp said:\n${why}`,
  );
}
