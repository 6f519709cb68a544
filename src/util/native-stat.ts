import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './paths.js';

/**
 * Where the build puts toasty's small start-up addon (native/fs-stat, scripts/build-native.mjs): the
 * batched stat (stat.c) and the digests and random bytes (digest.c, util/hash.ts).
 */
export const STAT_ADDON = join(PACKAGE_ROOT, 'native', 'fs-stat', 'build', 'Release', 'toasty_fs_stat.node');

type StatFiles = (paths: readonly string[]) => Float64Array;

/** What the addon exports; each function may be missing (an addon built from older sources). */
export interface StartupAddon {
  statFiles?: StatFiles;
  digestHex?: (bits: 1 | 256, data: string | Uint8Array) => string;
  randomHex?: (bytes: number) => string;
}

let addon: StartupAddon | null | undefined;

/** The addon, loaded once, or null where it was not built (no C compiler) or could not load. */
export function startupAddon(): StartupAddon | null {
  if (addon !== undefined) return addon;
  try {
    addon = createRequire(import.meta.url)(STAT_ADDON) as StartupAddon;
  } catch {
    addon = null; // not built: each caller has Node's own way
  }
  return addon;
}

/** The addon's `statFiles`, or null where it was not built (or TOASTY_NATIVE_STAT=0). */
export function nativeStatFiles(): StatFiles | null {
  if (process.env.TOASTY_NATIVE_STAT === '0') return null;
  const statFiles = startupAddon()?.statFiles;
  return typeof statFiles === 'function' ? statFiles : null;
}

/**
 * The size and the whole milliseconds of the modification time (`Math.floor(stat.mtimeMs)`) of each
 * path, as fs.statSync gives them, two numbers per path. One call to the addon for all of them
 * (fs.statSync builds a Stats object with four Dates per path: 6-11 ms of a one-file grade's
 * profile went on the code stamp's 280 files, issue 19); a path it cannot stat, or every path
 * without the addon, goes through fs.statSync, which throws its usual error.
 */
export function sizesAndTimes(paths: readonly string[]): Float64Array {
  const out = new Float64Array(paths.length * 2);
  const native = nativeStatFiles();
  const raw = native && paths.length > 0 ? native(paths) : null;
  for (let i = 0; i < paths.length; i++) {
    if (raw !== null && !Number.isNaN(raw[3 * i])) {
      out[2 * i] = raw[3 * i]!;
      // Node's own arithmetic (lib/internal/fs/utils.js msFromTimeSpec), so the result is the same number.
      out[2 * i + 1] = Math.floor(raw[3 * i + 1]! * 1000 + raw[3 * i + 2]! / 1_000_000);
      continue;
    }
    const stat = statSync(paths[i]!);
    out[2 * i] = stat.size;
    out[2 * i + 1] = Math.floor(stat.mtimeMs);
  }
  return out;
}
