import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'toasty.js');
/** The bundled CLI that bin/toasty.js runs (scripts/bundle.mjs). */
export const BUNDLE = join(import.meta.dirname, '..', '..', 'dist', 'bundle');

/**
 * The modules (`/dist/cli/main.js`, `/node_modules/chalk/source/index.js`, …) behind the files a
 * process loaded: a file of the bundle stands for the modules the build put in it
 * (dist/bundle/modules.json); any other URL is kept as it is (external packages).
 */
export function bundledModules(loaded: readonly string[]): string[] {
  const map = JSON.parse(readFileSync(join(BUNDLE, 'modules.json'), 'utf8')) as Record<string, string[]>;
  return loaded.flatMap((u) => {
    const path = u.startsWith('file:') ? fileURLToPath(u) : u;
    if (!path.startsWith(BUNDLE + '/')) return [u];
    const modules = map[path.slice(BUNDLE.length + 1)];
    if (!modules) throw new Error(`${path} is not in dist/bundle/modules.json`);
    return modules.map((m) => `/${m}`);
  });
}

/** Every CLI run in the tests keeps its history database in a temp folder, never in the real home. */
const TOASTY_HOME = mkdtempSync(join(tmpdir(), 'toasty-home-'));
// Removed after the test file that imported this (each test file imports it anew); every run of the
// suite used to leave one per test file behind. A vitest hook: its workers end without 'exit'.
afterAll(() => rmSync(TOASTY_HOME, { recursive: true, force: true }));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (dist/bundle/, via bin/toasty.js) as a user would. */
export function toasty(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: 'true', TOASTY_HOME, ...env },
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
