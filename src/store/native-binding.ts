import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../util/paths.js';

const require = createRequire(import.meta.url);
let cached: string | undefined | null = null;

/** Where the addon is when better-sqlite3 is installed under toasty's own node_modules (a checkout, a global install). */
export const OWN_ADDON = join(PACKAGE_ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

/**
 * The path of better-sqlite3's compiled addon, handed to `new Database(…, { nativeBinding })` so the
 * driver does not search for it with the `bindings` package (about 20 ms of every command that opens
 * a database: `feedback` is keystroke-level, issue 21). Under toasty's own node_modules it is
 * where Node's resolution finds it first (no node_modules below the package root), and one
 * `existsSync` says so; elsewhere (hoisted by a package manager) `require.resolve` finds it, which
 * costs about 1.3 ms of a one-file grade (issue 19). Undefined when the addon is not built where
 * expected (a debug build): the driver then searches as before.
 */
export function sqliteNativeBinding(): string | undefined {
  if (cached !== null) return cached;
  if (existsSync(OWN_ADDON)) return (cached = OWN_ADDON);
  try {
    const path = require.resolve('better-sqlite3/build/Release/better_sqlite3.node');
    cached = existsSync(path) ? path : undefined;
  } catch {
    cached = undefined;
  }
  return cached;
}
