import { extname } from 'node:path';
import type { Language } from '../model/types.js';

const BY_EXTENSION: Record<string, Language> = {
  '.py': 'python',
  '.pyi': 'python',
  '.pyw': 'python',
  '.js': 'javascript',
  '.jsx': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.ts': 'typescript',
  '.tsx': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
};

/** Language from the file extension, or null. */
export function languageFromPath(path: string): Language | null {
  return BY_EXTENSION[extname(path).toLowerCase()] ?? null;
}

/** Language from a `#!` line: python*, node, deno, bun, ts-node, tsx. */
export function languageFromShebang(firstLine: string): Language | null {
  if (!firstLine.startsWith('#!')) return null;
  const words = firstLine.slice(2).trim().split(/\s+/);
  const exe = (words[0]?.endsWith('/env') ? words.find((w, i) => i > 0 && !w.startsWith('-')) : words[0]) ?? '';
  const name = exe.split('/').pop() ?? '';
  if (/^python(\d+(\.\d+)?)?$/.test(name) || name === 'pypy3') return 'python';
  if (name === 'node' || name === 'nodejs' || name === 'bun') return 'javascript';
  if (name === 'ts-node' || name === 'tsx' || name === 'deno') return 'typescript';
  return null;
}
