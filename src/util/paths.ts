import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (holds package.json, schemas/, rules/, models/), from src/ or dist/ alike. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where the build writes its patched copies of packages (scripts/patch-babel.mjs), under a package root. */
export function vendorDir(packageRoot: string = PACKAGE_ROOT): string {
  return join(packageRoot, 'dist', 'vendor');
}

/**
 * The folder of the installed package `name` as code of the package at `packageRoot` loads it, or
 * null when it cannot: its own node_modules/ first (one stat, where Node's resolution would also
 * look first), else Node's resolution of `name/package.json` (a package hoisted above it). The
 * resolution costs 1-2 ms per process, the stat a few µs (issue 19).
 */
export function packageDir(name: string, packageRoot: string = PACKAGE_ROOT): string | null {
  const nested = join(packageRoot, 'node_modules', name);
  if (existsSync(join(nested, 'package.json'))) return nested;
  try {
    return dirname(createRequire(join(packageRoot, 'package.json')).resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}

/** Path relative to `base`, with forward slashes on every platform. */
export function toPosixRelative(base: string, path: string): string {
  const rel = relative(base, path) || '.';
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/** Shown paths are relative to the working directory when inside it. */
export function displayPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : path;
}
