/**
 * Names the code itself states for a binding, merged with the names model's ranking (./suggest.ts):
 * the parameter's type annotation (`r: Request` → `request`), its default value
 * (`out=sys.stdout` → `stdout`), the names callers in the file pass for it, the keyword, key or
 * attribute it is stored under (`f(callback=h)`, `{key: h}`, `self.timeout = t`), the parameter of
 * a function defined in the file that it is passed to (`def g(request): …; g(r)` → `request`), what
 * a local is assigned from (`p = get_parser()` → `parser`) and what it iterates over
 * (`for item in h` → `items`). Only code is read: never comments or docstrings (a docstring that
 * names the original parameter would hand the answer to a benchmark that renames it).
 *
 * Candidates are lower-case sub-tokens joined by `_` (the vocabulary's form); the caller renders them
 * in the file's convention and filters them like the model's own names.
 */
import type { Param, SourceFile } from '../../model/types.js';
import type { PreToken } from '../lexer.js';
import { callIndex, firstTokenAt, normalName, type FileContext, type NameSite } from './features.js';

export type CandidateSource =
  | 'annotation'
  | 'annotationTail'
  | 'default'
  | 'caller'
  | 'keyword'
  | 'key'
  | 'attribute'
  | 'alias'
  | 'calleeParam'
  | 'assignedFrom'
  | 'iteratedAs'
  | 'sameUses'
  | 'fileParam';

export const CANDIDATE_SOURCES: readonly CandidateSource[] = [
  'annotation',
  'annotationTail',
  'default',
  'caller',
  'keyword',
  'key',
  'attribute',
  'alias',
  'calleeParam',
  'assignedFrom',
  'iteratedAs',
  'sameUses',
  'fileParam',
];

/** Type names that say nothing about what a value is for (wrappers are looked through, the rest dropped). */
const TYPE_WRAPPERS = new Set(
  'Optional Union Type Annotated ClassVar Final Required NotRequired ReadOnly Promise Partial Readonly Awaitable Coroutine Generator AsyncGenerator NonNullable typing t'.split(
    ' ',
  ),
);
const TYPE_COLLECTIONS = new Set(
  'List list Sequence MutableSequence Iterable Iterator AsyncIterable AsyncIterator Set set FrozenSet frozenset Collection Array ReadonlyArray Tuple tuple Deque deque'.split(
    ' ',
  ),
);
const TYPE_PLAIN = new Set(
  (
    'str int float bool bytes bytearray complex object Any None NoneType Dict dict Mapping MutableMapping Callable Literal Self TypeVar ' +
    'string number boolean any unknown void never undefined null bigint symbol Object Function Record Map WeakMap Date RegExp Error ' +
    'T K V U R P E S A B Item Value Key Element Node Type Kind'
  ).split(' '),
);

const VERB_PREFIX = new Set(
  'get set create make new load read build find compute calc fetch parse open init generate extract to as from do run resolve lookup'.split(
    ' ',
  ),
);

/** `items` → `item`, `entries` → `entry`, `classes` → `class` (null when it does not look plural). */
export function singular(word: string): string | null {
  if (word.length < 4 || /ss$|us$|is$/.test(word)) return null;
  if (/ies$/.test(word)) return word.slice(0, -3) + 'y';
  if (/(ch|sh|x|ss|zz)es$/.test(word)) return word.slice(0, -2);
  if (/s$/.test(word)) return word.slice(0, -1);
  return null;
}

/** `item` → `items`, `entry` → `entries`, `box` → `boxes`; `options` stays. */
export function plural(word: string): string {
  if (singular(word)) return word;
  if (/[^aeiou]y$/.test(word)) return word.slice(0, -1) + 'ies';
  if (/(ch|sh|x|s|z)$/.test(word)) return word + 'es';
  return word + 's';
}

/** The last sub-token made singular or plural: `user_ids` → `user_id`. */
function inflect(name: string, how: (w: string) => string | null): string | null {
  const parts = name.split('_');
  const last = how(parts[parts.length - 1]!);
  if (!last) return null;
  parts[parts.length - 1] = last;
  return parts.join('_');
}

/** Candidate names from a type annotation: the full type name and its last one or two sub-tokens. */
export function annotationNames(annotation: string): { full: string[]; tail: string[] } {
  const full: string[] = [];
  const tail: string[] = [];
  const text = annotation.replace(/['"]/g, '');
  const ids = [...text.matchAll(/[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*(\s*\[\s*\])?/g)];
  let collection = false;
  for (const m of ids) {
    const whole = m[0].replace(/\s+/g, '');
    const last = whole.replace(/\[\]$/, '').split('.').pop()!;
    if (TYPE_WRAPPERS.has(last)) continue;
    if (TYPE_COLLECTIONS.has(last)) {
      collection = true;
      continue;
    }
    if (TYPE_PLAIN.has(last) || last.length < 2) {
      if (TYPE_PLAIN.has(last)) return { full, tail };
      continue;
    }
    // `IOptions` → `Options`, `AbstractEventLoop` → `EventLoop` (as well as the whole name).
    const bare = last.replace(/^I(?=[A-Z][a-z])/, '').replace(/^(Abstract|Base)(?=[A-Z])/, '');
    const many = collection || whole.endsWith('[]');
    const form = (n: string) => (many ? (inflect(n, (w) => plural(w)) ?? n) : n);
    const norm = normalName(bare);
    if (!norm) break;
    full.push(form(norm));
    const parts = norm.split('_');
    if (parts.length > 1) tail.push(form(parts[parts.length - 1]!));
    if (parts.length > 2) tail.push(form(parts.slice(-2).join('_')));
    if (bare !== last) tail.push(form(normalName(last)));
    break;
  }
  return { full, tail };
}

/** A default value that names something: `sys.stdout` → `stdout`, `DEFAULT_TIMEOUT` → `timeout`. */
export function defaultName(text: string): string | null {
  const m = /^(?:[A-Za-z_$][A-Za-z0-9_$]*\.)*([A-Za-z_$][A-Za-z0-9_$]*)$/.exec(text.trim());
  if (!m) return null;
  if (/^(None|True|False|null|undefined|true|false|NaN|Infinity|this|self)$/.test(m[1]!)) return null;
  const parts = normalName(m[1]!)
    .split('_')
    .filter((p) => p !== 'default' && p !== 'defaults' && p !== 'dflt');
  return parts.length ? parts.join('_') : null;
}

/** `get_parser` → `parser`, `Parser` → `parser`, `parse` → null (a verb alone names no value). */
function producedName(callee: string): string | null {
  const parts = normalName(callee).split('_');
  while (parts.length > 1 && VERB_PREFIX.has(parts[0]!)) parts.shift();
  if (parts.length === 1 && VERB_PREFIX.has(parts[0]!)) return null;
  return parts.join('_') || null;
}

const LINE_BREAK = new Set(['nl', 'ind', 'ded']);
/** What may follow a value that is the binding alone. */
const VALUE_END = new Set([',', ')', '}', ']', ';']);
/** Arguments that are constants or the receiver, not names of what is passed. */
const LITERAL_NAMES = new Set(['self', 'cls', 'this', 'None', 'True', 'False', 'null', 'undefined', 'true', 'false', 'NaN', 'Infinity']);
const STATEMENT_START = new Set([';', '{', '}', 'let', 'const', 'var']);

function atStatementStart(t: PreToken | undefined): boolean {
  return !t || LINE_BREAK.has(t.kind) || STATEMENT_START.has(t.text);
}

function keyText(t: PreToken | undefined, text: string): string | null {
  if (!t) return null;
  if (t.kind === 'id') return t.text;
  if (t.kind === 'str') {
    const m = /^['"`]([A-Za-z_$][A-Za-z0-9_$]*)['"`]$/.exec(text.slice(t.start, t.end));
    return m ? m[1]! : null;
  }
  return null;
}

/** Functions of the file by name (a class's `__init__` / `constructor` also under the class's name), their parameters without self. */
function definitions(file: SourceFile): Map<string, Param[]> {
  const out = new Map<string, Param[]>();
  for (const fn of file.functions) {
    const params = fn.params.filter((p) => p.name !== 'self' && p.name !== 'cls' && p.name !== 'this');
    if (!out.has(fn.name)) out.set(fn.name, params);
    if ((fn.name === '__init__' || fn.name === 'constructor') && fn.parentClass !== null) {
      const cls = file.classes[fn.parentClass]?.name;
      if (cls && !out.has(cls)) out.set(cls, params);
    }
  }
  return out;
}

const definitionCache = new WeakMap<SourceFile, Map<string, Param[]>>();

/** The call an argument token at `i` is passed to positionally as a bare name: callee and position, or null. */
function callOf(tokens: readonly PreToken[], i: number): { callee: string; pos: number; viaAttribute: boolean } | null {
  const prev = tokens[i - 1]?.text;
  const next = tokens[i + 1]?.text;
  if ((prev !== '(' && prev !== ',') || (next !== ',' && next !== ')')) return null;
  let pos = 0;
  for (let j = i - 1, depth = 0; j >= 0 && j > i - 400; j--) {
    const t = tokens[j]!;
    if (t.kind === 'nl' && depth === 0 && t.text !== '') return null;
    if (t.kind !== 'op') continue;
    if (t.text === ')' || t.text === ']' || t.text === '}') depth++;
    else if (t.text === '[' || t.text === '{') {
      if (depth === 0) return null;
      depth--;
    } else if (t.text === '(') {
      if (depth > 0) {
        depth--;
        continue;
      }
      const callee = tokens[j - 1];
      if (
        callee?.kind !== 'id' ||
        ['def', 'function', 'class', 'if', 'while', 'for', 'return', 'in', 'and', 'or', 'not'].includes(tokens[j - 2]?.text ?? '')
      )
        return null;
      const before = tokens[j - 2]?.text;
      return { callee: callee.text, pos, viaAttribute: before === '.' || before === '?.' };
    } else if (t.text === ',' && depth === 0) pos++;
    else if (t.text === '=' && depth === 0) return null; // after a keyword argument: not positional
  }
  return null;
}

/**
 * Names stated by the code around `site`'s binding, with where each came from. Reads the binding's
 * occurrences (its declaration, annotation and default for a parameter), the file's calls of its
 * function and the file's function definitions.
 */
export function contextCandidates(ctx: FileContext, site: NameSite): Map<string, Map<CandidateSource, number>> {
  const out = new Map<string, Map<CandidateSource, number>>();
  const add = (name: string | null | undefined, source: CandidateSource, strength = 1) => {
    if (!name || name.replace(/_/g, '').length < 2) return;
    let set = out.get(name);
    if (!set) out.set(name, (set = new Map()));
    set.set(source, Math.max(strength, set.get(source) ?? 0));
  };
  const { tokens, file } = ctx;
  const { binding, function: fn } = site;
  // The occurrence's identifier (an indent or dedent token may start at the same offset).
  const own = site.occurrences.map((o) => {
    let i = firstTokenAt(tokens, o.start);
    while (i + 1 < tokens.length && tokens[i]!.kind !== 'id' && tokens[i + 1]!.start === o.start) i++;
    return i;
  });
  const self = new Set(own.map((i) => tokens[i]!));
  const params = fn.params.filter((p) => p.name !== 'self' && p.name !== 'cls' && p.name !== 'this');
  if (binding.kind === 'param') {
    const k = params.findIndex((p) => p.name === binding.name);
    const p = params[k];
    if (p?.annotation) {
      const { full, tail } = annotationNames(p.annotation);
      for (const n of full) add(n, 'annotation');
      for (const n of tail) add(n, 'annotationTail');
    }
    if (p?.defaultText !== undefined) add(defaultName(p.defaultText), 'default');
    if (p && !p.isRest && fn.name && !fn.name.startsWith('<')) {
      for (const call of callIndex(ctx).get(fn.name) ?? []) {
        const arg = call.args[k];
        if (arg && arg !== binding.name && !LITERAL_NAMES.has(arg)) add(normalName(arg), 'caller');
      }
    }
  }
  let defs = definitionCache.get(file);
  if (!defs) definitionCache.set(file, (defs = definitions(file)));
  const declStart = site.occurrences[0]?.start;
  for (const i of own.slice(0, 32)) {
    const t = tokens[i]!;
    const p1 = tokens[i - 1];
    const p2 = tokens[i - 2];
    const p3 = tokens[i - 3];
    const n1 = tokens[i + 1];
    const isDeclParam = binding.kind === 'param' && t.start === declStart;
    if (isDeclParam) continue;
    // Stored under a keyword, key or attribute: `f(callback=h)`, `{key: h}`, `d['key'] = h`, `self.timeout = t`,
    // `timeout = t` — the value must be the binding itself (not `h.x`, `h[0]`, `h + 1`).
    const whole = !n1 || LINE_BREAK.has(n1.kind) || VALUE_END.has(n1.text);
    if (!whole) {
      // a part of a larger value: nothing is stored under a name
    } else if (p1?.text === '=' && p2?.kind === 'id' && !self.has(p2)) {
      // A keyword of the function's own (recursive) call is the parameter's current name, not evidence.
      if (p3?.text === '(' || p3?.text === ',') {
        if (keywordCallee(tokens, i - 2) !== fn.name) add(normalName(p2.text), 'keyword');
      } else if (p3?.text === '.' || p3?.text === '?.') add(normalName(p2.text), 'attribute');
      else if (atStatementStart(p3)) add(normalName(p2.text), 'alias');
    } else if (p1?.text === ':' && p2) {
      const before = tokens[(p2.kind === 'str' ? literalStart(tokens, i - 2) : i - 2) - 1]?.text;
      const key = before === '{' || before === ',' ? keyText(p2, file.text) : null;
      if (key) add(normalName(key), 'key');
    } else if (p1?.text === '=' && p2?.text === ']' && p3?.kind === 'str') {
      const first = literalStart(tokens, i - 3);
      const key = tokens[first - 1]?.text === '[' ? keyText(p3, file.text) : null;
      if (key) add(normalName(key), 'key');
    }
    // Passed by position to a function defined in the file: that function's parameter name.
    const call = callOf(tokens, i);
    if (call) {
      const callee = defs.get(call.callee);
      const param = callee?.[call.pos];
      if (param && !param.isRest && param.name !== binding.name) add(normalName(param.name), 'calleeParam');
    }
    // Iterated: `for item in h` / `for (const item of h)` → `items`.
    if ((p1?.text === 'in' || p1?.text === 'of') && p2?.kind === 'id' && !self.has(p2) && (n1?.text === ':' || n1?.text === ')')) {
      const opener = tokens[i - 3]?.text;
      if (opener === 'for' || opener === 'const' || opener === 'let' || opener === 'var') add(plural(normalName(p2.text)), 'iteratedAs');
    }
    // Assigned from: `h = get_parser()`, `h = Parser(…)`, `h = self.parser`, `h = d['key']`, `h = d.get('key')`.
    if (n1?.text === '=' && atStatementStart(p1)) {
      let k = i + 2;
      if (tokens[k]?.text === 'await' || tokens[k]?.text === 'new' || tokens[k]?.text === 'yield') k++;
      const key = subscriptKey(tokens, k, file.text, self);
      add(key ?? chainEnd(tokens, k, self), 'assignedFrom');
    }
  }
  // The file's habit: the name other functions give their parameter at the same position (`fork`, `node`, `req`).
  if (binding.kind === 'param') {
    const k = params.findIndex((p) => p.name === binding.name);
    for (const [name, share] of positionNames(file, k, site.binding.scope!)) add(normalName(name), 'fileParam', share);
  }
  // Named like the file's other bindings used the same way: `function a(node) { node.type … }` beside `function b(x) { x.type … }`.
  for (const [name, share] of sameUses(ctx, own, binding.name)) add(normalName(name), 'sameUses', share);
  return out;
}

/**
 * Parameter names at position `k` (self aside) in the file's other named functions, with the share of
 * those functions using each: names used by at least 2 functions and 20% of them, at most 3.
 */
function positionNames(file: SourceFile, k: number, own: number): [string, number][] {
  if (k < 0) return [];
  const counts = new Map<string, number>();
  let functions = 0;
  file.functions.forEach((fn, index) => {
    if (index === own || fn.kind === 'lambda' || fn.name.startsWith('<')) return;
    const p = fn.params.filter((x) => x.name !== 'self' && x.name !== 'cls' && x.name !== 'this')[k];
    if (!p || p.isRest || p.name.length < 2) return;
    functions++;
    counts.set(p.name, (counts.get(p.name) ?? 0) + 1);
  });
  return [...counts]
    .filter(([, n]) => n >= 2 && n >= 0.2 * functions)
    .map(([name, n]): [string, number] => [name, n / functions])
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 3);
}

/** Per name in the file (any scope): the attributes and methods read on it (`x.type`, `x.push(…)`). */
function attributeUses(ctx: FileContext): Map<string, Set<string>> {
  const cached = attributeCache.get(ctx);
  if (cached) return cached;
  const uses = new Map<string, Set<string>>();
  const { tokens } = ctx;
  for (let i = 0; i + 2 < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'id' || (tokens[i + 1]!.text !== '.' && tokens[i + 1]!.text !== '?.') || tokens[i + 2]!.kind !== 'id') continue;
    const prev = tokens[i - 1]?.text;
    if (prev === '.' || prev === '?.' || LITERAL_NAMES.has(t.text)) continue;
    let set = uses.get(t.text);
    if (!set) uses.set(t.text, (set = new Set()));
    set.add(tokens[i + 2]!.text);
  }
  attributeCache.set(ctx, uses);
  return uses;
}

const attributeCache = new WeakMap<FileContext, Map<string, Set<string>>>();

/**
 * The file's other names whose attribute uses overlap the binding's, with the share of the binding's
 * uses they cover (each attribute weighted by how few names in the file use it): at most 3, share ≥ 0.3.
 */
function sameUses(ctx: FileContext, own: readonly number[], name: string): [string, number][] {
  const { tokens } = ctx;
  const mine = new Set<string>();
  for (const i of own) {
    const n1 = tokens[i + 1]?.text;
    if ((n1 === '.' || n1 === '?.') && tokens[i + 2]?.kind === 'id') mine.add(tokens[i + 2]!.text);
  }
  if (mine.size === 0) return [];
  const uses = attributeUses(ctx);
  const names = new Map<string, number>();
  for (const attrs of uses.values()) for (const a of attrs) if (mine.has(a)) names.set(a, (names.get(a) ?? 0) + 1);
  const weight = (a: string) => 1 / Math.max(1, (names.get(a) ?? 1) - 1);
  let total = 0;
  for (const a of mine) total += weight(a);
  const out: [string, number][] = [];
  for (const [other, attrs] of uses) {
    if (other === name || other.length < 2) continue;
    let shared = 0;
    for (const a of attrs) if (mine.has(a)) shared += weight(a);
    if (shared / total >= 0.3) out.push([other, shared / total]);
  }
  return out.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 3);
}

/** The callee of the call whose keyword argument's keyword is at `k`: `f(a, key=…)` → `f`. */
function keywordCallee(tokens: readonly PreToken[], k: number): string | null {
  for (let j = k - 1, depth = 0; j >= 0 && j > k - 400; j--) {
    const t = tokens[j]!;
    if (t.kind !== 'op') continue;
    if (t.text === ')' || t.text === ']' || t.text === '}') depth++;
    else if (t.text === '(' || t.text === '[' || t.text === '{') {
      if (depth-- > 0) continue;
      return t.text === '(' && tokens[j - 1]?.kind === 'id' ? tokens[j - 1]!.text : null;
    }
  }
  return null;
}

/**
 * What the name chain at `k` produces, read to the end of its statement: `self.parser`
 * → `parser`, `get_parser()` → `parser`, `Parser(…)` → `parser`; null for anything else
 * (`a + b`, a literal).
 */
function chainEnd(tokens: readonly PreToken[], k: number, self: ReadonlySet<PreToken>): string | null {
  let last: string | null = null;
  for (let steps = 0; k < tokens.length && steps < 16; steps++, k++) {
    const u = tokens[k]!;
    if (u.kind === 'id' && !self.has(u)) {
      if (tokens[k + 1]?.text === '(') return producedName(u.text);
      last = u.text;
    } else if (u.text === '.' || u.text === '?.') continue;
    else break;
  }
  const end = tokens[k];
  const ended = !end || LINE_BREAK.has(end.kind) || [';', ':', ')', '{'].includes(end.text);
  return last && ended ? normalName(last) : null;
}

/** A string literal is several tokens (quotes, text) sharing one span: the index of its first one. */
function literalStart(tokens: readonly PreToken[], k: number): number {
  while (k > 0 && tokens[k - 1]!.kind === 'str' && tokens[k - 1]!.start === tokens[k]!.start) k--;
  return k;
}

/** The index just past the string literal whose first token is at `k`. */
function literalEnd(tokens: readonly PreToken[], k: number): number {
  const start = tokens[k]!.start;
  while (k < tokens.length && tokens[k]!.kind === 'str' && tokens[k]!.start === start) k++;
  return k;
}

/** `d['key']` or `d.get('key'…)` at `k`: the key. */
function subscriptKey(tokens: readonly PreToken[], k: number, text: string, self: ReadonlySet<PreToken>): string | null {
  for (let steps = 0; k < tokens.length && steps < 12; steps++, k++) {
    const u = tokens[k]!;
    if (u.kind === 'id' && !self.has(u)) {
      if (
        u.text === 'get' &&
        tokens[k + 1]?.text === '(' &&
        tokens[k + 2]?.kind === 'str' &&
        tokens[literalEnd(tokens, k + 2)]?.text !== '.'
      ) {
        const key = keyText(tokens[k + 2], text);
        return key ? normalName(key) : null;
      }
      continue;
    }
    if (u.text === '.' || u.text === '?.') continue;
    if (u.text === '[' && tokens[k + 1]?.kind === 'str' && tokens[literalEnd(tokens, k + 1)]?.text === ']') {
      const key = keyText(tokens[k + 1], text);
      return key ? normalName(key) : null;
    }
    return null;
  }
  return null;
}
