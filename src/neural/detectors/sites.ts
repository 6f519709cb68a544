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
import { lexParsedFile, type LexLanguage, type PreToken } from '../lexer.js';

export * from './site-vocabulary.js';
import {
  BAG,
  bag,
  DETECTOR_RULES,
  pairId,
  subTokens,
  COMPARISON_GROUP,
  ARITHMETIC_GROUPS,
  EQUALITY_GROUPS,
  BOOLEAN_GROUPS,
  type DetectorRule,
  type Site,
} from './site-vocabulary.js';
import { swapFacts } from './swap-gate.js';

export { swapGate, type SwapGate } from './swap-gate.js';
/** Pre-tokens either side of the site in the context window. */
const WINDOW = 6;

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

/** Per-file facts the role features read: computed once per file. */
interface FileFacts {
  /** `scope:name` of loop variables. */
  loopVars: Set<string>;
  /** Names used as the index of a subscript (`xs[i]`, `a[i + 1]`). */
  indexed: Set<string>;
  /** `scope:text` → the comparisons it takes part in, oriented with it on the left. */
  uses: Map<string, { op: string; start: number }[]>;
  /** `scope:target` → features of the value of its first assignment. */
  assigned: Map<string, string[]>;
  /** callee → the name / attribute arguments of its calls with their positions. */
  callArgs: Map<string, { text: string; pos: number; start: number }[]>;
  /** callee → each call's start and argument texts (the swap gate's evidence). */
  callsByName: Map<string, { start: number; callee: string; args: string[] }[]>;
}

const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
const LENGTHY = /(^|\.)(len|length|size|count|total|num\w*|n)$|^len\(|\.length\b|\.size\b/;

function valueFeatures(e: Expression): string[] {
  const out = [`k:${e.kind}`];
  if (e.kind === 'number') out.push(`num:${numberBucket(e.text)}`);
  if (e.kind === 'call' || e.kind === 'new') {
    const names = e.text.split('(')[0]!.match(IDENT) ?? [];
    const callee = names[names.length - 1];
    if (callee) out.push(`call:${callee}`);
  }
  // Never the operator of an arithmetic value: for `n = n + 1` the first assignment of `n` may be the site itself.
  return out;
}

function fileFacts(ctx: Omit<Context, 'facts'>): FileFacts {
  const { file, tokens } = ctx;
  const loopVars = new Set<string>();
  for (const b of file.bindings) if (b.kind === 'loop-variable') loopVars.add(`${b.scope}:${b.name}`);
  const indexed = new Set<string>();
  for (let i = 1; i + 1 < tokens.length; i++) {
    if (tokens[i]!.kind === 'id' && tokens[i - 1]!.text === '[' && tokens[i - 2]?.kind === 'id') indexed.add(tokens[i]!.text);
  }
  const uses = new Map<string, { op: string; start: number }[]>();
  const add = (key: string, op: string, start: number): void => {
    const list = uses.get(key) ?? [];
    list.push({ op, start });
    uses.set(key, list);
  };
  for (const c of file.comparisons) {
    const start = offset(ctx, c.span.line, c.span.column);
    if (c.left.kind === 'identifier' || c.left.kind === 'member') add(`${c.function}:${c.left.text}`, c.operator, start);
    if (c.right.kind === 'identifier' || c.right.kind === 'member')
      add(`${c.function}:${c.right.text}`, FLIP[c.operator] ?? c.operator, start);
  }
  const assigned = new Map<string, string[]>();
  for (const a of file.assignments) {
    if (!a.value || a.operator !== '=' || a.targets.length !== 1) continue;
    const key = `${a.function}:${a.targets[0]}`;
    if (!assigned.has(key)) assigned.set(key, valueFeatures(a.value));
  }
  const callArgs = new Map<string, { text: string; pos: number; start: number }[]>();
  const callsByName = new Map<string, { start: number; callee: string; args: string[] }[]>();
  for (const call of file.calls) {
    const args = call.argExprs;
    if (!args) continue;
    const start = offset(ctx, call.span.line, call.span.column);
    const calls = callsByName.get(call.name) ?? [];
    calls.push({ start, callee: call.callee, args: args.map((a) => a.text) });
    callsByName.set(call.name, calls);
    const list = callArgs.get(call.name) ?? [];
    args.forEach((a, pos) => {
      if (SWAPPABLE.has(a.kind)) list.push({ text: a.text, pos, start });
    });
    callArgs.set(call.name, list);
  }
  return { loopVars, indexed, uses, assigned, callArgs, callsByName };
}

/** What the code elsewhere says about an operand: loop variable, index, length, its other comparisons, its value. */
function roleFeatures(ctx: Context, e: Expression, fn: number | null, self: number, prefix: string): string[] {
  const out: string[] = [];
  const text = e.text;
  if (LENGTHY.test(text)) out.push(`${prefix}len`);
  if (e.kind === 'identifier') {
    if (ctx.facts.loopVars.has(`${fn}:${text}`)) out.push(`${prefix}loopvar`);
    if (ctx.facts.indexed.has(text)) out.push(`${prefix}indexvar`);
  }
  if (e.kind === 'identifier' || e.kind === 'member') {
    const seen = new Set<string>();
    for (const u of ctx.facts.uses.get(`${fn}:${text}`) ?? []) {
      if (u.start === self || seen.has(u.op) || seen.size >= 3) continue;
      seen.add(u.op);
      out.push(`${prefix}use:${u.op}`);
    }
    for (const f of (ctx.facts.assigned.get(`${fn}:${text}`) ?? []).slice(0, 2)) out.push(`${prefix}asg:${f}`);
  }
  return out;
}

interface Context {
  file: SourceFile;
  language: LexLanguage;
  tokens: PreToken[];
  starts: number[];
  facts: FileFacts;
}

function offset(ctx: Pick<Context, 'starts' | 'file'>, line: number, column: number): number {
  return (ctx.starts[line - 1] ?? ctx.file.text.length) + column - 1;
}

/** Index of the operator pre-token between the operands, or -1 (`is not`: the `is`). */
function operatorToken(ctx: Context, left: Span, right: Span, operator: string): number {
  const from = offset(ctx, left.endLine, left.endColumn);
  const to = offset(ctx, right.line, right.column);
  const [first, second] = operator.split(' ');
  for (let i = firstStartAtOrAfter(ctx.tokens, from); i < ctx.tokens.length && ctx.tokens[i]!.start < to; i++) {
    if (ctx.tokens[i]!.text !== first) continue;
    const next = ctx.tokens[i + 1]?.text;
    if (second ? next === second : !(first === 'is' && next === 'not')) return i;
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

const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);
/** Operators whose presence elsewhere in the condition says what it tests. */
const CONDITION_OPS = new Set([
  '<',
  '<=',
  '>',
  '>=',
  '==',
  '!=',
  '===',
  '!==',
  'and',
  'or',
  'not',
  '&&',
  '||',
  '!',
  '??',
  'is',
  'in',
  'instanceof',
  '%',
]);
const KEYWORDS = new Set([
  'if',
  'elif',
  'while',
  'for',
  'return',
  'assert',
  'yield',
  'switch',
  'case',
  'with',
  'lambda',
  'del',
  'raise',
  'throw',
  'await',
  'not',
  'else',
  'and',
  'or',
  'in',
  'is',
  'typeof',
  'new',
  'function',
  'def',
  'class',
  'const',
  'let',
  'var',
  'import',
  'from',
  'async',
]);

function statementBoundary(ctx: Context, t: PreToken): boolean {
  if (ctx.language === 'python') return t.kind === 'nl' || t.kind === 'ind' || t.kind === 'ded';
  return t.text === ';';
}

/**
 * The construct around pre-token `i`: the function's name sub-tokens, the innermost unclosed bracket
 * and what opens it (`if (`, a call), the statement's keyword, the other operators of the same
 * statement (the rest of the condition), whether it is assigned. Bag 4.
 */
function constructFeatures(ctx: Context, i: number, fn: number | null, skip: ReadonlySet<number> = new Set([i])): string[] {
  const out: string[] = [];
  const f = fn === null ? undefined : ctx.file.functions[fn];
  if (f) for (const s of subTokens(f.name).slice(0, 4)) out.push(`fs:${s}`);
  else out.push('fs:<module>');
  const { tokens } = ctx;
  if (!tokens[i]) return out;
  // Innermost unclosed bracket before the site.
  let depth = 0;
  let lo = i;
  for (let j = i - 1, n = 0; j >= 0 && n < 80; j--, n++) {
    const t = tokens[j]!;
    if (CLOSE.has(t.text)) depth++;
    else if (OPEN.has(t.text)) {
      if (depth === 0) {
        const before = tokens[j - 1];
        const kw = before?.kind === 'id' ? (KEYWORDS.has(before.text) ? before.text : 'call') : (before?.text ?? '^');
        out.push(`open:${t.text}${kw}`);
        if (kw === 'call' && before) for (const s of subTokens(before.text).slice(0, 2)) out.push(`ocs:${s}`);
        break;
      }
      depth--;
    } else if (depth === 0 && statementBoundary(ctx, t)) break;
    lo = j;
  }
  // The statement: its keyword, assignment, and the other operators in it.
  let start = i;
  for (
    let j = i - 1, n = 0;
    j >= 0 &&
    n < 60 &&
    !statementBoundary(ctx, tokens[j]!) &&
    !(ctx.language === 'javascript' && (tokens[j]!.text === '{' || tokens[j]!.text === '}'));
    j--, n++
  )
    start = j;
  const head = tokens[start];
  if (head && start !== i) out.push(`lead:${KEYWORDS.has(head.text) ? head.text : head.kind}`);
  let end = i;
  for (
    let j = i + 1, n = 0;
    j < tokens.length &&
    n < 60 &&
    !statementBoundary(ctx, tokens[j]!) &&
    !(ctx.language === 'javascript' && (tokens[j]!.text === '{' || tokens[j]!.text === '}'));
    j++, n++
  )
    end = j;
  const ops = new Set<string>();
  let assigned = false;
  for (let j = start; j <= end; j++) {
    if (skip.has(j)) continue;
    const t = tokens[j]!;
    if (t.text === '=' || t.text === ':=') assigned = true;
    if (CONDITION_OPS.has(t.text) && (t.kind === 'op' || t.kind === 'id') && ops.size < 6) {
      ops.add(t.text);
      out.push(`cond:${j < i ? '<' : '>'}${t.text}`);
    }
  }
  if (assigned) out.push('assigned');
  out.push(`span:${Math.min(end - start, 40) >> 3}`, `inner:${Math.min(i - lo, 12) >> 2}`);
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
    span: Span;
    loopDepth: number;
    function: number | null;
    augmented?: boolean;
  }[],
  groups: readonly string[][],
  textual: boolean,
): Site[] {
  const sites: Site[] = [];
  for (const node of nodes) {
    if (node.augmented) continue;
    const group = groups.find((g) => g.includes(node.operator));
    if (!group) continue;
    if (!textual && (TEXTUAL.has(node.left.kind) || TEXTUAL.has(node.right.kind))) continue;
    const i = operatorToken(ctx, node.left.span, node.right.span, node.operator);
    if (i < 0) continue;
    const tok = ctx.tokens[i]!;
    const two = node.operator.includes(' ');
    const self = offset(ctx, node.span.line, node.span.column);
    const l = [...expressionFeatures(node.left, 'L'), ...roleFeatures(ctx, node.left, node.function, self, 'L')];
    const r = [...expressionFeatures(node.right, 'R'), ...roleFeatures(ctx, node.right, node.function, self, 'R')];
    const shape = shapeFeatures(ctx, rule, node.loopDepth, node.function !== null);
    const ln = l.find((f) => f.startsWith('Llast:'))?.slice(6);
    const rn = r.find((f) => f.startsWith('Rlast:'))?.slice(6);
    shape.push(`kinds:${node.left.kind}/${node.right.kind}`);
    if (ln && rn && ln === rn) shape.push('same-last-name');
    if (ln && node.right.text.includes(ln)) shape.push('left-in-right');
    const skip = new Set(two ? [i, i + 1] : [i]);
    sites.push({
      rule,
      language: ctx.language,
      written: node.operator,
      alternatives: group.filter((g) => g !== node.operator),
      start: tok.start,
      end: two ? ctx.tokens[i + 1]!.end : tok.end,
      bags: [
        bag(l),
        bag(r),
        bag(windowFeatures(ctx, two ? i + 1 : i, skip)),
        bag(shape),
        bag(constructFeatures(ctx, i, node.function, skip)),
      ],
    });
  }
  return sites;
}

/** Tokens that end an operand of `and` / `or` / `&&` / `||` (scanning away from the operator at bracket depth 0). */
const OPERAND_STOP = new Set([
  ',',
  '=',
  ':',
  '?',
  ';',
  ':=',
  '=>',
  '+=',
  '-=',
  '|=',
  '&=',
  '??',
  'and',
  'or',
  '&&',
  '||',
  'return',
  'if',
  'elif',
  'while',
  'assert',
  'yield',
  'else',
  'lambda',
  'case',
  'throw',
  'await',
  'in',
  'for',
  'const',
  'let',
  'var',
]);
const LITERAL_IDS = new Set(['None', 'True', 'False', 'null', 'undefined', 'true', 'false', 'NaN']);

/** The operand tokens of the boolean operator at `i` on one side, or null when it runs into something unexpected. */
function booleanOperand(ctx: Context, i: number, direction: -1 | 1): PreToken[] | null {
  const out: PreToken[] = [];
  let depth = 0;
  for (let j = i + direction, n = 0; j >= 0 && j < ctx.tokens.length; j += direction, n++) {
    if (n > 40) return null;
    const t = ctx.tokens[j]!;
    const opening = direction < 0 ? CLOSE : OPEN;
    const closing = direction < 0 ? OPEN : CLOSE;
    if (opening.has(t.text)) depth++;
    else if (closing.has(t.text)) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (OPERAND_STOP.has(t.text) || t.kind === 'nl' || t.kind === 'ind' || t.kind === 'ded')) {
      if (!(ctx.language === 'javascript' && t.kind === 'nl')) break;
      continue;
    }
    if (t.kind !== 'nl') out.push(t);
  }
  if (direction < 0) out.reverse();
  return out.length ? out : null;
}

function tokenOperandFeatures(tokens: readonly PreToken[], prefix: string): string[] {
  const out: string[] = [];
  const names = tokens.filter((t) => t.kind === 'id' && !KEYWORDS.has(t.text) && !LITERAL_IDS.has(t.text)).map((t) => t.text);
  const head = tokens[0]!;
  out.push(
    `${prefix}head:${head.kind === 'id' ? (KEYWORDS.has(head.text) || LITERAL_IDS.has(head.text) ? head.text : 'id') : head.kind === 'op' ? head.text : head.kind}`,
  );
  out.push(`${prefix}len:${Math.min(tokens.length, 12) >> 2}`);
  const last = names[names.length - 1];
  if (last) out.push(`${prefix}last:${last}`);
  if (names[0] && names[0] !== last) out.push(`${prefix}first:${names[0]}`);
  for (const t of tokens) {
    if (t.kind === 'op' && CONDITION_OPS.has(t.text)) out.push(`${prefix}cmp:${t.text}`);
    if (t.kind === 'id' && (LITERAL_IDS.has(t.text) || ['not', 'in', 'is', 'typeof', 'instanceof'].includes(t.text)))
      out.push(`${prefix}kw:${t.text}`);
    if (t.text === '(') out.push(`${prefix}call`);
    if (t.kind === 'num') out.push(`${prefix}num:${numberBucket(t.text)}`);
    if (t.kind === 'str') out.push(`${prefix}str`);
  }
  for (const n of names.slice(0, 4)) for (const s of subTokens(n).slice(0, 3)) out.push(`${prefix}s:${s}`);
  return [...new Set(out)];
}

/** `and`/`or`, `&&`/`||` between two operands that are conditions, not a default (`x or []`, `a || 0`). */
function booleanSites(ctx: Context): Site[] {
  const sites: Site[] = [];
  const group = BOOLEAN_GROUPS[ctx.language][0]!;
  const functions = ctx.file.functions
    .map((f, k) => ({
      k,
      start: offset(ctx, f.bodySpan.line, f.bodySpan.column),
      end: offset(ctx, f.bodySpan.endLine, f.bodySpan.endColumn),
    }))
    .sort((a, b) => a.start - b.start);
  const loops = ctx.file.loops.map((l) => ({
    start: offset(ctx, l.span.line, l.span.column),
    end: offset(ctx, l.span.endLine, l.span.endColumn),
  }));
  ctx.tokens.forEach((tok, i) => {
    if (!group.includes(tok.text) || (ctx.language === 'python' ? tok.kind !== 'id' : tok.kind !== 'op')) return;
    const left = booleanOperand(ctx, i, -1);
    const right = booleanOperand(ctx, i, 1);
    if (!left || !right) return;
    const hasName = (ts: PreToken[]): boolean => ts.some((t) => t.kind === 'id' && !LITERAL_IDS.has(t.text) && !KEYWORDS.has(t.text));
    if (!hasName(left) || !hasName(right)) return;
    let fn: number | null = null;
    for (const f of functions) if (f.start <= tok.start && tok.start < f.end) fn = f.k; // innermost: the last that contains it
    const loopDepth = loops.filter((l) => l.start <= tok.start && tok.start < l.end).length;
    const shape = shapeFeatures(ctx, 'wrong-boolean-operator', loopDepth, fn !== null);
    const lc = left.some((t) => CONDITION_OPS.has(t.text) && t.kind === 'op');
    const rc = right.some((t) => CONDITION_OPS.has(t.text) && t.kind === 'op');
    shape.push(`cmps:${lc ? 1 : 0}${rc ? 1 : 0}`);
    const ln = left.filter((t) => t.kind === 'id').map((t) => t.text);
    if (right.some((t) => t.kind === 'id' && ln.includes(t.text) && !KEYWORDS.has(t.text) && !LITERAL_IDS.has(t.text)))
      shape.push('shared-name');
    sites.push({
      rule: 'wrong-boolean-operator',
      language: ctx.language,
      written: tok.text,
      alternatives: group.filter((g) => g !== tok.text),
      start: tok.start,
      end: tok.end,
      bags: [
        bag(tokenOperandFeatures(left, 'L')),
        bag(tokenOperandFeatures(right, 'R')),
        bag(windowFeatures(ctx, i)),
        bag(shape),
        bag(constructFeatures(ctx, i, fn)),
      ],
    });
  });
  return sites;
}

const SWAPPABLE = new Set(['identifier', 'member']);

/** Parameter names of a function named like the callee, when the file defines exactly one. */
function parameterNames(file: SourceFile, call: CallNode): string[] | null {
  const defs = file.functions.filter((f) => f.name === call.name);
  if (defs.length !== 1) return null;
  return defs[0]!.params.filter((p) => p.name !== 'self' && p.name !== 'cls').map((p) => p.name);
}

/** Where else the file passes this argument to the same callee, and which of the callee's parameters it is named like. */
function argumentRoles(ctx: Context, call: CallNode, a: Expression, callStart: number, params: string[] | null): string[] {
  const out: string[] = [];
  const seen = new Set<number>();
  for (const u of ctx.facts.callArgs.get(call.name) ?? []) {
    if (u.start === callStart || u.text !== a.text || seen.has(u.pos) || seen.size >= 3) continue;
    seen.add(u.pos);
    out.push(`Aat:${Math.min(u.pos, 5)}`);
  }
  const last = a.text.match(IDENT)?.pop();
  if (params && last) {
    const k = params.indexOf(last);
    if (k >= 0) out.push(`Aparam:${Math.min(k, 5)}`);
  }
  return out;
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
      const fa = [
        ...expressionFeatures(a, 'A'),
        ...argumentRoles(ctx, call, a, callStart, params),
        ...roleFeatures(ctx, a, call.function, -1, 'A'),
      ];
      const fb = [
        ...expressionFeatures(b, 'A'),
        ...argumentRoles(ctx, call, b, callStart, params),
        ...roleFeatures(ctx, b, call.function, -1, 'A'),
      ];
      sites.push({
        rule: 'swapped-arguments',
        language: ctx.language,
        written: `${a.text}, ${b.text}`,
        alternatives: [`${b.text}, ${a.text}`],
        start,
        end,
        bags: [bag(fa), bag(fb), bag(context), bag(shape), bag(constructFeatures(ctx, i, call.function, new Set()))],
        swap: swapFacts(ctx.file, ctx.facts.callsByName.get(call.name) ?? [], call, k, a.text, b.text, callStart),
      });
    }
  }
  return sites;
}

/** Every candidate site of `file` for the given rules, in source order. */
export function extractSites(file: SourceFile, rules: ReadonlySet<DetectorRule> = new Set(DETECTOR_RULES)): Site[] {
  const lexed = lexParsedFile(file);
  if (!lexed) return [];
  const base = { file, ...lexed, starts: lineStarts(file.text) };
  const ctx: Context = { ...base, facts: fileFacts(base) };
  const sites: Site[] = [];
  if (rules.has('wrong-comparison-operator'))
    sites.push(...operatorSites(ctx, 'wrong-comparison-operator', file.comparisons, [COMPARISON_GROUP], false));
  if (rules.has('wrong-arithmetic-operator'))
    sites.push(...operatorSites(ctx, 'wrong-arithmetic-operator', file.binaries, ARITHMETIC_GROUPS, false));
  if (rules.has('wrong-equality-operator'))
    sites.push(...operatorSites(ctx, 'wrong-equality-operator', file.comparisons, EQUALITY_GROUPS[ctx.language], true));
  if (rules.has('wrong-boolean-operator')) sites.push(...booleanSites(ctx));
  if (rules.has('swapped-arguments')) sites.push(...swapSites(ctx));
  return sites.sort((x, y) => x.start - y.start);
}

/**
 * The model's input rows for a site: one per alternative, BAGS × BAG ids. For swapped-arguments
 * with `swapped` the argument bags are exchanged (the call as it would read with the arguments swapped).
 */
export function siteRows(
  site: Site,
  written: string = site.written,
  alternatives: readonly string[] = site.alternatives,
  swapped = false,
): number[][][] {
  const [b0, b1, ...rest] = site.bags as [number[], number[], ...number[][]];
  const args = swapped ? [b1, b0] : [b0, b1];
  return alternatives.map((alt) => {
    const pair = [pairId(site.rule, site.language, written, alt), ...new Array<number>(BAG - 1).fill(0)];
    return [args[0]!, args[1]!, ...rest, pair];
  });
}
