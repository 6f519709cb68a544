import type { Ora } from 'ora';

export interface ProgressHandle {
  discovered: (count: number) => void;
  update: (done: number, total: number) => void;
  stop: () => void;
}

/** A spinner with a file count, on a TTY only (never in CI logs or pipes). ora is loaded only then. */
export function startProgress(stream: NodeJS.WriteStream): ProgressHandle | null {
  if (!stream.isTTY || process.env.CI) return null;
  let spinner: Ora | null = null;
  let pending = 'finding files…';
  const ready = import('ora').then(({ default: ora }) => {
    spinner = ora({ text: pending, stream }).start();
  });
  return {
    discovered: (count) => {
      pending = `grading ${count} files…`;
      if (spinner) spinner.text = pending;
    },
    update: (done, total) => {
      pending = `graded ${done}/${total} files`;
      if (spinner) spinner.text = pending;
    },
    stop: () => {
      void ready.then(() => spinner?.stop());
      if (spinner) (spinner as Ora).stop();
    },
  };
}
