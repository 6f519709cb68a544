import { homedir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * `$TOASTY_HOME`, else the platform's user data folder: `$XDG_DATA_HOME/toasty` or
 * `~/.local/share/toasty` on Linux, `~/Library/Application Support/toasty` on macOS,
 * `%APPDATA%/toasty` on Windows.
 */
export function toastyHome(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.TOASTY_HOME) return env.TOASTY_HOME;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'toasty');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'toasty');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'toasty');
}

/** `--db FILE` when given, else `$TOASTY_HOME/toasty.db`. */
export function dbPath(explicit: string | undefined, cwd: string = process.cwd()): string {
  if (explicit) return resolve(cwd, explicit);
  return join(toastyHome(), 'toasty.db');
}

/** The OS user name (the default `--user`), without loading the grading engine. */
export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}
