import type { Ora } from 'ora';
import { plural } from '../util/plural.js';
import { isTerminal } from './console.js';

export interface ProgressHandle {
  discovered: (count: number) => void;
  update: (done: number, total: number) => void;
  stop: () => void;
}

/**
 * A real terminal: a TTY that reports a width. A pseudo-terminal without a size (`script`, some CI
 * runners) says 0 columns, and a spinner that wraps its line by the width then never stops
 * clearing lines (ora computes ⌈width / 0⌉ = ∞ lines to clear).
 */
export function hasTerminalWidth(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && Number.isFinite(stream.columns) && stream.columns > 0;
}

/**
 * A spinner with a file count on stderr, on a real terminal only (never in CI logs, pipes or a
 * sizeless pty). ora is loaded only then, and off a terminal not even `process.stderr` is created.
 */
export function startProgress(): ProgressHandle | null {
  if (process.env.CI || !isTerminal(2)) return null;
  const stream = process.stderr;
  if (!hasTerminalWidth(stream)) return null;
  let spinner: Ora | null = null;
  let stopped = false;
  let pending = 'finding files…';
  const ready = import('ora').then(({ default: ora }) => {
    if (!stopped) spinner = ora({ text: pending, stream }).start();
  });
  const show = (text: string): void => {
    pending = text;
    // The terminal may lose its size while we run (a resized or detached pty): stop drawing then.
    if (spinner && !hasTerminalWidth(stream)) spinner.stop();
    else if (spinner) spinner.text = text;
  };
  return {
    discovered: (count) => show(`grading ${plural(count, 'file')}…`),
    update: (done, total) => show(`graded ${done}/${plural(total, 'file')}`),
    stop: () => {
      stopped = true;
      void ready.then(() => spinner?.stop());
      if (spinner) (spinner as Ora).stop();
    },
  };
}
