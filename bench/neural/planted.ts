/**
 * Planted-bug benchmark on held-out real files (the corpus manifest's `test` split, never trained
 * on; TypeScript: this repository's own src/ files in the test half).
 *
 * For every function (at most MAX_PER_FILE per file, seeded), one realistic mutation inside it —
 * a comparison flipped or off by one, an operator / boolean / constant swapped, an integer literal
 * off by one, an identifier replaced by another identifier of the same function, two call
 * arguments swapped — and the whole mutated file is scored by the shipped pipeline.
 * Reported per language:
 *   top1Function  the most suspicious token of the mutated function is on the mutated line
 *   top1File      ... of the whole mutated file
 *   moreSuspicious the mutated function's highest token score is above the original function's
 *   flagged       a finding (calibrated threshold) on the mutated line; repaired: its suggestion is the original token
 *   falsePer100   findings per 100 lines on the unmutated files (all findings there are false by construction)
 *
 * Usage: npx tsc -p bench/neural && node bench/out/neural-build/bench/neural/planted.js [--max-per-file 12] [--split test|calib] [--rank-by score|prob|combined]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAdapter } from '../../src/languages/registry.js';
import type { Language } from '../../src/model/types.js';
import { candidatesFor, KEYWORDS } from '../../src/neural/candidates.js';
import { findingsFromScores, lineOf, lineStarts, reportable, suggest } from '../../src/neural/findings.js';
import { lex, lexLanguage, type LexLanguage, type PreToken } from '../../src/neural/lexer.js';
import { thresholdFor } from '../../src/neural/index.js';
import { logit, scorePreTokens, type ScoredTokens } from '../../src/neural/score.js';
import type { Tokenizer } from '../../src/neural/tokenizer.js';
import { getModel, type LoadedModel } from '../../src/neural/session.js';
import { ROOT, corpusManifest, readSource, rng, tsFiles, tsSplit } from './common.js';

const args = process.argv.slice(2);
const MAX_PER_FILE = Number(args[args.indexOf('--max-per-file') + 1] ?? 12) || 12;
/** `test` (default, reported) or `calib` (for choosing between scoring variants without looking at test). */
const SPLIT = args.includes('--split') ? (args[args.indexOf('--split') + 1] as 'test' | 'calib') : 'test';
/** `score` (baseline-adjusted, default) or `prob` (raw) for ranking; findings always use the manifest thresholds on `score`. */
/** `--dump FILE`: (score, MLM margin) of every reportable token with a suggestion, on clean lines and on mutated lines, for choosing a finding rule offline. */
const DUMP = args.includes('--dump') ? args[args.indexOf('--dump') + 1]! : null;
const dump: { clean: Record<string, [string, number, number, number][]>; mutated: Record<string, [number, number][][]> } = { clean: {}, mutated: {} };
/** Reportable tokens with a positive-margin suggestion: [line (1-based), score, margin]. */
function candidateTokens(scored: ScoredTokens, text: string, lang: LexLanguage, tokenizer: Tokenizer): [number, number, number][] {
  const out: [number, number, number][] = [];
  const starts = lineStarts(text);
  scored.scores.forEach((s, i) => {
    const t = scored.preTokens[i]!;
    if (!reportable(t.text, t.kind) || !s.logits) return;
    const sug = suggest(scored, i, lang, tokenizer);
    if (!sug || sug.margin <= 0) return;
    out.push([lineOf(starts, t.start) + 1, Math.round(s.score * 1e4) / 1e4, Math.round(sug.margin * 100) / 100]);
  });
  return out;
}
const RANK_BY = args.includes('--rank-by') ? (args[args.indexOf('--rank-by') + 1] as 'score' | 'prob' | 'combined') : 'score';
/** combined = logit(score) + margin of the best candidate under the MLM head (0 when the head has no row), for ranking. */
function rankValue(scored: ScoredTokens, i: number, lang: LexLanguage, tokenizer: Tokenizer): number {
  const s = scored.scores[i]!;
  if (RANK_BY !== 'combined') return s[RANK_BY];
  const sug = suggest(scored, i, lang, tokenizer);
  return logit(s.score) + Math.max(-5, Math.min(5, sug?.margin ?? 0));
}
const CMP = new Set(['<', '<=', '>', '>=']);
/** Keyword-like operators and constants that get swapped like operators (and↔or, True↔False, break↔continue…). */
const OP_WORDS = new Set(['and', 'or', 'True', 'False', 'true', 'false', 'break', 'continue', 'null', 'undefined']);

interface Mutation {
  kind: 'comparison' | 'operator' | 'literal' | 'identifier' | 'swap-args';
  /** Edits on the original text, applied right to left. */
  edits: { start: number; end: number; text: string }[];
  line: number;
  original: string;
  /** Pre-token indices of the edited tokens (the same in the original and the mutated file). */
  indices: number[];
}

interface Acc {
  variants: number;
  top1Function: number;
  top1File: number;
  /** The unmutated function's most suspicious line is already the line that gets mutated (what position priors alone achieve). */
  top1Original: number;
  /** The mutated token scores higher in the mutated file than the original token at the same place in the original file. */
  tokenMoreSuspicious: number;
  moreSuspicious: number;
  flagged: number;
  repaired: number;
  byKind: Record<string, { n: number; top1Function: number; moreSuspicious: number }>;
  lines: number;
  cleanFindings: number;
  files: number;
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function mutationsFor(text: string, pre: PreToken[], lo: number, hi: number, lang: LexLanguage, r: () => number): Mutation | null {
  const inFn = pre.map((t, i) => i).filter((i) => pre[i]!.start >= lo && pre[i]!.end <= hi);
  const kw = KEYWORDS[lang];
  const idsInFn = [...new Set(inFn.filter((i) => pre[i]!.kind === 'id' && !kw.has(pre[i]!.text)).map((i) => pre[i]!.text))].sort();
  const sites: Record<Mutation['kind'], number[]> = { comparison: [], operator: [], literal: [], identifier: [], 'swap-args': [] };
  for (const i of inFn) {
    const t = pre[i]!;
    if (t.kind === 'op' && CMP.has(t.text)) sites.comparison.push(i);
    else if (t.kind === 'num' && /^[0-9]{1,6}$/.test(t.text)) sites.literal.push(i);
    else if (t.kind === 'id' && !kw.has(t.text) && idsInFn.length > 1) sites.identifier.push(i);
    const group = candidatesFor(t.text, 'group-only', lang, []);
    if (!CMP.has(t.text) && group.length && (t.kind === 'op' || OP_WORDS.has(t.text))) sites.operator.push(i);
    const a = pre[i + 1];
    const comma = pre[i + 2];
    const b = pre[i + 3];
    const close = pre[i + 4];
    if (t.kind === 'op' && (t.text === '(' || t.text === ',') && a && comma && b && close && (a.kind === 'id' || a.kind === 'num') && comma.text === ',' && (b.kind === 'id' || b.kind === 'num') && a.text !== b.text && (close.text === ')' || close.text === ',') && close.end <= hi)
      sites['swap-args'].push(i + 1);
  }
  const kinds = (Object.keys(sites) as Mutation['kind'][]).filter((k) => sites[k].length);
  if (!kinds.length) return null;
  const kind = kinds[Math.floor(r() * kinds.length)]!;
  const i = sites[kind][Math.floor(r() * sites[kind].length)]!;
  const t = pre[i]!;
  const pick = (xs: string[]): string => xs[Math.floor(r() * xs.length)]!;
  let edits: Mutation['edits'];
  if (kind === 'comparison' || kind === 'operator') edits = [{ start: t.start, end: t.end, text: pick(candidatesFor(t.text, 'group-only', lang, [])) }];
  else if (kind === 'literal') {
    const v = Number(t.text);
    edits = [{ start: t.start, end: t.end, text: String(v === 0 || r() < 0.5 ? v + 1 : v - 1) }];
  } else if (kind === 'identifier') edits = [{ start: t.start, end: t.end, text: pick(idsInFn.filter((x) => x !== t.text)) }];
  else {
    const b = pre[i + 2]!;
    edits = [
      { start: b.start, end: b.end, text: t.text },
      { start: t.start, end: t.end, text: b.text },
    ];
  }
  return { kind, edits, line: lineOfOffset(text, t.start), original: t.text, indices: kind === 'swap-args' ? [i, i + 2] : [i] };
}

function apply(text: string, m: Mutation): string {
  let out = text;
  for (const e of [...m.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** Highest reportable-token score in [lo, hi) and its line. */
function best(scored: ScoredTokens, text: string, lang: LexLanguage, lo: number, hi: number, tokenizer: Tokenizer): { prob: number; line: number } {
  let prob = -Infinity;
  let at = -1;
  scored.preTokens.forEach((t, i) => {
    if (t.start < lo || t.end > hi || !reportable(t.text, t.kind)) return;
    const v = rankValue(scored, i, lang, tokenizer);
    if (v > prob) {
      prob = v;
      at = t.start;
    }
  });
  return { prob, line: at < 0 ? -1 : lineOfOffset(text, at) };
}

function lineStartOffset(text: string, line: number): number {
  let off = 0;
  for (let l = 1; l < line; l++) off = text.indexOf('\n', off) + 1;
  return off;
}

async function run(): Promise<void> {
  const model: LoadedModel = await getModel(join(ROOT, 'models'));
  const manifest = corpusManifest();
  const files: { path: string; language: Language; text: string }[] = manifest
    .filter((m) => m.split === SPLIT)
    .map((m) => ({ path: m.path, language: m.language as Language, text: readSource(m.path) }));
  for (const f of tsFiles().filter((x) => tsSplit(x.path) === SPLIT)) files.push({ path: f.path, language: 'typescript', text: f.text });
  const r = rng(12345);
  const acc = new Map<string, Acc>();
  const t0 = performance.now();
  for (const f of files) {
    const lang = lexLanguage(f.language);
    const a: Acc = acc.get(f.language) ?? { variants: 0, top1Function: 0, top1File: 0, top1Original: 0, tokenMoreSuspicious: 0, moreSuspicious: 0, flagged: 0, repaired: 0, byKind: {}, lines: 0, cleanFindings: 0, files: 0 };
    acc.set(f.language, a);
    const adapter = await loadAdapter(f.language);
    const parsed = adapter.parse(f.path, f.text, f.language);
    const threshold = thresholdFor(model.manifest.thresholds, f.language);
    const pre = lex(f.text, lang);
    const scored = await scorePreTokens(model, pre, { language: lang });
    a.files++;
    a.lines += f.text.split('\n').length;
    a.cleanFindings += findingsFromScores(scored, f.text, lang, model.tokenizer, { threshold }).length;
    if (DUMP) for (const [line, sc, mg] of candidateTokens(scored, f.text, lang, model.tokenizer)) (dump.clean[f.language] ??= []).push([f.path, line, sc, mg]);
    if (!parsed.parsed) continue;
    const fns = parsed.functions.filter((fn) => fn.span.endLine > fn.span.line);
    const chosen = fns
      .map((fn) => ({ fn, key: r() }))
      .sort((x, y) => x.key - y.key)
      .slice(0, MAX_PER_FILE)
      .map((x) => x.fn);
    for (const fn of chosen) {
      const lo = lineStartOffset(f.text, fn.bodySpan.line);
      const hi = lineStartOffset(f.text, fn.span.endLine + 1) || f.text.length;
      const m = mutationsFor(f.text, pre, lo, hi, lang, r);
      if (!m) continue;
      const mutated = apply(f.text, m);
      const delta = mutated.length - f.text.length;
      const mscored = await scorePreTokens(model, lex(mutated, lang), { language: lang });
      const orig = best(scored, f.text, lang, lo, hi, model.tokenizer);
      const mut = best(mscored, mutated, lang, lo, hi + delta, model.tokenizer);
      const fileBest = best(mscored, mutated, lang, 0, mutated.length, model.tokenizer);
      const findings = findingsFromScores(mscored, mutated, lang, model.tokenizer, { threshold });
      const hit = findings.find((x) => x.line === m.line);
      if (DUMP)
        (dump.mutated[f.language] ??= []).push(
          candidateTokens(mscored, mutated, lang, model.tokenizer)
            .filter(([line]) => line === m.line)
            .map(([, sc, mg]) => [sc, mg]),
        );
      a.variants++;
      const k = (a.byKind[m.kind] ??= { n: 0, top1Function: 0, moreSuspicious: 0 });
      k.n++;
      if (mut.line === m.line) {
        a.top1Function++;
        k.top1Function++;
      }
      if (fileBest.line === m.line) a.top1File++;
      if (orig.line === m.line) a.top1Original++;
      const tokenScore = (sc: ScoredTokens): number => Math.max(...m.indices.map((j) => sc.scores[j]?.score ?? 0));
      if (mscored.preTokens[m.indices[0]!]?.start === m.edits.at(-1)!.start && tokenScore(mscored) > tokenScore(scored)) a.tokenMoreSuspicious++;
      if (mut.prob > orig.prob) {
        a.moreSuspicious++;
        k.moreSuspicious++;
      }
      if (hit) {
        a.flagged++;
        if (hit.message.includes(`\`${m.original}\` is more common`)) a.repaired++;
      }
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const pct = (x: number, n: number): number => Math.round((1000 * x) / Math.max(1, n)) / 10;
  const result: Record<string, unknown> = { maxPerFile: MAX_PER_FILE, split: SPLIT, rankBy: RANK_BY, seconds: Math.round(seconds) };
  for (const [lang, a] of acc) {
    result[lang] = {
      files: a.files,
      lines: a.lines,
      variants: a.variants,
      top1FunctionPct: pct(a.top1Function, a.variants),
      top1FilePct: pct(a.top1File, a.variants),
      top1SameLineBeforeMutationPct: pct(a.top1Original, a.variants),
      moreSuspiciousPct: pct(a.moreSuspicious, a.variants),
      tokenMoreSuspiciousPct: pct(a.tokenMoreSuspicious, a.variants),
      flaggedPct: pct(a.flagged, a.variants),
      repairedPct: pct(a.repaired, a.variants),
      falseFindingsPer100Lines: Math.round((100 * 100 * a.cleanFindings) / a.lines) / 100,
      cleanFindings: a.cleanFindings,
      byKind: Object.fromEntries(Object.entries(a.byKind).map(([k, v]) => [k, { n: v.n, top1FunctionPct: pct(v.top1Function, v.n), moreSuspiciousPct: pct(v.moreSuspicious, v.n) }])),
    };
  }
  console.log(JSON.stringify(result, null, 1));
  if (DUMP) writeFileSync(DUMP, JSON.stringify({ ...dump, lines: Object.fromEntries([...acc].map(([l, a]) => [l, a.lines])) }));
  writeFileSync(join(ROOT, `bench/out/planted${SPLIT === 'test' ? '' : `-${SPLIT}`}${RANK_BY === 'score' ? '' : `-${RANK_BY}`}.json`), JSON.stringify(result, null, 1));
}

await run();
