/**
 * File snapshots beside the fixtures (`x.py.snap` for findings, `x.fixed.py` for fixed text),
 * reviewed in diffs. `TOASTY_UPDATE_SNAPSHOTS=1` rewrites both kinds; `TOASTY_UPDATE_FIXED=1`
 * (the older flag) is the same switch. Without it a missing or different snapshot fails.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';

export const UPDATE_SNAPSHOTS = Boolean(process.env.TOASTY_UPDATE_SNAPSHOTS || process.env.TOASTY_UPDATE_FIXED);

/** Compares `actual` with the snapshot file at `path`, or (with the update flag) writes it when it differs. */
export function expectFileSnapshot(path: string, actual: string): void {
  if (UPDATE_SNAPSHOTS) {
    if (!existsSync(path) || readFileSync(path, 'utf8') !== actual) writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path))
    expect.fail(`no snapshot ${path}: run \`TOASTY_UPDATE_SNAPSHOTS=1 npx vitest run <this test>\`, then review and commit it`);
  expect(actual, `${path} differs (TOASTY_UPDATE_SNAPSHOTS=1 rewrites it; review the diff)`).toBe(readFileSync(path, 'utf8'));
}
