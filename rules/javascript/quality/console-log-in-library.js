export function total(items) {
  const sum = items.reduce((a, b) => a + b, 0);
  // ruleid: console-log-in-library
  console.log('total', sum);
  // ruleid: console-log-in-library
  console.debug?.(items);
  // ok: console-log-in-library
  console.error('total failed');
  // ok: console-log-in-library
  logger.log('total', sum);
  // ok: console-log-in-library
  const log = console.log;
  return sum;
}
