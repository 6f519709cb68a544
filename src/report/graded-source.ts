import { resolve } from 'node:path';
import { decodeSource } from '../languages/source-text.js';
import type { FileResult } from '../model/results.js';
import { sha256 } from '../util/hash.js';
import { readRegularFile } from '../util/read-regular.js';

/** Frames are drawn from files up to this size (larger ones are not graded anyway by default). */
const MAX_FRAME_SOURCE_BYTES = 16 * 1024 * 1024;

/**
 * The text a report shows beside a file's findings: read again (reports never hold sources), but
 * only the bytes that were graded — a regular file whose sha256 matches what grading hashed, not a
 * file changed or swapped for a link since — and decoded as grading decoded it (encoding
 * declaration, no BOM), so lines and columns line up. Null when that cannot be shown.
 */
export function readGradedSource(file: FileResult, cwd: string): string | null {
  if (file.status === 'skipped' || file.sha256 === null) return null;
  try {
    const buffer = readRegularFile(resolve(cwd, file.path), { maxBytes: MAX_FRAME_SOURCE_BYTES });
    if (sha256(buffer) !== file.sha256) return null;
    return decodeSource(buffer, file.language);
  } catch {
    return null;
  }
}
