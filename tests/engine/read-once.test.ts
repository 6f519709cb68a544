import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { discoverFiles } from '../../src/discovery/walk.js';
import { readSource } from '../../src/engine/grade-file.js';
import { type RunOptions } from '../../src/engine/run.js';
import type { FileResult } from '../../src/model/results.js';
import { sha256 } from '../../src/util/hash.js';
import { gradeWithHistory } from '../helpers/history-run.js';
import { tempTree } from '../helpers/tmp.js';

// A run reads each file once for its cache key; a file it then grades is graded from those bytes
// (issue 19: the second read cost ~0.1 s of a standard-library run), and an outcome is stored under
// the key of the content it was graded from, also when the file was read again and had changed.

const A = 'def handler(a):\n    return eval(a)\n';
const B = 'def handler(a):\n    return a\n';
const ruleIds = (f: FileResult) => f.findings.map((x) => x.ruleId).sort();

describe('a file is graded from the bytes its cache key was made from', () => {
  let project: ReturnType<typeof tempTree>;
  let home: string;
  let config: ResolvedConfig;
  let file: string;
  beforeEach(() => {
    project = tempTree({ 'app/route.py': A, 'app/other.py': 'X = 1\n' });
    home = mkdtempSync(join(tmpdir(), 'toasty-read-once-'));
    config = resolveConfig(null, { neural: { enabled: false } }, project.dir);
    file = join(project.dir, 'app', 'route.py');
  });
  afterEach(() => {
    project.remove();
    rmSync(home, { recursive: true, force: true });
  });

  /** One run with a real history; `during` runs once the cache was read, before any file is graded. */
  const run = async (extra: Partial<RunOptions> = {}, during?: () => void) => {
    const { result, hits } = await gradeWithHistory(
      join(home, 'toasty.db'),
      { paths: ['.'], cwd: project.dir, config, jobs: 1, user: 'tester', ...extra },
      during,
    );
    return { route: result.files.find((f) => f.path.endsWith('route.py'))!, hits };
  };

  it('readSource grades the bytes it is given, not the file, and keeps their digest', () => {
    const [found] = discoverFiles([file], project.dir, config);
    const given = Buffer.from(B);
    const read = readSource(found!, 'python', config, { buffer: given, sha256: 'f'.repeat(64) });
    expect(read.skipReason).toBeNull();
    if (read.skipReason !== null) return;
    expect(read.text).toBe(B);
    expect(read.buffer).toBe(given);
    expect(read.sha256).toBe('f'.repeat(64));
    const plain = readSource(found!, 'python', config);
    expect(plain.skipReason === null && plain.text).toBe(A);
    expect(plain.skipReason === null && plain.sha256).toBeNull();
  });

  it('a file changed after it was read for its key is graded as it was read (the bytes were kept)', async () => {
    const first = await run({}, () => writeFileSync(file, B));
    expect(readFileSync(file, 'utf8')).toBe(B);
    expect(first.route.sha256).toBe(sha256(Buffer.from(A)));
    expect(ruleIds(first.route)).toContain('dynamic-code-execution');
    // The cache holds A's outcome under A's key: B is graded, and A again is served as A.
    const second = await run();
    expect(second.route.sha256).toBe(sha256(Buffer.from(B)));
    expect(ruleIds(second.route)).not.toContain('dynamic-code-execution');
    writeFileSync(file, A);
    const third = await run();
    expect(third.hits).toBe(2);
    expect(ruleIds(third.route)).toEqual(ruleIds(first.route));
  });

  it('a file read again and changed meanwhile is stored under the key of what was graded, never under the old one', async () => {
    // keepBytes 0: nothing kept, every file is read again to be graded.
    const first = await run({ keepBytes: 0 }, () => writeFileSync(file, B));
    expect(first.route.sha256).toBe(sha256(Buffer.from(B)));
    expect(ruleIds(first.route)).not.toContain('dynamic-code-execution');
    // B's outcome was stored under B's key: a run on B is served whole from the cache...
    const second = await run({ keepBytes: 0 });
    expect(second.hits).toBe(2);
    expect(ruleIds(second.route)).toEqual(ruleIds(first.route));
    // ...and A's key holds nothing, so A is graded as A (served B's outcome before this change).
    writeFileSync(file, A);
    const third = await run({ keepBytes: 0 });
    expect(third.hits).toBe(1);
    expect(third.route.sha256).toBe(sha256(Buffer.from(A)));
    expect(ruleIds(third.route)).toContain('dynamic-code-execution');
  });
});

describe('with a grading thread beside this one, the cache never serves one content the outcome of another', () => {
  // The built engine (dist/, tests/fixtures/read-once/grade.mjs): grading threads run only from it.
  const FIXTURE = resolve('tests/fixtures/read-once/grade.mjs');
  /** About 3 KB of Python; `risky` adds an eval. 120 of them are enough files and bytes for two lanes. */
  const module = (i: number, risky: boolean, variant: string) =>
    `def f${i}(a):\n    """${variant}"""\n    return ${risky ? 'eval(a)' : 'a'}\n\n` +
    Array.from({ length: 60 }, (_, k) => `X${k} = ${i * 100 + k}  # ${variant} padding line ${k}\n`).join('');
  let project: ReturnType<typeof tempTree>;
  let home: string;
  const grade = (jobs: number, cache: 'on' | 'off', rewrite = '-', plugin?: string) => {
    const r = spawnSync(process.execPath, [FIXTURE, project.dir, home, String(jobs), cache, rewrite, ...(plugin ? [plugin] : [])], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as { hits: number; files: { path: string; sha256: string; rules: string[] }[] };
  };
  beforeEach(() => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 120; i++) files[`m/m${i}.py`] = module(i, i % 2 === 0, 'original');
    project = tempTree(files);
    home = mkdtempSync(join(tmpdir(), 'toasty-read-once-threads-'));
  });
  afterEach(() => {
    project.remove();
    rmSync(home, { recursive: true, force: true });
  });

  const original = (i: number) => module(i, i % 2 === 0, 'original');
  const originals = () => new Set(Array.from({ length: 120 }, (_, i) => sha256(Buffer.from(original(i)))));
  /** Grades with every file rewritten once the cache was read, restores them, and compares a cached re-run with a fresh grade. */
  const rewriteAndRestore = (plugin?: string) => {
    const rewrite = join(home, 'rewrite.json');
    const changed: Record<string, string> = {};
    for (let i = 0; i < 120; i++) changed[join(project.dir, 'm', `m${i}.py`)] = module(i, i % 2 === 1, 'rewritten');
    writeFileSync(rewrite, JSON.stringify(changed));
    const during = grade(2, 'on', rewrite, plugin);
    expect(during.files).toHaveLength(120);
    const rewritten = new Set(Object.values(changed).map((text) => sha256(Buffer.from(text))));
    // Each file was graded as it was read for its key (this thread) or as it was read again (a grading thread).
    for (const f of during.files) expect(originals().has(f.sha256) || rewritten.has(f.sha256), f.path).toBe(true);
    for (let i = 0; i < 120; i++) writeFileSync(join(project.dir, 'm', `m${i}.py`), original(i));
    const cached = grade(2, 'on', '-', plugin);
    const fresh = grade(1, 'off', '-', plugin);
    expect(fresh.files.every((f) => originals().has(f.sha256))).toBe(true);
    expect(cached.files).toEqual(fresh.files);
    // What the first run stored under the original contents' keys is served (the files it graded as read).
    expect(cached.hits).toBe(during.files.filter((f) => originals().has(f.sha256)).length);
    return during;
  };

  it('files rewritten mid-run, then restored: the cached re-run equals a fresh grade of the restored files', () => {
    rewriteAndRestore();
  });

  it('the same when every file is graded on a grading thread (a plugin is configured), which reads each file again', () => {
    const during = rewriteAndRestore(resolve('tests/fixtures/plugins/example-plugin.mjs'));
    // Every file was read again after it was rewritten: all were graded as rewritten, none served later.
    expect(during.files.every((f) => !originals().has(f.sha256))).toBe(true);
  });
});
