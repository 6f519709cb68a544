import { createRequire } from 'node:module';
import type * as ChildProcess from 'node:child_process';

let loaded: typeof ChildProcess | undefined;

/** `node:child_process`, loaded on first use: loading it costs about 10 ms of CPU, which most runs never need. */
export function childProcess(): typeof ChildProcess {
  return (loaded ??= createRequire(import.meta.url)('node:child_process') as typeof ChildProcess);
}
