/**
 * Candidate sites of the pattern detectors and their features: the one definition used both to
 * build the training data (models/training/detectors/dump-sites.mjs runs this very code over the
 * corpus through the real front-ends) and at grading time, so training reads exactly what runtime sees.
 *
 * A site is a token the parsers place in a pattern (a comparison operator, an arithmetic operator,
 * two adjacent call arguments) with the alternatives a slip could have replaced it by. Its features
 * are hashed into four bags (left operand / first argument, right operand / second argument, the
 * context, the site's shape) plus a fifth bag holding one id for the (written → alternative) pair.
 * The model scores "the written token is a slip for this alternative"; the context bags do not
 * depend on the written operator, so a mutated site differs from the original in the pair id only
 * (and, for swapped arguments, in the order of the two argument bags).
 */
import type { CallNode, Expression, SourceFile, Span } from '../../model/types.js';
import { firstStartAtOrAfter } from '../../util/search.js';
import { lineStarts } from '../findings.js';
import { lex, lexLanguage, type LexLanguage, type PreToken } from '../lexer.js';

export type DetectorRule = 'wrong-comparison-operator' | 'wrong-arithmetic-operator' | 'swapped-arguments';
export const DETECTOR_RULES: readonly DetectorRule[] = ['wrong-comparison-operator', 'wrong-arithmetic-operator', 'swapped-arguments'];

/** Hash buckets of the feature embedding (id 0 is padding). */
export const BUCKETS = 1 << 16;
/** Ids per bag (longer bags are truncated, shorter ones padded with 0). */
export const BAG = 24;
export const BAGS = 5;
/** Pre-tokens either side of the site in the context window. */
const WINDOW = 6;
/** Pipeline version of site extraction + features; bump when a change alters any id. */
export const SITES_VERSION = 1;

/** Replacement groups: every member of a group is an alternative of every other. */
export const COMPARISON_GROUP = ['<', '<=', '>', '>='];
export const ARITHMETIC_GROUPS = [
  ['+', '-'],
  ['*', '/'],
];

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
  /** Hashed feature bags 0–3 (see the module comment), each BAG ids long. */
  bags: number[][];
}

/** FNV-1a 32-bit over UTF-16 code units, to 1..BUCKETS-1. */
export function featureId(feature: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < feature.length; i++) {
    h ^= feature.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return 1 + (h % (BUCKETS - 1));
}

/** The id of the (written → alternative) pair; swapped arguments use the pair `swap`. */
export function pairId(rule: DetectorRule, language: LexLanguage, written: string, alternative: string): number {
  return featureId(rule === 'swapped-arguments' ? `pair:${language}:swap` : `pair:${language}:${written}>${alternative}`);
}

function bag(features: Iterable<string>): number[] {
  const ids: number[] = [];
  for (const f of features) {
    if (ids.length >= BAG) break;
    ids.push(featureId(f));
  }
  while (ids.length < BAG) ids.push(0);
  return ids;
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

const IDENT = /[A-Za-z_$][A-Za-z0-9_$]*/g;

function numberBucket(text: string): string {
  const t = text.replace(/_/g, '');
  if (/^-?(0|1|2|-1)$/.test(t)) return t;
  if (/^[0-9]+$/.test(t)) return Number(t) < 10 ? 'small' : Number(t) < 1000 ? 'mid' : 'big';
  return 'other';
}

/** Features of one operand / argument. */
function expressionFeatures(e: Expression, prefix: string): string[] {
  const out = [`${prefix}k:${e.kind}`];
  if (e.kind === 'number') out.push(`${prefix}num:${numberBucket(e.text)}`);
  const names = e.text.replace(/(["'`]).*?\1/g, ' ').match(IDENT) ?? [];
  const last = names[names.length - 1];
  if (last) out.push(`${prefix}last:${last}`);
  if (names[0] && names[0] !== last) out.push(`${prefix}first:${names[0]}`);
  if (e.kind === 'call') out.push(`${prefix}call:${names.length > 1 ? names[names.length - 2] : (names[0] ?? '')}`);
  if (/\[/.test(e.text)) out.push(`${prefix}index`);
  if (/^-/.test(e.text)) out.push(`${prefix}neg`);
  for (const n of names.slice(0, 4)) for (const s of subTokens(n).slice(0, 3)) out.push(`${prefix}s:${s}`);
  return out;
}

interface Context {
  file: SourceFile;
  language: LexLanguage;
  tokens: PreToken[];
  starts: number[];
}

function offset(ctx: Context, line: number, column: number): number {
  return (ctx.starts[line - 1] ?? ctx.file.text.length) + column - 1;
}

/** Index of the operator pre-token between the operands, or -1. */
function operatorToken(ctx: Context, left: Span, right: Span, operator: string): number {
  const from = offset(ctx, left.endLine, left.endColumn);
  const to = offset(ctx, right.line, right.column);
  for (let i = firstStartAtOrAfter(ctx.tokens, from); i < ctx.tokens.length && ctx.tokens[i]!.start < to; i++) {
    if (ctx.tokens[i]!.text === operator) return i;
  }
  return -1;
}

/** Context features around pre-token `i` (which itself is left out): a window with relative positions, the line's leading keyword. */
function windowFeatures(ctx: Context, i: number, skip: ReadonlySet<number> = new Set([i])): string[] {
  const out: string[] = [];
  let lead = i;
  while (
    lead > 0 &&
    !['nl', 'ind', 'ded'].includes(ctx.tokens[lead - 1]!.kind) &&
    ctx.tokens[lead - 1]!.text !== ';' &&
    ctx.tokens[lead - 1]!.text !== '{'
  )
    lead--;
  const leadTok = ctx.tokens[lead];
  if (leadTok && lead !== i) out.push(`stmt:${leadTok.kind === 'id' ? leadTok.text : leadTok.kind}`);
  for (let d = 1; d <= WINDOW; d++) {
    for (const j of [i - d, i + d]) {
      const t = ctx.tokens[j];
      if (!t || skip.has(j)) continue;
      const text = t.kind === 'num' ? `#${numberBucket(t.text)}` : t.kind === 'str' ? '<s>' : t.text;
      out.push(`w${j - i}:${text}`);
    }
  }
  return out;
}

function shapeFeatures(ctx: Context, rule: DetectorRule, loopDepth: number, inFunction: boolean): string[] {
  return [`lang:${ctx.language}`, `rule:${rule}`, `loop:${Math.min(loopDepth, 2)}`, `fn:${inFunction ? 1 : 0}`];
}

const TEXTUAL = new Set([
  'string',
  'template',
  'list',
  'tuple',
  'dict',
  'set',
  'regex',
  'boolean',
  'null',
  'undefined',
  'lambda',
  'comprehension',
]);

function operatorSites(
  ctx: Context,
  rule: DetectorRule,
  nodes: readonly {
    operator: string;
    left: Expression;
    right: Expression;
    loopDepth: number;
    function: number | null;
    augmented?: boolean;
  }[],
  groups: readonly string[][],
): Site[] {
  const sites: Site[] = [];
  for (const node of nodes) {
    if (node.augmented) continue;
    const group = groups.find((g) => g.includes(node.operator));
    if (!group) continue;
    if (TEXTUAL.has(node.left.kind) || TEXTUAL.has(node.right.kind)) continue;
    const i = operatorToken(ctx, node.left.span, node.right.span, node.operator);
    if (i < 0) continue;
    const tok = ctx.tokens[i]!;
    const l = expressionFeatures(node.left, 'L');
    const r = expressionFeatures(node.right, 'R');
    const shape = shapeFeatures(ctx, rule, node.loopDepth, node.function !== null);
    const ln = l.find((f) => f.startsWith('Llast:'))?.slice(6);
    const rn = r.find((f) => f.startsWith('Rlast:'))?.slice(6);
    shape.push(`kinds:${node.left.kind}/${node.right.kind}`);
    if (ln && rn && ln === rn) shape.push('same-last-name');
    if (ln && node.right.text.includes(ln)) shape.push('left-in-right');
    sites.push({
      rule,
      language: ctx.language,
      written: node.operator,
      alternatives: group.filter((g) => g !== node.operator),
      start: tok.start,
      end: tok.end,
      bags: [bag(l), bag(r), bag(windowFeatures(ctx, i)), bag(shape)],
    });
  }
  return sites;
}

const SWAPPABLE = new Set(['identifier', 'member']);

function argumentFeatures(e: Expression, prefix: string): string[] {
  return expressionFeatures(e, prefix);
}

/** Parameter names of a function named like the callee, when the file defines exactly one. */
function parameterNames(file: SourceFile, call: CallNode): string[] | null {
  const defs = file.functions.filter((f) => f.name === call.name);
  if (defs.length !== 1) return null;
  return defs[0]!.params.filter((p) => p.name !== 'self' && p.name !== 'cls').map((p) => p.name);
}

function swapSites(ctx: Context): Site[] {
  const sites: Site[] = [];
  for (const call of ctx.file.calls) {
    const args = call.argExprs;
    if (!args || args.length < 2 || args.some((a) => a.kind === 'spread')) continue;
    const params = parameterNames(ctx.file, call);
    for (let k = 0; k + 1 < args.length; k++) {
      const a = args[k]!;
      const b = args[k + 1]!;
      if (!SWAPPABLE.has(a.kind) || !SWAPPABLE.has(b.kind) || a.text === b.text) continue;
      const start = offset(ctx, a.span.line, a.span.column);
      const end = offset(ctx, b.span.endLine, b.span.endColumn);
      const callStart = offset(ctx, call.span.line, call.span.column);
      const i = firstStartAtOrAfter(ctx.tokens, callStart);
      const context = [`callee:${call.name}`, `argc:${Math.min(args.length, 5)}`, `pos:${Math.min(k, 3)}`];
      for (const s of subTokens(call.name).slice(0, 4)) context.push(`cs:${s}`);
      const recv = call.receiver?.text.match(IDENT)?.pop();
      if (recv) context.push(`recv:${recv}`);
      if (params && params.length === args.length) {
        for (const s of subTokens(params[k]!).slice(0, 3)) context.push(`P0:${s}`);
        for (const s of subTokens(params[k + 1]!).slice(0, 3)) context.push(`P1:${s}`);
      }
      for (let d = 1; d <= 3; d++) {
        const t = ctx.tokens[i - d];
        if (t) context.push(`w-${d}:${t.kind === 'num' ? '#' : t.kind === 'str' ? '<s>' : t.text}`);
      }
      const shape = shapeFeatures(ctx, 'swapped-arguments', call.loopDepth, call.function !== null);
      shape.push(`kinds:${a.kind}/${b.kind}`, `new:${call.isNew ? 1 : 0}`, `stmt:${call.isStatement ? 1 : 0}`);
      sites.push({
        rule: 'swapped-arguments',
        language: ctx.language,
        written: `${a.text}, ${b.text}`,
        alternatives: [`${b.text}, ${a.text}`],
        start,
        end,
        bags: [bag(argumentFeatures(a, 'A')), bag(argumentFeatures(b, 'A')), bag(context), bag(shape)],
      });
    }
  }
  return sites;
}

/** Every candidate site of `file` for the given rules, in source order. */
export function extractSites(file: SourceFile, rules: ReadonlySet<DetectorRule> = new Set(DETECTOR_RULES)): Site[] {
  if (!file.parsed) return [];
  const language = lexLanguage(file.language);
  let tokens: PreToken[];
  try {
    tokens = lex(file.text, language);
  } catch {
    return [];
  }
  const ctx: Context = { file, language, tokens, starts: lineStarts(file.text) };
  const sites: Site[] = [];
  if (rules.has('wrong-comparison-operator'))
    sites.push(...operatorSites(ctx, 'wrong-comparison-operator', file.comparisons, [COMPARISON_GROUP]));
  if (rules.has('wrong-arithmetic-operator'))
    sites.push(...operatorSites(ctx, 'wrong-arithmetic-operator', file.binaries, ARITHMETIC_GROUPS));
  if (rules.has('swapped-arguments')) sites.push(...swapSites(ctx));
  return sites.sort((x, y) => x.start - y.start);
}

/**
 * The model's input rows for a site: one per alternative, 5 bags × BAG ids. For swapped-arguments
 * with `mutated` the argument bags are exchanged (the call as it would read with the arguments swapped).
 */
export function siteRows(
  site: Site,
  written: string = site.written,
  alternatives: readonly string[] = site.alternatives,
  swapped = false,
): number[][][] {
  const [b0, b1, b2, b3] = site.bags as [number[], number[], number[], number[]];
  const args = swapped ? [b1, b0] : [b0, b1];
  return alternatives.map((alt) => {
    const pair = [pairId(site.rule, site.language, written, alt), ...new Array<number>(BAG - 1).fill(0)];
    return [args[0]!, args[1]!, b2, b3, pair];
  });
}
