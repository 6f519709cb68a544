/**
 * The detectors' vocabulary: the rules, their replacement groups, a site's shape and the hashing of
 * features into ids — shared by site extraction (`sites.ts`), the model and the training dump.
 */
import type { LexLanguage } from '../lexer.js';
import { fnv1a32 } from '../../util/hash.js';
export type DetectorRule =
  'wrong-comparison-operator' | 'wrong-arithmetic-operator' | 'swapped-arguments' | 'wrong-equality-operator' | 'wrong-boolean-operator';
export const DETECTOR_RULES: readonly DetectorRule[] = [
  'wrong-comparison-operator',
  'wrong-arithmetic-operator',
  'swapped-arguments',
  'wrong-equality-operator',
  'wrong-boolean-operator',
];

/** Hash buckets of the feature embedding (id 0 is padding). */
export const BUCKETS = 1 << 16;
/** Ids per bag (longer bags are truncated, shorter ones padded with 0). */
export const BAG = 32;
/** Feature bags per site (left / first argument, right / second argument, window, shape, construct and roles). */
export const FEATURE_BAGS = 5;
/** Bags per model row: the feature bags and the pair id. */
export const BAGS = FEATURE_BAGS + 1;
/** Pipeline version of site extraction + features; bump when a change alters any id. */
export const SITES_VERSION = 2;

/** Replacement groups: every member of a group is an alternative of every other. */
export const COMPARISON_GROUP = ['<', '<=', '>', '>='];
export const ARITHMETIC_GROUPS = [
  ['+', '-'],
  ['*', '/'],
];
/** Equality twins keep their strictness: `===` is never offered for `!=`, nor `==` where `===` is written. */
export const EQUALITY_GROUPS: Record<LexLanguage, string[][]> = {
  python: [
    ['==', '!='],
    ['is', 'is not'],
  ],
  javascript: [
    ['===', '!=='],
    ['==', '!='],
  ],
};
/** `??` is never a site nor an alternative (it is not a boolean operator). */
export const BOOLEAN_GROUPS: Record<LexLanguage, string[][]> = { python: [['and', 'or']], javascript: [['&&', '||']] };

/** The replacement groups of an operator rule in a language (null for swapped-arguments). */
export function groupsOf(rule: DetectorRule, language: LexLanguage): string[][] | null {
  switch (rule) {
    case 'wrong-comparison-operator':
      return [COMPARISON_GROUP];
    case 'wrong-arithmetic-operator':
      return ARITHMETIC_GROUPS;
    case 'wrong-equality-operator':
      return EQUALITY_GROUPS[language];
    case 'wrong-boolean-operator':
      return BOOLEAN_GROUPS[language];
    case 'swapped-arguments':
      return null;
  }
}

export interface Site {
  rule: DetectorRule;
  language: LexLanguage;
  /** The token as written (`<=`, `+`; for swapped-arguments the two arguments' texts joined by `, `). */
  written: string;
  /** What the slip may have replaced (other operators of the group; for swapped-arguments the arguments swapped). */
  alternatives: string[];
  /** Source offsets of the reported span (the operator; for swapped-arguments both arguments). */
  start: number;
  end: number;
  /** Hashed feature bags 0–4 (see the module comment), each BAG ids long. */
  bags: number[][];
  /** swapped-arguments only: the name evidence the report gate reads (never a model feature). */
  swap?: SwapFacts;
}

/**
 * What the file says about the order of two adjacent arguments `x, y` at positions k, k+1, as written
 * (`swapGate` in sites.ts reads it in either orientation).
 */
export interface SwapFacts {
  /** Sub-token similarity of x to the callee's parameters k and k+1, then of y to them; null when the signature is unknown. */
  sims: [number, number, number, number] | null;
  /** Other calls of the same callee in the file passing x, y at k, k+1 (`same`) or y, x there (`cross`). */
  same: number;
  cross: number;
  /** Other calls passing x at k+1 or y at k (`crossAt`); x at k or y at k+1 (`sameAt`). */
  crossAt: number;
  sameAt: number;
  /** The callee is order-free or takes a type / name second (`max`, `gcd`, `isinstance`, `getattr`, `assertEqual`). */
  excluded: boolean;
  /** Either argument's last name is under three characters (`a`, `x`, `p1`): positional by convention, no evidence. */
  short: boolean;
  /** The enclosing function mirrors or inverts (`__rmod__`, `supernet_of`… `reverse`, `inverse`, `transpose`, `swap`, `flip`). */
  mirror: boolean;
  /** A test file (tests call both orders on purpose: `assert Line(p1, p2) != Line(p2, p1)`). */
  test: boolean;
}

/** FNV-1a 32-bit over UTF-16 code units, to 1..buckets-1 (0 is padding). */
export function hashedId(feature: string, buckets: number): number {
  return 1 + (fnv1a32(feature) % (buckets - 1));
}

/** The first `size` features' ids, padded with 0 to `size`. */
export function hashedBag(features: Iterable<string>, size: number, buckets: number): number[] {
  const ids: number[] = [];
  for (const f of features) {
    if (ids.length >= size) break;
    ids.push(hashedId(f, buckets));
  }
  while (ids.length < size) ids.push(0);
  return ids;
}

/** A pattern detectors' feature id. */
export function featureId(feature: string): number {
  return hashedId(feature, BUCKETS);
}

/** The id of the (written → alternative) pair; swapped arguments use the pair `swap`. */
export function pairId(rule: DetectorRule, language: LexLanguage, written: string, alternative: string): number {
  return featureId(rule === 'swapped-arguments' ? `pair:${language}:swap` : `pair:${language}:${written}>${alternative}`);
}

export function bag(features: Iterable<string>): number[] {
  return hashedBag(features, BAG, BUCKETS);
}

/** `fooBarBaz2`, `foo_bar` → lower-case sub-tokens. */
export function subTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+|(?<=[A-Za-z])(?=[0-9])/)
    .filter((s) => s.length > 0)
    .map((s) => s.toLowerCase());
}
