/**
 * Scores → `unusual-token` findings: threshold, suggested replacement from the corrective-MLM
 * head restricted to plausible candidates, one finding per line at most, line/column spans.
 */
import { candidatesFor, KEYWORDS, NOT_REPORTED } from './candidates.js';
import type { LexLanguage } from './lexer.js';
import type { ScoredTokens } from './score.js';
import type { Tokenizer } from './tokenizer.js';
import type { RawFinding } from '../model/findings.js';

export const RULE_ID = 'unusual-token';
/** Pre-tokens either side of a flagged identifier whose identifiers are candidate replacements. */
const ID_CONTEXT = 160;

export interface FindingOptions {
  threshold: number;
  /** Keep a finding only when some candidate is more likely than the token itself under the MLM head (default true). */
  requireSuggestion?: boolean;
}

export interface Suggestion {
  replacement: string;
  /** MLM logit of the replacement minus that of the current token. */
  margin: number;
}

export const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Offsets at which each line starts (`\n`-separated). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 0-based line of `offset`, by binary search in `lineStarts`. */
export function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Whether a pre-token may be reported at all. */
export function reportable(text: string, kind: string): boolean {
  if (kind === 'op') return !NOT_REPORTED.has(text);
  return kind === 'id' || kind === 'num';
}

/** The best-scoring plausible replacement for pre-token `i`, or null when the head has no row for it or no candidate. */
export function suggest(scored: ScoredTokens, i: number, language: LexLanguage, tokenizer: Tokenizer): Suggestion | null {
  const logits = scored.scores[i]?.logits;
  const token = scored.preTokens[i]!;
  if (!logits) return null;
  const ids = new Set<string>();
  if (token.kind === 'id') {
    const kw = KEYWORDS[language];
    const lo = Math.max(0, i - ID_CONTEXT);
    const hi = Math.min(scored.preTokens.length, i + ID_CONTEXT);
    for (let j = lo; j < hi; j++) {
      const t = scored.preTokens[j]!;
      if (t.kind === 'id' && !kw.has(t.text)) ids.add(t.text);
    }
  }
  const current = logits[tokenizer.encodePreToken(token.text)[0]!]!;
  let best: Suggestion | null = null;
  for (const c of candidatesFor(token.text, token.kind, language, [...ids])) {
    const logit = logits[tokenizer.encodePreToken(c)[0]!]!;
    if (!best || logit - current > best.margin) best = { replacement: c, margin: logit - current };
  }
  return best;
}

function hint(current: string, replacement: string, language: LexLanguage): string {
  const cmp = ['<', '<=', '>', '>='];
  if (cmp.includes(current) && cmp.includes(replacement)) return ' Is the comparison reversed or off by one?';
  if (/^[0-9]+$/.test(current) && /^[0-9]+$/.test(replacement)) return ' Is the bound off by one?';
  const kw = KEYWORDS[language];
  const isName = (t: string): boolean => /^[A-Za-z_$]/.test(t) && !kw.has(t);
  if (isName(current) && isName(replacement)) return ' Is this the right name (a copy-paste slip, swapped arguments)?';
  return '';
}

export interface LineCandidate {
  /** 0-based line. */
  line: number;
  /** Pre-token index. */
  index: number;
  /** TokenScore.score (baseline-adjusted probability). */
  score: number;
  suggestion: Suggestion | null;
}

/** Per line, the most suspicious reportable token with score ≥ threshold (and a better candidate when required). */
export function lineCandidates(
  scored: ScoredTokens,
  text: string,
  language: LexLanguage,
  tokenizer: Tokenizer,
  options: FindingOptions,
): LineCandidate[] {
  const requireSuggestion = options.requireSuggestion ?? true;
  const starts = lineStarts(text);
  const perLine = new Map<number, LineCandidate>();
  scored.scores.forEach((s, i) => {
    if (s.score < options.threshold) return;
    const token = scored.preTokens[i]!;
    if (!reportable(token.text, token.kind)) return;
    const suggestion = suggest(scored, i, language, tokenizer);
    if (requireSuggestion && (!suggestion || suggestion.margin <= 0)) return;
    const line = lineOf(starts, token.start);
    const prev = perLine.get(line);
    if (!prev || s.score > prev.score) perLine.set(line, { line, index: i, score: s.score, suggestion });
  });
  return [...perLine.values()].sort((a, b) => a.line - b.line);
}

export function findingsFromScores(
  scored: ScoredTokens,
  text: string,
  language: LexLanguage,
  tokenizer: Tokenizer,
  options: FindingOptions,
): RawFinding[] {
  const starts = lineStarts(text);
  const findings: RawFinding[] = [];
  for (const { line, index, score, suggestion } of lineCandidates(scored, text, language, tokenizer, options)) {
    const token = scored.preTokens[index]!;
    const column = token.start - starts[line]! + 1;
    const confidence = round2(score);
    const r = suggestion?.replacement;
    findings.push({
      ruleId: RULE_ID,
      dimension: 'reliability',
      severity: 'warning',
      line: line + 1,
      column,
      endLine: line + 1,
      endColumn: column + (token.end - token.start),
      message: r
        ? `\`${token.text}\` looks unusual here; \`${r}\` is more common in this context (confidence ${confidence.toFixed(2)})`
        : `\`${token.text}\` looks unusual here (confidence ${confidence.toFixed(2)})`,
      suggestion: r
        ? `Check whether \`${r}\` was meant instead of \`${token.text}\`.${hint(token.text, r, language)}`
        : `Check this \`${token.text}\`: code like this rarely has it here.`,
      metric: null,
      source: 'neural',
      confidence,
    });
  }
  return findings;
}
