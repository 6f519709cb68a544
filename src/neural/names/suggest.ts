/**
 * Concrete rename suggestions for naming findings (`short-identifier`): the names model
 * (models/toasty-names.onnx, described by models/names.json) scores a vocabulary of names from how
 * the binding is used (./features.ts); the best candidates that are valid where the binding lives
 * become the finding's `nameSuggestions`, its suggestion text, and, where renaming every occurrence
 * cannot change what the program does, an unsafe fix. The model is loaded only when a file has a
 * naming finding, with the same onnxruntime session settings as the other neural models.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import type { FixSuggestion, RawFinding } from '../../model/findings.js';
import type { BindingNode, SourceFile } from '../../model/types.js';
import { coveringEdit } from '../../util/text-edits.js';
import { lineOf, round2 } from '../findings.js';
import { DEFAULT_MODEL_DIR, NeuralUnavailableError, readManifestJson } from '../manifest.js';
import { retryingMemo } from '../memo.js';
import { openOnnxModel, type Ort } from '../onnx.js';
import { NAMING_RULES } from './rules.js';
import { contextCandidates, type CandidateSource } from './candidates.js';
import { PYTHON_BUILTINS } from '../../languages/python/builtins.js';
import { fileContext, firstTokenAt, NAME_BAG, NAME_BUCKETS, NAMES_VERSION, nameSite, type FileContext, type NameSite } from './features.js';

export const NAMES_MANIFEST = 'names.json';
/** At most this many suggestions per finding. */
export const MAX_SUGGESTIONS = 5;

/** models/names.json. */
export interface NamesManifest {
  name: string;
  format: 1;
  model: string;
  namesVersion: number;
  buckets: number;
  bag: number;
  /** The names the model scores, as lower-case sub-tokens joined by `_`, in output order. */
  vocab: string[];
  /** Per vocabulary entry: 1 = a Python name, 2 = a JavaScript/TypeScript name, 3 = both (names never written in a language are not offered there). */
  languages?: number[];
  /** The best valid candidate must reach this probability, else the finding keeps its generic text. */
  minConfidence: number;
  /** Added to a name's probability per kind of evidence in the code (./candidates.ts), chosen on the calib projects. */
  contextWeights?: Partial<Record<CandidateSource, number>>;
  [extra: string]: unknown;
}

export interface NameSuggestion {
  name: string;
  confidence: number;
}

export interface LoadedNamer {
  dir: string;
  manifest: NamesManifest;
  session: InferenceSession;
  ort: Ort;
  modelSha256: string;
}

export function loadNamesManifest(dir: string): NamesManifest {
  const path = join(dir, NAMES_MANIFEST);
  const manifest = readManifestJson<NamesManifest>(path, dir, 'names manifest');
  const problems: string[] = [];
  if (manifest.format !== 1) problems.push(`format must be 1, got ${String(manifest.format)}`);
  if (manifest.namesVersion !== NAMES_VERSION)
    problems.push(`namesVersion ${String(manifest.namesVersion)} does not match this toasty's ${NAMES_VERSION}`);
  if (manifest.buckets !== NAME_BUCKETS || manifest.bag !== NAME_BAG)
    problems.push(`feature hashing (${String(manifest.buckets)} × ${String(manifest.bag)}) does not match ${NAME_BUCKETS} × ${NAME_BAG}`);
  if (typeof manifest.model !== 'string') problems.push('model (the .onnx file) is missing');
  if (!Array.isArray(manifest.vocab) || manifest.vocab.length === 0) problems.push('vocab (the names scored) is missing');
  if (typeof manifest.minConfidence !== 'number') problems.push('minConfidence is missing');
  if (problems.length) throw new NeuralUnavailableError(`names manifest ${path} is invalid: ${problems.join('; ')}`, dir);
  return manifest;
}

async function load(dir: string): Promise<LoadedNamer> {
  const manifest = loadNamesManifest(dir);
  return { dir, manifest, ...(await openOnnxModel(dir, manifest.model, 'names model')) };
}

const loadOnce = retryingMemo(load);

/** The names model in `dir`, loaded on first use; a failed load is not cached. */
export function getNamer(dir: string = DEFAULT_MODEL_DIR): Promise<LoadedNamer> {
  return loadOnce(dir);
}

/** The folder holding names.json: the configured model folder when it has one, else the bundled models/. */
export function namesDir(modelDir: string | null | undefined): string {
  return modelDir && existsSync(join(modelDir, NAMES_MANIFEST)) ? modelDir : DEFAULT_MODEL_DIR;
}

/**
 * What name suggestions depend on besides the file and the config: the names manifest and model
 * bytes (cached results carry it, so a replaced model is not served stale). Reads files only.
 */
export function namesIdentity(modelDir: string | null | undefined): string {
  const dir = namesDir(modelDir);
  const hash = createHash('sha256').update(`names ${NAMES_VERSION}\0`);
  for (const file of [NAMES_MANIFEST, 'toasty-names.onnx']) {
    const path = join(dir, file);
    hash.update(existsSync(path) ? readFileSync(path) : `no ${file}`);
  }
  return hash.digest('hex').slice(0, 16);
}

/** Probabilities over the vocabulary, one row per site, in one run. */
export async function scoreNameSites(namer: LoadedNamer, sites: readonly NameSite[]): Promise<Float32Array[]> {
  if (sites.length === 0) return [];
  const ids = new BigInt64Array(sites.length * NAME_BAG);
  sites.forEach((s, r) => s.ids.forEach((id, j) => (ids[r * NAME_BAG + j] = BigInt(id))));
  let out: InferenceSession.ReturnType;
  try {
    out = await namer.session.run({ ids: new namer.ort.Tensor('int64', ids, [sites.length, NAME_BAG]) });
  } catch (error) {
    throw new NeuralUnavailableError(`the names model failed to run: ${(error as Error).message}`, namer.dir);
  }
  const probs = out.probs!.data as Float32Array;
  const v = namer.manifest.vocab.length;
  return sites.map((_, r) => probs.subarray(r * v, (r + 1) * v));
}

const PY_RESERVED = new Set([
  ...(
    'False None True and as assert async await break class continue def del elif else except finally for from global if import in is ' +
    'lambda nonlocal not or pass raise return try while with yield match case type self cls __import__ Exception'
  ).split(' '),
  // builtins a local name would shadow
  ...PYTHON_BUILTINS,
]);
const JS_RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if import ' +
    'in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface ' +
    'package private protected public await async of undefined NaN Infinity arguments eval ' +
    // globals a local name would shadow
    'Object Array String Number Boolean Symbol Map Set WeakMap WeakSet Promise Error JSON Math Date RegExp console window document ' +
    'globalThis process require module exports Buffer parseInt parseFloat isNaN name length constructor prototype'
  ).split(' '),
);

/** The file's convention for multi-word local names: snake_case or camelCase, by majority (the language's habit on a tie). */
export function namingConvention(file: SourceFile): 'snake' | 'camel' {
  let snake = 0;
  let camel = 0;
  for (const b of file.bindings ?? []) {
    if (b.kind === 'class' || b.kind === 'import' || /^[A-Z0-9_]+$/.test(b.name)) continue;
    if (/^_?[a-z0-9]+(_[a-z0-9]+)+$/.test(b.name)) snake++;
    else if (/^[a-z][a-z0-9]*([A-Z][a-z0-9]*)+$/.test(b.name)) camel++;
  }
  if (snake === camel) return file.language === 'python' ? 'snake' : 'camel';
  return snake > camel ? 'snake' : 'camel';
}

/** A vocabulary entry (`node_id`) written in a convention (`node_id` / `nodeId`). */
export function render(entry: string, convention: 'snake' | 'camel'): string {
  if (convention === 'snake') return entry;
  return entry
    .split('_')
    .map((s, i) => (i === 0 ? s : s.charAt(0).toUpperCase() + s.slice(1)))
    .join('');
}

/** namesInUse per file and function (every binding of a function shares it). */
const inUseCache = new WeakMap<FileContext, Map<number, Set<string>>>();

/** Names a renamed binding must not take in its function: every name read or bound there (attributes aside). */
function namesInUse(ctx: FileContext, site: NameSite): Set<string> {
  let perFunction = inUseCache.get(ctx);
  if (!perFunction) inUseCache.set(ctx, (perFunction = new Map()));
  const cached = perFunction.get(site.binding.scope!);
  if (cached) return cached;
  const used = computeNamesInUse(ctx, site);
  perFunction.set(site.binding.scope!, used);
  return used;
}

function computeNamesInUse(ctx: FileContext, site: NameSite): Set<string> {
  const fn = site.function;
  const from = (ctx.starts[fn.span.line - 1] ?? 0) + fn.span.column - 1;
  const to = (ctx.starts[fn.span.endLine - 1] ?? ctx.file.text.length) + fn.span.endColumn - 1;
  const used = new Set<string>();
  for (let i = firstTokenAt(ctx.tokens, from); i < ctx.tokens.length; i++) {
    const t = ctx.tokens[i]!;
    if (t.start >= to) break;
    if (t.kind !== 'id') continue;
    const prev = ctx.tokens[i - 1]?.text;
    const next = ctx.tokens[i + 1]?.text;
    if (prev === '.' || prev === '?.') continue;
    // A keyword argument `f(callback=h)` (Python) or an object key `{callback: h}` (JS) names no variable.
    if ((prev === '(' || prev === ',') && next === '=' && site.language === 'python') continue;
    if ((prev === '{' || prev === ',') && next === ':' && site.language !== 'python') continue;
    used.add(t.text);
  }
  // Every binding of the function and of the functions nested in it (their parameters included).
  for (const b of ctx.file.bindings ?? [])
    if (b.scope !== null && (b.scope === site.binding.scope || nestedScope(ctx.file, b.scope, site.binding.scope))) used.add(b.name);
  // Names of the enclosing scopes the function may read later (closures) or that a nested `global` could reach.
  for (const b of ctx.file.bindings ?? []) if (b.scope === null || b.scope === fn.parentFunction) used.add(b.name);
  return used;
}

function nestedScope(file: SourceFile, inner: number, outer: number | null): boolean {
  for (let f = file.functions[inner]?.parentFunction ?? null; f !== null; f = file.functions[f]?.parentFunction ?? null)
    if (f === outer) return true;
  return false;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A valid name for the site: an identifier of the language, not reserved, not in use, not the original. */
function validName(site: NameSite, name: string, used: ReadonlySet<string>): boolean {
  const reserved = site.language === 'python' ? PY_RESERVED : JS_RESERVED;
  if (!IDENTIFIER.test(name) || (site.language === 'python' && name.includes('$'))) return false;
  return !(name === site.binding.name || name.length < 2 || reserved.has(name) || used.has(name));
}

/** Valid candidates for one site from the model alone, best first: an identifier of the language, not reserved, not in use, not the original. */
export function validCandidates(
  ctx: FileContext,
  site: NameSite,
  probs: Float32Array,
  vocab: readonly string[],
  convention: 'snake' | 'camel',
  limit = MAX_SUGGESTIONS,
  languages?: readonly number[],
  used: ReadonlySet<string> = namesInUse(ctx, site),
): NameSuggestion[] {
  const bit = site.language === 'python' ? 1 : 2;
  const pick = (order: readonly number[]): NameSuggestion[] => {
    const out: NameSuggestion[] = [];
    const seen = new Set<string>();
    for (const k of order) {
      if (out.length >= limit) break;
      if (languages && !((languages[k] ?? 3) & bit)) continue;
      const name = render(vocab[k]!, convention);
      if (seen.has(name) || !validName(site, name, used)) continue;
      seen.add(name);
      out.push({ name, confidence: probs[k]! });
    }
    return out;
  };
  // The best TOP_K entries in one pass (sorting a 16k-name row per finding costs milliseconds); the
  // whole row is sorted only when too few of them are valid.
  const best = topIndices(probs, TOP_K);
  const out = pick(best);
  if (out.length >= limit || best.length === probs.length) return out;
  return pick(Array.from(probs.keys()).sort((a, b) => probs[b]! - probs[a]! || a - b));
}

/** Added to a name's model probability per kind of evidence the code states for it (names.json `contextWeights` overrides; these are the weights chosen on the calib projects for the shipped model). */
export const DEFAULT_CONTEXT_WEIGHTS: Readonly<Record<CandidateSource, number>> = {
  annotation: 0.15,
  annotationTail: 0.5,
  default: 0.3,
  caller: 0.8,
  keyword: 0.8,
  key: 0.15,
  attribute: 0.8,
  alias: 0.3,
  calleeParam: 0.5,
  assignedFrom: 0.15,
  iteratedAs: 0.5,
  sameUses: 0.8,
  fileParam: 0.5,
};

/** Vocabulary index of each entry (built once per vocabulary). */
const vocabIndexes = new WeakMap<readonly string[], Map<string, number>>();
function vocabIndex(vocab: readonly string[]): Map<string, number> {
  let index = vocabIndexes.get(vocab);
  if (!index) vocabIndexes.set(vocab, (index = new Map(vocab.map((v, i) => [v, i]))));
  return index;
}

/** What a site's suggestions are ranked from: the model's best valid names and the valid names the code states, with their evidence. */
export interface NameEvidence {
  model: NameSuggestion[];
  /** Per name: the kinds of evidence naming it and each one's strength (1, or a share for `sameUses`). */
  context: { name: string; probability: number; sources: CandidateSource[]; strengths: number[] }[];
}

/** The model's best valid names and the valid names the code states for the binding (./candidates.ts). */
export function nameEvidence(
  ctx: FileContext,
  site: NameSite,
  probs: Float32Array,
  manifest: Pick<NamesManifest, 'vocab' | 'languages'>,
  convention: 'snake' | 'camel',
  limit = MAX_SUGGESTIONS,
): NameEvidence {
  const used = namesInUse(ctx, site);
  const model = validCandidates(ctx, site, probs, manifest.vocab, convention, limit, manifest.languages, used);
  const bit = site.language === 'python' ? 1 : 2;
  const index = vocabIndex(manifest.vocab);
  const context: NameEvidence['context'] = [];
  for (const [entry, sources] of contextCandidates(ctx, site)) {
    const name = render(entry, convention);
    if (!validName(site, name, used)) continue;
    const k = index.get(entry);
    const probability = k !== undefined && (manifest.languages?.[k] ?? 3) & bit ? probs[k]! : 0;
    context.push({ name, probability, sources: [...sources.keys()], strengths: [...sources.values()] });
  }
  return { model, context };
}

/**
 * Suggestions from the evidence, best first: a name's score is its model probability (0 outside the
 * vocabulary or its language) plus the weight of every kind of evidence the code states for it,
 * capped at 0.99 as the reported confidence.
 */
export function combineEvidence(
  evidence: NameEvidence,
  weights: Readonly<Partial<Record<CandidateSource, number>>>,
  limit = MAX_SUGGESTIONS,
): NameSuggestion[] {
  const scored = new Map<string, number>();
  for (const s of evidence.model) scored.set(s.name, s.confidence);
  for (const c of evidence.context) {
    let bonus = 0;
    c.sources.forEach((source, i) => (bonus += (weights[source] ?? 0) * c.strengths[i]!));
    if (bonus > 0) scored.set(c.name, c.probability + bonus);
  }
  return [...scored]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([name, score]) => ({ name, confidence: round2(Math.min(0.99, score)) }));
}

/** The site's suggestions, best first (nameEvidence + combineEvidence with the manifest's weights). */
export function rankNames(
  ctx: FileContext,
  site: NameSite,
  probs: Float32Array,
  manifest: Pick<NamesManifest, 'vocab' | 'languages' | 'contextWeights'>,
  convention: 'snake' | 'camel',
  limit = MAX_SUGGESTIONS,
): NameSuggestion[] {
  return combineEvidence(
    nameEvidence(ctx, site, probs, manifest, convention, limit),
    manifest.contextWeights ?? DEFAULT_CONTEXT_WEIGHTS,
    limit,
  );
}

/** Candidates read before falling back to sorting the whole row. */
const TOP_K = 64;

/** Indices of the `k` largest values, largest first (ties: lower index first). */
export function topIndices(values: Float32Array, k: number): number[] {
  const top: number[] = [];
  const best: number[] = [];
  // Once k values are held, anything not above the smallest of them is skipped at once.
  let floor = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v <= floor) continue;
    let j = top.length === k ? k - 1 : top.length;
    while (j > 0 && best[j - 1]! < v) {
      if (j < k) {
        top[j] = top[j - 1]!;
        best[j] = best[j - 1]!;
      }
      j--;
    }
    top[j] = i;
    best[j] = v;
    if (top.length === k) floor = best[k - 1]!;
  }
  return top;
}

/** The binding a naming finding points at (its declaring identifier). */
function bindingOf(file: SourceFile, f: RawFinding): BindingNode | undefined {
  return file.bindings?.find((b) => b.span.line === f.line && b.span.column === f.column && b.span.endColumn === f.endColumn);
}

/** The unsafe fix renaming every occurrence of the site's binding to `name`. */
export function renameFix(ctx: FileContext, site: NameSite, name: string): FixSuggestion | null {
  const edits = site.occurrences.map((o) => {
    const line = lineOf(ctx.starts, o.start);
    const endLine = lineOf(ctx.starts, o.end);
    return {
      line: line + 1,
      column: o.start - ctx.starts[line]! + 1,
      endLine: endLine + 1,
      endColumn: o.end - ctx.starts[endLine]! + 1,
      text: name,
    };
  });
  const covering = coveringEdit(ctx.file.text, ctx.file.language, edits);
  if (!covering) return null;
  const { text, ...range } = covering;
  return { applicability: 'unsafe', edits, range, text };
}

export interface NamesOptions {
  /** Folder holding names.json (default: the bundled models/). */
  modelDir?: string;
}

/**
 * Adds `nameSuggestions`, a concrete suggestion text and (where safe to offer) an unsafe rename fix
 * to the naming findings of `file`, in place. A file without a naming finding never loads the model.
 */
export async function suggestNames(file: SourceFile, findings: RawFinding[], options: NamesOptions = {}): Promise<void> {
  const naming = findings.filter((f) => NAMING_RULES.has(f.ruleId));
  if (naming.length === 0) return;
  const ctx = fileContext(file);
  if (!ctx) return;
  const jobs: { finding: RawFinding; site: NameSite }[] = [];
  for (const finding of naming) {
    const binding = bindingOf(file, finding);
    const site = binding && nameSite(ctx, binding);
    if (site) jobs.push({ finding, site });
  }
  if (jobs.length === 0) return;
  const namer = await getNamer(options.modelDir);
  const rows = await scoreNameSites(
    namer,
    jobs.map((j) => j.site),
  );
  const convention = namingConvention(file);
  jobs.forEach(({ finding, site }, r) => {
    const suggestions = rankNames(ctx, site, rows[r]!, namer.manifest, convention);
    if (suggestions.length === 0 || suggestions[0]!.confidence < namer.manifest.minConfidence) return;
    finding.nameSuggestions = suggestions;
    const [first, ...rest] = suggestions;
    const others = rest.slice(0, 2).map((s) => `\`${s.name}\``);
    finding.suggestion = `Rename \`${site.binding.name}\` to \`${first!.name}\`${others.length ? ` (or ${others.join(', ')})` : ''}`;
    if (site.unsafe === null && !finding.fix) {
      const fix = renameFix(ctx, site, first!.name);
      if (fix) finding.fix = fix;
    }
  });
}
