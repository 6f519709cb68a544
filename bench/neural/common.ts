import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';

function findRoot(dir: string): string {
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'models'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
  return dir;
}

export const ROOT = findRoot(import.meta.dirname);

/** Source text of a corpus-manifest path (python3.11/... lives under /usr/lib). */
export function readSource(rel: string): string {
  return readFileSync(rel.startsWith('python3.11/') ? join('/usr/lib', rel) : join(ROOT, rel), 'utf8');
}

/** Area under the ROC curve (Mann-Whitney U, ties counted half). */
export function auc(scores: readonly number[], labels: readonly number[]): number {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  const ranks = new Array<number>(scores.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    for (let k = i; k <= j; k++) ranks[idx[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  let pos = 0;
  let sum = 0;
  labels.forEach((l, i) => {
    if (l) {
      pos++;
      sum += ranks[i]!;
    }
  });
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (sum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** TypeScript held-out code: this repository's own src/**.ts at a pinned commit (never trained on). */
export const TS_COMMIT = 'aaf536ae01d14551b97fb1c13f769d2be953c515';

export function tsFiles(): { path: string; text: string }[] {
  const git = (args: string[]): string => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  return git(['ls-tree', '-r', '--name-only', TS_COMMIT, 'src'])
    .split('\n')
    .filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts') && !p.startsWith('src/neural/'))
    .map((path) => ({ path, text: git(['show', `${TS_COMMIT}:${path}`]) }));
}
/** TypeScript held-out halves by an FNV-1a hash of the path: even = calibration, odd = test. */
export function tsSplit(path: string): 'calib' | 'test' {
  let h = 2166136261;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 16777619) >>> 0;
  return h % 2 === 0 ? 'calib' : 'test';
}

export interface CorpusEntry {
  path: string;
  language: string;
  unit: string;
  license: string;
  split: 'train' | 'calib' | 'test';
  lines: number;
}

/** The committed corpus manifest (models/training/corpus-manifest.json.gz, written by models/training/manifest.py). */
export function corpusManifest(): CorpusEntry[] {
  const raw = gunzipSync(readFileSync(join(ROOT, 'models/training/corpus-manifest.json.gz'))).toString('utf8');
  return (JSON.parse(raw) as { files: CorpusEntry[] }).files;
}
