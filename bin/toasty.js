#!/usr/bin/env node
'use strict';
// The CLI's launcher, CommonJS (bin/package.json): a CommonJS entry skips Node's ES module loader.
//
// dist/bundle/ is the compiled CLI bundled into a few files (scripts/bundle.mjs). The build also
// writes each of the CLI's files as a CommonJS function (dist/bundle/cjs/*.cjs) with a V8 code cache
// (*.cjs.v8cache, scripts/code-cache.mjs: taken after running the common commands, so the functions
// they call are compiled already). This launcher runs those files through vm.Script with the cache:
// no parsing and little compiling at start-up (Node 20 has no module.enableCompileCache). When V8
// rejects a cache (another Node version or V8 flags, a damaged file) it compiles the source as
// usual; without dist/bundle/cjs/ the ES module bundle runs instead.
//
// onnxruntime-node crashes when the command line is long (about 29 KB on the main thread, 14.5 KB in
// a worker): above 8 KB, relaunch with the arguments in a private temp file (src/neural/long-argv.ts).
//
// TOASTY_DEBUG_CODE_CACHE=1 prints, at exit, which bundle files ran, whether V8 took their cache, and
// the packages require() loaded, the build's patched copies included (one JSON line on stderr: tests
// check what a command loads with it).
const { readFileSync, writeSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const vm = require('node:vm');

const BUNDLE = join(__dirname, '..', 'dist', 'bundle');
const CJS = join(BUNDLE, 'cjs');
const CACHE_SUFFIX = '.v8cache';
const requireExternal = createRequire(join(BUNDLE, 'main.js'));
/** dist/bundle/'s URL, once: a file's is this plus its name (`[\w.-]+`, nothing to escape). */
let bundleUrl;

/**
 * The function around a file's code. The build writes each CommonJS file already wrapped
 * (scripts/bundle.mjs), so the launcher compiles the text it read: no concatenated copy of every
 * file's source on the young heap at start-up (issue 19: a small file's run read 1.2 MB of source
 * and collected the young generation six times).
 */
function wrap(source) {
  return `(function (exports, require, module, __filename, __dirname, __toastyUrl, __toastyImport) {'use strict';${source}\n})`;
}

/** The bundle files run so far (name → module), and what V8 did with each file's cache. */
const modules = new Map();
const scripts = new Map();
const caches = { accepted: [], rejected: [], absent: [] };

/**
 * Runs dist/bundle/cjs/<name> (name as in dist/bundle/: `main.js`, `chunk-….js`) once and returns
 * its exports. The file sees the URL of its ES module twin as import.meta.url, so the paths the
 * code derives from it (package root, models, sibling workers) are those of the ES module bundle.
 */
function loadBundled(name, { cache = true } = {}) {
  const known = modules.get(name);
  if (known) return known.exports;
  const module = { exports: {} };
  modules.set(name, module);
  const file = join(CJS, `${name.slice(0, -'.js'.length)}.cjs`);
  const twin = join(BUNDLE, name);
  let cachedData;
  if (cache) {
    try {
      cachedData = readFileSync(file + CACHE_SUFFIX);
    } catch {
      // no cache (not built yet): compiled from the source
    }
  }
  const script = new vm.Script(readFileSync(file, 'utf8'), { filename: file, cachedData });
  scripts.set(name, script);
  (cachedData === undefined ? caches.absent : script.cachedDataRejected ? caches.rejected : caches.accepted).push(name);
  const localRequire = (id) => (id.startsWith('./') ? loadBundled(id.slice(2), { cache }) : requireExternal(id));
  // Every import() of the bundle's code (scripts/bundle.mjs): a chunk, or else a package, a plugin
  // or a config file, imported from here (bin/ and dist/bundle/ resolve packages alike).
  const localImport = (id) =>
    typeof id === 'string' && /^\.\/[\w.-]+\.js$/.test(id) ? Promise.resolve().then(() => loadBundled(id.slice(2), { cache })) : import(id);
  bundleUrl ??= `${pathToFileURL(BUNDLE).href}/`;
  script.runInThisContext().call(module.exports, module.exports, localRequire, module, twin, BUNDLE, bundleUrl + name, localImport);
  return module.exports;
}

/** loadBundled(name), or null when the CommonJS files are not built (the entry itself is missing). */
function loadBundledIfBuilt(name) {
  try {
    return loadBundled(name);
  } catch (error) {
    if (error.code !== 'ENOENT' || modules.size > 1) throw error;
    modules.clear();
    return null;
  }
}

/** The CLI's entry module: the CommonJS files with their code cache, or the ES module bundle without them. */
async function loadMain() {
  return loadBundledIfBuilt('main.js') ?? import('../dist/bundle/main.js');
}

/**
 * A vote (`toasty feedback <id> --helpful`, issue 21: keystroke-level) runs from its own bundle
 * entry, without main.js (commander and every command's options); its exit code, or null when the
 * command line is not a plain vote (src/cli/feedback-quick.ts) or the CommonJS files are not built.
 */
function quickFeedback() {
  if (!process.argv.includes('feedback')) return null;
  const entry = loadBundledIfBuilt('feedback.js');
  return entry ? entry.quickFeedback(process.argv) : null;
}

/**
 * `toasty --version` alone prints the package's version as the program does (commander's `--version`),
 * without loading the program: Node's own start-up is then all it costs (issue 19). False for any
 * other command line.
 */
function quickVersion() {
  if (process.argv.length !== 3 || process.argv[2] !== '--version') return false;
  const { version } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
  try {
    writeSync(1, `${version}\n`);
  } catch (error) {
    if (error.code !== 'EAGAIN') throw error;
    process.stdout.write(`${version}\n`);
  }
  return true;
}

/**
 * V8's tiering for a command that runs for seconds, not a page that runs for hours (issue 19). V8
 * hands a function to TurboFan, its optimising compiler, after it has spent an interrupt budget of
 * bytecode (67,584 by default) a few times. On a small project's grade that optimised some 150
 * functions, the large ones (the metrics' walks, the tokenizer) two or three times, and TurboFan's
 * compiling on V8's background threads took about a third of the run's CPU (perf, urllib3: 0.9 of
 * 2.5 CPU-s), more than the optimised code saved: the same run with no optimising at all cost less.
 * A budget 16 times larger optimises only what stays hot, with fuller type feedback (fewer
 * deoptimisations, fewer recompiles): bench/speed/RESULTS.md has the figures (session pyjit).
 * V8 takes a code cache only under the flags it was made with (their hash is in the cache, and
 * setting a flag at run time changes it): scripts/code-cache.mjs sets these before it makes the
 * caches, and this launcher before it reads any (TOASTY_DEBUG_CODE_CACHE=1 shows them accepted;
 * tests/e2e check it). V8 flags are per process: the grading threads have it too.
 */
const TIERING_FLAGS = '--interrupt-budget=1081344';

function tuneTiering() {
  require('node:v8').setFlagsFromString(TIERING_FLAGS);
}

async function run() {
  if (process.env.TOASTY_DEBUG_CODE_CACHE)
    process.on('exit', () => {
      const files = [...modules.keys()].map((name) => join(BUNDLE, name));
      // Packages, and the build's copies of packages (dist/vendor/: scripts/patch-babel.mjs).
      const required = Object.keys(require.cache).filter((f) => f.includes('/node_modules/') || f.includes('/dist/vendor/'));
      writeSync(2, `toasty-code-cache ${JSON.stringify({ files, required, ...caches })}\n`);
    });
  if (quickVersion()) return;
  // Before any bundle file is read: V8 takes a code cache only under the flags it was made with.
  tuneTiering();
  const voted = quickFeedback();
  if (voted !== null) {
    process.exitCode = voted;
    return;
  }
  const { main, readRelaunchedArgs, relaunchIfLong } = await loadMain();
  const relaunched = relaunchIfLong();
  process.exitCode = relaunched ? await relaunched : await main(readRelaunchedArgs());
}

// A failure outside main() is an unhandled rejection: Node prints it and exits 1, as before.
if (require.main === module) void run();

module.exports = { BUNDLE, CJS, CACHE_SUFFIX, loadBundled, scripts, TIERING_FLAGS, tuneTiering, wrap };
