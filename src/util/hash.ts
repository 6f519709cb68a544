import { createHash } from 'node:crypto';

export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
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
