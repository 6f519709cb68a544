/**
 * Name-suggestion sites and their features: the one definition used both to build the training
 * data (models/training/names/dump-names.mjs runs this very code over the corpus through the real
 * front-ends) and at grading time, so training reads exactly what runtime sees.
 *
 * A site is a binding of a function scope (parameter or local variable). Its features describe how
 * the name is used, never the name itself (JSNice / context2name style): the tokens around each
 * occurrence (`x.append`, `len(x`, `x is None`, `for _ in x`), the call it is passed to and at which
 * position, the key or target it is assigned to, what it is assigned from, the enclosing function's
 * name, the sibling parameters, the annotation and default value. They are hashed into one bag.
 */
import type { BindingNode, FunctionNode, SourceFile } from '../../model/types.js';
import { lineStarts } from '../findings.js';
import { lex, lexLanguage, type LexLanguage, type PreToken } from '../lexer.js';
import { subTokens } from '../detectors/sites.js';
import { fnv1a32 } from '../../util/hash.js';

/** Hash buckets of the feature embedding (id 0 is padding). */
export const NAME_BUCKETS = 1 << 16;
/** Feature ids per site (more are dropped, fewer padded with 0). */
export const NAME_BAG = 192;
/** Version of site extraction + features; bump when a change alters any id. */
export const NAMES_VERSION = 3;
/** Occurrences of a binding read for features. */
const MAX_OCCURRENCES = 16;

/** FNV-1a 32-bit over UTF-16 code units, to 1..NAME_BUCKETS-1. */
export function nameFeatureId(feature: string): number {
  return 1 + (fnv1a32(feature) % (NAME_BUCKETS - 1));
}

export interface Occurrence {
  start: number;
  end: number;
}

export interface NameSite {
  binding: BindingNode;
  function: FunctionNode;
  language: LexLanguage;
  /** Every occurrence of the binding in its function, the declaration included, in source order. */
  occurrences: Occurrence[];
  /** Why renaming every occurrence might change what the program does, or null when it cannot. */
  unsafe: string | null;
  features: string[];
  /** NAME_BAG hashed feature ids (0 = padding). */
  ids: number[];
}

const PY_DYNAMIC = new Set(['locals', 'vars', 'eval', 'exec', 'globals', 'dir']);
const JS_DYNAMIC = new Set(['eval', 'arguments', 'with', 'Function']);

/** What a context token contributes: its text, `<self>` for an occurrence of the binding itself (never its name). */
function normal(t: PreToken | undefined, self: ReadonlySet<PreToken> = NONE): string {
  if (!t) return '<e>';
  if (t.kind === 'id') return self.has(t) ? '<self>' : t.text;
  if (t.kind === 'num') return '#';
  if (t.kind === 'str') return '<s>';
  if (t.kind === 'nl' || t.kind === 'ind' || t.kind === 'ded') return '<nl>';
  return t.text;
}

const NONE: ReadonlySet<PreToken> = new Set();
const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);

/** Per token of the range: the index of the innermost open bracket enclosing it (-1 when none). */
function enclosing(tokens: readonly PreToken[], from: number, to: number): Int32Array {
  const out = new Int32Array(to - from).fill(-1);
  const stack: number[] = [];
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    out[i - from] = stack.length ? stack[stack.length - 1]! : -1;
    if (t.kind !== 'op') continue;
    if (OPEN.has(t.text)) stack.push(i);
    else if (CLOSE.has(t.text)) stack.pop();
  }
  return out;
}

export function firstTokenAt(tokens: readonly PreToken[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function defaultShape(text: string): string {
  if (/^(None|null|undefined)$/.test(text)) return 'none';
  if (/^(True|False|true|false)$/.test(text)) return 'bool';
  if (/^-?[0-9.]+$/.test(text)) return /\./.test(text) ? 'float' : text === '0' || text === '1' ? text : 'int';
  if (/^[rbuf]*['"`]/i.test(text)) return 'str';
  if (/^\[/.test(text)) return 'list';
  if (/^\{/.test(text)) return 'dict';
  if (/^\(/.test(text)) return 'tuple';
  return 'expr';
}

export interface FileContext {
  file: SourceFile;
  language: LexLanguage;
  tokens: PreToken[];
  starts: number[];
  /** Calls in the file by callee name (built on first use): the positional arguments that are names. */
  calls?: Map<string, CallSite[]>;
}

/** One call `f(a, obj.b, g(x), 3)` in the file: per positional argument, the name it passes (`a`, `b`) or null. */
export interface CallSite {
  args: (string | null)[];
}

const MAX_CALLS = 6;
const NOT_CALLS = new Set(['def', 'function', 'class', 'new', 'async', 'get', 'set', 'static']);

/**
 * The calls of every name in the file (`f(…)`, `obj.f(…)`, `self.f(…)`), up to MAX_CALLS per name, with the
 * names passed positionally: callers that pass `path` to a parameter `p` say what `p` holds. Keyword
 * arguments are left out (their keyword is the parameter's own name).
 */
export function callIndex(ctx: FileContext): Map<string, CallSite[]> {
  if (ctx.calls) return ctx.calls;
  const calls = new Map<string, CallSite[]>();
  const { tokens } = ctx;
  for (let i = 0; i + 1 < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'id' || tokens[i + 1]!.text !== '(' || NOT_CALLS.has(tokens[i - 1]?.text ?? '')) continue;
    const list = calls.get(t.text) ?? [];
    if (list.length >= MAX_CALLS) continue;
    const args: (string | null)[] = [];
    let depth = 0;
    let argStart = i + 2;
    for (let j = i + 2; j < tokens.length && j < i + 400; j++) {
      const u = tokens[j]!;
      if (u.kind === 'op' && OPEN.has(u.text)) depth++;
      else if (u.kind === 'op' && CLOSE.has(u.text) && depth > 0) depth--;
      else if (depth === 0 && (u.text === ',' || u.text === ')')) {
        if (j > argStart) args.push(argumentName(tokens, argStart, j));
        argStart = j + 1;
        if (u.text === ')') break;
      }
    }
    if (args.every((a) => a === '=')) continue;
    list.push({ args: args.filter((a) => a !== '=') });
    calls.set(t.text, list);
  }
  ctx.calls = calls;
  return calls;
}

/** The name an argument passes (`a`, `self.path` → `path`), null for anything else, `=` for a keyword argument (dropped). */
function argumentName(tokens: readonly PreToken[], from: number, to: number): string | null {
  if (tokens[from + 1]?.text === '=' && from + 1 < to) return '=';
  if (tokens[from]!.text === '*' || tokens[from]!.text === '**' || tokens[from]!.text === '...') return null;
  for (let j = from; j < to; j++) {
    const t = tokens[j]!;
    if ((j - from) % 2 === 0 ? t.kind !== 'id' : t.text !== '.' && t.text !== '?.') return null;
  }
  return (to - from) % 2 === 1 ? tokens[to - 1]!.text : null;
}

export function fileContext(file: SourceFile): FileContext | null {
  if (!file.parsed) return null;
  const language = lexLanguage(file.language);
  try {
    return { file, language, tokens: lex(file.text, language), starts: lineStarts(file.text) };
  } catch {
    return null;
  }
}

function offsetOf(ctx: FileContext, line: number, column: number): number {
  return (ctx.starts[line - 1] ?? ctx.file.text.length) + column - 1;
}

/** Is function `inner` nested (at any depth) in function `outer`? */
function nestedIn(file: SourceFile, inner: number, outer: number): boolean {
  for (let f = file.functions[inner]?.parentFunction ?? null; f !== null; f = file.functions[f]?.parentFunction ?? null)
    if (f === outer) return true;
  return false;
}

/** The site of one function-scope binding, or null when it is not one (module scope, class body, other kinds). */
export function nameSite(ctx: FileContext, binding: BindingNode): NameSite | null {
  const { file, tokens, language } = ctx;
  if (binding.scope === null || binding.inClassBody) return null;
  if (!['variable', 'constant', 'param'].includes(binding.kind)) return null;
  const fn = file.functions[binding.scope];
  if (!fn) return null;
  const name = binding.name;
  const fnStart = offsetOf(ctx, fn.span.line, fn.span.column);
  const fnEnd = offsetOf(ctx, fn.span.endLine, fn.span.endColumn);
  const declStart = offsetOf(ctx, binding.span.line, binding.span.column);
  const bodyStart = offsetOf(ctx, fn.bodySpan.line, fn.bodySpan.column);
  const from = firstTokenAt(tokens, fnStart);
  let to = from;
  while (to < tokens.length && tokens[to]!.start < fnEnd) to++;
  const inner = enclosing(tokens, from, to);
  let unsafe: string | null = null;
  const occ: number[] = [];
  const inString = new RegExp(`(^|[^A-Za-z0-9_$])${name.replace(/\$/g, '\\$')}($|[^A-Za-z0-9_$])`);
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (t.kind === 'id') {
      if ((language === 'python' ? PY_DYNAMIC : JS_DYNAMIC).has(t.text) && normal(tokens[i - 1]) !== '.')
        unsafe ??= `the function uses \`${t.text}\``;
      if (t.text !== name) continue;
      const prev = tokens[i - 1]?.text;
      const next = tokens[i + 1]?.text;
      if (prev === '.' || prev === '?.') continue; // an attribute, not the variable
      const open = inner[i - from]!;
      const bracket = open >= 0 ? tokens[open]!.text : '';
      if (language === 'python') {
        // A keyword argument `f(q=…)` names the callee's parameter.
        if (next === '=' && bracket === '(' && (prev === '(' || prev === ',') && t.start !== declStart && t.start >= bodyStart) continue;
        if (prev === 'global' || prev === 'nonlocal') unsafe ??= `\`${name}\` is declared ${prev}`;
      } else {
        if (bracket === '{' && (prev === '{' || prev === ',') && next === ':') continue; // an object key
        if (bracket === '{' && (prev === '{' || prev === ',') && (next === '}' || next === ',') && t.start >= bodyStart)
          unsafe ??= `\`${name}\` is used as a shorthand property`;
      }
      occ.push(i);
    } else if (t.kind === 'str' && t.start !== tokens[i - 1]?.start) {
      if (unsafe === null && inString.test(file.text.slice(t.start, t.end)))
        unsafe ??= `\`${name}\` appears in a string (an f-string, a template or a lookup by name)`;
    }
  }
  if (occ.length === 0) return null;
  // Another binding of the same name in a nested function shadows this one there.
  if (file.bindings?.some((b) => b !== binding && b.name === name && b.scope !== null && nestedIn(file, b.scope, binding.scope!)))
    unsafe ??= `\`${name}\` is bound again in a nested function`;
  if (binding.isExported) unsafe ??= 'the name is exported';
  if (binding.kind === 'param' && language === 'python') {
    const privateFn = fn.parentFunction !== null || (fn.name.startsWith('_') && !/^__.*__$/.test(fn.name));
    if (!privateFn) unsafe ??= 'callers may pass the parameter by keyword';
  }

  const features = new Set<string>([`lang:${language}`, `kind:${binding.kind === 'param' ? 'param' : 'var'}`, `fnk:${fn.kind}`]);
  for (const s of subTokens(fn.name).slice(0, 5)) features.add(`fn:${s}`);
  if (fn.parentClass !== null) features.add('method');
  const params = fn.params.filter((p) => p.name !== 'self' && p.name !== 'cls' && p.name !== 'this');
  if (binding.kind === 'param') {
    const k = params.findIndex((p) => p.name === name);
    const p = params[k];
    features.add(`ppos:${Math.min(k, 4)}`);
    features.add(`pn:${Math.min(params.length, 5)}`);
    if (k === params.length - 1) features.add('plast');
    if (p?.isRest) features.add('rest');
    if (p?.annotation) {
      const ids = p.annotation.match(/[A-Za-z_$][A-Za-z0-9_$]*/g) ?? [];
      for (const id of ids.slice(0, 4)) {
        features.add(`ann:${id}`);
        for (const s of subTokens(id).slice(0, 3)) features.add(`as:${s}`);
      }
    }
    if (p?.defaultText !== undefined) {
      features.add(`def:${defaultShape(p.defaultText)}`);
      features.add(`defv:${p.defaultText.slice(0, 24)}`);
    }
  }
  for (const p of params.slice(0, 6)) {
    if (p.name === name) continue;
    for (const s of subTokens(p.name).slice(0, 2)) features.add(`sib:${s}`);
  }
  // What callers in the file pass for the parameter (`read(path)` → `path` for `def read(p)`).
  if (binding.kind === 'param' && fn.name && !fn.name.startsWith('<')) {
    const k = params.findIndex((p) => p.name === name);
    const rest = params[k]?.isRest;
    for (const call of callIndex(ctx).get(fn.name) ?? []) {
      const passed = rest ? call.args.slice(k) : [call.args[k]];
      for (const arg of passed.slice(0, 3)) {
        if (!arg || arg === name || arg === 'self' || arg === 'this') continue;
        features.add(`ca:${normalName(arg)}`);
        for (const s of subTokens(arg).slice(0, 3)) features.add(`cas:${s}`);
      }
    }
  }
  // Only the binding's own occurrences read `<self>`: an attribute or keyword of the same name
  // (`self.parent = parent`, `f(parent=parent)`) keeps its text, as it does once the binding is renamed.
  const self = new Set(occ.map((i) => tokens[i]!));
  const window = new Set<string>();
  for (const i of occ.slice(0, MAX_OCCURRENCES)) {
    const at = (d: number) => normal(tokens[i + d], self);
    const p1 = at(-1);
    const p2 = at(-2);
    const n1 = at(1);
    const n2 = at(2);
    const decl = tokens[i]!.start === declStart;
    if (!decl || binding.kind !== 'param') {
      features.add(`p:${p1}`);
      features.add(`n:${n1}`);
      features.add(`pp:${p2} ${p1}`);
      features.add(`nn:${n1} ${n2}`);
    }
    if ((n1 === '.' || n1 === '?.') && tokens[i + 2]?.kind === 'id') {
      const attr = tokens[i + 2]!.text;
      features.add(`${at(3) === '(' ? 'meth' : 'attr'}:${attr}`);
      for (const s of subTokens(attr).slice(0, 3)) features.add(`at:${s}`);
    }
    if (n1 === '[') features.add('indexed');
    // Passed to a call: callee and position.
    const open = inner[i - from]!;
    if (open >= 0 && tokens[open]!.text === '(' && tokens[open - 1]?.kind === 'id' && (p1 === '(' || p1 === ',')) {
      let pos = 0;
      for (let j = open + 1; j < i; j++) if (tokens[j]!.text === ',' && inner[j - from] === open) pos++;
      const callee = tokens[open - 1]!.text;
      if (!(decl && binding.kind === 'param')) {
        features.add(`arg:${callee}:${Math.min(pos, 3)}`);
        features.add(`argof:${callee}`);
        for (const s of subTokens(callee).slice(0, 3)) features.add(`cs:${s}`);
      }
    }
    // The value of a keyword, key or assignment target: `f(key=q)`, `{key: q}`, `self.key = q`.
    if ((p1 === '=' || p1 === ':') && tokens[i - 2]?.kind === 'id' && !decl) {
      if (!self.has(tokens[i - 2]!)) {
        const key = tokens[i - 2]!.text;
        features.add(`lhs:${key}`);
        for (const s of subTokens(key).slice(0, 3)) features.add(`ls:${s}`);
      }
    }
    // Assigned from: `q = <rhs>`, the first call or name on the right.
    if (n1 === '=' || (decl && binding.kind !== 'param' && (n1 === ':' || n1 === ':='))) {
      let k = i + 2;
      while (k < to && k < i + 12 && tokens[k]!.kind !== 'nl' && tokens[k]!.text !== ';') {
        const t = tokens[k]!;
        if (t.kind === 'id' && !self.has(t) && tokens[k + 1]?.text === '(') {
          features.add(`rcall:${t.text}`);
          for (const s of subTokens(t.text).slice(0, 3)) features.add(`rs:${s}`);
          break;
        }
        k++;
      }
      features.add(`rhs:${n2}`);
    }
    // Part of the value assigned to a name: `full = join(q, name)` (the direct `x = q` is `lhs:` above).
    if (!(p1 === '=' && tokens[i - 2]?.kind === 'id')) {
      for (let k = i - 1, depth = 0; k > from && k > i - 24; k--) {
        const t = tokens[k]!;
        if (t.kind === 'nl' || t.text === ';' || (depth === 0 && (t.text === '{' || t.text === '}'))) break;
        if (t.kind === 'op' && CLOSE.has(t.text)) depth++;
        else if (t.kind === 'op' && OPEN.has(t.text)) depth = Math.max(0, depth - 1);
        if ((t.text === '=' || t.text === '+=') && tokens[k - 1]?.kind === 'id' && !self.has(tokens[k - 1]!)) {
          for (const s of subTokens(tokens[k - 1]!.text).slice(0, 3)) features.add(`tg:${s}`);
          break;
        }
      }
    }
    // The names around the occurrence in its statement, as sub-tokens (`os.path.join(q, filename)`).
    for (let k = i - 1, seen = 0; k > from && seen < 5; k--) {
      const t = tokens[k]!;
      if (t.kind === 'nl' || t.text === ';') break;
      if (t.kind === 'id' && !self.has(t)) for (const s of subTokens(t.text).slice(0, 3)) window.add(`w:${s}`);
      seen++;
    }
    for (let k = i + 1, seen = 0; k < to && seen < 5; k++) {
      const t = tokens[k]!;
      if (t.kind === 'nl' || t.text === ';') break;
      if (t.kind === 'id' && !self.has(t)) for (const s of subTokens(t.text).slice(0, 3)) window.add(`w:${s}`);
      seen++;
    }
    if (p1 === 'in' && p2 !== 'not') {
      features.add('iterated');
      if (tokens[i - 2]?.kind === 'id') for (const s of subTokens(tokens[i - 2]!.text).slice(0, 3)) features.add(`iv:${s}`);
    }
    if (p1 === 'for' || (p1 === 'const' && p2 === '(') || (p1 === 'let' && p2 === '(')) features.add(`loopvar:${at(2)} ${at(3)}`);
  }
  features.add(`uses:${Math.min(occ.length, 6)}`);
  for (const w of window) features.add(w);
  const list = [...features];
  const ids: number[] = list.slice(0, NAME_BAG).map(nameFeatureId);
  while (ids.length < NAME_BAG) ids.push(0);
  return {
    binding,
    function: fn,
    language,
    occurrences: occ.map((i) => ({ start: tokens[i]!.start, end: tokens[i]!.end })),
    unsafe,
    features: list,
    ids,
  };
}

/** Sites of every function-scope parameter and variable of `file` (for training and benchmarks). */
export function nameSites(file: SourceFile): NameSite[] {
  const ctx = fileContext(file);
  if (!ctx) return [];
  const out: NameSite[] = [];
  for (const b of file.bindings ?? []) {
    const s = nameSite(ctx, b);
    if (s) out.push(s);
  }
  return out;
}

/** A name's sub-tokens joined by `_`: the form the model's vocabulary holds (`nodeId`, `node_id` → `node_id`). */
export function normalName(name: string): string {
  return subTokens(name).join('_');
}
