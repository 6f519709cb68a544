/**
 * The model, loaded lazily once per process (each worker thread has its own copy): manifest,
 * tokenizer and an onnxruntime-node InferenceSession with fixed thread counts, so the same
 * input gives the same numbers on every run.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { retryingMemo } from './memo.js';
import { DEFAULT_MODEL_DIR, loadManifest, NeuralUnavailableError, resolveModelPath, type ModelManifest } from './manifest.js';
import { Tokenizer } from './tokenizer.js';

type Ort = typeof import('onnxruntime-node');

export interface LoadedModel {
  dir: string;
  manifest: ModelManifest;
  tokenizer: Tokenizer;
  session: InferenceSession;
  ort: Ort;
  /** sha256 of the .onnx file: part of any cache key for neural results. */
  modelSha256: string;
  /** Milliseconds spent loading (manifest, vocabulary, session). */
  loadMs: number;
}

export interface WindowOutput {
  /** RTD logit per piece of the window, <s> and </s> included. */
  rtd: Float32Array;
  /** Piece positions of the window's top-K RTD logits (positions ≥ length are padding). */
  topPositions: number[];
  /** MLM logits, one row of `vocabSize` per entry of topPositions: a view into the batch's output. */
  topLogits: Float32Array;
  vocabSize: number;
}

let ortModule: Promise<Ort> | null = null;
function loadOrt(): Promise<Ort> {
  ortModule ??= import('onnxruntime-node').then((m) => ((m as { default?: Ort }).default ?? m) as Ort);
  return ortModule;
}

async function load(dir: string): Promise<LoadedModel> {
  const t0 = performance.now();
  const manifest = loadManifest(dir);
  const modelPath = resolveModelPath(dir, manifest.model);
  const vocabPath = resolveModelPath(dir, manifest.tokenizer.vocab);
  for (const p of [modelPath, vocabPath]) if (!existsSync(p)) throw new NeuralUnavailableError(`model file ${p} is missing`, dir);
  let tokenizer: Tokenizer;
  try {
    tokenizer = Tokenizer.fromFile(vocabPath);
  } catch (error) {
    throw new NeuralUnavailableError(`cannot read the vocabulary ${vocabPath}: ${(error as Error).message}`, dir);
  }
  let ort: Ort;
  try {
    ort = await loadOrt();
  } catch (error) {
    throw new NeuralUnavailableError(`onnxruntime-node cannot be loaded: ${(error as Error).message}`, dir);
  }
  let session: InferenceSession;
  let modelSha256: string;
  try {
    const bytes = readFileSync(modelPath);
    modelSha256 = createHash('sha256').update(bytes).digest('hex');
    session = await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      executionProviders: ['cpu'],
    });
  } catch (error) {
    throw new NeuralUnavailableError(`cannot load the model ${modelPath}: ${(error as Error).message}`, dir);
  }
  for (const input of manifest.inputs) {
    if (!session.inputNames.includes(input.name))
      throw new NeuralUnavailableError(`the model has no input '${input.name}' named in its manifest`, dir);
  }
  return { dir, manifest, tokenizer, session, ort, modelSha256, loadMs: performance.now() - t0 };
}

const loadOnce = retryingMemo(load);

/** The model in `dir`, loaded on first use; a failed load is not cached, so a fixed file is picked up. */
export function getModel(dir: string = DEFAULT_MODEL_DIR): Promise<LoadedModel> {
  return loadOnce(dir);
}

/** Runs a batch of windows (piece ids including <s>/</s>); windows of different lengths are padded. */
export async function runWindows(model: LoadedModel, windows: readonly (readonly number[])[]): Promise<WindowOutput[]> {
  const b = windows.length;
  if (b === 0) return [];
  const t = Math.max(...windows.map((w) => w.length));
  const ids = new BigInt64Array(b * t);
  const mask = new BigInt64Array(b * t);
  windows.forEach((w, r) => {
    for (let i = 0; i < w.length; i++) {
      ids[r * t + i] = BigInt(w[i]!);
      mask[r * t + i] = 1n;
    }
    for (let i = w.length; i < t; i++) ids[r * t + i] = BigInt(model.tokenizer.padId);
  });
  const { ort, session } = model;
  let out: InferenceSession.ReturnType;
  try {
    out = await session.run({ input_ids: new ort.Tensor('int64', ids, [b, t]), attention_mask: new ort.Tensor('int64', mask, [b, t]) });
  } catch (error) {
    throw new NeuralUnavailableError(`the model failed to run: ${(error as Error).message}`, model.dir);
  }
  const rtd = out.rtd_logits as Tensor;
  const top = out.top_positions as Tensor;
  const logits = out.top_logits as Tensor;
  const k = top.dims[1]!;
  const v = logits.dims[2]!;
  const rtdData = rtd.data as Float32Array;
  const topData = top.data as BigInt64Array;
  const logitData = logits.data as Float32Array;
  // Views, not copies: the K × vocabulary block is 512 KB a window, and callers copy out the
  // few rows they keep (copying every block was gigabytes of memcpy and GC pressure per run).
  return windows.map((w, r) => ({
    rtd: rtdData.subarray(r * t, r * t + w.length),
    topPositions: Array.from(topData.subarray(r * k, (r + 1) * k), Number),
    topLogits: logitData.subarray(r * k * v, (r + 1) * k * v),
    vocabSize: v,
  }));
}
