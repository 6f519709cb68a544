import { randomBytes } from 'node:crypto';
import { sha1 } from '../util/hash.js';

/** Length of the ids we print and store; commands accept any unique prefix of 7+ characters. */
export const ID_LENGTH = 12;

export function newRunId(): string {
  return randomBytes(8).toString('hex').slice(0, ID_LENGTH);
}

/** Ids derived from their parent, so a file result or finding id is stable within a run. */
export function childId(parentId: string, key: string): string {
  return sha1(`${parentId}\u0000${key}`).slice(0, ID_LENGTH);
}
