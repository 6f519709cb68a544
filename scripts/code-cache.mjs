#!/usr/bin/env node
// Build step (last, after the rule snapshot and the code stamps): the V8 code cache of the CLI's
// CommonJS files (dist/bundle/cjs/<name>.cjs.v8cache, read by bin/toasty.js). The cache is taken
// after running the commands a user runs most in this process — `--version`, `--help`, grading a
// small Python and a small JavaScript file, `feedback`, `profile`, `history` — so it holds the
// functions they call compiled, not only the top level (V8 compiles a function on its first call).
// Files those commands do not run get the cache of their top level. A cache V8 rejects at run time
// (another Node version, other V8 flags) costs nothing but the file read: the source is compiled.
// The caches are made under the V8 flags the launcher sets at run time (tuneTiering).
//
// The commands run in a temp folder with their own TOASTY_HOME, so no history or cache of the user
// is touched. The cache files are not part of the result cache's code stamp (src/store/cache-key.ts).
import { Buffer } from 'node:buffer';
import fs, { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';

const launcher = createRequire(import.meta.url)('../bin/toasty.js');
// The launcher's V8 flags, before anything is compiled: V8 takes a cache only under the flags it was made with.
launcher.tuneTiering();
const work = mkdtempSync(join(tmpdir(), 'toasty-code-cache-'));
process.env.TOASTY_HOME = join(work, 'home');
process.env.NO_COLOR = '1';
process.chdir(work);
writeFileSync(join(work, 'f.py'), 'def area(w, h):\n    if w < 0 or h < 0:\n        return 0\n    return w * h\n');
writeFileSync(join(work, 'g.js'), 'export function area(w, h) {\n  if (w < 0 || h < 0) return 0;\n  return w * h;\n}\n');

// The commands print; their output is not wanted here.
const write = { out: process.stdout.write, err: process.stderr.write, sync: fs.writeSync };
process.stdout.write = process.stderr.write = () => true;
// `feedback` writes its answer with fs.writeSync (src/cli/console.ts writeOut).
fs.writeSync = (fd, data, ...rest) => {
  if (fd !== 1 && fd !== 2) return write.sync(fd, data, ...rest);
  return typeof data === 'string' ? Buffer.byteLength(data) : data.length - (typeof rest[0] === 'number' ? rest[0] : 0);
};
try {
  const { main } = launcher.loadBundled('main.js');
  const run = async (...args) => {
    process.exitCode = 0;
    const code = await main(['node', 'toasty', ...args]);
    if (code !== 0 && code !== 1) throw new Error(`toasty ${args.join(' ')} exited ${code}`);
  };
  const db = join(work, 'toasty.db');
  const report = join(work, 'report.json');
  await run('--version');
  await run('--help');
  await run('grade', 'f.py', 'g.js', '--no-cache', '--no-neural', '--db', db, '--user', 'warm', '--format', 'json', '--output', report);
  await run('grade', 'f.py', '--db', db, '--user', 'warm');
  const finding = JSON.parse(readFileSync(report, 'utf8'))
    .files.flatMap((f) => f.findings)
    .find((f) => f.source !== 'engine');
  if (finding) {
    // A vote runs from its own entry (bin/toasty.js tries it before main.js), as a user's would.
    const code = launcher.loadBundled('feedback.js').quickFeedback(['node', 'toasty', 'feedback', finding.id, '--helpful', '--db', db, '--user', 'warm']);
    if (code !== 0) throw new Error(`toasty feedback exited ${code}`);
    await run('feedback', '--next', '--db', db, '--user', 'warm');
  }
  await run('profile', '--db', db, '--user', 'warm');
  await run('history', '--db', db, '--user', 'warm');
} catch (error) {
  // A cache is only an optimisation: the build goes on with what ran (the rest gets top-level caches).
  write.err.call(process.stderr, `code cache: warming up failed (${error.message}); caching what ran\n`);
} finally {
  process.stdout.write = write.out;
  process.stderr.write = write.err;
  fs.writeSync = write.sync;
}

let warmed = 0;
for (const file of readdirSync(launcher.CJS).filter((f) => f.endsWith('.cjs'))) {
  const name = file.replace(/\.cjs$/, '.js');
  let script = launcher.scripts.get(name);
  if (script) warmed++;
  else script = new vm.Script(readFileSync(join(launcher.CJS, file), 'utf8'), { filename: join(launcher.CJS, file) });
  writeFileSync(join(launcher.CJS, file + launcher.CACHE_SUFFIX), script.createCachedData());
}
rmSync(work, { recursive: true, force: true });
process.stdout.write(`code cache: ${warmed} files warmed by running the common commands\n`);
// The commands may leave handles (the worker pool is closed, timers unref'd); nothing else to do.
process.exit(0);
