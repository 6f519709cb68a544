import { defineRule } from '../../engine/rule.js';
import type { SourceFile, Token } from '../../model/types.js';

interface CodeLine {
  line: number;
  key: string;
  tokens: number;
}

/** Significant lines: their tokens joined (comments and layout do not count); import lines and lone brackets are left out. */
function codeLines(file: SourceFile): CodeLine[] {
  const all = file.tokens;
  let sorted = true;
  for (let i = 1; i < all.length && sorted; i++) sorted = all[i]!.line >= all[i - 1]!.line;
  const out: CodeLine[] = [];
  if (sorted) {
    // The usual case (tokens in document order): each line's tokens are one run, lines in order.
    for (let from = 0; from < all.length; ) {
      const line = all[from]!.line;
      let to = from + 1;
      while (to < all.length && all[to]!.line === line) to++;
      addLine(file, all.slice(from, to), out);
      from = to;
    }
    return out;
  }
  const byLine = new Map<number, Token[]>();
  for (const t of all) {
    const list = byLine.get(t.line);
    if (list) list.push(t);
    else byLine.set(t.line, [t]);
  }
  for (const [, tokens] of [...byLine.entries()].sort((a, b) => a[0] - b[0])) addLine(file, tokens, out);
  return out;
}

function addLine(file: SourceFile, tokens: Token[], out: CodeLine[]): void {
  const first = tokens[0]!;
  if (first.kind === 'keyword' && (first.text === 'import' || (first.text === 'from' && file.language === 'python'))) return;
  if (tokens.every((t) => t.kind === 'punctuation')) return;
  let key = first.text;
  for (let i = 1; i < tokens.length; i++) key += '\u0001' + tokens[i]!.text;
  out.push({ line: first.line, key, tokens: tokens.length });
}

export default defineRule({
  id: 'duplicate-code',
  dimension: 'quality',
  meta: {
    description: 'Block of code repeated within the file (same tokens over several lines, like pylint duplicate-code / jscpd).',
    why: 'Copies drift apart: a bug fixed in one copy stays in the other, and every change has to be made twice.',
    severity: 'warning',
    languages: ['python', 'javascript', 'typescript'],
    messages: { duplicate: 'Lines {start}–{end} repeat lines {firstStart}–{firstEnd} ({lines} lines).' },
    optionSchema: { minLines: { type: 'integer', minimum: 1 }, minTokens: { type: 'integer', minimum: 1 } },
  },
  defaultOptions: { minLines: 6, minTokens: 50 },
  create(ctx, { minLines, minTokens }) {
    return {
      file(file) {
        const lines = codeLines(file);
        if (lines.length < minLines * 2) return;
        const seen = new Map<string, number>();
        const windowKey = (i: number): string => {
          let key = lines[i]!.key;
          for (let k = i + 1; k < i + minLines; k++) key += '\n' + lines[k]!.key;
          return key;
        };
        let i = 0;
        const covered = new Set<number>(); // indexes of lines that are part of a reported earlier copy
        while (i + minLines <= lines.length) {
          const key = windowKey(i);
          const first = seen.get(key);
          if (first === undefined || first + minLines > i) {
            if (first === undefined) seen.set(key, i);
            i++;
            continue;
          }
          // Extend the match as far as it goes, without overlapping the first copy.
          let length = minLines;
          while (i + length < lines.length && first + length < i && lines[first + length]!.key === lines[i + length]!.key) length++;
          const tokens = lines.slice(i, i + length).reduce((n, l) => n + l.tokens, 0);
          if (tokens >= minTokens && !covered.has(i)) {
            const a = lines[first]!;
            const b = lines[first + length - 1]!;
            const c = lines[i]!;
            const d = lines[i + length - 1]!;
            ctx.report({
              node: { line: c.line, column: 1, endLine: d.line, endColumn: (file.lines[d.line - 1] ?? '').length + 1 },
              messageId: 'duplicate',
              data: { start: c.line, end: d.line, firstStart: a.line, firstEnd: b.line, lines: d.line - c.line + 1 },
              suggestion: `Extract lines ${a.line}–${b.line} into a function (or loop over the varying values) and call it from both places instead of repeating it at lines ${c.line}–${d.line}.`,
            });
            for (let k = i; k < i + length; k++) covered.add(k);
            i += length;
            continue;
          }
          i++;
        }
      },
    };
  },
});
