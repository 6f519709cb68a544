import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { UserConfig } from '../../config/types.js';
import type { RunResult } from '../../model/results.js';
import { monotonicMs } from '../../util/monotonic.js';

/** What a grading process needs to resolve the server's config (sent as its first message). */
export interface GradeWorkerInit {
  file: string | null;
  user: UserConfig;
  cwd: string;
}

/** One file to grade: `dir/name` was written by the server, which removes `dir` afterwards. */
export interface GradeJob {
  dir: string;
  name: string;
  user: string;
  dimensions: string[] | null;
}

export type GradeWorkerMessage = { kind: 'ready' } | { kind: 'done'; result: RunResult } | { kind: 'failed'; message: string };

/** Why a grading did not finish: it ran out of time, waited too long for a process, its client went away, or its process died. */
export class GradeAbort extends Error {
  constructor(
    readonly reason: 'timeout' | 'busy' | 'queue_full' | 'aborted' | 'crashed',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Grading processes run compiled JS: under a TS loader (tests run src/), the built one in dist/
 * is used, so the server always grades outside its own process, killable.
 */
function workerPath(): string {
  const here = import.meta.url;
  return fileURLToPath(
    here.endsWith('.ts') ? new URL('../../../dist/sync/server/grade-worker.js', here) : new URL('./grade-worker.js', here),
  );
}

/** A memory bomb ends its grading process, not the server. */
const MAX_HEAP_MB = 1024;

interface Slot {
  child: ChildProcess;
  ready: boolean;
  busy: boolean;
}

interface Waiting {
  job: GradeJob;
  signal: AbortSignal;
  resolve: (r: RunResult) => void;
  reject: (e: Error) => void;
  queuedAt: number;
}

/**
 * A fixed number of grading processes (not worker threads: terminating a thread while it is inside
 * a native parser aborts the whole server; killing a process is always safe). Each job runs in
 * one process for at most `timeoutMs`; a job past it, or whose request is aborted (client gone),
 * kills its process (the grading stops at once, whatever it was doing) and a fresh one replaces
 * it. A job waiting longer than `queueWaitMs` for a free process is refused as busy, and one
 * arriving while `maxQueue` jobs wait is refused at once.
 */
export class GradePool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Waiting[] = [];
  private closed = false;

  constructor(
    private readonly init: GradeWorkerInit,
    readonly size: number,
    readonly timeoutMs: number,
    /** Longest wait for a free process (one starting up counts as busy). */
    readonly queueWaitMs: number = 10_000,
    /** Jobs waiting at most; one more is refused at once (`queue_full`) rather than queued. */
    readonly maxQueue: number = 64,
  ) {
    for (let i = 0; i < size; i++) this.spawn();
  }

  private spawn(): void {
    if (this.closed) return;
    const child = fork(workerPath(), [], {
      execArgv: [`--max-old-space-size=${MAX_HEAP_MB}`],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    const slot: Slot = { child, ready: false, busy: false };
    this.slots.add(slot);
    child.on('message', (m: GradeWorkerMessage) => {
      if (m.kind === 'ready') {
        slot.ready = true;
        this.next();
      }
    });
    // A process that dies (killed by us, out of memory, a crash) is replaced; its job is failed by start().
    child.once('exit', () => {
      this.slots.delete(slot);
      if (!this.closed) this.spawn();
    });
    child.on('error', () => undefined);
    child.send(this.init);
  }

  /** Grades one job; rejects with GradeAbort on timeout, abort, busy or a dead process. */
  run(job: GradeJob, signal: AbortSignal): Promise<RunResult> {
    return new Promise<RunResult>((resolve, reject) => {
      if (signal.aborted) return reject(new GradeAbort('aborted', 'the client went away'));
      if (this.queue.length >= this.maxQueue)
        return reject(new GradeAbort('queue_full', `${this.queue.length} gradings are already waiting for a grading process`));
      this.queue.push({ job, signal, resolve, reject, queuedAt: monotonicMs() });
      this.next();
    });
  }

  private next(): void {
    const now = monotonicMs(); // a wall clock stepped back kept a job waiting past queueWaitMs
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const w = this.queue[i]!;
      if (w.signal.aborted) {
        this.queue.splice(i, 1);
        w.reject(new GradeAbort('aborted', 'the client went away'));
      } else if (now - w.queuedAt > this.queueWaitMs) {
        this.queue.splice(i, 1);
        w.reject(new GradeAbort('busy', `every grading process was busy for ${this.queueWaitMs} ms`));
      }
    }
    for (const slot of this.slots) {
      if (!slot.ready || slot.busy || !this.queue.length) continue;
      this.start(slot, this.queue.shift()!);
    }
    if (this.queue.length) setTimeout(() => this.next(), 250).unref();
  }

  private start(slot: Slot, w: Waiting): void {
    slot.busy = true;
    let settled = false;
    const finish = (ok: boolean): void => {
      settled = true;
      clearTimeout(timer);
      w.signal.removeEventListener('abort', onAbort);
      slot.child.off('message', onMessage);
      slot.child.off('exit', onExit);
      if (ok) {
        slot.busy = false;
        this.next();
      } else {
        slot.child.kill('SIGKILL');
      }
    };
    const onMessage = (m: GradeWorkerMessage): void => {
      if (settled || m.kind === 'ready') return;
      finish(true);
      if (m.kind === 'done') w.resolve(m.result);
      else w.reject(new Error(m.message));
    };
    const onExit = (code: number | null, signal: string | null): void => {
      if (settled) return;
      finish(false);
      w.reject(new GradeAbort('crashed', `the grading process stopped (${signal ?? `exit code ${code}`}: out of memory or a crash)`));
    };
    const onAbort = (): void => {
      if (settled) return;
      finish(false);
      w.reject(new GradeAbort('aborted', 'the client went away'));
    };
    const timer = setTimeout(() => {
      if (settled) return;
      finish(false);
      w.reject(new GradeAbort('timeout', `grading took longer than ${this.timeoutMs} ms`));
    }, this.timeoutMs);
    slot.child.on('message', onMessage);
    slot.child.once('exit', onExit);
    w.signal.addEventListener('abort', onAbort, { once: true });
    slot.child.send(w.job);
  }

  /** Fails what waits and kills every grading process. */
  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.queue.splice(0)) w.reject(new GradeAbort('aborted', 'the server is stopping'));
    await Promise.all(
      [...this.slots].map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
            s.child.once('exit', () => resolve());
            s.child.kill('SIGKILL');
          }),
      ),
    );
  }
}
