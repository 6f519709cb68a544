#!/usr/bin/env node
// Builds toasty's native addons with node-gyp, each when it is missing or older than its sources. Run
// by `npm run build` (so by `npm ci`'s prepare) and by `install` (an installed package).
//   native/python-flat: the Python parse addon (tree-sitter's runtime, compiled from the sources
//     node-tree-sitter ships, and flat.c);
//   native/fs-stat: toasty's small start-up addon: a batched stat for the result cache's code stamp,
//     and SHA-1/SHA-256 digests and random bytes through the OpenSSL Node is built with.
//
// Each only makes toasty faster (issue 19): where one cannot be built (no C compiler, no Node headers)
// this prints why and exits 0, and toasty does the same work without it, with the same results
// (Python through node-tree-sitter, the stamp through fs.statSync). tests/languages/python/flat-parse.test.ts
// and tests/util/native-stat.test.ts fail when they were not built, so a checkout whose tests pass has them.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const force = process.argv.includes('--force');

function treeSitterLib() {
  const pkg = createRequire(join(ROOT, 'package.json')).resolve('tree-sitter/package.json');
  return join(dirname(pkg), 'vendor', 'tree-sitter', 'lib', 'src', 'lib.c');
}

/** Each addon: its folder, the file the build makes, its sources, and what toasty does without it. */
const ADDONS = [
  {
    dir: join(ROOT, 'native', 'python-flat'),
    addon: 'toasty_python_flat.node',
    sources: () => ['flat.c', 'tree-sitter-lib.c', 'binding.gyp'].map((f) => join(ROOT, 'native', 'python-flat', f)).concat(treeSitterLib()),
    without: 'the Python parse addon was not built (toasty still works, parsing Python through node-tree-sitter, about a fifth slower on a large run)',
  },
  {
    dir: join(ROOT, 'native', 'fs-stat'),
    addon: 'toasty_fs_stat.node',
    sources: () => ['stat.c', 'digest.c', 'binding.gyp'].map((f) => join(ROOT, 'native', 'fs-stat', f)),
    without: 'the start-up addon was not built (toasty still works, checking its code stamp through fs.statSync and hashing through node:crypto, a few ms slower per run)',
  },
];

/** npm's own node-gyp: npm names it to lifecycle scripts; else the one beside this Node's npm. */
function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  for (const c of candidates) if (c && existsSync(c)) return [process.execPath, [c]];
  return ['node-gyp', []];
}

function upToDate(built, sources) {
  if (force || !existsSync(built)) return false;
  const at = statSync(built).mtimeMs;
  return sources.every((s) => existsSync(s) && statSync(s).mtimeMs <= at);
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

for (const { dir, addon, sources, without } of ADDONS) {
  const built = join(dir, 'build', 'Release', addon);
  if (upToDate(built, sources())) continue;
  const [cmd, pre] = nodeGyp();
  const started = Date.now();
  const r = spawnSync(cmd, [...pre, 'rebuild', '--directory', dir, ...nodeDir()], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status === 0 && existsSync(built)) {
    console.log(`native: built ${built.slice(ROOT.length + 1)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } else {
    const why = r.error ? r.error.message : (r.stderr || r.stdout || '').trim().split('\n').slice(-12).join('\n');
    console.warn(`native: ${without}. node-gyp said:\n${why}`);
  }
}
