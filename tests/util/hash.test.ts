import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fnv1a32, sha1, sha256 } from '../../src/util/hash.js';

describe('hashes', () => {
  it('are the standard digests (FIPS 180 test vectors)', () => {
    expect(sha1('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha1('')).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(sha256(Buffer.from('abc'))).toBe(sha256('abc'));
  });

  it('hash a string as its UTF-8, as a Hash object does: non-ASCII, astral and lone surrogates', () => {
    for (const text of [
      'é'.repeat(500),
      '名前 \u{1F600}',
      'a\ud800b',
      '\udc00',
      'x\ud83d',
      '\u0000\uffff',
      'rule\u0000path\u0000ctx\u00000',
    ]) {
      expect(sha1(text)).toBe(createHash('sha1').update(text).digest('hex'));
      expect(sha256(text)).toBe(createHash('sha256').update(text).digest('hex'));
    }
    const bytes = Buffer.from([0, 1, 2, 255, 254]);
    expect(sha256(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('FNV-1a over UTF-16 code units', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
  });
});
