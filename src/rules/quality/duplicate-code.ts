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

/** The windows of `minLines` lines seen so far: the first index of each distinct window. */
interface WindowIndex {
  /** The remembered window equal to the window at line i, if any. */
  firstOf(i: number): number | undefined;
  remember(i: number): void;
}

/**
 * A window's key was its lines' keys joined with newlines, a string up to minLines times the file's
 * text (issue 19). Windows are now found by a hash of that same text, computed from each line's hash
 * and length without building it (a polynomial hash mod 2^32 composes over concatenation), and
 * compared without building it either: equal when each line's key is the same (each distinct key
 * gets a number), else character by character across the line breaks, since a key holding a
 * newline (a token with one) can make different lines join to the same text, which counts as a copy.
 */
function windowIndex(lines: readonly CodeLine[], minLines: number): WindowIndex {
  const P = 0x01000193;
  const numbers = new Map<string, number>();
  const ids = new Int32Array(lines.length);
  const hashes = new Int32Array(lines.length);
  /** P to the power of the key's length (mod 2^32), to append the key to a hash. */
  const shifts = new Int32Array(lines.length);
  const lengths = new Int32Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const k = lines[i]!.key;
    let id = numbers.get(k);
    if (id === undefined) numbers.set(k, (id = numbers.size));
    ids[i] = id;
    let h = 0;
    let s = 1;
    for (let c = 0; c < k.length; c++) {
      h = (Math.imul(h, P) + k.charCodeAt(c)) | 0;
      s = Math.imul(s, P);
    }
    hashes[i] = h;
    shifts[i] = s;
    lengths[i] = k.length;
  }
  const hashOf = (i: number): number => {
    let h = hashes[i]!;
    for (let j = i + 1; j < i + minLines; j++) h = (Math.imul((Math.imul(h, P) + 10) | 0, shifts[j]!) + hashes[j]!) | 0;
    return h;
  };
  const textLength = (i: number): number => {
    let n = minLines - 1;
    for (let j = i; j < i + minLines; j++) n += lengths[j]!;
    return n;
  };
  /** The window at a and the one at b join to the same text. */
  const same = (a: number, b: number): boolean => {
    let sameLines = true;
    for (let j = 0; j < minLines && sameLines; j++) sameLines = ids[a + j] === ids[b + j];
    if (sameLines) return true;
    if (textLength(a) !== textLength(b)) return false;
    const text = (i: number): (() => number) => {
      let line = i;
      let at = 0;
      return () => {
        const key = lines[line]!.key;
        if (at < key.length) return key.charCodeAt(at++);
        line++;
        at = 0;
        return 10;
      };
    };
    const x = text(a);
    const y = text(b);
    for (let n = textLength(a); n > 0; n--) if (x() !== y()) return false;
    return true;
  };
  /** Per hash, the first window remembered with it; `more` the others with the same hash (rare). */
  const first = new Map<number, number>();
  const more = new Map<number, number[]>();
  return {
    firstOf(i) {
      const h = hashOf(i);
      const j = first.get(h);
      if (j === undefined) return undefined;
      if (same(i, j)) return j;
      for (const k of more.get(h) ?? []) if (same(i, k)) return k;
      return undefined;
    },
    remember(i) {
      const h = hashOf(i);
      if (!first.has(h)) first.set(h, i);
      else {
        const list = more.get(h);
        if (list) list.push(i);
        else more.set(h, [i]);
      }
    },
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
        const seen = windowIndex(lines, minLines);
        let i = 0;
        const covered = new Set<number>(); // indexes of lines that are part of a reported earlier copy
        while (i + minLines <= lines.length) {
          const first = seen.firstOf(i);
          if (first === undefined || first + minLines > i) {
            if (first === undefined) seen.remember(i);
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
