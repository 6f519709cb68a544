import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nativeStatFiles, sizesAndTimes, STAT_ADDON } from '../../src/util/native-stat.js';
import { PACKAGE_ROOT } from '../../src/util/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'toasty-native-stat-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const viaNode = (paths: readonly string[]): number[] =>
  paths.flatMap((p) => {
    const s = statSync(p);
    return [s.size, Math.floor(s.mtimeMs)];
  });

describe('the batched stat addon (native/fs-stat, issue 19)', () => {
  it('was built by `npm ci` / `npm run build` and loads', () => {
    expect(nativeStatFiles(), STAT_ADDON).not.toBeNull();
  });

  it('gives the sizes and whole-millisecond times fs.statSync gives, for the package files and odd names and times', () => {
    const odd = ['plain.txt', 'with space.py', 'ünïcödé-名前.yaml', 'emoji-😀.js', 'empty'];
    odd.forEach((name, i) => writeFileSync(join(dir, name), 'x'.repeat(i * 37)));
    mkdirSync(join(dir, 'sub'));
    // Sub-millisecond and pre-1970 times: the milliseconds are computed as Node computes them.
    utimesSync(join(dir, 'plain.txt'), 1_700_000_000.123456, 1_700_000_000.987654);
    utimesSync(join(dir, 'empty'), -1.5, -12_345.0005);
    const files = [
      ...odd.map((n) => join(dir, n)),
      join(dir, 'sub'),
      ...readdirSync(join(PACKAGE_ROOT, 'rules'), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath ?? e.path, e.name)),
    ];
    expect(files.length).toBeGreaterThan(40);
    expect([...sizesAndTimes(files)]).toEqual(viaNode(files));
  });

  it('throws fs.statSync’s error for a path it cannot stat', () => {
    const missing = join(dir, 'no-such-file');
    expect(() => sizesAndTimes([join(dir, 'plain.txt'), missing])).toThrow(expect.objectContaining({ code: 'ENOENT', path: missing }));
    expect(() => sizesAndTimes(['bad\0path'])).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
  });

  it('refuses what is not an array of paths, naming the entry point', () => {
    const statFiles = nativeStatFiles()!;
    expect(() => statFiles('x' as unknown as string[])).toThrow(/statFiles: expected an array of paths/);
    expect(() => statFiles([1] as unknown as string[])).toThrow(/statFiles: expected an array of paths \(strings\)/);
    expect(sizesAndTimes([])).toEqual(new Float64Array(0));
  });
});
