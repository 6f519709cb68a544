/**
 * Opening a small bundled ONNX model (the detectors, the names model): the file beside its manifest,
 * onnxruntime-node loaded on first use, one CPU thread, and the bytes' SHA-256 for cache identity.
 * Every failure is a NeuralUnavailableError naming the file.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { InferenceSession } from 'onnxruntime-node';
import { NeuralUnavailableError, resolveModelPath } from './manifest.js';

export type Ort = typeof import('onnxruntime-node');

export interface OnnxModel {
  session: InferenceSession;
  ort: Ort;
  modelSha256: string;
}

/** `file` (the manifest's `model`) in `dir`; `what` names it in errors ("detector model"). */
export async function openOnnxModel(dir: string, file: string, what: string): Promise<OnnxModel> {
  const path = resolveModelPath(dir, file);
  if (!existsSync(path)) throw new NeuralUnavailableError(`${what} ${path} is missing`, dir);
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
    return { session, ort, modelSha256: createHash('sha256').update(bytes).digest('hex') };
  } catch (error) {
    throw new NeuralUnavailableError(`cannot load the ${what} ${path}: ${(error as Error).message}`, dir);
  }
}
