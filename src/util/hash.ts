import { createRequire } from 'node:module';
import { startupAddon } from './native-stat.js';

type NodeCrypto = typeof import('node:crypto');
type OneShot = (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string;

/**
 * The digests: SHA-1 and SHA-256 as lowercase hex, of a string's UTF-8 (lone surrogates as U+FFFD,
 * as Node encodes them) or of bytes. They come from toasty's start-up addon (native/fs-stat/digest.c:
 * the OpenSSL Node is built with, called directly) where it was built, because loading `node:crypto`
 * for them took 6-7 ms of a one-file grade (issue 19); else from `node:crypto`, loaded on first use:
 * `crypto.hash`, Node's one-shot digest (Node 20.12 and 21.7 on), 3-6 times faster than a Hash
 * object for the short strings toasty hashes per finding, or a Hash object on an older Node 20.
 * TOASTY_NATIVE_HASH=0 takes Node's way (the tests compare the two).
 */
interface Digests {
  sha1(data: string): string;
  sha256(data: string | Uint8Array): string;
  randomHex(bytes: number): string;
}

let digests: Digests | undefined;

function nodeDigests(): Digests {
  const crypto = createRequire(import.meta.url)('node:crypto') as NodeCrypto;
  const oneShot = (crypto as { hash?: OneShot }).hash;
  return {
    sha1: oneShot ? (data) => oneShot('sha1', data, 'hex') : (data) => crypto.createHash('sha1').update(data).digest('hex'),
    sha256: oneShot ? (data) => oneShot('sha256', data, 'hex') : (data) => crypto.createHash('sha256').update(data).digest('hex'),
    randomHex: (bytes) => crypto.randomBytes(bytes).toString('hex'),
  };
}

function loadDigests(): Digests {
  const native = process.env.TOASTY_NATIVE_HASH === '0' ? null : startupAddon();
  const digestHex = native?.digestHex;
  const randomHex = native?.randomHex;
  if (typeof digestHex === 'function' && typeof randomHex === 'function')
    return { sha1: (data) => digestHex(1, data), sha256: (data) => digestHex(256, data), randomHex };
  return nodeDigests();
}

export function sha1(text: string): string {
  return (digests ??= loadDigests()).sha1(text);
}

export function sha256(data: string | Uint8Array): string {
  return (digests ??= loadDigests()).sha256(data);
}

/** `bytes` random bytes (a CSPRNG: OpenSSL's, through the addon or node:crypto) as lowercase hex. */
export function randomHex(bytes: number): string {
  return (digests ??= loadDigests()).randomHex(bytes);
}

/** Which implementation gives the digests: for the tests and the benchmarks. */
export function digestsFromAddon(): boolean {
  return process.env.TOASTY_NATIVE_HASH !== '0' && typeof startupAddon()?.digestHex === 'function';
}

/** FNV-1a 32-bit over UTF-16 code units (the neural models' feature hashing: training reads the same ids). */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
