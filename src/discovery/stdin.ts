/**
 * `toasty grade - --stdin-filename PATH`: one source read from stdin (editors, hooks). PATH decides
 * the language, the config's overrides and the path in the report; it need not exist on disk.
 */
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { ResolvedConfig } from '../config/types.js';
import { toPosixRelative } from '../util/paths.js';
import { tooLargeReason } from './content.js';
import { languageFromPath, languageFromShebang } from './language.js';
import type { DiscoveredFile } from './walk.js';

/**
 * Reads the whole stream, keeping at most `limit` bytes: past it the rest is counted, not kept,
 * so a huge input never fills memory. `size` is the full length.
 */
export async function readCapped(stream: Readable, limit: number): Promise<{ bytes: Buffer; size: number }> {
  const kept: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    if (size + buf.length <= limit) kept.push(buf);
    size += buf.length;
  }
  return { bytes: size <= limit ? Buffer.concat(kept) : Buffer.alloc(0), size };
}

/** The file to grade for source read from stdin, as discovery would have described it on disk. */
export function stdinFile(bytes: Buffer, size: number, stdinFilename: string, cwd: string, config: ResolvedConfig): DiscoveredFile {
  const absPath = resolve(cwd, stdinFilename);
  const firstLine = bytes.subarray(0, 256).toString('utf8').split('\n', 1)[0] ?? '';
  const language = languageFromPath(absPath) ?? languageFromShebang(firstLine);
  return {
    absPath,
    path: toPosixRelative(cwd, absPath),
    language,
    size,
    skipReason: language ? tooLargeReason(size, config.maxFileSize) : 'unsupported language (by extension and shebang)',
    content: bytes,
  };
}
