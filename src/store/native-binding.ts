import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let cached: string | undefined | null = null;

/**
 * The path of better-sqlite3's compiled addon, handed to `new Database(…, { nativeBinding })` so the
 * driver does not search for it with the `bindings` package (about 20 ms of every command that opens
 * a database: `feedback` is keystroke-level, issue 21). Undefined when the addon is elsewhere (a
 * debug build): the driver then searches as before.
 */
export function sqliteNativeBinding(): string | undefined {
  if (cached !== null) return cached;
  try {
    const path = require.resolve('better-sqlite3/build/Release/better_sqlite3.node');
    cached = existsSync(path) ? path : undefined;
  } catch {
    cached = undefined;
  }
  return cached;
}
