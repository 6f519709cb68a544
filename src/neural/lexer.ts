/**
 * Code pre-tokenizer for the neural model: the TypeScript twin of models/training/lexer.py.
 * Both must produce the same pre-token texts for the same input (tests/neural/tokenizer.test.ts
 * checks the resulting ids against ids produced in Python). Offsets are UTF-16 code units.
 */

export type PreTokenKind = 'id' | 'num' | 'op' | 'str' | 'nl' | 'ind' | 'ded' | 'u';

export interface PreToken {
  /** What the model reads: printable ASCII, or one of SPECIAL_SYMBOLS. */
  text: string;
  kind: PreTokenKind;
  /** Source offsets of the token (a string's parts all span the whole literal); end is exclusive. */
  start: number;
  end: number;
}

export type LexLanguage = 'python' | 'javascript';

export const MAX_STR_WORDS = 4;
export const MAX_TOKEN_CHARS = 48;
export const SPECIAL_SYMBOLS = ['<nl>', '<indent>', '<dedent>', '<str>', '<u>'] as const;

const PY_OPS = [
  '**=',
  '//=',
  '>>=',
  '<<=',
  '...',
  '->',
  ':=',
  '==',
  '!=',
  '<=',
  '>=',
  '**',
  '//',
  '<<',
  '>>',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '@=',
];
const JS_OPS = [
  '>>>=',
  '...',
  '===',
  '!==',
  '**=',
  '<<=',
  '>>=',
  '>>>',
  '&&=',
  '||=',
  '??=',
  '=>',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '??',
  '?.',
  '++',
  '--',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '**',
  '<<',
  '>>',
];

const NUM = String.raw`0[xXoObB][0-9a-fA-F_]+n?|(?:[0-9][0-9_]*\.?[0-9_]*|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9][0-9_]*)?[jJnlL]?`;
const IDENT = String.raw`[A-Za-z_$][A-Za-z0-9_$]*`;
const PY_STR =
  String.raw`(?:[rRbBuUfF]{1,2})?(?:'''(?:[^\\]|\\[\s\S])*?(?:'''|(?![\s\S]))` +
  String.raw`|"""(?:[^\\]|\\[\s\S])*?(?:"""|(?![\s\S]))` +
  String.raw`|'(?:[^'\\\n]|\\[\s\S])*'?` +
  String.raw`|"(?:[^"\\\n]|\\[\s\S])*"?)`;
const JS_STR =
  String.raw`'(?:[^'\\\n]|\\[\s\S])*'?` +
  String.raw`|"(?:[^"\\\n]|\\[\s\S])*"?` +
  String.raw`|` +
  '`' +
  String.raw`(?:[^` +
  '`' +
  String.raw`\\]|\\[\s\S])*` +
  '`?';
const PY_COMMENT = String.raw`#[^\n]*`;
const JS_COMMENT = String.raw`//[^\n]*|/\*[\s\S]*?(?:\*/|(?![\s\S]))`;
const SKIP = String.raw`[ \t\f\v\r\n\x00-\x08\x0e-\x1f\x7f]+|\\\n`;

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
const opsRe = (ops: string[]): string =>
  [...ops]
    .sort((a, b) => b.length - a.length)
    .map(escapeRe)
    .join('|');

type Group = 'skip' | 'comment' | 'str' | 'num' | 'id' | 'op' | 'u';

/**
 * The alternatives of lexer.py's master regex, in its order, each a sticky regex of its own: at a
 * position the first alternative that matches wins, exactly as in the alternation, and `test` +
 * `lastIndex` allocate no match arrays (the named-group `exec` was half of the neural pass's
 * allocation).
 */
function alternatives(lang: LexLanguage): [Group, RegExp][] {
  const comment = lang === 'python' ? PY_COMMENT : JS_COMMENT;
  const str = lang === 'python' ? PY_STR : JS_STR;
  const ops = lang === 'python' ? PY_OPS : JS_OPS;
  const parts: [Group, string][] = [
    ['skip', SKIP],
    ['comment', comment],
    ['str', str],
    ['num', NUM],
    ['id', IDENT],
    ['op', `${opsRe(ops)}|[!-~]`],
    ['u', String.raw`[^\x00-\x7f]+`],
  ];
  return parts.map(([k, v]) => [k, new RegExp(`(?:${v})`, 'y')]);
}

const ALTERNATIVES: Record<LexLanguage, [Group, RegExp][]> = { python: alternatives('python'), javascript: alternatives('javascript') };

/**
 * The first characters each alternative can start with (read off the patterns above; none matches
 * the empty string), so that at a position only the alternatives that can match there are tried,
 * in the same order: the same first match as trying them all.
 */
function canStart(group: Group, lang: LexLanguage, c: number): boolean {
  const ch = String.fromCharCode(c);
  switch (group) {
    case 'skip':
      return c <= 0x20 || c === 0x7f || ch === '\\';
    case 'comment':
      return lang === 'python' ? ch === '#' : ch === '/';
    case 'str':
      return lang === 'python' ? `'"rRbBuUfF`.includes(ch) : `'"\``.includes(ch);
    case 'num':
      return (c >= 0x30 && c <= 0x39) || ch === '.';
    case 'id':
      return /[A-Za-z_$]/.test(ch);
    case 'op':
      return c >= 0x21 && c <= 0x7e;
    case 'u':
      return c > 0x7f;
  }
}

/** Per first character (0–127, and 128 for any non-ASCII one): the alternatives that can match there. */
const DISPATCH: Record<LexLanguage, [Group, RegExp][][]> = {
  python: dispatch('python'),
  javascript: dispatch('javascript'),
};

function dispatch(lang: LexLanguage): [Group, RegExp][][] {
  return Array.from({ length: 129 }, (_, c) => ALTERNATIVES[lang].filter(([group]) => canStart(group, lang, c === 128 ? 0x80 : c)));
}
// eslint-disable-next-line no-control-regex -- the ASCII boundary, exactly as in models/training/lexer.py
const STR_WORD = /[A-Za-z0-9_]+|[^\x00-\x7f]+|[!-~]/g;
// Python: no <nl>/<indent>/<dedent> inside brackets; JavaScript: brackets are not tracked.
const OPEN_BRACKETS: Record<LexLanguage, string> = { python: '([{', javascript: '' };
const CLOSE_BRACKETS: Record<LexLanguage, string> = { python: ')]}', javascript: '' };

function indentWidth(text: string, lineStart: number): number {
  let w = 0;
  for (let i = lineStart; i < text.length; i++) {
    const c = text[i];
    if (c === ' ') w += 1;
    else if (c === '\t') w = (Math.floor(w / 8) + 1) * 8;
    else if (c === '\f' || c === '\v' || c === '\r') w += 1;
    else break;
  }
  return w;
}

/** Opening delimiter, content and closing delimiter ('' when unterminated) of a string literal. */
function stringParts(s: string, lang: LexLanguage): [string, string, string] {
  let i = 0;
  if (lang === 'python') while (s[i] !== "'" && s[i] !== '"') i++;
  const three = s.slice(i, i + 3);
  const q = lang === 'python' && (three === "'''" || three === '"""') ? three : s[i]!;
  const body = i + q.length;
  let j = body;
  while (j < s.length) {
    if (s[j] === '\\') j += 2;
    else if (s.startsWith(q, j)) return [s.slice(0, body), s.slice(body, j), q];
    else j += 1;
  }
  return [s.slice(0, body), s.slice(body), ''];
}

const cap = (t: string): string => t.slice(0, MAX_TOKEN_CHARS);

export function lexLanguage(language: string): LexLanguage {
  return language === 'python' ? 'python' : 'javascript';
}

/** A parsed file's pre-tokens with its lexer language; null when it was not parsed or does not lex (no sites then). */
export function lexParsedFile(file: {
  parsed: unknown;
  language: string;
  text: string;
}): { language: LexLanguage; tokens: PreToken[] } | null {
  if (!file.parsed) return null;
  const language = lexLanguage(file.language);
  try {
    return { language, tokens: lex(file.text, language) };
  } catch {
    return null;
  }
}

/** The last file lexed: the detectors and the names pass read the same file one after the other. */
let last: { text: string; language: LexLanguage; tokens: PreToken[] } | null = null;

/**
 * Pre-tokens of `text`: identical texts and kinds to models/training/lexer.py `lex`. The last
 * result is kept and returned again for the same text (the array is shared: callers never modify it).
 */
export function lex(text: string, language: LexLanguage): PreToken[] {
  if (last && last.language === language && last.text === text) return last.tokens;
  const tokens = lexText(text, language);
  last = { text, language, tokens };
  return tokens;
}

function lexText(text: string, language: LexLanguage): PreToken[] {
  const table = DISPATCH[language];
  const opens = OPEN_BRACKETS[language];
  const closes = CLOSE_BRACKETS[language];
  const out: PreToken[] = [];
  let depth = 0;
  const stack = [0];
  let lineHasTokens = false;
  let atLineStart = true;
  let pos = 0;
  const n = text.length;
  while (pos < n) {
    let kind: Group | null = null;
    let end = pos;
    const code = text.charCodeAt(pos);
    const alternatives = table[code < 128 ? code : 128]!;
    for (let a = 0; a < alternatives.length; a++) {
      const re = alternatives[a]![1];
      re.lastIndex = pos;
      if (re.test(text)) {
        kind = alternatives[a]![0];
        end = re.lastIndex;
        break;
      }
    }
    if (kind === null) throw new Error(`neural lexer: no match at offset ${pos}`);
    const start = pos;
    const s = text.slice(start, end);
    pos = end;
    if (kind === 'skip' || kind === 'comment') {
      if (s.includes('\n') && s !== '\\\n') {
        if (lineHasTokens && depth === 0) out.push({ text: '<nl>', kind: 'nl', start, end: start });
        lineHasTokens = false;
        atLineStart = true;
      }
      continue;
    }
    if (atLineStart && depth === 0) {
      const lineStart = start === 0 ? 0 : text.lastIndexOf('\n', start - 1) + 1;
      const w = indentWidth(text, lineStart);
      while (stack[stack.length - 1]! > w) {
        stack.pop();
        out.push({ text: '<dedent>', kind: 'ded', start, end: start });
      }
      if (w > stack[stack.length - 1]!) {
        stack.push(w);
        out.push({ text: '<indent>', kind: 'ind', start, end: start });
      }
    }
    atLineStart = false;
    lineHasTokens = true;
    if (kind === 'str') {
      const [open, content, close] = stringParts(s, language);
      out.push({ text: cap(open), kind: 'str', start, end });
      // The first MAX_STR_WORDS words, and whether there is one more (a docstring has thousands).
      STR_WORD.lastIndex = 0;
      let words = 0;
      for (let w = STR_WORD.exec(content); w !== null; w = STR_WORD.exec(content)) {
        if (++words > MAX_STR_WORDS) break;
        out.push({ text: w[0].charCodeAt(0) > 0x7f ? '<u>' : cap(w[0]), kind: 'str', start, end });
      }
      if (words > MAX_STR_WORDS) out.push({ text: '<str>', kind: 'str', start, end });
      if (close) out.push({ text: close, kind: 'str', start, end });
    } else if (kind === 'u') {
      out.push({ text: '<u>', kind: 'u', start, end });
    } else {
      out.push({ text: cap(s), kind, start, end });
      if (kind === 'op') {
        if (opens.includes(s)) depth += 1;
        else if (closes.includes(s) && depth > 0) depth -= 1;
      }
    }
  }
  return out;
}
