import * as crypto from 'node:crypto';

/**
 * `crypto.hash`, Node's one-shot digest (Node 20.12 and 21.7 on), or undefined on an older Node 20.
 * It gives the same hex as a Hash object's update and digest, without making one: 3-6 times faster
 * for the short strings toasty hashes per finding (fingerprints and ids, tens of thousands on a
 * large project: issue 19). Read once, by name, so an older Node gets the fallback.
 */
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Buffer, encoding: 'hex') => string }).hash;

export function sha1(text: string): string {
  return oneShot ? oneShot('sha1', text, 'hex') : crypto.createHash('sha1').update(text).digest('hex');
}

export function sha256(text: string | Buffer): string {
  return oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex');
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
