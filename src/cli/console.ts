import { writeSync } from 'node:fs';
import { escapeLines } from '../util/escape-terminal.js';

/** Colour and TTY decisions, made once: NO_COLOR and --no-color turn colour off, FORCE_COLOR turns it on. */
export function useColor(stream: NodeJS.WriteStream, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return Boolean(stream.isTTY);
}

/** Writes to stderr; names and messages in it come from the graded tree, so every line is escaped. */
export function printErr(line: string): void {
  process.stderr.write(`${escapeLines(line)}\n`);
}

/**
 * Writes to stdout with one write(2), without creating `process.stdout` — for a pipe that is a
 * net.Socket and the whole stream stack (about 15 ms of a keystroke-level command's start-up,
 * issue 21). A stdout that would block (a non-blocking pipe another process shares, full) gets the
 * rest through `process.stdout`, which waits for it.
 */
export function writeOut(text: string): void {
  const bytes = Buffer.from(text);
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(1, bytes, done);
  } catch (error) {
    if ((error as { code?: string }).code !== 'EAGAIN') throw error;
    process.stdout.write(bytes.subarray(done));
  }
}
