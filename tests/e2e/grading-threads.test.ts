import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

// Every native addon a process loads goes through `process.dlopen`, on whichever thread loads it: a
// preload (inherited by worker threads with the rest of execArgv) logs each one with its thread id.
const HOOK = `
const { appendFileSync } = require('node:fs');
const { threadId } = require('node:worker_threads');
const dlopen = process.dlopen;
process.dlopen = function (module, filename, ...rest) {
  appendFileSync(process.env.TOASTY_TEST_ADDON_LOG, threadId + ' ' + filename + '\\n');
  return dlopen.call(this, module, filename, ...rest);
};
// The V8 flags a run sets (engine/pool.ts bounds the heaps' growth while several isolates grade).
const v8 = require('node:v8');
const setFlags = v8.setFlagsFromString;
v8.setFlagsFromString = function (flags) {
  appendFileSync(process.env.TOASTY_TEST_ADDON_LOG, threadId + ' flag' + flags + '\\n');
  return setFlags.call(this, flags);
};
`;

const module = (i: number, functions = 12) =>
  Array.from(
    { length: functions },
    (_, k) => `def handler_${i}_${k}(request, limit):
    """Handle one request of kind ${k}."""
    total = 0
    for item in request.items:
        if item.size > limit:
            total += item.size - limit
        elif item.size == 0:
            continue
    return total

`,
  ).join('');

/** A JavaScript module of about `bytes` characters, with functions like `module`'s. */
const jsModule = (i: number, bytes: number) => {
  const parts: string[] = [];
  for (let k = 0, size = 0; size < bytes; k++) {
    const fn = `export function handler${i}_${k}(request, limit) {
  let total = 0;
  for (const item of request.items) {
    if (item.size > limit) total += item.size - limit;
    else if (item.size === 0) continue;
  }
  return total;
}
`;
    parts.push(fn);
    size += fn.length;
  }
  return parts.join('\n');
};

/** The V8 tiering the launcher sets in every run before it reads any bundle file (bin/toasty.js `tuneTiering`), on this thread. */
const TIERING = `0 ${(createRequire(import.meta.url)(BIN) as { TIERING_FLAGS: string }).TIERING_FLAGS}`;

let t: { dir: string; remove: () => void };
beforeAll(() => {
  const files: Record<string, string> = { 'hook.cjs': HOOK };
  // 120 files of about 3 KB: enough files and bytes for two lanes with --jobs 2, and enough work that
  // the grading thread claims files while it is still starting.
  for (let i = 0; i < 120; i++) files[`many/m${i}.py`] = module(i);
  files['one/m.py'] = module(0);
  // 40 files of about 29 KB: 1.16 MB of source, a run large enough for the one-lane heap bound.
  for (let i = 0; i < 40; i++) files[`large/m${i}.py`] = module(i, 110);
  // The same 1.16 MB as JavaScript: the bound is for tree-sitter's trees, which only Python files leave.
  for (let i = 0; i < 40; i++) files[`largejs/m${i}.js`] = jsModule(i, 1.16e6 / 40);
  files['one/.toastyrc.json'] = JSON.stringify({ rules: { 'unusual-token': 'warning' } });
  t = tempTree(files);
});
afterAll(() => t.remove());

/** Grades the folder `target` of the temp tree, from inside it (where its config is), with the built CLI under the addon hook: exit code, the addons each thread loaded and the V8 flags set (`thread flags`). */
function addonsLoaded(target: string, args: string[]): { code: number; stderr: string; byThread: Map<string, string[]>; flags: string[] } {
  const log = join(t.dir, `${target}.addons.log`);
  writeFileSync(log, '');
  const r = spawnSync(
    process.execPath,
    ['-r', join(t.dir, 'hook.cjs'), BIN, 'grade', '.', '--format', 'json', '--output', join(t.dir, `${target}.json`), ...args],
    {
      cwd: join(t.dir, target),
      encoding: 'utf8',
      env: {
        ...process.env,
        NO_COLOR: '1',
        CI: 'true',
        TOASTY_HOME: join(t.dir, 'home'),
        TOASTY_TEST_ADDON_LOG: log,
        TOASTY_DEBUG_CODE_CACHE: '1',
      },
      timeout: 120_000,
    },
  );
  const byThread = new Map<string, string[]>();
  const flags: string[] = [];
  for (const line of readFileSync(log, 'utf8').trim().split('\n').filter(Boolean)) {
    const [thread, file] = line.split(' ') as [string, string];
    if (file.startsWith('flag')) flags.push(`${thread} ${file.slice('flag'.length)}`);
    else byThread.set(thread, [...(byThread.get(thread) ?? []), file]);
  }
  return { code: r.status ?? -1, stderr: r.stderr, byThread, flags };
}

/** What V8 did with the bundle files' code caches (bin/toasty.js, TOASTY_DEBUG_CODE_CACHE). */
function codeCaches(stderr: string): { accepted: string[]; rejected: string[] } {
  return JSON.parse(/toasty-code-cache (.*)/.exec(stderr)![1]!) as { accepted: string[]; rejected: string[] };
}

describe('a default whole-project run', () => {
  it('grades on two lanes (this thread and a grading thread) and loads no onnxruntime on any thread: every neural rule is off by default', () => {
    const r = addonsLoaded('many', ['--jobs', '2', '--no-cache']);
    expect(r.code, r.stderr).toBe(0);
    // Two lanes, each of which loaded the Python parse addon (the hook saw both): this thread (0) and one grading thread.
    const graders = [...r.byThread].filter(([, files]) => files.some((f) => f.includes('toasty_python_flat')));
    expect(graders.map(([thread]) => thread === '0')).toEqual([true, false]);
    const all = [...r.byThread.values()].flat();
    // The addon parses: node-tree-sitter's own binding is not loaded on any thread.
    expect(all.filter((f) => f.includes('tree_sitter_runtime_binding'))).toEqual([]);
    expect(all.filter((f) => /onnxruntime/.test(f))).toEqual([]);
    // With two isolates grading at once, this thread bounds how far their heaps grow past live data (issue 19: peak RSS).
    expect(r.flags).toEqual([TIERING, '0 --heap-growing-percent=200']);
    // ...after this thread's front-end loaded: a file loaded under the flag would lose its code cache.
    expect(codeCaches(r.stderr).rejected).toEqual([]);
  });

  it('leaves V8 its own heap growth when one lane grades a project under 1 MB of source (the check above can fail)', () => {
    const r = addonsLoaded('many', ['--jobs', '1', '--no-cache']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.flags).toEqual([TIERING]);
  });

  it('bounds the heap growth of one lane grading 1 MB or more while it grades, and every bundle file still takes its code cache', () => {
    const r = addonsLoaded('large', ['--jobs', '1', '--no-cache']);
    expect(r.code, r.stderr).toBe(0);
    // Set once the first file is graded (the front-end is loaded), unset when grading ends (before the report loads).
    expect(r.flags).toEqual([TIERING, '0 --heap-growing-percent=100', '0 --heap-growing-percent=0']);
    const caches = codeCaches(r.stderr);
    expect(caches.accepted.length).toBeGreaterThan(0);
    expect(caches.rejected).toEqual([]);
  });

  it('leaves V8 its own heap growth when one lane grades 1 MB or more of JavaScript alone (no trees to bound)', () => {
    const r = addonsLoaded('largejs', ['--jobs', '1', '--no-cache']);
    expect(r.code, r.stderr).toBeLessThanOrEqual(1);
    expect(r.flags).toEqual([TIERING]);
  });

  it('loads onnxruntime once a neural rule is on (the check above can fail)', () => {
    const r = addonsLoaded('one', ['--no-cache']);
    expect(r.code, r.stderr).toBeLessThanOrEqual(1);
    expect([...r.byThread.values()].flat().some((f) => /onnxruntime/.test(f))).toBe(true);
  });
});
