export function loadConfig(path) {
  if (!exists(path)) {
    // ruleid: process-exit-in-library
    process.exit(1);
  }
  // ok: process-exit-in-library
  process.exitCode = 1;
  // ok: process-exit-in-library
  worker.exit(0);
  return read(path);
}
