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
// The end patterns of strings, with '\n' added to tokenize's `[^'\\]` classes. Fed one line ending in
// '\n' (radon's way), no match of tokenize's patterns holds that '\n' (a match ends with a quote and
// nothing follows the '\n'; `\\[^\n]` and the lookaheads see the '\n' alike), so these find the
// same matches there; fed the line inside the file's stripped text (`strippedLines`), they cannot
// run on past its '\n' into the next lines. Test: "string end patterns stop at the line's end".
const Single = "[^'\\\\\\n]*(?:\\\\[^\\n][^'\\\\\\n]*)*'";
const Double = '[^"\\\\\\n]*(?:\\\\[^\\n][^"\\\\\\n]*)*"';
const Single3 = "[^'\\\\\\n]*(?:(?:\\\\[^\\n]|'(?!''))[^'\\\\\\n]*)*'''";
const Double3 = '[^"\\\\\\n]*(?:(?:\\\\[^\\n]|"(?!""))[^"\\\\\\n]*)*"""';
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
/** Is `text[start, end)` a valid string prefix (none, b, r, u, f, br, rb, fr, rf in any case)? */
function isStringPrefix(text: string, start: number, end: number): boolean {
  const width = end - start;
  if (width === 0) return true;
  const a = text.charCodeAt(start) | 32;
  if (width === 1) return a === 98 || a === 114 || a === 117 || a === 102;
  if (width !== 2) return false;
  const b = text.charCodeAt(start + 1) | 32;
  return ((a === 98 || a === 102) && b === 114) || (a === 114 && (b === 98 || b === 102));
}

/** Is the token `text[start, end)` in tokenize's `triple_quoted` (a prefix and three like quotes)? */
function isTripleQuoteStart(text: string, start: number, end: number): boolean {
  const width = end - start;
  if (width < 3 || width > 5) return false;
  const q = text.charCodeAt(end - 1);
  return (q === 39 || q === 34) && text.charCodeAt(end - 2) === q && text.charCodeAt(end - 3) === q && isStringPrefix(text, start, end - 3);
}

/**
 * The length k (1 or 2) of a string prefix when `token[:k + 1]` is in tokenize's `single_quoted`,
 * else 0 (the token starting with a bare quote is tested by the caller).
 */
function singleQuotePrefix(text: string, start: number, end: number): number {
  const width = end - start;
  for (let k = 1; k <= 2 && k < width; k++) {
    const q = text.charCodeAt(start + k);
    if ((q === 39 || q === 34) && isStringPrefix(text, start, start + k)) return k;
  }
  return 0;
}

// A regex literal inside the function would make a new RegExp object per call.
const IDENT_START = /^[\p{XID_Start}_]$/u;
/** tokenize's `initial.isidentifier()` on the token's first UTF-16 unit `c = text[at]`. */
function isIdentStartAt(text: string, at: number, c: number): boolean {
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  return IDENT_START.test(text[at]!);
}

/** tokenize's test for a continued single-quoted string: the line ends with a backslash-newline. */
function endsWithContinuation(text: string, lineStart: number, max: number): boolean {
  const c = max - 2 >= lineStart ? text.charCodeAt(max - 2) : -1;
  return c === 92 || (c === 13 && max - 3 >= lineStart && text.charCodeAt(max - 3) === 92);
}

/**
 * Port of tokenize._tokenize over one file's stripped lines (see `strippedLines`), fed one physical
 * line at a time as `text[start, end)`, the line's '\n' included (StringIO.readline semantics).
 * One instance serves every logical line of every file (`reset`): the token types live in a
 * reused byte buffer, so a statement costs no object or array (issue 19).
 */
class Tokenizer {
  /** Token types of the current tokenization, `types[0, length)`. */
  types = new Uint8Array(256);
  length = 0;
  /** Rows of the first token. */
  firstStartRow = 0;
  firstEndRow = 0;
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

  reset(): void {
    this.length = 0;
    this.firstStartRow = 0;
    this.firstEndRow = 0;
    this.errorTokens = 0;
    this.lnum = 0;
    this.parenlev = 0;
    this.continued = false;
    this.contstr = false;
    this.needcont = false;
    this.strstartRow = 0;
    this.indents.length = 1;
  }

  private push(type: T, sr: number, er: number): void {
    if (type === T.ERRORTOKEN) this.errorTokens++;
    const n = this.length;
    if (n === 0) {
      this.firstStartRow = sr;
      this.firstEndRow = er;
    }
    if (n === this.types.length) {
      const grown = new Uint8Array(n * 2);
      grown.set(this.types);
      this.types = grown;
    }
    this.types[n] = type;
    this.length = n + 1;
  }

  /** True when end of input right now would raise no TokenError. */
  cleanEnd(): boolean {
    return !this.contstr && this.parenlev === 0 && !this.continued;
  }

  /**
   * Feeds the line `text[lineStart, max)`; `text[max - 1]` is its '\n' and the only line break in it.
   * Every regular expression below stops at that '\n' (see `endpats`), so it sees what it would
   * see in the line alone.
   */
  feed(text: string, lineStart: number, max: number): void {
    this.lnum += 1;
    const lnum = this.lnum;
    let pos = lineStart;
    if (this.contstr) {
      const endprog = this.endprog;
      endprog.lastIndex = lineStart;
      if (endprog.test(text)) {
        pos = endprog.lastIndex;
        this.push(T.STRING, this.strstartRow, lnum);
        this.contstr = false;
        this.needcont = false;
      } else if (this.needcont && !endsWithContinuation(text, lineStart, max)) {
        this.push(T.ERRORTOKEN, this.strstartRow, lnum);
        this.contstr = false;
        return;
      } else {
        return;
      }
    } else if (this.parenlev === 0 && !this.continued) {
      let column = 0;
      for (;;) {
        // The line ends with '\n', so this stops inside it. (tokenize also stops reading at a
        // whitespace-only line with no newline, EOF; every fed line has its newline.)
        const c = text.charCodeAt(pos);
        if (c === 32) column += 1;
        else if (c === 9) column = (Math.floor(column / 8) + 1) * 8;
        else if (c === 12) column = 0;
        else break;
        pos += 1;
      }
      const c0 = text.charCodeAt(pos);
      if (c0 === 35 || c0 === 13 || c0 === 10) {
        if (c0 === 35) this.push(T.COMMENT, lnum, lnum);
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
      for (let c = text.charCodeAt(start); c === 32 || c === 12 || c === 9; c = text.charCodeAt(start)) start++;
      PseudoAlternatives.lastIndex = start;
      if (PseudoAlternatives.test(text)) {
        const end = PseudoAlternatives.lastIndex;
        pos = end;
        if (start === end) continue;
        // The token is text[start, end); tokenize's tests on its text are made on the characters.
        const initial = text.charCodeAt(start);
        const width = end - start;
        if ((initial >= 48 && initial <= 57) || (initial === 46 && width !== 1 && !(width === 3 && text.startsWith('...', start)))) {
          this.push(T.NUMBER, lnum, lnum);
        } else if (initial === 13 || initial === 10) {
          this.push(this.parenlev > 0 ? T.NL : T.NEWLINE, lnum, lnum);
        } else if (initial === 35) {
          this.push(T.COMMENT, lnum, lnum);
        } else if (isTripleQuoteStart(text, start, end)) {
          const endprog = (this.endprog = text.charCodeAt(end - 1) === 39 ? endpats["'''"]! : endpats['"""']!);
          endprog.lastIndex = pos;
          if (endprog.test(text)) {
            pos = endprog.lastIndex;
            this.push(T.STRING, lnum, lnum);
          } else {
            this.strstartRow = lnum;
            this.contstr = true;
            break;
          }
        } else if (initial === 39 || initial === 34 || singleQuotePrefix(text, start, end) > 0) {
          if (text.charCodeAt(end - 1) === 10) {
            this.strstartRow = lnum;
            // tokenize: endpats[initial] or endpats[token[1]] or endpats[token[2]]
            const quote = initial === 39 || initial === 34 ? initial : text.charCodeAt(start + singleQuotePrefix(text, start, end));
            this.endprog = quote === 39 ? endpats["'"]! : endpats['"']!;
            this.contstr = true;
            this.needcont = true;
            break;
          } else {
            this.push(T.STRING, lnum, lnum);
          }
        } else if (isIdentStartAt(text, start, initial)) {
          this.push(T.NAME, lnum, lnum);
        } else if (initial === 92) {
          this.continued = true;
        } else {
          if (initial === 40 || initial === 91 || initial === 123) this.parenlev += 1;
          else if (initial === 41 || initial === 93 || initial === 125) this.parenlev -= 1;
          this.push(width === 1 && initial === 59 ? T.OP_SEMI : width === 1 && initial === 58 ? T.OP_COLON : T.OP, lnum, lnum);
        }
      } else {
        this.push(T.ERRORTOKEN, lnum, lnum);
        pos += 1;
      }
    }
  }

  /**
   * End of input: raises TokenError like tokenize, else appends the closing tokens. (tokenize also
   * appends a NEWLINE when the last line has no newline and is not a comment: every fed line has one.)
   */
  finish(): void {
    if (this.contstr) throw new TokenError('EOF in multi-line string');
    if (this.parenlev !== 0 || this.continued) throw new TokenError('EOF in multi-line statement');
    this.lnum += 1;
    const lnum = this.lnum;
    for (let i = 1; i < this.indents.length; i++) this.push(T.DEDENT, lnum, lnum);
    this.push(T.ENDMARKER, lnum, lnum);
  }
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

/**
 * The file's lines as Python's `[l.strip() for l in source.splitlines()]` sees them, in one string:
 * each stripped line followed by '\n' (what radon feeds tokenize), line k being
 * `text[starts[k], starts[k + 1])`. One string and one offset array per file instead of a string per
 * line and per fed copy (issue 19).
 */
export interface StrippedLines {
  text: string;
  /** `count + 1` offsets; `starts[count] === text.length`. */
  starts: Int32Array;
  count: number;
}

/** Python's str.splitlines() line boundaries (`\r\n` is one). */
function isLineBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 11 || c === 12 || c === 28 || c === 29 || c === 30 || c === 0x85 || c === 0x2028 || c === 0x2029;
}

/** Is `c` stripped by Python's str.strip() (str.isspace)? */
function isPyWhitespace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13) || (c >= 28 && c <= 31);
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/**
 * Buffers reused from file to file: the stripped text's UTF-16 units and their Latin-1 copy (for a
 * text of up to SCRATCH_UNITS units: a longer one gets its own), and the line starts (grown as
 * needed). The text is made from them by one decode, one string per file (a string per line and
 * the array to join them allocated about 3× the text, issue 19).
 */
const SCRATCH_UNITS = 1 << 18;
let scratchUnits: Uint16Array | null = null;
let scratchBytes: Uint8Array | null = null;
let lineStarts = new Int32Array(1 << 12);

export function strippedLines(source: string): StrippedLines {
  const n = source.length;
  // Each line's text is no longer than its source and each boundary takes one unit or two; the
  // last line may lack one: n + 1 units at most, and as many lines.
  let out: Uint16Array;
  let bytes: Uint8Array;
  if (n + 1 <= SCRATCH_UNITS) {
    out = scratchUnits ??= new Uint16Array(SCRATCH_UNITS);
    bytes = scratchBytes ??= new Uint8Array(SCRATCH_UNITS);
  } else {
    out = new Uint16Array(n + 1);
    bytes = new Uint8Array(n + 1);
  }
  let at = 0;
  let count = 0;
  let wide = 0;
  // Output index after the line's last non-whitespace unit, and whether none has come yet.
  let lastNonWs = 0;
  let leading = true;
  if (n > 0) lineStarts[count++] = 0;
  for (let i = 0; i < n; i++) {
    const c = source.charCodeAt(i);
    if (c > 32 && c < 127) {
      out[at++] = c;
      lastNonWs = at;
      leading = false;
    } else if (isLineBreak(c)) {
      // The line's trailing whitespace is dropped, its boundary becomes '\n'.
      at = lastNonWs;
      out[at++] = 10;
      if (c === 13 && i + 1 < n && source.charCodeAt(i + 1) === 10) i++;
      // splitlines() has a line after the last boundary only when some text follows it.
      if (i + 1 < n) {
        if (count + 1 >= lineStarts.length) {
          const grown = new Int32Array(lineStarts.length * 2);
          grown.set(lineStarts);
          lineStarts = grown;
        }
        lineStarts[count++] = at;
        lastNonWs = at;
        leading = true;
      }
    } else if (isPyWhitespace(c)) {
      if (!leading) {
        wide |= c;
        out[at++] = c;
      }
    } else {
      wide |= c;
      out[at++] = c;
      lastNonWs = at;
      leading = false;
    }
  }
  if (n > 0 && !isLineBreak(source.charCodeAt(n - 1))) {
    at = lastNonWs;
    out[at++] = 10;
  }
  lineStarts[count] = at;
  let text: string;
  if (wide < 256) {
    bytes.set(out.subarray(0, at));
    text = Buffer.from(bytes.buffer, 0, at).toString('latin1');
  } else text = Buffer.from(out.buffer, 0, at * 2).toString('utf16le');
  return { text, starts: lineStarts.slice(0, count + 1), count };
}

/** radon's logical-line count of a token list, in one pass (no per-statement arrays). */
function logical(types: Uint8Array, length: number): number {
  let total = 0;
  // Per `;`-separated statement: how many tokens other than comments and newlines, the index of
  // the last `:` among them, and whether one of them is not the end marker.
  let count = 0;
  let lastColon = -1;
  let hasCode = false;
  for (let i = 0; i <= length; i++) {
    const type = i < length ? types[i]! : T.OP_SEMI;
    if (type === T.OP_SEMI) {
      if (lastColon >= 0) total += lastColon === count - 2 ? 1 : 2;
      else total += hasCode ? 1 : 0;
      count = 0;
      lastColon = -1;
      hasCode = false;
      continue;
    }
    if (type === T.COMMENT || type === T.NL || type === T.NEWLINE) continue;
    if (type === T.OP_COLON) lastColon = count;
    if (type !== T.ENDMARKER) hasCode = true;
    count++;
  }
  return total;
}

function isSingleToken(type: T, types: Uint8Array, length: number): boolean {
  if (length === 0 || types[0] !== type) return false;
  for (let i = 1; i < length; i++) {
    const k = types[i]!;
    if (k !== T.ENDMARKER && k !== T.NL && k !== T.NEWLINE) return false;
  }
  return true;
}

/** How many of the lines [from, to) are not blank (a blank stripped line is its '\n' alone). */
function nonBlank(starts: Int32Array, from: number, to: number): number {
  let k = 0;
  for (let l = from; l < to; l++) if (starts[l + 1]! - starts[l]! > 1) k++;
  return k;
}

/** The one tokenizer, reset per logical line (rawMetrics is synchronous and not reentrant). */
const tokenizer = new Tokenizer();

/** radon.raw.analyze(source). `source` should already have universal newlines applied. */
export function rawMetrics(source: string): RawMetrics {
  const { text, starts, count } = strippedLines(source);
  let lloc = 0,
    comments = 0,
    singleComments = 0,
    multi = 0,
    blank = 0,
    sloc = 0;
  let ok = true;
  let i = 0;
  const inc = tokenizer;
  while (i < count) {
    // radon: tokenize lines[i..j] joined by '\n' for the smallest j that gives no
    // TokenError and no ERRORTOKEN. A single incremental pass finds that j (the
    // tokenizer state at a line end tells whether EOF there would be clean), and its
    // tokens are radon's: the buffer lacks only the last line's '\n', which changes
    // nothing counted (that line's NEWLINE / NL token is '' instead of '\n'; NL tokens
    // are not counted) — except when the last line is blank: the buffer then ends with
    // the line before it and its '\n', so it is clean when the pass was clean before the
    // blank line (whose NL token is not counted either).
    const first = i;
    let done = false;
    let j = i;
    inc.reset();
    let cleanBefore = false;
    while (j < count && !done) {
      let probing = true;
      try {
        inc.feed(text, starts[j]!, starts[j + 1]!);
      } catch (e) {
        if (!(e instanceof TokenError)) throw e;
        probing = false;
      }
      j++;
      if (!probing) break;
      const clean = inc.cleanEnd() && inc.errorTokens === 0;
      const lineBlank = starts[j]! - starts[j - 1]! === 1;
      if (!lineBlank || j - 1 === first ? clean : cleanBefore) {
        inc.finish();
        done = true;
      }
      cleanBefore = clean;
    }
    i = j;
    const nb = nonBlank(starts, first, j);
    const used = j - first;
    if (!done) {
      // radon raises SyntaxError here; count the rest as code so the numbers stay sensible.
      ok = false;
      sloc += nb;
      blank += used - nb;
      break;
    }
    const types = inc.types;
    const length = inc.length;
    for (let k = 0; k < length; k++) if (types[k] === T.COMMENT) comments++;
    if (isSingleToken(T.COMMENT, types, length)) singleComments += 1;
    else if (isSingleToken(T.STRING, types, length)) {
      if (inc.firstStartRow === inc.firstEndRow) singleComments += 1;
      else {
        multi += nb;
        blank += used - nb;
      }
    } else {
      sloc += nb;
      blank += used - nb;
    }
    lloc += logical(types, length);
  }
  const loc = sloc + blank + multi + singleComments;
  return { loc, lloc, sloc, comments, multi, blank, singleComments, ok };
}
