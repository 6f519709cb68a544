/**
 * Reading ahead in the one-lane grading loop (issue 19): while this thread grades one file, the
 * next is read and, where its front-end can parse off this thread (Python with toasty's addon:
 * tree-sitter's parse is native code, a fifth of a standard-library run), parsed on a libuv thread.
 * It needs a free core: on two cores, with the machine otherwise idle, it took 6% off a standard-library
 * run's wall time for 4% more CPU (bench/speed/RESULTS.md, ninth session).
 */
import type { ResolvedConfig } from '../config/types.js';
import type { DiscoveredFile } from '../discovery/walk.js';
import { loadAdapter } from '../languages/registry.js';
import { readSource, type SourceRead } from './grade-file.js';

/**
 * Reads `file` now and, with `parse`, starts its parse: resolves with what it read once the parse is
 * done (at once where the front-end has no `prefetch`); undefined for a file that is not read at all.
 * The first file of a run is read without `parse`: nothing is graded meanwhile, and a one-file run
 * then never starts libuv's thread pool.
 */
export function readAhead(file: DiscoveredFile, config: ResolvedConfig, parse = true): Promise<SourceRead | undefined> {
  if (file.skipReason || !file.language) return Promise.resolve(undefined);
  const read = readSource(file, file.language, config);
  if (read.skipReason !== null || !parse) return Promise.resolve(read);
  return loadAdapter(file.language)
    .then((adapter) => adapter.prefetch?.(read.text))
    .then(() => read);
}
