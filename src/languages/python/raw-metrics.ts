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
}

interface Tok {
  type: T;
  value: string;
  startRow: number;
  endRow: number;
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
const isIdentStart = (c: string): boolean => /^[\p{XID_Start}_]$/u.test(c);

function matchAt(re: RegExp, s: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(s);
}

/** Port of tokenize._tokenize, fed one physical line at a time (StringIO.readline semantics). */
class Tokenizer {
  toks: Tok[] = [];
  errorTokens = 0;
  private lnum = 0;
  private parenlev = 0;
  private continued = false;
  private contstr = '';
  private needcont = false;
  private strstartRow = 0;
  private endprog: RegExp = endpats['"']!;
  private indents = [0];
  private lastLine = '';
  private done = false;

  private push(type: T, value: string, sr: number, er: number): void {
    if (type === T.ERRORTOKEN) this.errorTokens++;
    this.toks.push({ type, value, startRow: sr, endRow: er });
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
        this.push(T.STRING, this.contstr + line.slice(0, pos), this.strstartRow, lnum);
        this.contstr = '';
        this.needcont = false;
      } else if (this.needcont && !line.endsWith('\\\n') && !line.endsWith('\\\r\n')) {
        this.push(T.ERRORTOKEN, this.contstr + line, this.strstartRow, lnum);
        this.contstr = '';
        return;
      } else {
        this.contstr += line;
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
        if (c0 === '#') {
          const commentToken = line.slice(pos).replace(/[\r\n]+$/, '');
          this.push(T.COMMENT, commentToken, lnum, lnum);
          pos += commentToken.length;
        }
        this.push(T.NL, line.slice(pos), lnum, lnum);
        return;
      }
      const indents = this.indents;
      if (column > indents[indents.length - 1]!) {
        indents.push(column);
        this.push(T.INDENT, line.slice(0, pos), lnum, lnum);
      }
      while (column < indents[indents.length - 1]!) {
        if (!indents.includes(column)) throw new TokenError('unindent');
        indents.pop();
        this.push(T.DEDENT, '', lnum, lnum);
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
        const token = line.slice(start, end);
        pos = end;
        if (start === end) continue;
        const initial = line[start]!;
        if ('0123456789'.includes(initial) || (initial === '.' && token !== '.' && token !== '...')) {
          this.push(T.NUMBER, token, lnum, lnum);
        } else if (initial === '\r' || initial === '\n') {
          this.push(this.parenlev > 0 ? T.NL : T.NEWLINE, token, lnum, lnum);
        } else if (initial === '#') {
          this.push(T.COMMENT, token, lnum, lnum);
        } else if (tripleQuoted.has(token)) {
          this.endprog = endpats[token.slice(-3)]!;
          const em = matchAt(this.endprog, line, pos);
          if (em) {
            pos = em.index + em[0].length;
            this.push(T.STRING, line.slice(start, pos), lnum, lnum);
          } else {
            this.strstartRow = lnum;
            this.contstr = line.slice(start);
            break;
          }
        } else if (singleQuoted.has(initial) || singleQuoted.has(token.slice(0, 2)) || singleQuoted.has(token.slice(0, 3))) {
          if (token.endsWith('\n')) {
            this.strstartRow = lnum;
            this.endprog = endpats[initial] ?? endpats[token[1] ?? ''] ?? endpats[token[2] ?? '']!;
            this.contstr = line.slice(start);
            this.needcont = true;
            break;
          } else {
            this.push(T.STRING, token, lnum, lnum);
          }
        } else if (isIdentStart(initial)) {
          this.push(T.NAME, token, lnum, lnum);
        } else if (initial === '\\') {
          this.continued = true;
        } else {
          if ('([{'.includes(initial)) this.parenlev += 1;
          else if (')]}'.includes(initial)) this.parenlev -= 1;
          this.push(T.OP, token, lnum, lnum);
        }
      } else {
        this.push(T.ERRORTOKEN, line[pos]!, lnum, lnum);
        pos += 1;
      }
    }
  }

  /** End of input: raises TokenError like tokenize, else appends the closing tokens. */
  finish(): Tok[] {
    if (!this.done) {
      if (this.contstr) throw new TokenError('EOF in multi-line string');
      if (this.parenlev !== 0 || this.continued) throw new TokenError('EOF in multi-line statement');
      this.lnum += 1;
    }
    const lnum = this.lnum;
    const last = this.lastLine;
    if (last && !'\r\n'.includes(last[last.length - 1]!) && !pyStrip(last).startsWith('#')) {
      this.push(T.NEWLINE, '', lnum - 1, lnum - 1);
    }
    for (let i = 1; i < this.indents.length; i++) this.push(T.DEDENT, '', lnum, lnum);
    this.push(T.ENDMARKER, '', lnum, lnum);
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
function logical(tokens: Tok[]): number {
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
  for (const t of tokens) {
    if (t.type === T.OP && t.value === ';') {
      close();
      continue;
    }
    if (t.type === T.COMMENT || t.type === T.NL || t.type === T.NEWLINE) continue;
    if (t.type === T.OP && t.value === ':') lastColon = count;
    if (t.type !== T.ENDMARKER) hasCode = true;
    count++;
  }
  close();
  return total;
}

function isSingleToken(type: T, tokens: Tok[]): boolean {
  if (tokens.length === 0 || tokens[0]!.type !== type) return false;
  for (let i = 1; i < tokens.length; i++) {
    const k = tokens[i]!.type;
    if (k !== T.ENDMARKER && k !== T.NL && k !== T.NEWLINE) return false;
  }
  return true;
}

/** radon.raw.analyze(source). `source` should already have universal newlines applied. */
export function rawMetrics(source: string): RawMetrics {
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
    let tokens: Tok[] | null = null;
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
    comments += tokens.filter((t) => t.type === T.COMMENT).length;
    if (isSingleToken(T.COMMENT, tokens)) singleComments += 1;
    else if (isSingleToken(T.STRING, tokens)) {
      const t0 = tokens[0]!;
      if (t0.startRow === t0.endRow) singleComments += 1;
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
    lloc += logical(tokens);
  }
  const loc = sloc + blank + multi + singleComments;
  return { loc, lloc, sloc, comments, multi, blank, singleComments, ok };
}
