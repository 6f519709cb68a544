/**
 * Text edits addressed as findings are (1-based lines, 1-based UTF-16 columns, exclusive end),
 * turned into offsets and applied. Line ends are the language's: `\r\n`, `\r`, `\n` for both,
 * plus U+2028/U+2029 for JavaScript/TypeScript (as Babel counts lines).
 */
export interface LineEdit {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  text: string;
}

export interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

/** The languages of model/types.ts (util sits below model): a new language fails to type-check here until its line ends are added. */
export type LineEndLanguage = 'python' | 'javascript' | 'typescript';

const PY_EOL = /\r\n|\r|\n/g;
const JS_EOL = /\r\n|\r|\n|\u2028|\u2029/g;

let lastStarts: { text: string; language: LineEndLanguage; starts: number[] } | null = null;

/** Offset of the first character of every line (index 0 = line 1). */
export function lineStartOffsets(text: string, language: LineEndLanguage): number[] {
  // Rename fixes ask for the same file's line starts once per finding: the last answer is kept (callers never modify it).
  if (lastStarts && lastStarts.text === text && lastStarts.language === language) return lastStarts.starts;
  const starts = [0];
  const eol = new RegExp(language === 'python' ? PY_EOL : JS_EOL);
  for (let m = eol.exec(text); m; m = eol.exec(text)) starts.push(m.index + m[0].length);
  lastStarts = { text, language, starts };
  return starts;
}

/** The offset of a 1-based line and column, or null when the position is outside the text. */
export function offsetAt(text: string, starts: readonly number[], line: number, column: number): number | null {
  const start = starts[line - 1];
  if (start === undefined || column < 1) return null;
  const offset = start + column - 1;
  return offset <= text.length ? offset : null;
}

/** Edits as offsets, in the order given; null when one points outside the text or ends before it starts. */
export function toOffsetEdits(text: string, starts: readonly number[], edits: readonly LineEdit[]): OffsetEdit[] | null {
  const out: OffsetEdit[] = [];
  for (const e of edits) {
    const start = offsetAt(text, starts, e.line, e.column);
    const end = offsetAt(text, starts, e.endLine, e.endColumn);
    if (start === null || end === null || end < start) return null;
    out.push({ start, end, text: e.text });
  }
  return out;
}

/** Sorted by start; null when two overlap (two insertions at one point overlap too: their order is unknown). */
export function sortedDisjoint(edits: readonly OffsetEdit[]): OffsetEdit[] | null {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (cur.start < prev.end || (cur.start === prev.start && cur.start === cur.end && prev.start === prev.end)) return null;
  }
  return sorted;
}

/** Applies sorted, disjoint edits. */
export function applyOffsetEdits(text: string, sorted: readonly OffsetEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of sorted) {
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}

/** One replacement covering several edits: from the first start to the last end, the text between kept. */
export function coveringEdit(text: string, language: LineEndLanguage, edits: readonly LineEdit[]): LineEdit | null {
  if (edits.length === 1) return edits[0]!;
  const starts = lineStartOffsets(text, language);
  const offsets = toOffsetEdits(text, starts, edits);
  const sorted = offsets && sortedDisjoint(offsets);
  if (!sorted || sorted.length === 0) return null;
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  const inner = applyOffsetEdits(text.slice(0, last.end), sorted).slice(first.start);
  const byStart = [...edits].sort((a, b) => a.line - b.line || a.column - b.column);
  const byEnd = [...edits].sort((a, b) => b.endLine - a.endLine || b.endColumn - a.endColumn);
  return { line: byStart[0]!.line, column: byStart[0]!.column, endLine: byEnd[0]!.endLine, endColumn: byEnd[0]!.endColumn, text: inner };
}
