/**
 * Reading ahead in the one-lane grading loop (issue 19): while this thread grades one file, the
 * next ones are read and, where their front-end can parse off this thread (Python with toasty's
 * addon: tree-sitter's parse is native code, a fifth of a standard-library run), parsed on a libuv
 * thread. It needs a free core: on two cores, with the machine otherwise idle, one file ahead took
 * 6% off a standard-library run's wall time for 4% more CPU (ninth session), and several files
 * ahead (`ReadAhead`) another 8-12% (eleventh session; bench/speed/RESULTS.md).
 */
import type { ResolvedConfig } from '../config/types.js';
import { isGraded, type DiscoveredFile } from '../discovery/walk.js';
import { loadAdapter } from '../languages/registry.js';
import { readSource, type ReadBytes, type SourceRead } from './grade-file.js';

/**
 * Reads `file` now and, with `parse`, starts its parse: resolves with what it read once the parse is
 * done (at once where the front-end has no `prefetch`); undefined for a file that is not read at all.
 * The first file of a run is read without `parse`: nothing is graded meanwhile, and a one-file run
 * then never starts libuv's thread pool.
 */
export function readAhead(file: DiscoveredFile, config: ResolvedConfig, parse = true, bytes?: ReadBytes): Promise<SourceRead | undefined> {
  const read = readNow(file, config, bytes);
  if (read === undefined || read.skipReason !== null || !parse) return Promise.resolve(read);
  return loadAdapter(file.language!) // read: a graded file
    .then((adapter) => adapter.prefetch?.(read.text))
    .then(() => read);
}

/** `file` as `gradeFile` reads it (from `bytes` where the run has them); undefined for a file that is not read at all. */
export function readNow(file: DiscoveredFile, config: ResolvedConfig, bytes?: ReadBytes): SourceRead | undefined {
  return isGraded(file) ? readSource(file, file.language, config, bytes) : undefined;
}

/** Takes entry `i` of `known` (bytes already read, by file index), leaving it empty so that they can be let go. */
export function takeKnown(known: (ReadBytes | undefined)[] | undefined, i: number): ReadBytes | undefined {
  const bytes = known?.[i];
  if (bytes) known![i] = undefined;
  return bytes;
}

/** How far one lane reads ahead of the file it grades: files, and bytes of source. */
export const READ_AHEAD_FILES = 8;
export const READ_AHEAD_BYTES = 512 * 1024;

/**
 * The files of a one-lane run, read, and their parses queued, ahead of the one being graded: up to
 * READ_AHEAD_FILES files or READ_AHEAD_BYTES of source ahead (at least one file). The addon runs
 * one parse at a time, in about the queued order, so a large file's parse has started while
 * smaller ones before it were graded. Reading one file ahead, this thread waited for the parse after
 * each small file followed by a large one: 0.74-0.8 s of a 7 s standard-library run
 * (bench/speed/RESULTS.md, eleventh session). JS learns that a parse is done only when its event
 * loop turns, once per file graded, so the queue is filled at once rather than a parse at a time.
 */
export class ReadAhead {
  private readonly reads: (Promise<SourceRead | undefined> | undefined)[];
  private next = 0;
  private bytesAhead = 0;

  /** `known`: bytes already read for some of the files (by index), each handed over once and let go. */
  constructor(
    private readonly files: readonly DiscoveredFile[],
    private readonly config: ResolvedConfig,
    private readonly known?: (ReadBytes | undefined)[],
  ) {
    this.reads = new Array(files.length);
  }

  /** What file `i` read (each file once, in order), once its parse is done; the queue is then filled again. */
  async take(i: number): Promise<SourceRead | undefined> {
    if (this.next <= i) this.start(); // the first file: read without a parse, as nothing is graded meanwhile
    const read = this.reads[i]!;
    this.reads[i] = undefined;
    this.bytesAhead -= this.files[i]!.size;
    this.fill(i);
    return read;
  }

  /** Reads and queues the files after `current` up to the bounds. */
  private fill(current: number): void {
    while (
      this.next < this.files.length &&
      this.next <= current + READ_AHEAD_FILES &&
      (this.next === current + 1 || this.bytesAhead < READ_AHEAD_BYTES)
    )
      this.start();
  }

  private start(): void {
    const k = this.next++;
    const file = this.files[k]!;
    this.bytesAhead += file.size;
    const read = readAhead(file, this.config, k > 0, takeKnown(this.known, k));
    read.catch(() => {}); // a failure is raised where the file is taken, not as an unhandled rejection meanwhile
    this.reads[k] = read;
  }
}
