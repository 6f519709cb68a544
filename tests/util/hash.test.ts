import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { digestsFromAddon, fnv1a32, randomHex, sha1, sha256 } from '../../src/util/hash.js';
import { STAT_ADDON, startupAddon } from '../../src/util/native-stat.js';

/** Strings whose UTF-8 ends near the addon's 4 KB copy, with a character of 1-4 bytes across the edge. */
function edgeStrings(): string[] {
  const out: string[] = [];
  for (const ch of ['a', 'é', '名', '\u{1F600}', '\ud800'])
    for (let bytes = 4080; bytes <= 4100; bytes++) out.push('x'.repeat(bytes - 3) + ch + 'yz'.slice(0, bytes % 3));
  return out;
}

afterEach(() => vi.unstubAllEnvs());

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

  it('come from toasty’s start-up addon, built by `npm ci` / `npm run build` (no node:crypto to load)', () => {
    expect(startupAddon()?.digestHex, STAT_ADDON).toBeTypeOf('function');
    expect(digestsFromAddon()).toBe(true);
  });

  it('are the same through the addon and through node:crypto: around the addon’s 4 KB string copy, long strings, byte views', async () => {
    const texts = [...edgeStrings(), 'é'.repeat(100_000), 'z'.repeat(1 << 20), ''];
    const views = [Buffer.alloc(0), Buffer.from('hello world').subarray(3, 7), new Uint8Array(new ArrayBuffer(9000), 17, 5000).fill(7)];
    for (const text of texts) {
      expect(sha1(text)).toBe(createHash('sha1').update(text).digest('hex'));
      expect(sha256(text)).toBe(createHash('sha256').update(text).digest('hex'));
    }
    for (const view of views) expect(sha256(view)).toBe(createHash('sha256').update(view).digest('hex'));
    // TOASTY_NATIVE_HASH=0: a fresh copy of the module takes Node's way, with the same results.
    vi.stubEnv('TOASTY_NATIVE_HASH', '0');
    vi.resetModules();
    const viaNode = await import('../../src/util/hash.js');
    expect(viaNode.digestsFromAddon()).toBe(false);
    for (const text of texts.slice(0, 30)) expect(viaNode.sha1(text)).toBe(sha1(text));
    for (const view of views) expect(viaNode.sha256(view)).toBe(sha256(view));
    expect(viaNode.randomHex(8)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('are the same on threads that load the addon at once (the digests are fetched once per process)', async () => {
    const code = `
      const { parentPort } = require('node:worker_threads');
      const addon = require(${JSON.stringify(STAT_ADDON)});
      const { hash } = require('node:crypto');
      let wrong = 0;
      for (let i = 0; i < 3000; i++) {
        const text = 'finding ' + i + ' \u00e9';
        if (addon.digestHex(i % 2 ? 1 : 256, text) !== hash(i % 2 ? 'sha1' : 'sha256', text, 'hex')) wrong++;
      }
      parentPort.postMessage(wrong);`;
    const wrong = await Promise.all(
      Array.from(
        { length: 4 },
        () =>
          new Promise<number>((resolve, reject) => {
            const worker = new Worker(code, { eval: true });
            worker.once('message', (n: number) => void worker.terminate().then(() => resolve(n)));
            worker.once('error', reject);
          }),
      ),
    );
    expect(wrong).toEqual([0, 0, 0, 0]);
  });

  it('random bytes: hex of the length asked, different each time; the addon refuses bad arguments', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => randomHex(8)));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(randomHex(32)).toHaveLength(64);
    const addon = startupAddon()!;
    expect(() => addon.randomHex!(0)).toThrow(/byte count/);
    expect(() => addon.digestHex!(5 as 1, 'x')).toThrow(/SHA-1/);
    expect(() => addon.digestHex!(1, 42 as unknown as string)).toThrow(/string or a Uint8Array/);
    expect(() => addon.digestHex!(1, new Float64Array(2) as unknown as Uint8Array)).toThrow(/string or a Uint8Array/);
  });

  it('FNV-1a over UTF-16 code units', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
  });
});
