/**
 * Candidate sites of `wrong-variable` (variable misuse, Allamanis et al. 2018; BugLab 2021): a local
 * name read as an operand, a call argument, an index, a returned value or a condition, with the other
 * local names of the same function that could have been meant there. The one definition used both to
 * dump the training data (models/training/detectors/dump-varmisuse.mjs runs it over the corpus through
 * the real front-ends) and at grading time.
 *
 * Every feature is computed with the site's own token left out, so a site reads the same whichever
 * of its names is written there: a planted slip (`b` written where `a` was) differs from the original
 * only in which name is "written". The model scores each name for the site; the slip score of an
 * alternative is sigmoid(score(alternative) − score(written)).
 *
 * Names in play: bindings of the enclosing function (parameters, variables, loop variables, `with` and
 * `except`/`catch` names) declared before the site, never `self`/`cls`/`this`/`_`, never a builtin,
 * never (Python) a name first bound inside brackets (comprehension variables, walrus targets), never
 * (JS/TS) a name declared in a block that does not enclose the site.
 */
import type { SourceFile } from '../../model/types.js';
import { lineStarts } from '../findings.js';
import { lexParsedFile, type LexLanguage, type PreToken } from '../lexer.js';
import { firstTokenAt } from '../names/features.js';
import { hashedBag, subTokens } from './site-vocabulary.js';
import { slotIntervals, slotsAt, type VarSlot } from './varmisuse-slots.js';

/** Hash buckets of the wrong-variable model's embedding (id 0 is padding). */
export const VM_BUCKETS = 1 << 15;
/** Ids per bag. */
export const VM_BAG = 32;
/** Bags per row: the context (same for every name of the site), the name, name × context. */
export const VM_BAGS = 3;
/** Pipeline version of the wrong-variable sites and features; bump when a change alters any id. */
export const VM_SITES_VERSION = 1;
/** Most alternatives offered at one site (the nearest used before it). */
export const VM_MAX_ALTERNATIVES = 8;
/** Pre-tokens either side of the site in the context window. */
const WINDOW = 6;

const KINDS = new Set(['param', 'variable', 'constant', 'loop-variable', 'with-target', 'exception']);
const NEVER = new Set(['self', 'cls', 'this', '_', 'arguments', 'undefined', 'NaN', 'Infinity', 'super']);
/** Builtin names of either language are never sites nor suggestions, in both languages (as the training dump was built). */
const BUILTINS: Record<LexLanguage, Set<string>> = {
  python: new Set(
    (
      'len range print str int float bool list dict set tuple type object id hash iter next map filter zip sorted reversed ' +
      'min max sum any all abs round open input format repr isinstance issubclass getattr setattr hasattr delattr vars dir ' +
      'callable super property staticmethod classmethod enumerate bytes bytearray frozenset slice ord chr divmod pow'
    ).split(' '),
  ),
  javascript: new Set(
    (
      'Object Array String Number Boolean Symbol Math JSON Promise Date RegExp Error Map Set WeakMap console window document ' +
      'globalThis require module exports process Buffer parseInt parseFloat isNaN'
    ).split(' '),
  ),
};
const OPERATORS = new Set(
  (
    '+ - * / % ** // << >> & | ^ < <= > >= == != === !== && || ?? and or not in is instanceof ' +
    '+= -= *= /= %= **= //= <<= >>= &= |= ^= &&= ||= ??='
  ).split(' '),
);
const ASSIGN = /^(=|[-+*/%&|^]=|\*\*=|\/\/=|<<=|>>=|>>>=|&&=|\|\|=|\?\?=|:=)$/;
const DECLARES = new Set([
  'def',
  'class',
  'function',
  'let',
  'const',
  'var',
  'for',
  'as',
  'import',
  'global',
  'nonlocal',
  'lambda',
  'catch',
]);
const CONDITION = new Set(['if', 'elif', 'while', 'assert']);
const RETURNS = new Set(['return', 'yield', 'await', 'throw', 'raise']);

export type VarRole = 'operand' | 'argument' | 'index' | 'return' | 'condition';

export interface VarSite {
  language: LexLanguage;
  /** The name as written. */
  written: string;
  /** Other names of the function that could stand there (in scope, declared before the site). */
  alternatives: string[];
  start: number;
  end: number;
  role: VarRole;
  /** Context bag, then per name (written first, then the alternatives) its name bag and its cross bag. */
  context: number[];
  names: number[][];
  cross: number[][];
  /** The named slots the site feeds (the gate's name evidence; not a model input). */
  slots: VarSlot[];
  /** Per name (written first, then the alternatives): its other occurrences in the function, the site and its declaration left out. */
  uses: number[];
}

function bagOf(features: Iterable<string>): number[] {
  return hashedBag(features, VM_BAG, VM_BUCKETS);
}

function bucket(n: number): string {
  return n <= 2 ? String(n) : n <= 5 ? '3-5' : n <= 12 ? '6-12' : n <= 40 ? '13-40' : n <= 150 ? '41-150' : 'far';
}

function tokenText(t: PreToken | undefined): string {
  if (!t) return '<none>';
  if (t.kind === 'num') return '<num>';
  if (t.kind === 'str') return '<str>';
  return t.text;
}

/** The role of the identifier at `i`, or null when it is not a read in one of the roles. */
function roleAt(
  tokens: PreToken[],
  i: number,
  openers: number[],
): { role: VarRole; callee?: string; argPos?: number; op?: string; other?: string } | null {
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  if (prev && (prev.text === '.' || prev.text === '?.' || DECLARES.has(prev.text))) return null;
  if (next && (ASSIGN.test(next.text) || next.text === '=>' || next.text === '.' || next.text === '?.' || next.text === '(')) return null;
  if (next && next.text === ':' && prev && (prev.text === '{' || prev.text === ',')) return null; // object keys, annotations
  if (forTarget(tokens, i)) return null;
  if (prev && RETURNS.has(prev.text)) return { role: 'return' };
  if (prev && OPERATORS.has(prev.text) && !ASSIGN.test(prev.text))
    return { role: 'operand', op: prev.text, other: tokenText(tokens[i - 2]) };
  if (next && OPERATORS.has(next.text) && !ASSIGN.test(next.text))
    return { role: 'operand', op: next.text, other: tokenText(tokens[i + 2]) };
  if (prev?.text === '[' && (next?.text === ']' || next?.text === ':')) return { role: 'index' };
  if (prev && CONDITION.has(prev.text)) return { role: 'condition' };
  if (prev?.text === '(' && tokens[i - 2] && CONDITION.has(tokens[i - 2]!.text) && next?.text === ')') return { role: 'condition' };
  if ((prev?.text === '(' || prev?.text === ',') && (next?.text === ',' || next?.text === ')')) {
    const open = openers[i];
    if (open === undefined || open < 1 || tokens[open]!.text !== '(') return null;
    const callee = tokens[open - 1];
    if (!callee || (callee.kind !== 'id' && callee.text !== ')' && callee.text !== ']')) return null;
    if (callee.kind === 'id' && (DECLARES.has(callee.text) || CONDITION.has(callee.text) || callee.text === 'return')) return null;
    let pos = 0;
    let depth = 0;
    for (let k = open + 1; k < i; k++) {
      const t = tokens[k]!.text;
      if (t === '(' || t === '[' || t === '{') depth++;
      else if (t === ')' || t === ']' || t === '}') depth--;
      else if (t === ',' && depth === 0) pos++;
    }
    // Arguments of a definition (`def f(a, b)`) are parameters, not reads.
    if (tokens[open - 2] && (tokens[open - 2]!.text === 'def' || tokens[open - 2]!.text === 'function')) return null;
    return { role: 'argument', callee: callee.text, argPos: pos };
  }
  return null;
}

/** `for a, b in …` / `for (const [a, b] of …)`: loop targets are written, not read. */
function forTarget(tokens: PreToken[], i: number): boolean {
  for (let k = i - 1; k >= 0 && k >= i - 12; k--) {
    const t = tokens[k]!;
    if (t.text === 'for') return true;
    if (t.text === 'in' || t.text === 'of') return false;
    if (t.kind !== 'id' && t.text !== ',' && t.text !== '(' && t.text !== '[' && t.text !== '{') return false;
  }
  return false;
}

interface Occurrence {
  index: number;
  /** How the name is used here (`call`, `indexed`, `op:<`…), computed on first need. */
  uses?: string[];
}

function usesOf(tokens: PreToken[], o: Occurrence): string[] {
  if (o.uses) return o.uses;
  const uses: string[] = [];
  const next = tokens[o.index + 1]?.text ?? '';
  const prev = tokens[o.index - 1]?.text ?? '';
  if (next === '(') uses.push('call');
  if (next === '.' || next === '?.') uses.push(`attr:${tokens[o.index + 2]?.text ?? ''}`);
  if (next === '[') uses.push('indexed');
  if (prev === '[') uses.push('index');
  if (prev === 'in' || prev === 'of') uses.push('iterated');
  if (prev === '(' && /^(len|range|str|int|float|isinstance)$/.test(tokens[o.index - 2]?.text ?? ''))
    uses.push(`in:${tokens[o.index - 2]!.text}`);
  if (OPERATORS.has(next) && !ASSIGN.test(next)) uses.push(`op:${next}`);
  if (ASSIGN.test(next)) uses.push('assigned');
  o.uses = uses;
  return uses;
}

/** The last occurrence before token `i` (occurrences are in token order), or -1. */
function lastOccurrenceBefore(occ: readonly Occurrence[], i: number): number {
  let lo = 0;
  let hi = occ.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (occ[mid]!.index < i) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? occ[lo - 1]!.index : -1;
}

/** Per token: the index of the innermost unclosed bracket before it (or -1). */
function openerIndex(tokens: PreToken[]): {
  openers: number[];
  braces: number[];
  braceParent: Map<number, number>;
  closer: Map<number, number>;
} {
  const openers: number[] = new Array<number>(tokens.length);
  const closer = new Map<number, number>();
  const braces: number[] = new Array<number>(tokens.length);
  const braceParent = new Map<number, number>();
  const stack: number[] = [];
  const braceStack: number[] = [-1];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!.text;
    openers[i] = stack.length ? stack[stack.length - 1]! : -1;
    braces[i] = braceStack[braceStack.length - 1]!;
    if (tokens[i]!.kind !== 'op') continue;
    if (t === '(' || t === '[' || t === '{') {
      stack.push(i);
      if (t === '{') {
        braceParent.set(i, braceStack[braceStack.length - 1]!);
        braceStack.push(i);
      }
    } else if (t === ')' || t === ']' || t === '}') {
      const open = stack.pop();
      if (open !== undefined) closer.set(open, i);
      if (t === '}' && braceStack.length > 1) braceStack.pop();
    }
  }
  return { openers, braces, braceParent, closer };
}

/** Sites of `wrong-variable` in a parsed file (none when it does not lex). */
export function extractVarSites(file: SourceFile): VarSite[] {
  const lexed = file.functions.length === 0 ? null : lexParsedFile(file);
  if (!lexed) return [];
  const { language, tokens } = lexed;
  const starts = lineStarts(file.text);
  const at = (line: number, column: number): number => (starts[line - 1] ?? file.text.length) + column - 1;
  // Owner function of each token: the innermost function whose span holds it.
  const owner = new Array<number>(tokens.length).fill(-1);
  const spans = file.functions
    .map((f, index) => ({
      index,
      from: firstTokenAt(tokens, at(f.span.line, f.span.column)),
      to: firstTokenAt(tokens, at(f.span.endLine, f.span.endColumn)),
    }))
    .sort((x, y) => y.to - y.from - (x.to - x.from));
  for (const s of spans) for (let i = s.from; i < s.to; i++) owner[i] = s.index;
  const { openers, braces, braceParent, closer } = openerIndex(tokens);
  const encloses = (block: number, inner: number): boolean => {
    for (let b = inner; b !== undefined; b = braceParent.get(b)!) {
      if (b === block) return true;
      if (b === -1) return false;
    }
    return false;
  };
  // Bindings per function: name → declaring token index.
  const declared = new Map<number, Map<string, { token: number; kind: string; end?: number }>>();
  // JS/TS `for (let i …) body`: i is in scope up to the end of the body only.
  const forScopeEnd = (token: number): number | undefined => {
    if (language !== 'javascript' || !/^(let|const)$/.test(tokens[token - 1]?.text ?? '') || tokens[token - 3]?.text !== 'for')
      return undefined;
    const close = closer.get(token - 2);
    if (close === undefined) return undefined;
    return tokens[close + 1]?.text === '{' ? closer.get(close + 1) : close + 1;
  };
  for (const b of file.bindings) {
    if (
      b.scope === null ||
      !KINDS.has(b.kind) ||
      NEVER.has(b.name) ||
      BUILTINS.python.has(b.name) ||
      BUILTINS.javascript.has(b.name) ||
      b.inClassBody
    )
      continue;
    let token = firstTokenAt(tokens, at(b.span.line, b.span.column));
    while (tokens[token] && tokens[token]!.kind !== 'id' && tokens[token]!.start <= at(b.span.line, b.span.column)) token++;
    if (tokens[token]?.text !== b.name) continue;
    // Python: a name first bound inside brackets (comprehension variable, walrus target) is not in scope everywhere.
    if (language === 'python' && b.kind !== 'param' && openers[token] !== -1) continue;
    const map = declared.get(b.scope) ?? new Map<string, { token: number; kind: string; end?: number }>();
    const end = forScopeEnd(token);
    map.set(b.name, end === undefined ? { token, kind: b.kind } : { token, kind: b.kind, end });
    declared.set(b.scope, map);
  }
  // Occurrences of each function's names (tokens owned by that function).
  const occurrences = new Map<number, Map<string, Occurrence[]>>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const f = owner[i]!;
    if (t.kind !== 'id' || f < 0) continue;
    const names = declared.get(f);
    if (!names?.has(t.text)) continue;
    if (tokens[i - 1]?.text === '.' || tokens[i - 1]?.text === '?.') continue;
    const byName = occurrences.get(f) ?? new Map<string, Occurrence[]>();
    const list = byName.get(t.text) ?? [];
    list.push({ index: i });
    byName.set(t.text, list);
    occurrences.set(f, byName);
  }
  const sites: VarSite[] = [];
  let intervals: ReturnType<typeof slotIntervals> | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const f = owner[i]!;
    if (t.kind !== 'id' || f < 0) continue;
    const names = declared.get(f);
    const own = names?.get(t.text);
    if (!names || !own || own.token >= i) continue;
    const role = roleAt(tokens, i, openers);
    if (!role) continue;
    const occ = occurrences.get(f)!;
    const lineStart = file.text.lastIndexOf('\n', t.start - 1) + 1;
    const inScope = (name: string, decl: { token: number; kind: string; end?: number }): boolean => {
      if (decl.end !== undefined && i > decl.end) return false;
      // Declared on an earlier line: `mid = (lo + hi) // 2` does not offer `mid` for `lo`.
      if (name === t.text || decl.token >= i || (decl.kind !== 'param' && tokens[decl.token]!.start >= lineStart)) return false;
      if (language === 'javascript' && decl.kind !== 'param' && !encloses(braces[decl.token]!, braces[i]!)) return false;
      return true;
    };
    const lastBefore = (name: string): number => Math.max(names.get(name)!.token, lastOccurrenceBefore(occ.get(name) ?? [], i));
    const alternatives = [...names.entries()]
      .filter(([name, decl]) => inScope(name, decl))
      .map(([name]) => ({ name, last: lastBefore(name) }))
      .sort((x, y) => y.last - x.last || (x.name < y.name ? -1 : 1))
      .slice(0, VM_MAX_ALTERNATIVES)
      .map((x) => x.name);
    if (alternatives.length === 0) continue;
    const context = contextFeatures(tokens, i, role, language);
    const all = [t.text, ...alternatives];
    sites.push({
      language,
      written: t.text,
      alternatives,
      start: t.start,
      end: t.end,
      role: role.role,
      context: bagOf(context),
      names: all.map((name) => bagOf(nameFeatures(tokens, i, name, names.get(name)!, occ.get(name) ?? []))),
      cross: all.map((name) => bagOf(crossFeatures(tokens, i, name, role, context))),
      slots: slotsAt((intervals ??= slotIntervals(file)), t.start, (from, to) => {
        const first = firstTokenAt(tokens, from);
        const out = new Set<string>();
        for (let k = first; k < tokens.length && tokens[k]!.start < to; k++)
          if (k !== i && tokens[k]!.kind === 'id' && names.has(tokens[k]!.text) && tokens[k - 1]?.text !== '.') out.add(tokens[k]!.text);
        return { names: [...out].sort(), direct: openers[i]! < first };
      }),
      uses: all.map((name) => otherUses(i, names.get(name)!, occ.get(name) ?? []).length),
    });
  }
  return sites;
}

function contextFeatures(tokens: PreToken[], i: number, role: NonNullable<ReturnType<typeof roleAt>>, language: LexLanguage): string[] {
  const out = [`lang:${language}`, `role:${role.role}`];
  if (role.callee !== undefined) out.push(`callee:${role.callee}`, `argpos:${role.argPos}`, `call:${role.callee}:${role.argPos}`);
  if (role.op !== undefined) out.push(`op:${role.op}`, `other:${role.other}`, `opother:${role.op}:${role.other}`);
  for (let k = 1; k <= WINDOW; k++) {
    out.push(`w-${k}:${tokenText(tokens[i - k])}`);
    out.push(`w+${k}:${tokenText(tokens[i + k])}`);
  }
  return out;
}

/** The name's occurrences away from the site `i` and its declaration. */
function otherUses(i: number, decl: { token: number }, occ: readonly Occurrence[]): Occurrence[] {
  return occ.filter((o) => o.index !== i && o.index !== decl.token);
}

/** What the function says about `name` away from the site: how and how near it is used. */
function nameFeatures(tokens: PreToken[], i: number, name: string, decl: { token: number; kind: string }, occ: Occurrence[]): string[] {
  const out = [`n:${name}`, `nk:${decl.kind}`];
  for (const s of subTokens(name).slice(0, 4)) out.push(`ns:${s}`);
  const others = otherUses(i, decl, occ);
  let before = decl.token;
  let after = -1;
  for (const o of others) {
    if (o.index < i && o.index > before) before = o.index;
    if (o.index > i && (after < 0 || o.index < after)) after = o.index;
  }
  out.push(`nreads:${bucket(others.length)}`, `ndecl:${bucket(i - decl.token)}`, `nlast:${bucket(i - before)}`);
  out.push(`nnext:${after < 0 ? 'none' : bucket(after - i)}`);
  const uses = new Set<string>();
  for (const o of others) for (const u of usesOf(tokens, o)) uses.add(u);
  for (const u of [...uses].sort().slice(0, 12)) out.push(`nu:${u}`);
  return out;
}

/** The name against the context: its sub-tokens with the role, callee, operator and neighbours; copies of it nearby. */
function crossFeatures(
  tokens: PreToken[],
  i: number,
  name: string,
  role: NonNullable<ReturnType<typeof roleAt>>,
  context: string[],
): string[] {
  const out: string[] = [];
  for (let k = 1; k <= WINDOW; k++) {
    if (tokens[i - k]?.text === name) out.push(`x:copy-${k}`);
    if (tokens[i + k]?.text === name) out.push(`x:copy+${k}`);
  }
  if (role.other === name) out.push('x:same-as-other');
  const keys = context.filter((c) => /^(role|callee|argpos|op|other|w-1|w\+1|w-2|w\+2):/.test(c));
  const subs = subTokens(name).slice(0, 3);
  for (const key of keys) out.push(`x:n:${name}|${key}`);
  for (const s of subs) for (const key of keys) out.push(`x:${s}|${key}`);
  return out;
}
