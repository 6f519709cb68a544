import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileRefusedError, readRegularFile } from '../../src/util/read-regular.js';

// readRegularFile returns exactly the file's bytes (its buffer is not zero-filled before the read:
// nothing but the bytes read may show), within the size limit.
describe('readRegularFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'toasty-read-regular-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('returns exactly the bytes of files of every size, from empty to past the shared pool', () => {
    for (const size of [0, 1, 7, 4095, 4096, 4097, 8192, 100_000]) {
      const bytes = Buffer.alloc(size);
      for (let i = 0; i < size; i++) bytes[i] = (i * 31 + size) % 251;
      const file = join(dir, `f${size}`);
      writeFileSync(file, bytes);
      const read = readRegularFile(file, { maxBytes: 1 << 20 });
      expect(read.length, `size ${size}`).toBe(size);
      expect(read.equals(bytes), `size ${size}`).toBe(true);
    }
  });

  it('reads a file of exactly the limit and refuses one a byte larger', () => {
    writeFileSync(join(dir, 'at'), 'x'.repeat(100));
    writeFileSync(join(dir, 'over'), 'x'.repeat(101));
    expect(readRegularFile(join(dir, 'at'), { maxBytes: 100 }).toString()).toBe('x'.repeat(100));
    expect(() => readRegularFile(join(dir, 'over'), { maxBytes: 100 })).toThrow(FileRefusedError);
  });
});
