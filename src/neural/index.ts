/**
 * The neural grader: the bundled replaced-token-detection model flags tokens that look wrong for
 * code of their language (`unusual-token`, reliability), with the token it expected.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawFinding } from '../model/findings.js';
import type { SourceFile } from '../model/types.js';
import { findingsFromScores } from './findings.js';
import { lex, lexLanguage } from './lexer.js';
import { DEFAULT_MODEL_DIR, loadManifest, NeuralUnavailableError, resolveModelPath } from './manifest.js';
import { DETECTOR_MANIFEST } from './detectors/model.js';
import { VARMISUSE_MANIFEST } from './detectors/varmisuse.js';
import { scorePreTokens } from './score.js';
import { getModel } from './session.js';

export { NeuralUnavailableError, DEFAULT_MODEL_DIR } from './manifest.js';
export type { ModelManifest } from './manifest.js';
export { RULE_ID } from './findings.js';
export { getModel } from './session.js';
export { detectorFindings } from './detectors/findings.js';
export { DETECTOR_RULES } from './detectors/sites.js';
export { varMisuseFindings, VARMISUSE_RULE } from './detectors/varmisuse.js';

/** The detectors' folder: the configured model folder when it holds detectors.json, else the bundled one. */
export function detectorDir(modelDir: string | null | undefined): string {
  return modelDir && existsSync(join(modelDir, DETECTOR_MANIFEST)) ? modelDir : DEFAULT_MODEL_DIR;
}
export { relaunchIfLong, relaunchArgs, readRelaunchedArgs, LONG_ARGV_BYTES } from './long-argv.js';

export interface NeuralOptions {
  /** Score (baseline-adjusted probability, 0–1) at or above which a token is reported; null/undefined = the manifest's per-language threshold. */
  threshold?: number | null;
  /** Folder holding manifest.json (default: the bundled models/). */
  modelDir?: string;
}

/** Threshold in force for a language (TypeScript falls back to JavaScript's). */
export function thresholdFor(thresholds: Record<string, number>, language: string): number {
  const t = thresholds[language] ?? (language === 'typescript' ? thresholds.javascript : undefined);
  if (typeof t !== 'number' || !Number.isFinite(t)) throw new Error(`the model manifest has no threshold for ${language}`);
  return t;
}

/**
 * Identifies everything besides the file's content and the config that neural findings depend on:
 * the manifest (thresholds, baselines), the model and vocabulary bytes, and the pipeline version.
 * Cached results carry it, so a model replaced in place (`neural.model`) is not served stale. It
 * reads and hashes files only (about 10 ms for the bundled model) and never starts onnxruntime.
 */
export function neuralIdentity(modelDir: string = DEFAULT_MODEL_DIR): string {
  const hash = createHash('sha256').update(`pipeline ${PIPELINE_VERSION}\0`);
  try {
    const manifest = loadManifest(modelDir);
    hash.update(JSON.stringify(manifest));
    for (const file of [manifest.model, manifest.tokenizer.vocab]) hash.update(readFileSync(resolveModelPath(modelDir, file)));
  } catch (error) {
    // Unavailable (graded without the model): results change when it becomes available again.
    hash.update(`unavailable ${(error as Error).message}`);
  }
  const detectors = detectorDir(modelDir);
  for (const file of [DETECTOR_MANIFEST, 'toasty-detectors.onnx', VARMISUSE_MANIFEST, 'toasty-varmisuse.onnx']) {
    const path = join(detectors, file);
    hash.update(existsSync(path) ? readFileSync(path) : `no ${file}`);
  }
  return hash.digest('hex').slice(0, 16);
}

/** Bumped whenever lexing, windowing or finding logic changes the output for the same model. */
export const PIPELINE_VERSION = 3;

/**
 * Findings for one parsed file: ruleId 'unusual-token', dimension 'reliability', source 'neural',
 * with confidence (the baseline-adjusted model score, 2 decimals), the token's span, and a suggestion naming
 * the replacement. Throws NeuralUnavailableError when the model is missing or broken.
 */
export async function neuralFindings(file: SourceFile, options: NeuralOptions = {}): Promise<RawFinding[]> {
  const dir = options.modelDir ?? DEFAULT_MODEL_DIR;
  const model = await getModel(dir);
  const language = lexLanguage(file.language);
  let threshold: number;
  try {
    threshold = options.threshold ?? thresholdFor(model.manifest.thresholds, file.language);
  } catch (error) {
    throw new NeuralUnavailableError((error as Error).message, dir);
  }
  const preTokens = lex(file.text, language);
  if (preTokens.length === 0) return [];
  const scored = await scorePreTokens(model, preTokens, { language, keepLogitsFrom: threshold });
  return findingsFromScores(scored, file.text, language, model.tokenizer, { threshold });
}
