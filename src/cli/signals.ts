/** Exit codes of a process ended by a signal, as a shell reports them (128 + signal number). */
export const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

type EndingSignal = keyof typeof SIGNAL_EXIT;

/**
 * Until the returned function is called, SIGINT and SIGTERM end the process at once with 130 /
 * 143, after `cleanup` (stop the spinner, close the database). The database is consistent whenever
 * a signal handler can run: a run is written in one synchronous transaction, so a signal lands
 * before it (nothing of the run is stored) or after it (all of it is).
 */
export function exitOnSignal(cleanup: () => void): () => void {
  const handlers = (Object.keys(SIGNAL_EXIT) as EndingSignal[]).map((signal) => {
    const handler = (): void => {
      try {
        cleanup();
      } finally {
        process.exit(SIGNAL_EXIT[signal]);
      }
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
