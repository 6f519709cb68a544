import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { discoverFiles } from '../../src/discovery/walk.js';
import { readSource } from '../../src/engine/grade-file.js';
import { gradeProject, type RunOptions } from '../../src/engine/run.js';
import type { FileResult } from '../../src/model/results.js';
import { RunHistory } from '../../src/store/history.js';
import { sha256 } from '../../src/util/hash.js';
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
    const history = RunHistory.open(join(home, 'toasty.db'), (m) => {
      throw new Error(m);
    })!;
    let hits = -1;
    try {
      const graded = await gradeProject({
        paths: ['.'],
        cwd: project.dir,
        config,
        jobs: 1,
        user: 'tester',
        history,
        onCache: (n) => {
          hits = n;
          during?.();
        },
        ...extra,
      });
      history.record(graded.record);
      const route = graded.result.files.find((f) => f.path.endsWith('route.py'))!;
      return { route, hits };
    } finally {
      history.close();
    }
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
