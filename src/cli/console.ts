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
