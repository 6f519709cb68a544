/** The token stream of the model (`SourceFile.tokens`) from the converted tree's leaves. */
import type { Token, TokenKind } from '../../model/types.js';
import type { PyNode } from './parse.js';
import { nodeText, rowAt } from './parse.js';

const PUNCT = new Set(['(', ')', '[', ']', '{', '}', ',', ':', ';', '.', '->']);
/** Hoisted: a regex literal in the loop made a new RegExp object per anonymous token (issue 19). */
const KEYWORD = /^[A-Za-z_]+$/;

function kindOfText(text: string): TokenKind {
  if (KEYWORD.test(text)) return 'keyword';
  if (PUNCT.has(text)) return 'punctuation';
  return 'operator';
}

/** Kinds of the anonymous leaves spelled as their types, by type. */
const anonymousKinds = new Map<string, TokenKind>();
function anonymousKind(type: string): TokenKind {
  const kind = kindOfText(type);
  anonymousKinds.set(type, kind);
  return kind;
}

/**
 * The tokens of the file being tokenized, copied out at the end in one array of the exact length:
 * a fresh array grown token by token left ~2× its final size in discarded backing stores (issue 19).
 * Cleared after each file, so that it keeps no file's tokens alive.
 */
const scratch: (Token | null)[] = [];

export function tokenize(src: string, root: PyNode): Token[] {
  let count = 0;
  const stack: PyNode[] = [root];
  const lines = root.lines;
  // Tokens come in document order: each row search starts at the previous token's row.
  let row = 0;
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'comment' || n.missing) continue;
    if (n.type === 'string' || n.children.length === 0) {
      if (n.end <= n.start) continue;
      const type = n.type;
      let text: string;
      let kind: TokenKind;
      if (!n.named && n.end - n.start === type.length && src.startsWith(type, n.start)) {
        // An anonymous leaf (keyword, operator, punctuation) is spelled as its type: the type's one
        // string serves as its text, and its kind is looked up once per type (issue 19).
        text = type;
        kind = anonymousKinds.get(type) ?? anonymousKind(type);
      } else {
        text = nodeText(src, n);
        if (type === 'string') kind = 'string';
        else if (type === 'identifier') kind = 'identifier';
        else if (type === 'integer' || type === 'float') kind = 'number';
        else if (type === 'true' || type === 'false' || type === 'none') kind = 'keyword';
        else if (n.named) kind = 'other';
        else kind = kindOfText(text);
      }
      row = rowAt(lines, n.start, row);
      scratch[count++] = { kind, text, line: row + 1, column: n.start - lines[row]! + 1 };
      continue;
    }
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  const out = scratch.slice(0, count) as Token[];
  scratch.fill(null, 0, count);
  return out;
}
