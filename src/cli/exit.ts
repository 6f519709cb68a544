import { ToastyError } from '../errors.js';
import { commandStoreError } from '../store/command-store.js';

export const EXIT = { ok: 0, failed: 1, usage: 2, internal: 3 } as const;

const REPORT_URL = 'https://github.com/toasty-dev/toasty/issues';

/** The one place that turns an error into a message, a hint and an exit code. */
export function exitCodeFor(thrown: unknown, write: (line: string) => void, verbose: boolean): number {
  // A read-only or corrupt history database found mid-command is the store's error, not a bug.
  const error = commandStoreError(thrown) ?? thrown;
  if (error instanceof ToastyError) {
    write(`toasty: ${error.message}`);
    if (error.hint) write(`hint: ${error.hint}`);
    return error.exitCode;
  }
  const e = error as { code?: string; exitCode?: number; message?: string; stack?: string };
  if (typeof e?.code === 'string' && e.code.startsWith('commander.')) {
    // commander already printed its message (unknown option, missing argument...).
    return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  write(`toasty: internal error: ${e?.message ?? String(error)}`);
  write(verbose ? (e?.stack ?? '') : 'run again with --verbose for the stack trace');
  write(`this is a bug in toasty; please report it at ${REPORT_URL}`);
  return EXIT.internal;
}
