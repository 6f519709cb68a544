import { ToastyError } from '../errors.js';

/** `toasty sync` could not finish (server unreachable, refused the key, failed): nothing is lost, the next sync retries. */
export class SyncError extends ToastyError {
  readonly exitCode = 2 as const;
}

/** `toasty serve` cannot start or a key command failed (bad database URL, unknown key, port in use). */
export class ServeError extends ToastyError {
  readonly exitCode = 2 as const;
}
