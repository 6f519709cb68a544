import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (holds package.json, schemas/, rules/, models/), from src/ or dist/ alike. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where the build writes its patched copies of packages (scripts/patch-babel.mjs), under a package root. */
export function vendorDir(packageRoot: string = PACKAGE_ROOT): string {
  return join(packageRoot, 'dist', 'vendor');
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
