import type { SourceFile, Span } from '../model/types.js';

const starts = new WeakMap<SourceFile, number[]>();

/**
 * Offsets (UTF-16) at which each line of the file's text starts. Lines end where the language's
 * front-end ends them, so YAML findings and the model agree: `\n`, `\r\n` and a lone `\r`, and in
 * JavaScript/TypeScript also U+2028 and U+2029 (ECMAScript line terminators, as Babel and ESLint
 * count lines).
 */
function lineStarts(file: SourceFile): number[] {
  let table = starts.get(file);
  if (!table) {
    table = [0];
    const text = file.text;
    const js = file.language !== 'python';
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10) || (js && (c === 0x2028 || c === 0x2029))) table.push(i + 1);
    }
    starts.set(file, table);
  }
  return table;
}

/** 1-based line and column of a UTF-16 offset. */
export function positionAt(file: SourceFile, offset: number): { line: number; column: number } {
  const table = lineStarts(file);
  let lo = 0;
  let hi = table.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (table[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - table[lo]! + 1 };
}

/** UTF-16 offset of a 1-based line and column. */
export function offsetAt(file: SourceFile, line: number, column: number): number {
  const table = lineStarts(file);
  const start = table[Math.min(Math.max(line - 1, 0), table.length - 1)] ?? 0;
  return start + column - 1;
}

export function spanOfOffsets(file: SourceFile, start: number, end: number): Span {
  const a = positionAt(file, start);
  const b = positionAt(file, end);
  return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}

/** A capture's text as shown in a message: whitespace collapsed, at most 80 characters. */
export function captureText(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}
