import { fstatSync, statSync, writeSync } from 'node:fs';
import { escapeLines } from '../util/escape-terminal.js';

/**
 * Whether stdout (1) or stderr (2) is a terminal, as `process.stdout.isTTY` says, without creating
 * the stream when it is not: a pipe's stream is a net.Socket, and with `node:tty` that is the whole
 * stream stack (about 10 ms of a one-file grade's start-up, issue 19). Only a character device can
 * be a terminal, and the null device (`> /dev/null`, what a benchmark or a hook discards) is none;
 * for any other character device, the stream answers (and is needed anyway to write to it).
 */
export function isTerminal(fd: 1 | 2): boolean {
  try {
    const stat = fstatSync(fd);
    if (!stat.isCharacterDevice() || isNullDevice(stat.rdev)) return false;
  } catch {
    return false; // closed: Node gives such a stream no `isTTY` either
  }
  return Boolean((fd === 1 ? process.stdout : process.stderr).isTTY);
}

/** The null device's number, looked up once (null where there is no /dev/null). */
let nullDevice: number | null | undefined;

/** Whether a character device's number (`rdev`) is /dev/null's: no terminal, so `node:tty` need not load to ask. */
function isNullDevice(rdev: number): boolean {
  if (nullDevice === undefined) {
    try {
      nullDevice = statSync('/dev/null').rdev;
    } catch {
      nullDevice = null;
    }
  }
  return rdev === nullDevice;
}

/** Colour and TTY decisions, made once: NO_COLOR and --no-color turn colour off, FORCE_COLOR turns it on. */
export function useColor(tty: boolean, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return tty;
}

/** Set once a write to stdout went through `process.stdout`: all later writes follow it there, in order. */
let viaStream = false;

/**
 * Writes to stdout with write(2), without creating `process.stdout` (see isTerminal: a
 * keystroke-level command, issue 21, and a one-file grade, issue 19, skip the stream stack). A
 * stdout that would block (a non-blocking pipe another process shares, full) gets the rest through
 * `process.stdout`, which waits for it, and so does everything written after.
 */
export function writeOut(text: string): void {
  if (viaStream) process.stdout.write(text);
  else writeOutBytes(Buffer.from(text));
}

/**
 * `writeOut` of UTF-8 bytes the caller may overwrite once this returns (util/write-text.ts
 * `writePieces`): what goes through `process.stdout`, which writes later, is copied.
 */
export function writeOutBytes(bytes: Uint8Array): void {
  if (viaStream) {
    process.stdout.write(Buffer.from(bytes));
    return;
  }
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(1, bytes, done);
  } catch (error) {
    if ((error as { code?: string }).code !== 'EAGAIN') throw error;
    viaStream = true;
    process.stdout.write(Buffer.from(bytes.subarray(done)));
  }
}

/** Writes to stderr; names and messages in it come from the graded tree, so every line is escaped. */
export function printErr(line: string): void {
  process.stderr.write(`${escapeLines(line)}\n`);
}
