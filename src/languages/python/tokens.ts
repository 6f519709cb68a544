/** The token stream of the model (`SourceFile.tokens`) from the converted tree's leaves. */
import type { Token, TokenKind } from '../../model/types.js';
import type { PyNode } from './parse.js';
import { nodeText, rowAt } from './parse.js';

const PUNCT = new Set(['(', ')', '[', ']', '{', '}', ',', ':', ';', '.', '->']);
/** Hoisted: a regex literal in the loop made a new RegExp object per anonymous token (issue 19). */
const KEYWORD = /^[A-Za-z_]+$/;

export function tokenize(src: string, root: PyNode): Token[] {
  const out: Token[] = [];
  const stack: PyNode[] = [root];
  const lines = root.lines;
  // Tokens come in document order: each row search starts at the previous token's row.
  let row = 0;
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'comment' || n.missing) continue;
    if (n.type === 'string' || n.children.length === 0) {
      if (n.end <= n.start) continue;
      const text = nodeText(src, n);
      let kind: TokenKind;
      if (n.type === 'string') kind = 'string';
      else if (n.type === 'identifier') kind = 'identifier';
      else if (n.type === 'integer' || n.type === 'float') kind = 'number';
      else if (n.type === 'true' || n.type === 'false' || n.type === 'none') kind = 'keyword';
      else if (n.named) kind = 'other';
      else if (KEYWORD.test(text)) kind = 'keyword';
      else if (PUNCT.has(text)) kind = 'punctuation';
      else kind = 'operator';
      row = rowAt(lines, n.start, row);
      out.push({ kind, text, line: row + 1, column: n.start - lines[row]! + 1 });
      continue;
    }
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return out;
}
