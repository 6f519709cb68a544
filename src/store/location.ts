import { mkdirSync, statSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { StoreError } from './errors.js';

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

/**
 * An explicitly named `--db` that is a folder, or whose folder cannot be created, is the user's
 * mistake: exit 2 naming the path (a problem with the default location stays a warning). A command
 * that only reads the history (`explain`) passes `create: false`: a missing file is then no error.
 */
export function checkExplicitDb(file: string, { create = true }: { create?: boolean } = {}): void {
  let isDir = false;
  try {
    isDir = statSync(file).isDirectory();
  } catch {
    if (!create) return;
    // Not there yet: its folder must exist or be creatable.
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (error) {
      throw new StoreError(
        `--db ${file}: its folder ${dirname(file)} cannot be created (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        file,
        'pass --db with a file in a folder you can write to',
      );
    }
  }
  if (isDir)
    throw new StoreError(`--db ${file} is a folder, not a database file`, file, `pass a file path, e.g. --db ${join(file, 'toasty.db')}`);
}
