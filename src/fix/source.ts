/**
 * Reading a source file for fixing and writing it back byte-faithfully: the same encoding, the
 * same byte-order mark, the file's own line ends in inserted text, the same mode, atomically.
 */
import { accessSync, chmodSync, constants, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { declaredEncoding } from '../languages/python/encoding.js';
import type { Language } from '../model/types.js';

export type WriteEncoding = 'utf8' | 'latin1';

export interface FixableSource {
  buffer: Buffer;
  /** What the parser sees: decoded, without the byte-order mark. */
  text: string;
  bom: boolean;
  encoding: WriteEncoding;
  /** The file's dominant line end, used for line ends inside inserted text. */
  eol: '\n' | '\r\n' | '\r';
}

const LATIN1 = new Set(['latin-1', 'latin1', 'iso-8859-1', 'iso8859-1', 'l1', 'iso-latin-1', 'cp819']);

function dominantEol(text: string): FixableSource['eol'] {
  const crlf = text.split('\r\n').length - 1;
  const lf = text.split('\n').length - 1 - crlf;
  const cr = text.split('\r').length - 1 - crlf;
  if (crlf > lf && crlf >= cr) return '\r\n';
  if (cr > lf) return '\r';
  return '\n';
}

/**
 * The file as text, or why it cannot be fixed safely: only encodings that round-trip exactly
 * (UTF-8, and Latin-1 when a Python file declares it) are written back.
 */
export function readFixable(buffer: Buffer, language: Language): FixableSource | { reason: string } {
  const declared = language === 'python' ? declaredEncoding(buffer.subarray(0, 1024).toString('latin1')) : null;
  const encoding: WriteEncoding = declared && LATIN1.has(declared.toLowerCase()) ? 'latin1' : 'utf8';
  let text = buffer.toString(encoding);
  const bom = encoding === 'utf8' && text.charCodeAt(0) === 0xfeff;
  if (bom) text = text.slice(1);
  if (!encode(text, { bom, encoding }).equals(buffer)) {
    return { reason: `its bytes do not round-trip as ${declared ?? 'UTF-8'}; not fixed` };
  }
  return { buffer, text, bom, encoding, eol: dominantEol(text) };
}

export function encode(text: string, source: Pick<FixableSource, 'bom' | 'encoding'>): Buffer {
  return Buffer.from(source.bom ? `\ufeff${text}` : text, source.encoding);
}

/** Line ends in a fix's text (written with `\n`) as the file has them. */
export function withEol(text: string, eol: FixableSource['eol']): string {
  return eol === '\n' ? text : text.replace(/\r\n|\n/g, eol);
}

export type WriteOutcome = { written: true } | { written: false; reason: 'read-only' | 'changed-on-disk' | 'write-failed'; detail: string };

/**
 * Writes `text` over `path` when the file still holds `expected` (else it changed since it was
 * read: skipped). A temp file in the same folder, with the original's mode, renamed over it.
 */
export function writeFixed(path: string, expected: Buffer, text: string, source: FixableSource): WriteOutcome {
  try {
    accessSync(path, constants.W_OK);
    // Root may write anything: a file without write permission bits is read-only all the same.
    if ((statSync(path).mode & 0o222) === 0) throw new Error('read-only');
  } catch {
    return { written: false, reason: 'read-only', detail: 'the file is read-only; not forced' };
  }
  let current: Buffer;
  try {
    current = readFileSync(path);
  } catch (error) {
    return { written: false, reason: 'changed-on-disk', detail: `it can no longer be read (${(error as NodeJS.ErrnoException).code})` };
  }
  if (!current.equals(expected))
    return { written: false, reason: 'changed-on-disk', detail: 'it changed on disk since it was read; skipped' };
  const temp = join(dirname(path), `.${basename(path)}.toasty-fix-${process.pid}`);
  try {
    const { mode } = statSync(path);
    writeFileSync(temp, encode(text, source), { flag: 'wx', mode: mode & 0o7777 });
    chmodSync(temp, mode & 0o7777);
    renameSync(temp, path);
    return { written: true };
  } catch (error) {
    rmSync(temp, { force: true });
    return { written: false, reason: 'write-failed', detail: (error as Error).message };
  }
}
