/**
 * Reports re-read a graded file to show its lines (pretty code frames, the HTML page's frames):
 * they show only the bytes that were graded, decoded as grading decoded them. Real files on disk.
 */
import { symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileResult } from '../../src/model/results.js';
import { readGradedSource } from '../../src/report/graded-source.js';
import { sha256 } from '../../src/util/hash.js';
import { tempTree } from '../helpers/tmp.js';

const trees: { remove: () => void }[] = [];
afterAll(() => trees.forEach((t) => t.remove()));

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function graded(path: string, bytes: Buffer): FileResult {
  return { path, language: 'python', status: 'graded', sha256: sha256(bytes) } as FileResult;
}

describe('readGradedSource', () => {
  const bytes = Buffer.concat([BOM, Buffer.from('def f(x):\n    return x\n')]);

  it('returns the graded text without the BOM when the file is unchanged', () => {
    const t = tempTree({ 'a.py': bytes });
    trees.push(t);
    expect(readGradedSource(graded('a.py', bytes), t.dir)).toBe('def f(x):\n    return x\n');
  });

  it('returns null for a file changed since grading', () => {
    const t = tempTree({ 'a.py': bytes });
    trees.push(t);
    writeFileSync(join(t.dir, 'a.py'), 'SECRET = "changed after grading"\n');
    expect(readGradedSource(graded('a.py', bytes), t.dir)).toBeNull();
  });

  it('returns null for a file swapped for a link to another file since grading', () => {
    const t = tempTree({ 'a.py': bytes, 'other.txt': 'root:x:0:0\n' });
    trees.push(t);
    unlinkSync(join(t.dir, 'a.py'));
    symlinkSync(join(t.dir, 'other.txt'), join(t.dir, 'a.py'));
    expect(readGradedSource(graded('a.py', bytes), t.dir)).toBeNull();
  });

  it('returns null for a skipped file and for one without a hash', () => {
    const t = tempTree({ 'a.py': bytes });
    trees.push(t);
    expect(readGradedSource({ ...graded('a.py', bytes), status: 'skipped' }, t.dir)).toBeNull();
    expect(readGradedSource({ ...graded('a.py', bytes), sha256: null }, t.dir)).toBeNull();
  });
});
