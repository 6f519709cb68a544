/**
 * The pattern detectors' model (models/toasty-detectors.onnx, described by models/detectors.json):
 * a small feed-forward network over hashed site features, loaded on first use, run with one
 * thread so the same input gives the same numbers on every run.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { retryingMemo } from '../memo.js';
import { DEFAULT_MODEL_DIR, NeuralUnavailableError, readManifestJson, resolveModelPath } from '../manifest.js';
import { BAG, BAGS, BUCKETS, SITES_VERSION, type DetectorRule } from './sites.js';

type Ort = typeof import('onnxruntime-node');

/** Per rule: the score at or above which a site is reported, per language, and the figures measured there. */
export interface DetectorCalibration {
  thresholds: { python: number; javascript: number };
  defaultOn: boolean;
}

/** models/detectors.json. */
export interface DetectorManifest {
  name: string;
  format: 1;
  model: string;
  sitesVersion: number;
  buckets: number;
  bag: number;
  rules: Record<DetectorRule, DetectorCalibration>;
  [extra: string]: unknown;
}

export interface LoadedDetector {
  dir: string;
  manifest: DetectorManifest;
  session: InferenceSession;
  ort: Ort;
  modelSha256: string;
}

export const DETECTOR_MANIFEST = 'detectors.json';

export function loadDetectorManifest(dir: string): DetectorManifest {
  const path = join(dir, DETECTOR_MANIFEST);
  const manifest = readManifestJson<DetectorManifest>(path, dir, 'detector manifest');
  const problems: string[] = [];
  if (manifest.format !== 1) problems.push(`format must be 1, got ${String(manifest.format)}`);
  if (manifest.sitesVersion !== SITES_VERSION)
    problems.push(`sitesVersion ${String(manifest.sitesVersion)} does not match this toasty's ${SITES_VERSION}`);
  if (manifest.buckets !== BUCKETS || manifest.bag !== BAG)
    problems.push(`feature hashing (${String(manifest.buckets)} × ${String(manifest.bag)}) does not match ${BUCKETS} × ${BAG}`);
  if (typeof manifest.model !== 'string') problems.push('model (the .onnx file) is missing');
  if (problems.length) throw new NeuralUnavailableError(`detector manifest ${path} is invalid: ${problems.join('; ')}`, dir);
  return manifest;
}

async function load(dir: string): Promise<LoadedDetector> {
  const manifest = loadDetectorManifest(dir);
  const path = resolveModelPath(dir, manifest.model);
  if (!existsSync(path)) throw new NeuralUnavailableError(`detector model ${path} is missing`, dir);
  let ort: Ort;
  try {
    ort = await import('onnxruntime-node').then((m) => ((m as { default?: Ort }).default ?? m) as Ort);
  } catch (error) {
    throw new NeuralUnavailableError(`onnxruntime-node cannot be loaded: ${(error as Error).message}`, dir);
  }
  const bytes = readFileSync(path);
  try {
    const session = await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      executionProviders: ['cpu'],
    });
    return { dir, manifest, session, ort, modelSha256: createHash('sha256').update(bytes).digest('hex') };
  } catch (error) {
    throw new NeuralUnavailableError(`cannot load the detector model ${path}: ${(error as Error).message}`, dir);
  }
}

const loadOnce = retryingMemo(load);

/** The detector model in `dir`, loaded on first use; a failed load is not cached. */
export function getDetector(dir: string = DEFAULT_MODEL_DIR): Promise<LoadedDetector> {
  return loadOnce(dir);
}

/** Scores model rows (each BAGS × BAG ids) in one run: probability that the written token is a slip for the row's alternative. */
export async function scoreRows(detector: LoadedDetector, rows: readonly (readonly (readonly number[])[])[]): Promise<Float32Array> {
  if (rows.length === 0) return new Float32Array(0);
  const ids = new BigInt64Array(rows.length * BAGS * BAG);
  rows.forEach((row, r) => row.forEach((b, k) => b.forEach((id, j) => (ids[(r * BAGS + k) * BAG + j] = BigInt(id)))));
  try {
    const out = await detector.session.run({ ids: new detector.ort.Tensor('int64', ids, [rows.length, BAGS, BAG]) });
    return out.score!.data as Float32Array;
  } catch (error) {
    throw new NeuralUnavailableError(`the detector model failed to run: ${(error as Error).message}`, detector.dir);
  }
}
