/** Line classification: code, comment, blank — from tokens and comments, never from regexes on code. */
import type { BabelComment, BabelToken } from './parse.js';

export interface LineInfo {
  /** 1-based: code[line] is true when the line holds part of a token with non-blank text. */
  code: Uint8Array;
  comment: Uint8Array;
  /** Prefix sums of `code` (codePrefix[i] = code lines among 1..i). */
  codePrefix: Int32Array;
  loc: number;
}

/** Source lines, without the empty entry after a trailing newline. */
export function splitLines(src: string): string[] {
  if (src === '') return [];
  const lines = src.split(/\r\n|\r|\n|\u2028|\u2029/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const NEWLINE = /\r\n|\r|\n|\u2028|\u2029/;

/** Token types whose text can be nothing but white space. */
const MAYBE_BLANK = new Set(['template', 'jsxText']);

function markText(marks: Uint8Array, text: string, startLine: number, always: boolean): void {
  if (!NEWLINE.test(text)) {
    if (always || text.trim() !== '') marks[startLine] = 1;
    return;
  }
  const parts = text.split(NEWLINE);
  for (let i = 0; i < parts.length; i++) {
    const line = startLine + i;
    if (line < marks.length && (always || parts[i]!.trim() !== '')) marks[line] = 1;
  }
}

export function classifyLines(src: string, lineCount: number, tokens: BabelToken[], comments: BabelComment[]): LineInfo {
  const code = new Uint8Array(lineCount + 2);
  const comment = new Uint8Array(lineCount + 2);
  for (const t of tokens) {
    if (t.end <= t.start) continue;
    const line = t.loc.start.line;
    // A one-line token is code unless it can be blank (a template chunk, JSX text): no slice, no regex.
    if (line === t.loc.end.line && !MAYBE_BLANK.has(typeof t.type === 'string' ? t.type : t.type.label)) code[line] = 1;
    else markText(code, src.slice(t.start, t.end), line, false);
  }
  for (const c of comments) {
    markText(comment, src.slice(c.start, c.end), c.loc.start.line, true);
  }
  const codePrefix = new Int32Array(lineCount + 2);
  for (let i = 1; i <= lineCount + 1; i++) codePrefix[i] = codePrefix[i - 1]! + (code[i] ?? 0);
  return { code, comment, codePrefix, loc: lineCount };
}

/** Fallback when nothing could be parsed: non-blank lines are code, `//` / `/*` / `*` lines comments. */
export function classifyLinesUnparsed(lines: string[]): LineInfo {
  const n = lines.length;
  const code = new Uint8Array(n + 2);
  const comment = new Uint8Array(n + 2);
  for (let i = 0; i < n; i++) {
    const t = lines[i]!.trim();
    if (t === '') continue;
    if (t.startsWith('//') || t.startsWith('/*') || t.startsWith('*')) comment[i + 1] = 1;
    else code[i + 1] = 1;
  }
  const codePrefix = new Int32Array(n + 2);
  for (let i = 1; i <= n + 1; i++) codePrefix[i] = codePrefix[i - 1]! + (code[i] ?? 0);
  return { code, comment, codePrefix, loc: n };
}

export function countLines(info: LineInfo): { sloc: number; comments: number; blank: number } {
  let sloc = 0;
  let comments = 0;
  let blank = 0;
  for (let i = 1; i <= info.loc; i++) {
    if (info.code[i]) sloc++;
    if (info.comment[i]) comments++;
    if (!info.code[i] && !info.comment[i]) blank++;
  }
  return { sloc, comments, blank };
}
