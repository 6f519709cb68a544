/** Babel tokens → model tokens, and the Halstead volume over them. */
import type { Token, TokenKind } from '../../model/types.js';
import type { BabelToken } from './parse.js';

const CONTEXTUAL_KEYWORDS = new Set(['await', 'yield', 'async', 'let']);
const PUNCTUATION = new Set([
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ';',
  ',',
  ':',
  '.',
  '...',
  '`',
  '${',
  '#',
  '@',
  '{|',
  '|}',
  '[|',
  '|]',
  'jsxTagStart',
  'jsxTagEnd',
]);

export function tokenKind(token: BabelToken, text: string): TokenKind {
  const type = token.type;
  if (typeof type === 'string') return 'other';
  const label = type.label;
  if (type.keyword) return 'keyword';
  switch (label) {
    case 'name':
      return CONTEXTUAL_KEYWORDS.has(text) ? 'keyword' : 'identifier';
    case 'jsxName':
      return 'identifier';
    case 'string':
    case 'jsxText':
      return 'string';
    case 'num':
    case 'bigint':
    case 'decimal':
      return 'number';
    case 'template':
      return 'template';
    case 'regexp':
      return 'regex';
    case 'jsxTagStart':
    case 'jsxTagEnd':
      return 'punctuation';
    case 'eof':
      return 'other';
    default:
      if (PUNCTUATION.has(label) || PUNCTUATION.has(text)) return 'punctuation';
      return 'operator';
  }
}

/** Text of a token; JSX tag delimiters have no value in Babel, so use the source slice. */
export function tokenText(token: BabelToken, src: string): string {
  return src.slice(token.start, token.end);
}

export function convertTokens(tokens: BabelToken[], src: string): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    const text = tokenText(t, src);
    const kind = tokenKind(t, text);
    if (kind === 'other' && text === '') continue; // eof
    out.push({ kind, text, line: t.loc.start.line, column: t.loc.start.column + 1 });
  }
  return out;
}

const CLOSERS = new Set([')', ']', '}', '|}', '|]']);

/**
 * Halstead volume N·log2(n) over a token range.
 * Operators: keyword, operator and punctuation tokens, except closing brackets (a bracket pair
 * counts once, through its opening token). Operands: identifiers, strings, numbers, template
 * chunks, regular expressions (JSX text included as strings). Distinct by kind and text.
 * 0 when the vocabulary has fewer than 2 entries.
 */
export function halsteadVolume(tokens: readonly Token[], from = 0, to = tokens.length): number {
  const operators = new Set<string>();
  const operands = new Set<string>();
  let n1 = 0;
  let n2 = 0;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    switch (t.kind) {
      case 'keyword':
      case 'operator':
      case 'punctuation':
        if (CLOSERS.has(t.text)) break;
        operators.add(t.text);
        n1++;
        break;
      case 'identifier':
      case 'string':
      case 'number':
      case 'template':
      case 'regex':
        operands.add(t.kind + '\u0000' + t.text);
        n2++;
        break;
      default:
        break;
    }
  }
  const vocabulary = operators.size + operands.size;
  if (vocabulary < 2) return 0;
  return (n1 + n2) * Math.log2(vocabulary);
}
