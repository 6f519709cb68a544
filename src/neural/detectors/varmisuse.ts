/**
 * `wrong-variable` findings: the variable-misuse model (models/toasty-varmisuse.onnx, described by
 * models/varmisuse.json) scores every local name that could fill a site (varmisuse-sites.ts); a site is
 * reported when an alternative's slip score, sigmoid(score(alternative) − score(written)), reaches the
 * calibrated threshold of the language. Loaded on first use, only for a file with a site; one thread,
 * deterministic.
 */
import { join } from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import type { RawFinding } from '../../model/findings.js';
import type { SourceFile } from '../../model/types.js';
import { lineOf, lineStarts, round2 } from '../findings.js';
import { DEFAULT_MODEL_DIR, NeuralUnavailableError, readManifestJson } from '../manifest.js';
import { retryingMemo } from '../memo.js';
import { openOnnxModel, type Ort } from '../onnx.js';
import { generatedOrMinified } from './findings.js';
import { hashedManifestProblems, runHashedModel, type HashedManifest } from './model.js';
import { extractVarSites, VM_BAG, VM_BAGS, VM_BUCKETS, VM_SITES_VERSION, type VarSite } from './varmisuse-sites.js';

export const VARMISUSE_MANIFEST = 'varmisuse.json';
export const VARMISUSE_RULE = 'wrong-variable';
/** Rows per model run. */
const CHUNK = 512;

export type VarMisuseManifest = HashedManifest<{
  'wrong-variable': { thresholds: { python: number; javascript: number }; defaultOn: boolean; [extra: string]: unknown };
}>;

interface LoadedVarMisuse {
  dir: string;
  manifest: VarMisuseManifest;
  session: InferenceSession;
  ort: Ort;
}

export function loadVarMisuseManifest(dir: string): VarMisuseManifest {
  const path = join(dir, VARMISUSE_MANIFEST);
  const manifest = readManifestJson<VarMisuseManifest>(path, dir, 'wrong-variable manifest');
  const problems = hashedManifestProblems(manifest, VM_SITES_VERSION, VM_BUCKETS, VM_BAG);
  if (problems.length) throw new NeuralUnavailableError(`wrong-variable manifest ${path} is invalid: ${problems.join('; ')}`, dir);
  return manifest;
}

const loadOnce = retryingMemo(async (dir: string): Promise<LoadedVarMisuse> => {
  const manifest = loadVarMisuseManifest(dir);
  return { dir, manifest, ...(await openOnnxModel(dir, manifest.model, 'wrong-variable model')) };
});

/** Raw name scores, one per row (VM_BAGS × VM_BAG ids). */
function scoreNames(model: LoadedVarMisuse, rows: readonly (readonly number[])[][]): Promise<Float32Array> {
  return runHashedModel(model, rows, VM_BAGS, VM_BAG, 'wrong-variable model');
}

export interface ScoredVarSite {
  site: VarSite;
  /** The best alternative and its slip score, sigmoid(s(alternative) − s(written)). */
  alternative: string;
  score: number;
}

/** Each site with its best alternative (no threshold). */
export async function scoreVarSites(dir: string, sites: readonly VarSite[]): Promise<ScoredVarSite[]> {
  if (sites.length === 0) return [];
  const model = await loadOnce(dir);
  const rows = sites.flatMap((s) => s.names.map((n, k) => [s.context, n, s.cross[k]!]));
  // In chunks: the model's gathered embeddings are rows × 3 × 32 × 32 floats (12 KB a row).
  const scores = new Float32Array(rows.length);
  for (let from = 0; from < rows.length; from += CHUNK) scores.set(await scoreNames(model, rows.slice(from, from + CHUNK)), from);
  const out: ScoredVarSite[] = [];
  let r = 0;
  for (const site of sites) {
    const written = scores[r]!;
    let best = -1;
    let alternative = site.alternatives[0]!;
    site.alternatives.forEach((alt, k) => {
      const slip = 1 / (1 + Math.exp(written - scores[r + 1 + k]!));
      if (slip > best) {
        best = slip;
        alternative = alt;
      }
    });
    r += site.names.length;
    out.push({ site, alternative, score: best });
  }
  return out;
}

export interface VarMisuseOptions {
  modelDir?: string;
  /** Overrides the calibrated threshold (0–1). */
  threshold?: number | null;
}

/** `wrong-variable` findings for one parsed file; a file without a site never loads the model. */
export async function varMisuseFindings(file: SourceFile, options: VarMisuseOptions = {}): Promise<RawFinding[]> {
  if (generatedOrMinified(file.text)) return [];
  const sites = extractVarSites(file);
  if (sites.length === 0) return [];
  const dir = options.modelDir ?? DEFAULT_MODEL_DIR;
  const scored = await scoreVarSites(dir, sites);
  const { manifest } = await loadOnce(dir);
  const starts = lineStarts(file.text);
  const findings: RawFinding[] = [];
  const perLine = new Set<number>();
  for (const { site, alternative, score } of scored) {
    const threshold = options.threshold ?? manifest.rules[VARMISUSE_RULE].thresholds[site.language];
    if (score < threshold) continue;
    const line = lineOf(starts, site.start);
    if (perLine.has(line)) continue;
    perLine.add(line);
    const confidence = round2(score);
    findings.push({
      ruleId: VARMISUSE_RULE,
      dimension: 'reliability',
      severity: 'warning',
      line: line + 1,
      column: site.start - starts[line]! + 1,
      endLine: line + 1,
      endColumn: site.end - starts[line]! + 1,
      message: `\`${site.written}\` looks like a slip for \`${alternative}\` here (confidence ${confidence.toFixed(2)})`,
      suggestion: `Check whether \`${alternative}\` was meant instead of \`${site.written}\` (both are local names in scope here).`,
      metric: null,
      source: 'neural',
      confidence,
    });
  }
  return findings;
}
