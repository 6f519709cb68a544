import { createRequire } from 'node:module';
import type { RE2JS } from 're2js';
import type { SourceFile } from '../../model/types.js';
import { captureText, spanOfOffsets } from '../text-index.js';
import type { LeafMatcher, Match } from './match.js';

const require = createRequire(import.meta.url);
let re2js: typeof RE2JS | null = null;
/** RE2 (re2js, 260 KB of JavaScript), loaded on first use: a run whose files are all cached compiles no regex. */
const RE2 = (): typeof RE2JS => (re2js ??= (require('re2js') as { RE2JS: typeof RE2JS }).RE2JS);

/** More matches than this in one file are not reported (a rule that matches everything is a broken rule). */
const MAX_MATCHES_PER_FILE = 1000;

/**
 * Compiles an RE2 pattern, or throws an Error whose message says what is wrong.
 * RE2 matches in time linear in the input, so no pattern can backtrack catastrophically;
 * the price is no lookaround and no backreferences, which RE2 rejects here, at load.
 */
export function compileRe2(pattern: string, flags = 0): RE2JS {
  try {
    return RE2().compile(pattern, flags);
  } catch (error) {
    const reason = (error as Error).message.replace(/^error parsing regexp: /, '').replace(/`\(\?[a-z]+\)/, '`');
    const hint = /\(\?[=!<]|\\[1-9]/.test(pattern)
      ? ' (lookaround and backreferences are not supported: toasty matches in linear time with RE2)'
      : '';
    throw new Error(`${reason}${hint}`);
  }
}

/** A test function backed by RE2 (for predicates and selector attributes). */
export function re2Tester(pattern: string, flags = 0): (text: string) => boolean {
  const re = compileRe2(pattern, flags);
  // `test` asks only whether it matches (re2js's DFA); a matcher's `find` also places the match (its NFA).
  return (text) => re.test(text);
}

/** One literal of `literalTester`: word characters and escaped dots. */
const LITERAL = String.raw`(?:[A-Za-z0-9_]|\\\.)+`;
const LITERAL_PATTERN = new RegExp(String.raw`^(\^?)(?:\((?:\?:)?(${LITERAL}(?:\|${LITERAL})*)\)|(${LITERAL}))(\$?)$`);

/**
 * A pattern that is literal text or an alternation of literals in one group, anchored or not
 * (`^test`, `b`, `^(ET|etree|xml\.dom\.minidom)$`), as plain string tests with RE2's meaning (no
 * flags: `^` and `$` are the start and end of the whole text, never of a line); null for any other
 * pattern. The bundled queries' `#match?` predicates are all such but one: RE2 (re2js, its compiler
 * run cold by a small project's grade) cost those runs more than their matching (issue 19).
 */
export function literalTester(pattern: string): ((text: string) => boolean) | null {
  const m = LITERAL_PATTERN.exec(pattern);
  if (!m) return null;
  const atStart = m[1] === '^';
  const atEnd = m[4] === '$';
  const alternatives = (m[2] ?? m[3]!).split('|').map((a) => a.replace(/\\\./g, '.'));
  if (atStart && atEnd) {
    const set = new Set(alternatives);
    return (text) => set.has(text);
  }
  if (atStart) return (text) => alternatives.some((a) => text.startsWith(a));
  if (atEnd) return (text) => alternatives.some((a) => text.endsWith(a));
  return (text) => alternatives.some((a) => text.includes(a));
}

/** re2Tester compiled on its first test (bundled, CI-tested rules: a predicate never tested costs nothing). */
export function lazyRe2Tester(pattern: string, flags = 0): (text: string) => boolean {
  let re: RE2JS | null = null;
  return (text) => (re ??= compileRe2(pattern, flags)).matcher(text).find();
}

/**
 * The longest literal every match must contain, for a cheap `includes` check
 * before running RE2; null when the pattern has no such literal or is too
 * clever to analyse (alternation at the top level, inline flags).
 */
export function requiredLiteral(pattern: string): string | null {
  if (pattern.startsWith('(?')) return null;
  let best = '';
  let run = '';
  const flush = (): void => {
    if (run.length > best.length) best = run;
    run = '';
  };
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    const next = pattern[i + 1];
    if (depth > 0 || c === '(' || c === ')' || c === '[') {
      // Groups and classes are skipped whole: they may be optional or varied.
      flush();
      if (c === '\\') i++;
      else if (c === '[') {
        i++;
        if (pattern[i] === '^') i++;
        if (pattern[i] === ']') i++;
        while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      } else if (c === '(') depth++;
      else if (c === ')') depth--;
      continue;
    }
    if (c === '|') return null;
    let literal: string | null = null;
    let width = 1;
    if (c === '\\') {
      if (next !== undefined && /[^A-Za-z0-9]/.test(next)) literal = next;
      width = 2;
    } else if (/[A-Za-z0-9_ '"`:;,=<>@#%&\-/!~]/.test(c)) {
      literal = c;
    }
    const after = pattern[i + width];
    i += width - 1;
    if (literal === null) {
      flush();
      continue;
    }
    if (after === '?' || after === '*' || after === '{') {
      flush();
      continue;
    }
    run += literal;
    if (after === '+') flush();
  }
  flush();
  return best.length >= 3 ? best : null;
}

/**
 * `lazy` (a bundled rule, checked in CI, whose captures nobody validates): RE2 compiles on the first
 * file that holds the pattern's required literal, so a run whose files never do never compiles it
 * (nor loads re2js); `captures` then lists only MATCH.
 */
export function regexMatcher(pattern: string, languages: LeafMatcher['languages'], lazy = false): LeafMatcher {
  const compile = (): { re: RE2JS; groups: string[] } => {
    const re = compileRe2(pattern, RE2().MULTILINE);
    return { re, groups: Object.keys(re.namedGroups()) };
  };
  let compiled = lazy ? null : compile();
  const literal = requiredLiteral(pattern);
  return {
    languages,
    captures: ['MATCH', ...(compiled?.groups ?? [])],
    find(file: SourceFile): Match[] {
      const text = file.text;
      if (literal !== null && !text.includes(literal)) return [];
      const { re, groups } = (compiled ??= compile());
      // re2js finds a match's place with its NFA (it has to report where the match is); whether
      // there is one anywhere its DFA answers many times faster. Most files have none (issue 19:
      // a pattern with a capture group took 0.12 s of a standard-library run on 17 files' NFA scans).
      if (!re.test(text)) return [];
      const matches: Match[] = [];
      const m = re.matcher(text);
      let from = 0;
      while (matches.length < MAX_MATCHES_PER_FILE && from <= text.length && m.find(from)) {
        const start = m.start();
        const end = m.end();
        from = end > start ? end : end + 1;
        if (end === start) continue;
        const captures: Record<string, string> = { MATCH: captureText(text.slice(start, end)) };
        for (const name of groups) captures[name] = captureText(m.group(name) ?? '');
        matches.push({ start, end, span: spanOfOffsets(file, start, end), captures });
      }
      return matches;
    },
  };
}
