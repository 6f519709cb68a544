import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sha256 } from '../util/hash.js';
import { PACKAGE_ROOT } from '../util/paths.js';
import type { StubHead } from './bundled.js';

interface Snapshot {
  format: 1;
  /**
   * By path under rules/: the file's sha256, its code-stamp hash (store/cache-key.ts `contentStamp`),
   * its parsed YAML and its rules' placeholder heads (yaml-rules/bundled.ts `stubHeadsOf`).
   */
  files: Record<string, { sha256: string; stamp?: string; data: unknown; stubs?: StubHead[] | null }>;
}

let snapshot: Snapshot | null | undefined;

function load(): Snapshot | null {
  try {
    const parsed = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'dist', 'rules-snapshot.json'), 'utf8')) as Snapshot;
    return parsed.format === 1 ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * The parsed YAML of a bundled rule file from the build's snapshot (scripts/snapshot-rules.mjs),
 * or undefined when there is none or the file changed since the build (then it is parsed as usual).
 */
export function snapshotData(path: string, text: string): unknown {
  if (snapshot === undefined) snapshot = load();
  const entry = snapshot?.files[relative(join(PACKAGE_ROOT, 'rules'), path).split('\\').join('/')];
  if (!entry) return undefined;
  return entry.sha256 === sha256(text) ? structuredClone(entry.data) : undefined;
}

/**
 * The parsed YAML of a bundled rule file (`rel`: its path under rules/) when the snapshot was taken
 * of the content the code stamp hashes as `stamp`: no read of the file. Undefined otherwise.
 */
export function snapshotByStamp(rel: string, stamp: string): unknown {
  if (snapshot === undefined) snapshot = load();
  const entry = snapshot?.files[rel];
  return entry?.stamp === stamp ? structuredClone(entry.data) : undefined;
}

/**
 * The placeholder heads the build recorded for a bundled rule file (`rel`: its path under rules/)
 * when the snapshot was taken of the content the code stamp hashes as `stamp`, shared (read-only:
 * a placeholder's meta is replaced, not changed, when its pack compiles). Undefined otherwise.
 */
export function stubHeadsByStamp(rel: string, stamp: string): StubHead[] | undefined {
  if (snapshot === undefined) snapshot = load();
  const entry = snapshot?.files[rel];
  return entry?.stamp === stamp && Array.isArray(entry.stubs) ? entry.stubs : undefined;
}
