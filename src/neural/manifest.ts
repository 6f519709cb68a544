import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The model shipped with toasty: <package root>/models (from dist/neural/ and from src/neural/ alike). */
export const DEFAULT_MODEL_DIR = fileURLToPath(new URL('../../models', import.meta.url));

/** The detectors' manifest file in a model folder (plain JSON: reading it loads no model code). */
export const DETECTOR_MANIFEST = 'detectors.json';

export interface TensorSpec {
  name: string;
  type: 'int64' | 'float32';
  /** Symbolic dimensions are strings ("batch", "sequence"). */
  shape: (string | number)[];
}

/** models/manifest.json: everything the runtime needs to drive an exported encoder. */
export interface ModelManifest {
  name: string;
  format: 1;
  model: string;
  tokenizer: { kind: 'sentencepiece-bpe'; vocab: string; pretokenizer: 'toasty-code-v1'; vocabSize: number };
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  maxLength: number;
  window: { stride: number };
  topK: number;
  /** Raw RTD probability at or above which a token is reported, per language. */
  thresholds: Record<string, number>;
  [extra: string]: unknown;
}

export class NeuralUnavailableError extends Error {
  constructor(
    message: string,
    readonly modelDir: string,
  ) {
    super(message);
    this.name = 'NeuralUnavailableError';
  }
}

export function resolveModelPath(modelDir: string, file: string): string {
  return isAbsolute(file) ? file : join(modelDir, file);
}

/** A manifest file's JSON (`what` names it in errors: 'model manifest', 'detector manifest'); unchecked. */
export function readManifestJson<T>(path: string, modelDir: string, what: string): T {
  if (!existsSync(path)) throw new NeuralUnavailableError(`no ${what} at ${path}`, modelDir);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw new NeuralUnavailableError(`${what} ${path} is not valid JSON: ${(error as Error).message}`, modelDir);
  }
}

export function loadManifest(modelDir: string): ModelManifest {
  const path = join(modelDir, 'manifest.json');
  const manifest = readManifestJson<ModelManifest>(path, modelDir, 'model manifest');
  const problems: string[] = [];
  if (manifest.format !== 1) problems.push(`format must be 1, got ${String(manifest.format)}`);
  if (typeof manifest.model !== 'string') problems.push('model (the .onnx file) is missing');
  if (manifest.tokenizer?.kind !== 'sentencepiece-bpe')
    problems.push(`tokenizer.kind must be sentencepiece-bpe, got ${String(manifest.tokenizer?.kind)}`);
  if (manifest.tokenizer?.pretokenizer !== 'toasty-code-v1')
    problems.push(`tokenizer.pretokenizer must be toasty-code-v1, got ${String(manifest.tokenizer?.pretokenizer)}`);
  if (!Number.isInteger(manifest.maxLength) || manifest.maxLength < 8) problems.push('maxLength must be an integer ≥ 8');
  if (!manifest.thresholds || typeof manifest.thresholds !== 'object') problems.push('thresholds per language are missing');
  const outputs = new Set((manifest.outputs ?? []).map((o) => o.name));
  for (const name of ['rtd_logits', 'top_positions', 'top_logits']) if (!outputs.has(name)) problems.push(`output ${name} is not declared`);
  if (problems.length) throw new NeuralUnavailableError(`model manifest ${path} is invalid: ${problems.join('; ')}`, modelDir);
  return manifest;
}
