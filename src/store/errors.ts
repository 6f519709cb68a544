import { ToastyError } from '../errors.js';

/** The history database cannot be used: corrupt, unwritable, or written by a newer toasty. */
export class StoreError extends ToastyError {
  readonly exitCode = 2 as const;
  constructor(
    message: string,
    readonly file: string,
    hint?: string,
  ) {
    super(message, hint);
  }
}
