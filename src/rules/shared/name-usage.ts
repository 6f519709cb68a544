/**
 * Name usage from the token stream: a conservative "is this name mentioned anywhere
 * else" test, used where a missed use would be a false positive (unused imports and
 * parameters). Any identifier token with the name counts, and so do names inside
 * Python f-strings, string annotations (`"List[Foo]"`) and `__all__` entries.
 */
import type { SourceFile, Span, Token } from '../../model/types.js';

export interface NameIndex {
  /** Positions (line, column) of identifier tokens by name. */
  identifiers: Map<string, { line: number; column: number }[]>;
  /** Identifier-like words found in strings that may reference code. */
  stringWords: Map<string, { line: number; column: number }[]>;
}

const cache = new WeakMap<SourceFile, NameIndex>();

/** The token itself is the position (its `line` and `column`): no object per identifier (issue 19). */
function add(map: NameIndex['identifiers'], name: string, t: Token): void {
  const list = map.get(name);
  if (list) list.push(t);
  else map.set(name, [t]);
}

// Hoisted: a regex literal in a function body is a new RegExp object each time it is evaluated.
const FSTRING = /^[rRbBuU]?[fF][rRbB]?['"]/;
const OPEN_QUOTE = /^[rRbBuU]{0,2}("""|'''|"|'|`)/;
const CLOSE_QUOTE = /("""|'''|"|'|`)$/;
const NAME_LIST = /^[\w.[\], |'"]+$/;
const WORD = /[A-Za-z_]\w*/g;
const KEYWORD_NAME = /^[A-Za-z_$][\w$]*$/;

/** Words of a string token that may be code: f-string substitutions, annotation-like strings, bare names. */
function codeWords(text: string): string[] {
  const fstring = FSTRING.test(text);
  if (fstring) {
    const out: string[] = [];
    for (const m of text.matchAll(/\{([^{}]*)\}/g)) out.push(...((m[1] ?? '').match(/[A-Za-z_]\w*/g) ?? []));
    return out;
  }
  const body = text.replace(OPEN_QUOTE, '').replace(CLOSE_QUOTE, '');
  if (NAME_LIST.test(body) && body.length <= 200) return body.match(WORD) ?? [];
  return [];
}

export function nameIndex(file: SourceFile): NameIndex {
  let index = cache.get(file);
  if (index) return index;
  index = { identifiers: new Map(), stringWords: new Map() };
  for (const t of file.tokens) {
    if (t.kind === 'identifier' || (t.kind === 'keyword' && KEYWORD_NAME.test(t.text))) add(index.identifiers, t.text, t);
    else if (t.kind === 'string' || t.kind === 'template') for (const w of codeWords(t.text)) add(index.stringWords, w, t);
  }
  cache.set(file, index);
  return index;
}

const inside = (span: Span, p: { line: number; column: number }): boolean =>
  (p.line > span.line || (p.line === span.line && p.column >= span.column)) &&
  (p.line < span.endLine || (p.line === span.endLine && p.column < span.endColumn));

/** Mentions of `name` in the file, outside the `exclude` spans (its declaration), optionally only within `within`. */
export function mentionCount(file: SourceFile, name: string, exclude: readonly Span[], within?: Span): number {
  const index = nameIndex(file);
  const all = [...(index.identifiers.get(name) ?? []), ...(index.stringWords.get(name) ?? [])];
  return all.filter((p) => !exclude.some((s) => inside(s, p)) && (!within || inside(within, p))).length;
}
