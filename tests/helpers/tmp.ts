import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A temp folder populated from a { relativePath: content } map; remove() deletes it. */
export function tempTree(files: Record<string, string | Buffer>): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'toasty-test-'));
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(dir, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
