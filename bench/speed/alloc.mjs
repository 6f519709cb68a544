#!/usr/bin/env node
// Bytes allocated by a Python grade or by its floor (issue 19), with V8's sampling heap profiler told
// to keep the objects that minor and major GCs collected, so the total is what was allocated, not
// what survived; then the sites that allocated most (self size by function). Allocation does not
// depend on the machine's load, unlike CPU time: before/after figures can be taken on a busy machine.
//
//   npm run build && node bench/speed/alloc.mjs [--floor] [--root <built checkout>] [--top N] [--callers] <dir>
//
// --floor: `parsePythonFile` over every .py file of <dir> (read first), in one process; otherwise
// `toasty grade <dir> --no-neural --no-cache --jobs 1 --format json` run in this process from the
// unbundled dist/cli/main.js (output discarded, a private history database).
import { readFileSync, readdirSync, rmSync, mkdtempSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const argv = process.argv.slice(2);
const opt = (name) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv.splice(at, 2)[1] : undefined;
};
const floor = argv.includes('--floor') && argv.splice(argv.indexOf('--floor'), 1).length > 0;
const root = resolve(opt('--root') ?? join(import.meta.dirname, '..', '..'));
const top = Number(opt('--top') ?? 15);
/** --callers: a native site (`keys`, `push`, `slice`…) is named with the function that called it. */
const callers = argv.includes('--callers') && argv.splice(argv.indexOf('--callers'), 1).length > 0;
const dir = resolve(argv[0] ?? '/usr/lib/python3.11');

const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
const start = () =>
  session.post('HeapProfiler.startSampling', {
    samplingInterval: 32768,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });

if (floor) {
  const files = readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.py') && !f.split('/').includes('site-packages'))
    .sort()
    .map((f) => join(dir, f));
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const { parsePythonFile } = await import(join(root, 'dist', 'languages', 'python', 'index.js'));
  await start();
  for (let i = 0; i < files.length; i++) parsePythonFile(files[i], texts[i]);
} else {
  const home = mkdtempSync(join(tmpdir(), 'toasty-alloc-'));
  const { main } = await import(join(root, 'dist', 'cli', 'main.js'));
  const write = process.stdout.write;
  process.stdout.write = () => true;
  await start();
  const args = ['grade', dir, '--no-neural', '--no-cache', '--jobs', '1', '--format', 'json', '--db', join(home, 'toasty.db')];
  await main([process.argv[0], 'toasty', ...args]);
  process.stdout.write = write;
  rmSync(home, { recursive: true, force: true });
}
const { profile } = await session.post('HeapProfiler.stopSampling');
const bySite = new Map();
let total = 0;
const name = (f) => `${f.functionName || '(anonymous)'} ${(f.url || '(native)').replace(/^.*\/dist\//, '')}`;
const visit = (n, parent) => {
  total += n.selfSize;
  const f = n.callFrame;
  const site = callers && !f.url && parent ? `${name(f)} < ${name(parent.callFrame)}` : name(f);
  bySite.set(site, (bySite.get(site) ?? 0) + n.selfSize);
  for (const c of n.children) visit(c, n);
};
visit(profile.head);
console.log(`${floor ? 'floor' : 'grade'} ${dir} (${root}): ${(total / 1e6).toFixed(0)} MB allocated`);
for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`${(bytes / 1e6).toFixed(1).padStart(8)} MB  ${site}`);
