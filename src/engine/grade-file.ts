import type { ResolvedConfig } from '../config/types.js';
import { binaryReason, generatedReason, minifiedReason } from '../discovery/content.js';
import { isGraded, readDiscoveredFile, type DiscoveredFile } from '../discovery/walk.js';
import { decodeSource } from '../languages/source-text.js';
import { loadAdapter } from '../languages/registry.js';
import type { RawFinding, Severity } from '../model/findings.js';
import type { FileResult, Finding, FunctionResult, GradeOutcome } from '../model/results.js';
import type { Language, SourceFile } from '../model/types.js';
import { findingCost } from '../scoring/cost.js';
import { letterGrade } from '../scoring/letter.js';
import { dimensionScores, fileScore } from '../scoring/score.js';
import { sha256 } from '../util/hash.js';
import { toPosixRelative } from '../util/paths.js';
import type { RuleResolver } from './active-rules.js';
import { fingerprints } from './fingerprint.js';
import { childId } from './ids.js';
import type { ActiveRule } from './rule.js';
import { runRules, type RuleFailure } from './run-rules.js';
import { meetsSeverityMin } from './selection.js';
import { NAMING_RULES } from '../neural/names/rules.js';
import { collectSuppressions, matchSuppression, type Suppression } from './suppressions.js';

/**
 * The neural rules' pass, loaded on first use (onnxruntime is heavy) and only for the rules that are
 * on: the encoder (`unusual-token`) and the pattern detectors each load their own model only when
 * one of their rules is on, and the detectors only for a file with a candidate site.
 */
async function neuralFor(
  model: SourceFile,
  config: ResolvedConfig,
  rules: ReadonlyMap<string, Severity>,
): Promise<{ findings: RawFinding[]; warning: string | null }> {
  const neural = await import('../neural/index.js');
  try {
    const findings: RawFinding[] = [];
    if (rules.has(neural.RULE_ID)) {
      findings.push(
        ...(await neural.neuralFindings(model, {
          threshold: config.neural.threshold,
          ...(config.neural.model ? { modelDir: config.neural.model } : {}),
        })),
      );
    }
    const detectors = new Set(neural.DETECTOR_RULES.filter((id) => rules.has(id)));
    if (detectors.size > 0)
      findings.push(...(await neural.detectorFindings(model, detectors, { modelDir: neural.detectorDir(config.neural.model) })));
    if (rules.has(neural.VARMISUSE_RULE))
      findings.push(...(await neural.varMisuseFindings(model, { modelDir: neural.detectorDir(config.neural.model) })));
    return { findings, warning: null };
  } catch (error) {
    if (error instanceof neural.NeuralUnavailableError) {
      return { findings: [], warning: `the neural model is unavailable, graded without it: ${error.message}` };
    }
    throw error;
  }
}

/** Adds rename suggestions to the naming findings in `raw` (in place); a warning when the names model is unavailable. */
async function namesFor(model: SourceFile, config: ResolvedConfig, raw: RawFinding[]): Promise<string | null> {
  const [names, { NeuralUnavailableError }] = await Promise.all([import('../neural/names/suggest.js'), import('../neural/manifest.js')]);
  try {
    await names.suggestNames(model, raw, { modelDir: names.namesDir(config.neural.model) });
    return null;
  } catch (error) {
    if (error instanceof NeuralUnavailableError)
      return `the names model is unavailable, naming findings keep their generic advice: ${error.message}`;
    throw error;
  }
}

/** Neural rules on for this file's language, with their configured severity. */
export function activeNeuralRules(active: readonly ActiveRule[], language: SourceFile['language']): Map<string, Severity> {
  const on = new Map<string, Severity>();
  for (const a of active) if (a.rule.source === 'neural' && a.rule.meta.languages.includes(language)) on.set(a.rule.id, a.severity);
  return on;
}

function emptyResult(runId: string, file: DiscoveredFile): FileResult {
  return {
    id: childId(runId, file.path),
    path: file.path,
    language: file.language,
    status: 'skipped',
    skipReason: file.skipReason,
    sha256: null,
    loc: 0,
    sloc: 0,
    score: null,
    grade: null,
    dimensions: null,
    metrics: null,
    functions: [],
    findings: [],
  };
}

function engineFinding(ruleId: string, line: number, column: number, message: string, suggestion: string): RawFinding {
  return {
    ruleId,
    dimension: 'quality',
    severity: ruleId === 'parse-error' ? 'error' : 'info',
    line,
    column,
    endLine: line,
    endColumn: column + 1,
    message,
    suggestion,
    metric: null,
    source: 'engine',
    confidence: 1,
  };
}

function functionResults(model: SourceFile): FunctionResult[] {
  return model.functions.map((fn) => ({
    name: fn.name,
    qualifiedName: fn.qualifiedName,
    kind: fn.kind,
    line: fn.span.line,
    endLine: fn.span.endLine,
    metrics: { ...fn.metrics, halsteadVolume: Math.round(fn.metrics.halsteadVolume * 10) / 10 },
  }));
}

/**
 * A file's bytes and text, or why it is not graded (unreadable, binary, generated, minified);
 * `sha256`: the bytes' digest where the run had it already (`ReadBytes`), else null.
 */
export type SourceRead = { skipReason: string } | { skipReason: null; buffer: Buffer; text: string; sha256: string | null };

/** A file's bytes as the run read them for its cache key, with their SHA-256 (engine/run.ts). */
export interface ReadBytes {
  buffer: Buffer;
  sha256: string;
}

/**
 * Reads a discovered file of a graded language as `gradeFile` needs it; with `bytes`, grades those
 * instead of reading the file again (the bytes its cache key was made from). Never throws.
 */
export function readSource(file: DiscoveredFile, language: Language, config: ResolvedConfig, bytes?: ReadBytes): SourceRead {
  let buffer: Buffer;
  if (bytes) buffer = bytes.buffer;
  else
    try {
      buffer = readDiscoveredFile(file, config.maxFileSize);
    } catch (error) {
      return { skipReason: `unreadable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
    }
  const binary = binaryReason(buffer);
  if (binary) return { skipReason: binary };
  const text = decodeSource(buffer, language);
  const skipReason = generatedReason(text) ?? minifiedReason(file.path, text);
  return skipReason ? { skipReason } : { skipReason: null, buffer, text, sha256: bytes?.sha256 ?? null };
}

/**
 * Parse, run the rules in one traversal, apply suppressions, and score one file. Never throws for
 * bad input. `stopped`: rules not to run on this file (a plugin rule past its time budget), each
 * reported as an `internal-rule-error` with its reason. `read`: the file as `readSource` read it
 * ahead (engine/read-ahead.ts), else it is read here.
 */
export async function gradeFile(
  file: DiscoveredFile,
  runId: string,
  config: ResolvedConfig,
  resolver: RuleResolver,
  stopped: readonly RuleFailure[] = [],
  read?: SourceRead,
): Promise<GradeOutcome> {
  const result = emptyResult(runId, file);
  if (!isGraded(file)) return { result, dimensionsRan: [] };

  const source = read ?? readSource(file, file.language, config);
  if (source.skipReason !== null) {
    result.skipReason = source.skipReason;
    return { result, dimensionsRan: [] };
  }
  const { buffer, text } = source;
  result.sha256 = source.sha256 ?? sha256(buffer);
  const adapter = await loadAdapter(file.language);
  const model = adapter.parse(file.path, text, file.language);
  result.loc = model.metrics.loc;
  result.sloc = model.metrics.sloc;

  if (!model.parsed) {
    const first = model.problems[0] ?? { line: 1, column: 1, message: 'could not parse' };
    result.status = 'parse-error';
    result.skipReason = `parse error at line ${first.line}`;
    const raw = engineFinding(
      'parse-error',
      first.line,
      first.column,
      `Could not parse ${file.path} as ${file.language}: ${first.message} (line ${first.line}, column ${first.column}).`,
      'Fix the syntax error; the file is not graded until it parses.',
    );
    const [fp] = fingerprints([raw], file.path, model.lines);
    result.findings = [
      {
        ...raw,
        id: childId(result.id, fp!),
        fingerprint: fp!,
        cost: 0,
        muted: false,
        mutedReason: null,
        suppressed: false,
        suppressionReason: null,
      },
    ];
    return { result, dimensionsRan: [], ...(first.nestedTooDeep ? { nestedTooDeep: true } : {}) };
  }

  const relPath = toPosixRelative(config.root, file.absPath);
  const skip = new Set(stopped.map((s) => s.ruleId));
  const active = resolver.forPath(relPath, model.language).filter((a) => !skip.has(a.rule.id));
  const { findings: raw, failures } = runRules(model, active);
  failures.push(...stopped);
  const warnings: string[] = [];
  // The model runs only when a neural rule is on for this file (none is by default; `--no-neural`
  // drops them in the resolver), so a default run never loads onnxruntime; its findings keep only
  // the rules that are on, at their severity.
  const neuralRules = activeNeuralRules(active, model.language);
  let neuralRan = false;
  if (neuralRules.size > 0) {
    const neural = await neuralFor(model, config, neuralRules);
    for (const f of neural.findings) {
      const severity = neuralRules.get(f.ruleId);
      if (severity) raw.push({ ...f, severity });
    }
    if (neural.warning) warnings.push(neural.warning);
    else neuralRan = true;
  }
  // Naming findings get concrete names from the names model (loaded only when a file has one).
  if (config.neural.enabled && config.neural.names && raw.some((f) => NAMING_RULES.has(f.ruleId))) {
    const warning = await namesFor(model, config, raw);
    if (warning) warnings.push(warning);
  }
  // A finding with a non-finite number would make its cost NaN and the whole run unstorable
  // (SQLite NOT NULL): it is dropped and reported as the rule's failure instead.
  for (let i = raw.length - 1; i >= 0; i--) {
    const f = raw[i]!;
    const numbers = [f.confidence, ...(f.metric ? [f.metric.value, f.metric.threshold] : [])];
    if (numbers.every(Number.isFinite)) continue;
    raw.splice(i, 1);
    failures.push({ ruleId: f.ruleId, message: `it reported line ${f.line} with a non-finite confidence or metric` });
  }
  for (const failure of failures) {
    raw.push(
      engineFinding(
        'internal-rule-error',
        1,
        1,
        `Rule ${failure.ruleId} failed on this file: ${failure.message}`,
        'This is a bug in toasty; please report it with this file.',
      ),
    );
  }

  const suppressions = collectSuppressions(model);
  const matched = raw.map((f) => (f.source === 'engine' ? null : matchSuppression(f, suppressions)));
  // A directive naming a rule the command line turned off (or any rule, when it turned some off) may
  // still be needed: it is not reported unused.
  // Likewise a directive naming a rule that is off for this file (off by default, off in the config):
  // only a directive naming rules that ran, or ids no rule has (a typo), can be told unused.
  const dropped = resolver.droppedFor(relPath);
  const ranIds = new Set(active.filter((a) => a.rule.meta.languages.includes(model.language)).map((a) => a.rule.id));
  const checkable = (s: Suppression) =>
    s.rules.length ? s.rules.every((id) => ranIds.has(id) || !resolver.knows(id)) : dropped.size === 0;
  for (const s of suppressions) {
    if (s.used || !checkable(s) || !meetsSeverityMin('info', config.selection)) continue;
    const which = s.rules.length ? s.rules.join(', ') : 'all rules';
    raw.push(
      engineFinding(
        'unused-suppression',
        s.line,
        1,
        `This suppression (${which}) matches no finding.`,
        'Delete the directive: the problem it silenced is gone.',
      ),
    );
    matched.push(null);
  }

  const order = raw
    .map((_, i) => i)
    .sort(
      (a, b) =>
        raw[a]!.line - raw[b]!.line ||
        raw[a]!.column - raw[b]!.column ||
        (raw[a]!.ruleId < raw[b]!.ruleId ? -1 : raw[a]!.ruleId > raw[b]!.ruleId ? 1 : 0),
    );
  const sorted = order.map((i) => raw[i]!);
  const prints = fingerprints(sorted, file.path, model.lines);
  const findings: Finding[] = sorted.map((f, k) => {
    const suppression = matched[order[k]!] ?? null;
    const counted = suppression === null && f.ruleId !== 'internal-rule-error';
    return {
      ...f,
      id: childId(result.id, prints[k]!),
      fingerprint: prints[k]!,
      cost: counted ? findingCost(f.severity, f.metric, f.confidence, model.metrics.sloc) : 0,
      muted: false,
      mutedReason: null,
      suppressed: suppression !== null,
      suppressionReason: suppression?.reason ?? null,
    };
  });

  const dims = dimensionScores(findings);
  result.status = 'graded';
  result.findings = findings;
  result.dimensions = dims;
  result.score = fileScore(dims, resolver.weightsFor(relPath), config.dimensions);
  result.grade = letterGrade(result.score);
  result.metrics = {
    maintainabilityIndex: Math.round(model.metrics.maintainabilityIndex * 100) / 100,
    halsteadVolume: Math.round(model.metrics.halsteadVolume * 10) / 10,
    commentRatio: Math.round(model.metrics.commentRatio * 1000) / 1000,
  };
  result.functions = functionResults(model);
  const ran = new Set(
    active
      .filter((a) => a.rule.meta.languages.includes(model.language) && (a.rule.source !== 'neural' || neuralRan))
      .map((a) => a.rule.dimension),
  );
  return { result, dimensionsRan: [...ran], ...(warnings.length ? { warnings } : {}), ...(stopped.length ? { incomplete: true } : {}) };
}
