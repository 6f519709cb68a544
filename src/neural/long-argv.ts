/**
 * onnxruntime-node overflows its native stack while creating an InferenceSession when the
 * process's command line (/proc/self/cmdline) is long: measured on Linux x64 with
 * onnxruntime-node 1.30, a session segfaults from ~29 KB of command line on the main thread
 * (8 MB stack) and from ~14.5 KB inside a worker_threads Worker (4 MB stack); the recursion in
 * libonnxruntime.so is ~3 frames per command-line byte. Worker threads share the process's
 * command line, so `--jobs N` does not help.
 *
 * The fix: a launcher whose command line is long re-executes itself with the arguments in a
 * private temp file, so the process that loads the model has a short command line.
 *
 *   // bin/toasty.js (main, readRelaunchedArgs and relaunchIfLong from the bundle's main.js)
 *   const relaunched = relaunchIfLong();
 *   process.exitCode = relaunched ? await relaunched : await main(readRelaunchedArgs());
 */
import type * as ChildProcess from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Command-line size (bytes, as in /proc/self/cmdline) above which we relaunch: well under the worker-thread limit. */
export const LONG_ARGV_BYTES = 8192;
export const ARGV_FILE_FLAG = '--toasty-argv-file';
/** After forwarding SIGINT/SIGTERM, how long the relaunched child has to end before it is killed. */
const KILL_AFTER_MS = 5000;

/** Bytes of /proc/self/cmdline for this argv: each argument, NUL-terminated. */
export function commandLineBytes(argv: readonly string[]): number {
  return argv.reduce((n, a) => n + Buffer.byteLength(a) + 1, 0);
}

export interface Relaunch {
  /** Arguments for `process.execPath` (execArgv, script, flag, file). */
  args: string[];
  file: string;
}

/**
 * When `argv` (process.argv form: node, script, ...args) is too long, writes the user arguments to
 * a temp file (mode 600) and returns the short argument list to re-execute with; otherwise null.
 */
export function relaunchArgs(
  argv: readonly string[] = process.argv,
  execArgv: readonly string[] = process.execArgv,
  limit = LONG_ARGV_BYTES,
): Relaunch | null {
  if (commandLineBytes(argv) + commandLineBytes(execArgv) <= limit || argv[2] === ARGV_FILE_FLAG) return null;
  const dir = mkdtempSync(join(tmpdir(), 'toasty-argv-'));
  const file = join(dir, 'argv.json');
  writeFileSync(file, JSON.stringify(argv.slice(2)), { mode: 0o600 });
  return { args: [...execArgv, argv[1]!, ARGV_FILE_FLAG, file], file };
}

/** In the relaunched process: the original argv (node, script, ...args), reading and deleting the temp file. */
export function readRelaunchedArgs(argv: readonly string[] = process.argv): string[] {
  if (argv[2] !== ARGV_FILE_FLAG || argv[3] === undefined) return [...argv];
  const file = argv[3];
  const args = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  rmSync(dirname(file), { recursive: true, force: true });
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) throw new Error(`${file} does not hold an argument list`);
  return [argv[0]!, argv[1]!, ...(args as string[])];
}

/**
 * Re-executes this script with its arguments passed through a temp file when the command line is
 * too long for onnxruntime-node. Returns the child's exit code (stdio inherited, SIGINT/SIGTERM
 * forwarded), or null when no relaunch is needed.
 */
export function relaunchIfLong(
  argv: readonly string[] = process.argv,
  execArgv: readonly string[] = process.execArgv,
): Promise<number> | null {
  const relaunch = relaunchArgs(argv, execArgv);
  if (!relaunch) return null;
  return new Promise<number>((resolve) => {
    // node:child_process loads here, in the rare relaunch: about 10 ms of every start-up otherwise.
    const { spawn } = createRequire(import.meta.url)('node:child_process') as typeof ChildProcess;
    const child = spawn(process.execPath, relaunch.args, { stdio: 'inherit' });
    let received: NodeJS.Signals | null = null;
    const forward = (signal: NodeJS.Signals): void => {
      received = signal;
      child.kill(signal);
      // The child ends promptly on SIGINT/SIGTERM; if it cannot (its thread is stuck), it is killed.
      setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS).unref();
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    const done = (code: number): void => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      rmSync(dirname(relaunch.file), { recursive: true, force: true });
      resolve(code);
    };
    child.on('error', () => done(1));
    const signalExit = (signal: NodeJS.Signals | null): number => (signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1);
    child.on('exit', (code, signal) => done(code ?? signalExit(received ?? signal)));
  });
}
