/**
 * The pattern detectors' model (models/toasty-detectors.onnx, described by models/detectors.json):
 * a small feed-forward network over hashed site features, loaded on first use, run with one
 * thread so the same input gives the same numbers on every run.
 */
import { join } from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { retryingMemo } from '../memo.js';
import { openOnnxModel, type Ort } from '../onnx.js';
import { DEFAULT_MODEL_DIR, DETECTOR_MANIFEST, NeuralUnavailableError, readManifestJson } from '../manifest.js';
import { BAG, BAGS, BUCKETS, SITES_VERSION, type DetectorRule, type SwapGate } from './sites.js';

/** Per rule: the score at or above which a site is reported, per language, and the figures measured there. */
export interface DetectorCalibration {
  thresholds: { python: number; javascript: number };
  defaultOn: boolean;
  /** swapped-arguments: the name-evidence gate a site must pass besides the threshold (absent: none). */
  gate?: SwapGate;
}

/** A hashed-feature model's manifest (models/detectors.json, models/varmisuse.json); `rules` is the model's own. */
export interface HashedManifest<Rules> {
  name: string;
  format: 1;
  model: string;
  sitesVersion: number;
  buckets: number;
  bag: number;
  rules: Rules;
  [extra: string]: unknown;
}

/** models/detectors.json. */
export type DetectorManifest = HashedManifest<Record<DetectorRule, DetectorCalibration>>;

export interface LoadedDetector {
  dir: string;
  manifest: DetectorManifest;
  session: InferenceSession;
  ort: Ort;
  modelSha256: string;
}

export { DETECTOR_MANIFEST } from '../manifest.js';

/** What is wrong with a hashed-feature model's manifest for this toasty (format, sites version, hashing, model file). */
export function hashedManifestProblems(
  manifest: { format: unknown; sitesVersion: unknown; buckets: unknown; bag: unknown; model: unknown },
  sitesVersion: number,
  buckets: number,
  bag: number,
): string[] {
  const problems: string[] = [];
  if (manifest.format !== 1) problems.push(`format must be 1, got ${String(manifest.format)}`);
  if (manifest.sitesVersion !== sitesVersion)
    problems.push(`sitesVersion ${String(manifest.sitesVersion)} does not match this toasty's ${sitesVersion}`);
  if (manifest.buckets !== buckets || manifest.bag !== bag)
    problems.push(`feature hashing (${String(manifest.buckets)} × ${String(manifest.bag)}) does not match ${buckets} × ${bag}`);
  if (typeof manifest.model !== 'string') problems.push('model (the .onnx file) is missing');
  return problems;
}

export function loadDetectorManifest(dir: string): DetectorManifest {
  const path = join(dir, DETECTOR_MANIFEST);
  const manifest = readManifestJson<DetectorManifest>(path, dir, 'detector manifest');
  const problems = hashedManifestProblems(manifest, SITES_VERSION, BUCKETS, BAG);
  if (problems.length) throw new NeuralUnavailableError(`detector manifest ${path} is invalid: ${problems.join('; ')}`, dir);
  return manifest;
}

async function load(dir: string): Promise<LoadedDetector> {
  const manifest = loadDetectorManifest(dir);
  return { dir, manifest, ...(await openOnnxModel(dir, manifest.model, 'detector model')) };
}

const loadOnce = retryingMemo(load);

/** The detector model in `dir`, loaded on first use; a failed load is not cached. */
export function getDetector(dir: string = DEFAULT_MODEL_DIR): Promise<LoadedDetector> {
  return loadOnce(dir);
}

/** Scores model rows (each BAGS × BAG ids) in one run: probability that the written token is a slip for the row's alternative. */
export async function scoreRows(detector: LoadedDetector, rows: readonly (readonly (readonly number[])[])[]): Promise<Float32Array> {
  if (rows.length === 0) return new Float32Array(0);
  return runHashedModel(detector, rows, BAGS, BAG, 'detector model');
}

/** Runs a hashed-feature model (input `ids`, output `score`) on rows of `bags` × `bag` ids: one score per row. */
export async function runHashedModel(
  model: { dir: string; session: InferenceSession; ort: Ort },
  rows: readonly (readonly (readonly number[])[])[],
  bags: number,
  bag: number,
  what: string,
): Promise<Float32Array> {
  const ids = new BigInt64Array(rows.length * bags * bag);
  rows.forEach((row, r) => row.forEach((b, k) => b.forEach((id, j) => (ids[(r * bags + k) * bag + j] = BigInt(id)))));
  try {
    const out = await model.session.run({ ids: new model.ort.Tensor('int64', ids, [rows.length, bags, bag]) });
    return out.score!.data as Float32Array;
  } catch (error) {
    throw new NeuralUnavailableError(`the ${what} failed to run: ${(error as Error).message}`, model.dir);
  }
}
