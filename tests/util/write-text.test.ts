import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTextFileSync } from '../../src/util/write-text.js';

const dir = mkdtempSync(join(tmpdir(), 'toasty-write-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeTextFileSync', () => {
  it('writes the same UTF-8 bytes as a plain string write, lone surrogates and astral characters included', () => {
    const text = `{"m": "a\ud800b\udc00c \u{1F600} — é \u2028 \0"}\n`.repeat(200);
    const ours = join(dir, 'ours.json');
    const plain = join(dir, 'plain.json');
    writeTextFileSync(ours, text);
    writeFileSync(plain, text);
    const bytes = readFileSync(ours);
    expect(bytes.equals(readFileSync(plain))).toBe(true);
    // A lone surrogate becomes U+FFFD (EF BF BD), as TextEncoder writes it.
    expect(bytes.equals(Buffer.from(new TextEncoder().encode(text)))).toBe(true);
    expect(bytes.includes(Buffer.from([0xef, 0xbf, 0xbd]))).toBe(true);
  });

  it('replaces a file that was longer', () => {
    const path = join(dir, 'shorter.txt');
    writeFileSync(path, 'x'.repeat(1000));
    writeTextFileSync(path, 'é');
    expect(readFileSync(path, 'utf8')).toBe('é');
  });
});
