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

const CLOSERS = new Set([')', ']', '}', '|}', '|]']);

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

/**
 * Text of a token: its source slice. A string Babel already holds with the same characters (an
 * identifier's or JSX text's value, a keyword, a punctuator's label) is used instead of a new
 * slice: most of a file's tokens then cost no string of their own (issue 19: the slices were a
 * third of `convertTokens`' bytes, and they live as long as the model). Checked in place, so the
 * text is the slice's whatever Babel holds (a string's value, an escaped identifier's name differ).
 */
export function tokenText(token: BabelToken, src: string): string {
  const { start, end, type, value } = token;
  const known: unknown = typeof value === 'string' ? value : typeof type === 'string' ? null : (type.keyword ?? type.label);
  if (typeof known === 'string' && known.length === end - start && src.startsWith(known, start)) return known;
  return src.slice(start, end);
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

const OPERAND_KINDS: ReadonlySet<TokenKind> = new Set<TokenKind>(['identifier', 'string', 'number', 'template', 'regex']);
const OPERATOR_KINDS: ReadonlySet<TokenKind> = new Set<TokenKind>(['keyword', 'operator', 'punctuation']);

/**
 * Halstead volume N·log2(n) over token ranges of one file (the file, each function).
 * Operators: keyword, operator and punctuation tokens, except closing brackets (a bracket pair
 * counts once, through its opening token). Operands: identifiers, strings, numbers, template
 * chunks, regular expressions (JSX text included as strings). Distinct by kind and text.
 * 0 when the vocabulary has fewer than 2 entries.
 *
 * Each token's operator or operand is numbered once per file (`ids`: -1 for a token that is
 * neither), so that a range counts its distinct entries with a stamp per number instead of sets
 * of strings.
 */
export class HalsteadTable {
  /** Per token: its operator's or operand's number, or -1. */
  private readonly ids: Int32Array;
  /** Per token: 1 for an operator, 0 otherwise. */
  private readonly isOperator: Uint8Array;
  /** Per number: the stamp of the last range that counted it. */
  private readonly seen: Uint32Array;
  private stamp = 0;

  constructor(tokens: readonly Token[]) {
    this.ids = new Int32Array(tokens.length);
    this.isOperator = new Uint8Array(tokens.length);
    const operators = new Map<string, number>();
    const operands = new Map<TokenKind, Map<string, number>>();
    let next = 0;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      let table: Map<string, number> | undefined;
      if (OPERATOR_KINDS.has(t.kind)) {
        if (CLOSERS.has(t.text)) {
          this.ids[i] = -1;
          continue;
        }
        table = operators;
        this.isOperator[i] = 1;
      } else if (OPERAND_KINDS.has(t.kind)) {
        table = operands.get(t.kind);
        if (!table) operands.set(t.kind, (table = new Map()));
      } else {
        this.ids[i] = -1;
        continue;
      }
      let id = table.get(t.text);
      if (id === undefined) table.set(t.text, (id = next++));
      this.ids[i] = id;
    }
    this.seen = new Uint32Array(next);
  }

  volume(from = 0, to = this.ids.length): number {
    const { ids, isOperator, seen } = this;
    const stamp = ++this.stamp;
    let n1 = 0;
    let n2 = 0;
    let vocabulary = 0;
    for (let i = from; i < to; i++) {
      const id = ids[i]!;
      if (id < 0) continue;
      if (isOperator[i]) n1++;
      else n2++;
      if (seen[id] !== stamp) {
        seen[id] = stamp;
        vocabulary++;
      }
    }
    if (vocabulary < 2) return 0;
    return (n1 + n2) * Math.log2(vocabulary);
  }
}
