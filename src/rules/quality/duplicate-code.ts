import { defineRule } from '../../engine/rule.js';
import type { SourceFile, Token } from '../../model/types.js';

interface CodeLine {
  line: number;
  key: string;
  tokens: number;
}

/** The tokens by line (stable: in their order within a line), in one array: they come so from both front-ends already. */
function byLine(tokens: readonly Token[]): readonly Token[] {
  for (let i = 1; i < tokens.length; i++) if (tokens[i]!.line < tokens[i - 1]!.line) return [...tokens].sort((a, b) => a.line - b.line);
  return tokens;
}

/** Significant lines: their tokens joined (comments and layout do not count); import lines and lone brackets are left out. */
function codeLines(file: SourceFile): CodeLine[] {
  const tokens = byLine(file.tokens);
  const out: CodeLine[] = [];
  for (let from = 0; from < tokens.length; ) {
    const first = tokens[from]!;
    let to = from + 1;
    let key = first.text;
    let punctuation = first.kind === 'punctuation';
    for (; to < tokens.length && tokens[to]!.line === first.line; to++) {
      const t = tokens[to]!;
      key += '\u0001' + t.text;
      if (t.kind !== 'punctuation') punctuation = false;
    }
    const skip = (first.kind === 'keyword' && (first.text === 'import' || (first.text === 'from' && file.language === 'python'))) || punctuation;
    if (!skip) out.push({ line: first.line, key, tokens: to - from });
    from = to;
  }
  return out;
}

/**
 * The key of each window of `size` lines from each start: the same for two windows exactly when
 * their lines' keys joined with newlines are. Each line key is numbered and a window is keyed by
 * its numbers, unless some line key holds a newline itself (a multi-line token), where only the
 * joined text is exact.
 */
function windowKeys(lines: readonly CodeLine[], size: number): (i: number) => string {
  if (lines.some((l) => l.key.includes('\n'))) {
    return (i) =>
      lines
        .slice(i, i + size)
        .map((l) => l.key)
        .join('\n');
  }
  const numbers = new Map<string, number>();
  const ids = lines.map((l) => {
    let id = numbers.get(l.key);
    if (id === undefined) numbers.set(l.key, (id = numbers.size));
    return id;
  });
  return (i) => ids.slice(i, i + size).join(',');
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
        const windowKey = windowKeys(lines, minLines);
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
