/**
 * `wrong-variable` findings: the variable-misuse model (models/toasty-varmisuse.onnx, described by
 * models/varmisuse.json) scores every local name that could fill a site (varmisuse-sites.ts); a site is
 * reported when an alternative's slip score, sigmoid(score(alternative) − score(written)), reaches the
 * calibrated threshold of the language and the name-evidence gate (varmisuse-gate.ts, the manifest's
 * `gate`) finds a slot the file names after that alternative. Loaded on first use, only for a file with a site; one thread,
 * deterministic.
 */
import { join } from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import type { RawFinding } from '../../model/findings.js';
import type { SourceFile } from '../../model/types.js';
import { lineOf, lineStarts } from '../findings.js';
import { DEFAULT_MODEL_DIR, NeuralUnavailableError, readManifestJson } from '../manifest.js';
import { retryingMemo } from '../memo.js';
import { openOnnxModel, type Ort } from '../onnx.js';
import { generatedOrMinified, siteFinding } from './findings.js';
import { hashedManifestProblems, runHashedModel, type HashedManifest } from './model.js';
import { varMisuseEvidence, type VarMisuseGate } from './varmisuse-gate.js';
import { extractVarSites, VM_BAG, VM_BAGS, VM_BUCKETS, VM_SITES_VERSION, type VarSite } from './varmisuse-sites.js';

export const VARMISUSE_MANIFEST = 'varmisuse.json';
export const VARMISUSE_RULE = 'wrong-variable';
/** Rows per model run. */
const CHUNK = 512;

export type VarMisuseManifest = HashedManifest<{
  'wrong-variable': {
    thresholds: { python: number; javascript: number };
    defaultOn: boolean;
    /** The name-evidence gate (varmisuse-gate.ts); absent: every site the threshold passes is reported. */
    gate?: VarMisuseGate;
    /** The thresholds calibrated for the model alone (no gate), kept for comparison. */
    thresholdsModelAlone?: { python: number; javascript: number };
    [extra: string]: unknown;
  };
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

const manifests = new Map<string, VarMisuseManifest>();
function loadManifestOnce(dir: string): VarMisuseManifest {
  let m = manifests.get(dir);
  if (!m) manifests.set(dir, (m = loadVarMisuseManifest(dir)));
  return m;
}

const loadOnce = retryingMemo(async (dir: string): Promise<LoadedVarMisuse> => {
  const manifest = loadManifestOnce(dir);
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

/** Each site's raw name scores, the written name first, then its alternatives. */
export async function scoreVarSiteNames(dir: string, sites: readonly VarSite[]): Promise<Float32Array[]> {
  if (sites.length === 0) return [];
  const model = await loadOnce(dir);
  const rows = sites.flatMap((s) => s.names.map((n, k) => [s.context, n, s.cross[k]!]));
  // In chunks: the model's gathered embeddings are rows × 3 × 32 × 32 floats (12 KB a row).
  const scores = new Float32Array(rows.length);
  for (let from = 0; from < rows.length; from += CHUNK) scores.set(await scoreNames(model, rows.slice(from, from + CHUNK)), from);
  const out: Float32Array[] = [];
  let r = 0;
  for (const site of sites) {
    out.push(scores.subarray(r, r + site.names.length));
    r += site.names.length;
  }
  return out;
}

/**
 * Each site with its best alternative (no threshold); with a gate, the best alternative the gate lets
 * through (a site with none scores 0 and keeps its first alternative).
 */
export async function scoreVarSites(dir: string, sites: readonly VarSite[], gate?: VarMisuseGate | null): Promise<ScoredVarSite[]> {
  // A site whose alternatives all lack name evidence scores 0 whatever the model says: it is not scored.
  const open = gate
    ? sites.map((site) => site.alternatives.some((alt) => varMisuseEvidence(site, site.written, alt, gate) !== null))
    : null;
  const scored = await scoreVarSiteNames(
    dir,
    sites.filter((_, s) => !open || open[s]),
  );
  let next = 0;
  return sites.map((site, s) => {
    if (open && !open[s]) return { site, alternative: site.alternatives[0]!, score: 0 };
    const v = scored[next++]!;
    let best = gate ? 0 : -1;
    let alternative = site.alternatives[0]!;
    site.alternatives.forEach((alt, k) => {
      const slip = 1 / (1 + Math.exp(v[0]! - v[k + 1]!));
      if (slip > best && (!gate || varMisuseEvidence(site, site.written, alt, gate) !== null)) {
        best = slip;
        alternative = alt;
      }
    });
    return { site, alternative, score: best };
  });
}

export interface VarMisuseOptions {
  modelDir?: string;
  /** Overrides the calibrated threshold (0–1). */
  threshold?: number | null;
  /** Overrides the manifest's name-evidence gate; null: the model alone. */
  gate?: VarMisuseGate | null;
}

/** `wrong-variable` findings for one parsed file; a file without a site never loads the model. */
export async function varMisuseFindings(file: SourceFile, options: VarMisuseOptions = {}): Promise<RawFinding[]> {
  if (generatedOrMinified(file.text)) return [];
  const sites = extractVarSites(file);
  if (sites.length === 0) return [];
  const dir = options.modelDir ?? DEFAULT_MODEL_DIR;
  // The manifest is plain JSON: a file without a site the gate could pass never loads the model.
  const manifest = loadManifestOnce(dir);
  const gate = options.gate === undefined ? (manifest.rules[VARMISUSE_RULE].gate ?? null) : options.gate;
  const scored = await scoreVarSites(dir, sites, gate);
  if (scored.every((s) => s.score === 0)) return [];
  const starts = lineStarts(file.text);
  const findings: RawFinding[] = [];
  const perLine = new Set<number>();
  for (const { site, alternative, score } of scored) {
    const threshold = options.threshold ?? manifest.rules[VARMISUSE_RULE].thresholds[site.language];
    if (score < threshold) continue;
    const line = lineOf(starts, site.start);
    if (perLine.has(line)) continue;
    perLine.add(line);
    findings.push(
      siteFinding(VARMISUSE_RULE, starts, site, score, (confidence) => ({
        message: `\`${site.written}\` looks like a slip for \`${alternative}\` here (confidence ${confidence})`,
        suggestion: `Check whether \`${alternative}\` was meant instead of \`${site.written}\` (both are local names in scope here).`,
      })),
    );
  }
  return findings;
}
