#!/usr/bin/env node
// Build step (after tsc): bundles the compiled CLI into a few ES modules in dist/bundle/, so a run
// loads ~10 files of our own instead of ~360 (each an ESM resolution, a realpath, a read and a
// compile: about 150 ms of a small-file run, issue 19). npm packages stay external (they load from
// node_modules as before: native ones like tree-sitter, better-sqlite3 and onnxruntime-node must,
// and the lazy loading of the heavy ones stays visible to tests/e2e/startup.test.ts).
//
// The entry points keep their names, because the code finds its siblings by URL:
// engine/pool.ts starts `./worker.js`, plugins/load.ts `./probe-worker.js`, the server's pool forks
// `./grade-worker.js`. dist/bundle/ is as deep as dist/<layer>/, so the paths the code derives from
// its own URL (the package root, dist/ for the code stamp, models/) are the same as unbundled.
// Shared code is split into chunks that the CLI and its workers both load; a command's modules stay
// behind its dynamic import, so `--version` still loads only the CLI's first chunk.
import { parse } from '@babel/parser';
import { forEachNode } from './ast-nodes.mjs';
import { settleExports } from './settle-exports.mjs';
import { build, transform } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
const OUT = join(DIST, 'bundle');
// Pure-JS packages that commands load at start-up, bundled too (with what they depend on): commander
// alone is 9 CommonJS files, each a resolution and a trip through the ESM-to-CommonJS translator.
// better-sqlite3's 13 CommonJS files (every command that opens the history: `feedback` is
// keystroke-level) are bundled too; its native addon still loads from node_modules (below).
const BUNDLED_PACKAGES = ['commander', 'chalk', 'cli-table3', 'picomatch', 'ignore', 'better-sqlite3'];
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
  .filter((name) => !BUNDLED_PACKAGES.includes(name))
  .flatMap((name) => [name, `${name}/*`]);

/**
 * A bundled CommonJS package's `require('node:…')` would be esbuild's "dynamic require" stub in an
 * ES module: it calls a `require` made by createRequire instead (scripts/node-require.mjs, injected
 * where used). commander's `node:child_process` (about 10 ms to load) is only needed for
 * executable subcommands, which toasty has none of: it loads on first use.
 */
const BUILTIN_REQUIRE = new RegExp(`\\brequire\\(['"]((?:node:)?(?:${builtinModules.join('|').replace(/\//g, '\\/')}))['"]\\)`, 'g');
const nodeRequire = {
  name: 'node-require',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/].*\.c?js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8')
        .replace(
          "const childProcess = require('node:child_process');",
          "const childProcess = { spawn: (...a) => __nodeRequire('node:child_process').spawn(...a) };",
        )
        .replace(BUILTIN_REQUIRE, "__nodeRequire('$1')")
        // better-sqlite3 loads its addon by path (`nativeBinding`, src/store/native-binding.ts) or
        // through the `bindings` search, which looks beside the file that calls it: from the bundle,
        // it is told where better-sqlite3 is.
        .replace(
          "const requireFunc = typeof __non_webpack_require__ === 'function' ? __non_webpack_require__ : require;",
          'const requireFunc = __nodeRequire;',
        )
        // chalk's supports-color asks `tty.isatty(1)` and `(2)` as it loads; `node:tty` brings `node:net`
        // and the stream stack with it (about 10 ms of a one-file grade's start-up, issue 19). Only a
        // character device can be a terminal, and /dev/null is none (as isTerminal, src/cli/console.ts):
        // `node:tty` loads only to ask about another one.
        .replace(
          "import tty from 'node:tty';",
          "const tty = { isatty: (fd) => { const fs = __nodeRequire('node:fs'); let s; try { s = fs.fstatSync(fd); } catch { return false; } if (!s.isCharacterDevice()) return false; try { if (s.rdev === fs.statSync('/dev/null').rdev) return false; } catch {} return __nodeRequire('node:tty').isatty(fd); } };",
        )
        .replace(
          "require('bindings')('better_sqlite3.node')",
          "((root) => __nodeRequire(__nodeRequire.resolve('bindings', { paths: [root] }))({ bindings: 'better_sqlite3.node', module_root: root }))(__nodeRequire('node:path').dirname(__nodeRequire.resolve('better-sqlite3/package.json')))",
        );
      if (
        /better-sqlite3[\\/]lib[\\/]database\.js$/.test(args.path) &&
        !(text.includes('requireFunc = __nodeRequire;') && text.includes("resolve('bindings'"))
      )
        throw new Error(`${args.path}: the addon loading changed; update scripts/bundle.mjs`);
      if (/chalk[\\/]source[\\/]vendor[\\/]supports-color[\\/]index\.js$/.test(args.path) && /from 'node:tty'/.test(text))
        throw new Error(`${args.path}: its \`node:tty\` import changed; update scripts/bundle.mjs`);
      return { contents: text, loader: 'js' };
    });
  },
};

rmSync(OUT, { recursive: true, force: true });
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: {
    main: join(DIST, 'cli', 'launch.js'),
    // `toasty feedback <id> --helpful` without commander (bin/toasty.js tries it first; issue 21).
    feedback: join(DIST, 'cli', 'feedback-quick.js'),
    worker: join(DIST, 'engine', 'worker.js'),
    'probe-worker': join(DIST, 'plugins', 'probe-worker.js'),
    'grade-worker': join(DIST, 'sync', 'server', 'grade-worker.js'),
  },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  plugins: [nodeRequire],
  inject: [join(ROOT, 'scripts', 'node-require.mjs')],
  chunkNames: 'chunk-[hash]',
  // No minification: stack traces and profiles stay readable; whitespace costs little to parse.
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
});
// Which compiled modules each output file holds: tests map the files a command loads back to modules.
const outputs = Object.fromEntries(
  Object.entries(result.metafile.outputs).map(([out, o]) => [out.replace(/^dist\/bundle\//, ''), Object.keys(o.inputs)]),
);
writeFileSync(join(OUT, 'modules.json'), JSON.stringify(outputs, null, 1));

// The CLI's files again as CommonJS functions (dist/bundle/cjs/<name>.cjs), for bin/toasty.js: it
// runs them through vm.Script with a V8 code cache (scripts/code-cache.mjs writes it after this
// build). Same code, same chunks: an `import` of a chunk becomes `require('./chunk-….js')`, a
// dynamic one `__toastyImport('./chunk-….js')`, both served by the launcher from dist/bundle/cjs/;
// import.meta.url is the URL of the ES module twin (`__toastyUrl`), so every derived path is the same.
// The worker entries stay ES modules only (workers start them by URL).
const launcher = createRequire(import.meta.url)('../bin/toasty.js');

const WORKERS = new Set(['worker.js', 'probe-worker.js', 'grade-worker.js']);
const CJS = join(OUT, 'cjs');
mkdirSync(CJS);
for (const [out, o] of Object.entries(result.metafile.outputs)) {
  const name = out.replace(/^dist\/bundle\//, '');
  if (!name.endsWith('.js') || WORKERS.has(name)) continue;
  const converted = await transform(readFileSync(join(OUT, name), 'utf8'), {
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    define: { 'import.meta.url': '__toastyUrl' },
    logLevel: 'silent',
  });
  if (converted.warnings.length) throw new Error(`${name} as CommonJS: ${converted.warnings.map((w) => w.text).join('; ')}`);
  // Every `import()` becomes `__toastyImport()`: a chunk is served from dist/bundle/cjs/, anything
  // else (an npm package, a plugin or config file) is imported by the launcher itself. (V8's own
  // import() in a vm.Script needs Node's experimental default-loader option, which prints a warning
  // and, in Node 20, is lost when the script comes from a code cache.) Babel finds the calls, so an
  // `import` method or a string is left alone.
  const dynamic = new Set();
  const calls = [];
  const program = parse(converted.code, { sourceType: 'script', createImportExpressions: false }).program;
  forEachNode(program, (node) => {
    if (node.type !== 'CallExpression' || node.callee.type !== 'Import') return;
    calls.push(node.callee);
    const arg = node.arguments[0];
    if (arg?.type === 'StringLiteral' && arg.value.startsWith('./')) dynamic.add(arg.value.slice(2));
  });
  let code = converted.code;
  for (const callee of calls.sort((a, b) => b.start - a.start))
    code = `${code.slice(0, callee.start)}__toastyImport${code.slice(callee.end)}`;
  code = settleExports(name, code, program);
  const expected = new Set(
    o.imports.filter((i) => i.kind === 'dynamic-import' && !i.external).map((i) => i.path.replace(/^dist\/bundle\//, '')),
  );
  if ([...expected].sort().join() !== [...dynamic].sort().join())
    throw new Error(`${name}: dynamic imports of ${[...dynamic].join(', ')} found, expected ${[...expected].join(', ')}`);
  if (/\bimport\.meta\b/.test(code)) throw new Error(`${name}: import.meta left in the CommonJS version`);
  // Written inside the launcher's function wrapper, which it then compiles as read (bin/toasty.js).
  // ASCII only: esbuild escapes the code's strings but keeps comments as written, and one `—` in a
  // comment makes V8 hold the whole file as a two-byte string, decoded on a slower path (the rules'
  // chunk, 250 KB: ~4 ms to read instead of ~1.3 ms, issue 19). Outside comments nothing is left to
  // escape, and there a \u escape means the same character.
  const ascii = code.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  writeFileSync(join(CJS, name.replace(/\.js$/, '.cjs')), launcher.wrap(ascii));
}
