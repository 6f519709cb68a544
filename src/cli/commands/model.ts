import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../config/load.js';
import { resolveConfig } from '../../config/resolve.js';
import { UsageError } from '../../errors.js';
import { isDefaultOn } from '../../rules/docs.js';
import { DEFAULT_MODEL_DIR, loadManifest, NeuralUnavailableError, resolveModelPath, type ModelManifest } from '../../neural/manifest.js';
import { NEURAL_RULES } from '../../neural/rules/index.js';
import { printErr } from '../console.js';
import { EXIT } from '../exit.js';

export interface ModelInfoOptions {
  format?: string;
  /** Folder holding manifest.json (config `neural.model`); default: the bundled models/. */
  modelDir?: string;
}

interface CorpusPart {
  files: number;
  lines: number;
  pretokens: number;
}

const fmtInt = (n: number): string => n.toLocaleString('en-US');

function describe(manifest: ModelManifest, modelDir: string): Record<string, unknown> {
  const modelPath = resolveModelPath(modelDir, manifest.model);
  let bytes: number | null = null;
  try {
    bytes = statSync(modelPath).size;
  } catch {
    bytes = null;
  }
  return {
    name: manifest.name,
    path: modelPath,
    bytes,
    tokenizer: manifest.tokenizer,
    maxLength: manifest.maxLength,
    architecture: manifest.architecture ?? null,
    thresholds: manifest.thresholds,
    corpus: manifest.corpus ?? null,
    training: manifest.training ?? null,
    metrics: manifest.metrics ?? null,
    rules: NEURAL_RULES.map((r) => ({
      id: r.id,
      defaultOn: isDefaultOn(r),
      languages: r.meta.languages,
      description: r.meta.description,
      measured: r.meta.measured ?? [],
    })),
  };
}

/** The model folder the config names (`neural.model`), or null for the bundled model. */
export async function configuredModelDir(cwd: string, explicitConfig?: string): Promise<string | null> {
  const { file, config } = await loadConfig(cwd, explicitConfig);
  return resolveConfig(file, config, cwd).neural.model;
}

/** `toasty model info`: name, size, vocabulary, training corpus and metrics of the neural model. */
export function modelInfoCommand(options: ModelInfoOptions = {}): number {
  const format = options.format ?? 'pretty';
  if (format !== 'pretty' && format !== 'json') throw new UsageError(`model info --format must be pretty or json, got '${format}'`);
  const dir = options.modelDir ?? DEFAULT_MODEL_DIR;
  let manifest: ModelManifest;
  try {
    manifest = loadManifest(dir);
  } catch (error) {
    if (!(error instanceof NeuralUnavailableError)) throw error;
    printErr(`toasty: the neural model is unavailable: ${error.message}`);
    return EXIT.failed;
  }
  const info = describe(manifest, dir);
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
    return EXIT.ok;
  }
  const arch = manifest.architecture as Record<string, number | string> | undefined;
  const corpus = manifest.corpus as
    { sources?: Record<string, string>; train?: Record<string, CorpusPart>; heldOut?: Record<string, CorpusPart> } | undefined;
  const training = manifest.training as Record<string, number | string> | undefined;
  const metrics = manifest.metrics as Record<string, Record<string, number | string>> | undefined;
  const lines: string[] = [];
  lines.push(
    `${manifest.name}  ${info.bytes === null ? '(model file missing)' : `${(Number(info.bytes) / 1e6).toFixed(2)} MB`}  ${info.path as string}`,
  );
  if (arch)
    lines.push(
      `architecture: ${Object.entries(arch)
        .map(([k, v]) => `${k} ${typeof v === 'number' ? fmtInt(v) : v}`)
        .join(', ')}`,
    );
  lines.push(
    `tokenizer: ${manifest.tokenizer.kind}, ${fmtInt(manifest.tokenizer.vocabSize)} pieces (${manifest.tokenizer.vocab}), max length ${manifest.maxLength}`,
  );
  lines.push(
    `thresholds: ${Object.entries(manifest.thresholds)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  if (corpus?.train) {
    for (const [lang, part] of Object.entries(corpus.train)) {
      const held = corpus.heldOut?.[lang];
      const source = corpus.sources?.[lang] ?? '';
      lines.push(
        `corpus ${lang}: ${fmtInt(part.files)} files, ${fmtInt(part.lines)} lines trained${held ? `; ${fmtInt(held.files)} files held out` : ''}${source ? ` — ${source}` : ''}`,
      );
    }
  }
  if (training)
    lines.push(
      `training: ${Object.entries(training)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  if (metrics)
    for (const [name, values] of Object.entries(metrics))
      lines.push(
        `${name}: ${Object.entries(values)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
      );
  for (const rule of NEURAL_RULES) {
    lines.push(`rule ${rule.id} (${isDefaultOn(rule) ? 'on' : 'off'} by default): ${rule.meta.description}`);
    for (const figure of rule.meta.measured ?? []) lines.push(`  measured: ${figure}`);
  }
  if (!NEURAL_RULES.some(isDefaultOn))
    lines.push('no neural rule is on by default; turn one on in the config, e.g. `rules: { unusual-token: warning }`');
  if (dir === DEFAULT_MODEL_DIR) lines.push('model card: models/README.md');
  else if (existsSync(join(dir, 'README.md'))) lines.push(`model card: ${join(dir, 'README.md')}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
