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
 * For the window of `size` lines starting at each index: the first index looked up so far whose
 * window is the same (its lines' keys joined by newlines are the same text), registering `i` when
 * there is none. A key can hold a newline itself (a multi-line token), so windows are compared as
 * sequences of parts: every key split at its newlines, each distinct part numbered. Two windows
 * have the same joined text exactly when they have the same parts in order (a part holds no
 * newline), so no string is built per window; windows are bucketed by a hash of their parts.
 */
function windowIndex(lines: readonly CodeLine[], size: number): (i: number) => number {
  const numbers = new Map<string, number>();
  const number = (part: string): number => {
    let id = numbers.get(part);
    if (id === undefined) numbers.set(part, (id = numbers.size));
    return id;
  };
  const parts: number[] = [];
  /** Where each line's parts begin in `parts` (and, at `lines.length`, where they end). */
  const from = new Int32Array(lines.length + 1);
  lines.forEach((l, i) => {
    from[i] = parts.length;
    if (!l.key.includes('\n')) parts.push(number(l.key));
    else for (const part of l.key.split('\n')) parts.push(number(part));
  });
  from[lines.length] = parts.length;
  const same = (a: number, b: number): boolean => {
    const start = from[a]!;
    const other = from[b]!;
    const length = from[a + size]! - start;
    if (from[b + size]! - other !== length) return false;
    for (let k = 0; k < length; k++) if (parts[start + k] !== parts[other + k]) return false;
    return true;
  };
  const buckets = new Map<number, number[]>();
  return (i) => {
    let h = 0;
    for (let k = from[i]!, end = from[i + size]!; k < end; k++) h = (Math.imul(h, 0x01000193) ^ parts[k]!) | 0;
    const bucket = buckets.get(h);
    if (bucket === undefined) {
      buckets.set(h, [i]);
      return i;
    }
    for (const first of bucket) if (same(first, i)) return first;
    bucket.push(i);
    return i;
  };
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
        const firstOf = windowIndex(lines, minLines);
        let i = 0;
        const covered = new Set<number>(); // indexes of lines that are part of a reported earlier copy
        while (i + minLines <= lines.length) {
          const first = firstOf(i);
          if (first + minLines > i) {
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
