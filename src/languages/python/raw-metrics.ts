/**
 * radon's raw metrics (radon/raw.py `analyze`), reproduced to the letter.
 *
 * radon strips every line, re-tokenizes it alone with CPython 3.11's pure-Python
 * `tokenize` module, and keeps appending lines while tokenize complains (open
 * string or bracket) or yields an ERRORTOKEN. This module ports the pieces of
 * `tokenize._tokenize` that matter (token kinds, OP values, STRING rows,
 * TokenError) and then radon's counting rules, quirks included (e.g. a slice
 * `a[1:2]` makes a line count as two logical lines).
 */

const enum T {
  ENDMARKER,
  NAME,
  NUMBER,
  STRING,
  NEWLINE,
  INDENT,
  DEDENT,
  OP,
  COMMENT,
  NL,
  ERRORTOKEN,
  /** OP tokens `;` and `:`, the only operators radon's counts tell apart. */
  OP_SEMI,
  OP_COLON,
}

/**
 * A tokenization as radon's counts read it: the token types (no values: `;` and `:` have types of
 * their own) and the rows of the first token. No object or string per token (issue 19).
 */
interface Toks {
  types: T[];
  firstStartRow: number;
  firstEndRow: number;
}

class TokenError extends Error {}

// ---- regular expressions, transcribed from Lib/tokenize.py (3.11) ----
const group = (...xs: string[]): string => '(?:' + xs.join('|') + ')';
const StringPrefix = '(?:[bB][rR]|[rR][bB]|[fF][rR]|[rR][fF]|[bB]|[rR]|[uU]|[fF]|)';
const Comment = '#[^\\r\\n]*';
const Name = '[\\p{L}\\p{N}_]+';
const Hexnumber = '0[xX](?:_?[0-9a-fA-F])+';
const Binnumber = '0[bB](?:_?[01])+';
const Octnumber = '0[oO](?:_?[0-7])+';
const Decnumber = '(?:0(?:_?0)*|[1-9](?:_?[0-9])*)';
const Intnumber = group(Hexnumber, Binnumber, Octnumber, Decnumber);
const Exponent = '[eE][-+]?[0-9](?:_?[0-9])*';
const Pointfloat = group('[0-9](?:_?[0-9])*\\.(?:[0-9](?:_?[0-9])*)?', '\\.[0-9](?:_?[0-9])*') + '(?:' + Exponent + ')?';
const Expfloat = '[0-9](?:_?[0-9])*' + Exponent;
const Floatnumber = group(Pointfloat, Expfloat);
const Imagnumber = group('[0-9](?:_?[0-9])*[jJ]', Floatnumber + '[jJ]');
const NumberRe = group(Imagnumber, Floatnumber, Intnumber);
const Single = "[^'\\\\]*(?:\\\\[^\\n][^'\\\\]*)*'";
const Double = '[^"\\\\]*(?:\\\\[^\\n][^"\\\\]*)*"';
const Single3 = "[^'\\\\]*(?:(?:\\\\[^\\n]|'(?!''))[^'\\\\]*)*'''";
const Double3 = '[^"\\\\]*(?:(?:\\\\[^\\n]|"(?!""))[^"\\\\]*)*"""';
const Triple = group(StringPrefix + "'''", StringPrefix + '"""');
const OPERATORS = [
  '!=',
  '%',
  '%=',
  '&',
  '&=',
  '(',
  ')',
  '*',
  '**',
  '**=',
  '*=',
  '+',
  '+=',
  ',',
  '-',
  '-=',
  '->',
  '.',
  '...',
  '/',
  '//',
  '//=',
  '/=',
  ':',
  ':=',
  ';',
  '<',
  '<<',
  '<<=',
  '<=',
  '=',
  '==',
  '>',
  '>=',
  '>>',
  '>>=',
  '@',
  '@=',
  '[',
  ']',
  '^',
  '^=',
  '{',
  '|',
  '|=',
  '}',
  '~',
];
const reEscape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const Special = group(...[...OPERATORS].sort().reverse().map(reEscape));
const Funny = group('\\r?\\n', Special);
const ContStr = group(
  StringPrefix + "'[^\\n'\\\\]*(?:\\\\[^\\n][^\\n'\\\\]*)*" + group("'", '\\\\\\r?\\n'),
  StringPrefix + '"[^\\n"\\\\]*(?:\\\\[^\\n][^\\n"\\\\]*)*' + group('"', '\\\\\\r?\\n'),
);
const PseudoExtras = group('\\\\\\r?\\n|$', Comment, Triple);
/** tokenize's PseudoToken without its leading Whitespace (skipped by hand in `feed`). */
const PseudoAlternatives = new RegExp(group(PseudoExtras, NumberRe, Funny, ContStr, Name), 'uy');
const endpats: Record<string, RegExp> = {
  "'": new RegExp(Single, 'uy'),
  '"': new RegExp(Double, 'uy'),
  "'''": new RegExp(Single3, 'uy'),
  '"""': new RegExp(Double3, 'uy'),
};
const PREFIXES = ['', 'b', 'r', 'u', 'f', 'br', 'rb', 'fr', 'rf'];
const singleQuoted = new Set<string>();
const tripleQuoted = new Set<string>();
for (const p of PREFIXES) {
  const variants = new Set<string>();
  // all case combinations
  const n = p.length;
  for (let mask = 0; mask < 1 << n; mask++) {
    let v = '';
    for (let i = 0; i < n; i++) v += mask & (1 << i) ? p[i]!.toUpperCase() : p[i]!;
    variants.add(v);
  }
  for (const v of variants) {
    singleQuoted.add(v + "'");
    singleQuoted.add(v + '"');
    tripleQuoted.add(v + "'''");
    tripleQuoted.add(v + '"""');
  }
}
// A regex literal inside the function would make a new RegExp object per call (per NAME token).
const IDENT_START = /^[\p{XID_Start}_]$/u;
const isIdentStart = (c: string): boolean => IDENT_START.test(c);

/** Is `s[i]` a quote (`'` or `"`)? Every string prefix tokenize tests for ends with one. */
function isQuote(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c === 39 || c === 34;
}

function matchAt(re: RegExp, s: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(s);
}

/** Port of tokenize._tokenize, fed one physical line at a time (StringIO.readline semantics). */
class Tokenizer {
  toks: Toks = { types: [], firstStartRow: 0, firstEndRow: 0 };
  errorTokens = 0;
  private lnum = 0;
  private parenlev = 0;
  private continued = false;
  /** Inside a string continued from an earlier line (tokenize's `contstr`, whose text is never counted). */
  private contstr = false;
  private needcont = false;
  private strstartRow = 0;
  private endprog: RegExp = endpats['"']!;
  private indents = [0];
  private lastLine = '';
  private done = false;

  private push(type: T, sr: number, er: number): void {
    if (type === T.ERRORTOKEN) this.errorTokens++;
    const toks = this.toks;
    if (toks.types.length === 0) {
      toks.firstStartRow = sr;
      toks.firstEndRow = er;
    }
    toks.types.push(type);
  }

  /** True when end of input right now would raise no TokenError. */
  cleanEnd(): boolean {
    return !this.contstr && this.parenlev === 0 && !this.continued;
  }

  feed(line: string): void {
    if (this.done) return;
    this.lastLine = line;
    this.lnum += 1;
    const lnum = this.lnum;
    let pos = 0;
    const max = line.length;
    if (this.contstr) {
      const m = matchAt(this.endprog, line, 0);
      if (m) {
        pos = m.index + m[0].length;
        this.push(T.STRING, this.strstartRow, lnum);
        this.contstr = false;
        this.needcont = false;
      } else if (this.needcont && !line.endsWith('\\\n') && !line.endsWith('\\\r\n')) {
        this.push(T.ERRORTOKEN, this.strstartRow, lnum);
        this.contstr = false;
        return;
      } else {
        return;
      }
    } else if (this.parenlev === 0 && !this.continued) {
      let column = 0;
      while (pos < max) {
        const ch = line[pos];
        if (ch === ' ') column += 1;
        else if (ch === '\t') column = (Math.floor(column / 8) + 1) * 8;
        else if (ch === '\f') column = 0;
        else break;
        pos += 1;
      }
      if (pos === max) {
        // tokenize stops reading at a whitespace-only line that has no newline (EOF).
        this.done = true;
        return;
      }
      const c0 = line[pos]!;
      if (c0 === '#' || c0 === '\r' || c0 === '\n') {
        if (c0 === '#') this.push(T.COMMENT, lnum, lnum);
        this.push(T.NL, lnum, lnum);
        return;
      }
      const indents = this.indents;
      if (column > indents[indents.length - 1]!) {
        indents.push(column);
        this.push(T.INDENT, lnum, lnum);
      }
      while (column < indents[indents.length - 1]!) {
        if (!indents.includes(column)) throw new TokenError('unindent');
        indents.pop();
        this.push(T.DEDENT, lnum, lnum);
      }
    } else {
      this.continued = false;
    }

    while (pos < max) {
      // PseudoToken is Whitespace + (alternatives), and no alternative starts with whitespace: skip
      // it here and test the alternatives sticky, so no match array is allocated per token.
      let start = pos;
      while (start < max && (line[start] === ' ' || line[start] === '\f' || line[start] === '\t')) start++;
      PseudoAlternatives.lastIndex = start;
      if (PseudoAlternatives.test(line)) {
        const end = PseudoAlternatives.lastIndex;
        pos = end;
        if (start === end) continue;
        // The token is line[start, end); it is sliced only where its text decides (a possible
        // string prefix): tokenize's tests on it are made on the line's characters instead.
        const initial = line[start]!;
        const width = end - start;
        if ('0123456789'.includes(initial) || (initial === '.' && width !== 1 && !(width === 3 && line.startsWith('...', start)))) {
          this.push(T.NUMBER, lnum, lnum);
        } else if (initial === '\r' || initial === '\n') {
          this.push(this.parenlev > 0 ? T.NL : T.NEWLINE, lnum, lnum);
        } else if (initial === '#') {
          this.push(T.COMMENT, lnum, lnum);
        } else if (width <= 5 && isQuote(line, end - 1) && tripleQuoted.has(line.slice(start, end))) {
          this.endprog = endpats[line[end - 1] === "'" ? "'''" : '"""']!;
          const em = matchAt(this.endprog, line, pos);
          if (em) {
            pos = em.index + em[0].length;
            this.push(T.STRING, lnum, lnum);
          } else {
            this.strstartRow = lnum;
            this.contstr = true;
            break;
          }
        } else if (
          singleQuoted.has(initial) ||
          (width >= 2 && isQuote(line, start + 1) && singleQuoted.has(line.slice(start, start + 2))) ||
          (width >= 3 && isQuote(line, start + 2) && singleQuoted.has(line.slice(start, start + 3)))
        ) {
          if (line.charCodeAt(end - 1) === 10) {
            this.strstartRow = lnum;
            const at = (k: number): string => (k < width ? line[start + k]! : '');
            this.endprog = endpats[initial] ?? endpats[at(1)] ?? endpats[at(2)]!;
            this.contstr = true;
            this.needcont = true;
            break;
          } else {
            this.push(T.STRING, lnum, lnum);
          }
        } else if (isIdentStart(initial)) {
          this.push(T.NAME, lnum, lnum);
        } else if (initial === '\\') {
          this.continued = true;
        } else {
          if ('([{'.includes(initial)) this.parenlev += 1;
          else if (')]}'.includes(initial)) this.parenlev -= 1;
          this.push(width === 1 && initial === ';' ? T.OP_SEMI : width === 1 && initial === ':' ? T.OP_COLON : T.OP, lnum, lnum);
        }
      } else {
        this.push(T.ERRORTOKEN, lnum, lnum);
        pos += 1;
      }
    }
  }

  /** End of input: raises TokenError like tokenize, else appends the closing tokens. */
  finish(): Toks {
    if (!this.done) {
      if (this.contstr) throw new TokenError('EOF in multi-line string');
      if (this.parenlev !== 0 || this.continued) throw new TokenError('EOF in multi-line statement');
      this.lnum += 1;
    }
    const lnum = this.lnum;
    const last = this.lastLine;
    if (last && !'\r\n'.includes(last[last.length - 1]!) && !pyStrip(last).startsWith('#')) {
      this.push(T.NEWLINE, lnum - 1, lnum - 1);
    }
    for (let i = 1; i < this.indents.length; i++) this.push(T.DEDENT, lnum, lnum);
    this.push(T.ENDMARKER, lnum, lnum);
    return this.toks;
  }
}

const PY_WS =
  ' \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

/** Python's str.strip() with no argument. */
export function pyStrip(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && PY_WS.includes(s[a]!)) a++;
  while (b > a && PY_WS.includes(s[b - 1]!)) b--;
  return s.slice(a, b);
}

/** Python's str.splitlines() (no keepends). */
export function pySplitLines(s: string): string[] {
  const out: string[] = [];
  let startIdx = 0;
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s[i]!;
    if (
      c === '\n' ||
      c === '\r' ||
      c === '\x0b' ||
      c === '\x0c' ||
      c === '\x1c' ||
      c === '\x1d' ||
      c === '\x1e' ||
      c === '\x85' ||
      c === '\u2028' ||
      c === '\u2029'
    ) {
      out.push(s.slice(startIdx, i));
      if (c === '\r' && s[i + 1] === '\n') i++;
      i++;
      startIdx = i;
    } else i++;
  }
  if (startIdx < n) out.push(s.slice(startIdx));
  return out;
}

/** Universal-newline translation, as Python's text-mode open() does. */
export function normalizeNewlines(s: string): string {
  return s.indexOf('\r') < 0 ? s : s.replace(/\r\n?/g, '\n');
}

export interface RawMetrics {
  loc: number;
  lloc: number;
  sloc: number;
  comments: number;
  multi: number;
  blank: number;
  singleComments: number;
  /** False when radon itself would fail (tokenize never completes). */
  ok: boolean;
}

/** radon's logical-line count of a token list, in one pass (no per-statement arrays). */
function logical(types: T[]): number {
  let total = 0;
  // Per `;`-separated statement: how many tokens other than comments and newlines, the index of
  // the last `:` among them, and whether one of them is not the end marker.
  let count = 0;
  let lastColon = -1;
  let hasCode = false;
  const close = (): void => {
    if (lastColon >= 0) total += lastColon === count - 2 ? 1 : 2;
    else total += hasCode ? 1 : 0;
    count = 0;
    lastColon = -1;
    hasCode = false;
  };
  for (let i = 0; i < types.length; i++) {
    const type = types[i]!;
    if (type === T.OP_SEMI) {
      close();
      continue;
    }
    if (type === T.COMMENT || type === T.NL || type === T.NEWLINE) continue;
    if (type === T.OP_COLON) lastColon = count;
    if (type !== T.ENDMARKER) hasCode = true;
    count++;
  }
  close();
  return total;
}

function isSingleToken(type: T, types: T[]): boolean {
  if (types.length === 0 || types[0] !== type) return false;
  for (let i = 1; i < types.length; i++) {
    const k = types[i]!;
    if (k !== T.ENDMARKER && k !== T.NL && k !== T.NEWLINE) return false;
  }
  return true;
}

/** radon.raw.analyze(source). `source` should already have universal newlines applied. */
export function rawMetrics(source: string): RawMetrics {
  // An empty file (`__init__.py`) has no lines: its empty list has another hidden class than a list
  // of strings, and meeting it threw away this function's optimised code (issue 19).
  if (source.length === 0) return { loc: 0, lloc: 0, sloc: 0, comments: 0, multi: 0, blank: 0, singleComments: 0, ok: true };
  const lines = pySplitLines(source).map(pyStrip);
  let lloc = 0,
    comments = 0,
    singleComments = 0,
    multi = 0,
    blank = 0,
    sloc = 0;
  let ok = true;
  let i = 0;
  while (i < lines.length) {
    // radon: tokenize lines[i..j] joined by '\n' for the smallest j that gives no
    // TokenError and no ERRORTOKEN. A single incremental pass finds that j (the
    // tokenizer state at a line end tells whether EOF there would be clean), and its
    // tokens are radon's: the buffer lacks only the last line's '\n', which changes
    // nothing counted (that line's NEWLINE / NL token is '' instead of '\n'; NL tokens
    // are not counted) — except when the last line is blank: the buffer then ends with
    // the line before it and its '\n', so it is clean when the pass was clean before the
    // blank line (whose NL token is not counted either).
    const first = i;
    let tokens: Toks | null = null;
    let j = i;
    const inc = new Tokenizer();
    let cleanBefore = false;
    while (j < lines.length && tokens === null) {
      let probing = true;
      try {
        inc.feed(lines[j]! + '\n');
      } catch (e) {
        if (!(e instanceof TokenError)) throw e;
        probing = false;
      }
      j++;
      if (!probing) break;
      const clean = inc.cleanEnd() && inc.errorTokens === 0;
      if (lines[j - 1] !== '' || j - 1 === first ? clean : cleanBefore) tokens = inc.finish();
      cleanBefore = clean;
    }
    const used = lines.slice(first, j);
    i = j;
    if (!tokens) {
      // radon raises SyntaxError here; count the rest as code so the numbers stay sensible.
      ok = false;
      for (const l of used) {
        if (l) sloc++;
        else blank++;
      }
      break;
    }
    const types = tokens.types;
    for (let k = 0; k < types.length; k++) if (types[k] === T.COMMENT) comments++;
    if (isSingleToken(T.COMMENT, types)) singleComments += 1;
    else if (isSingleToken(T.STRING, types)) {
      if (tokens.firstStartRow === tokens.firstEndRow) singleComments += 1;
      else {
        for (const l of used) {
          if (l) multi++;
          else blank++;
        }
      }
    } else {
      for (const l of used) {
        if (l) sloc++;
        else blank++;
      }
    }
    lloc += logical(types);
  }
  const loc = sloc + blank + multi + singleComments;
  return { loc, lloc, sloc, comments, multi, blank, singleComments, ok };
}
