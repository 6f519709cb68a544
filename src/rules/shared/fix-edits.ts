/** Edits that fixes share: Python imports a fix needs. */
import type { FixEditDescriptor } from '../../engine/rule.js';
import type { SourceFile } from '../../model/types.js';

/** Whether `import module` (unaliased) binds the module's own name in the file. */
export function importsModule(file: SourceFile, module: string): boolean {
  return file.imports.some((i) => i.module === module && i.bindings.some((b) => b.local === module));
}

/**
 * The edits a Python fix needs so that `module` is bound: none when it already is, `import module`
 * before the first top-level import after any `from __future__` ones, or null when the file has
 * no top-level import to place it by (the fix is then not offered).
 */
export function pythonImportEdits(file: SourceFile, module: string): FixEditDescriptor[] | null {
  if (importsModule(file, module)) return [];
  const top = file.imports.filter((i) => i.span.column === 1).sort((a, b) => a.span.line - b.span.line);
  const first = top.find((i) => i.module !== '__future__');
  if (first) {
    const at = { line: first.span.line, column: 1, endLine: first.span.line, endColumn: 1 };
    return [{ span: at, text: `import ${module}\n` }];
  }
  const future = top[top.length - 1];
  if (!future || future.span.endLine >= file.lines.length) return null;
  const at = { line: future.span.endLine + 1, column: 1, endLine: future.span.endLine + 1, endColumn: 1 };
  return [{ span: at, text: `import ${module}\n` }];
}

/**
 * Deletes the lines a statement occupies, or null when other code shares them (a trailing `;`
 * and whitespace are part of the statement; a comment after it is not deleted silently: null).
 */
export function deleteLinesOf(
  file: SourceFile,
  span: { line: number; column: number; endLine: number; endColumn: number },
): FixEditDescriptor | null {
  const first = file.lines[span.line - 1] ?? '';
  const last = file.lines[span.endLine - 1] ?? '';
  if (first.slice(0, span.column - 1).trim() !== '' || !/^\s*;?\s*$/.test(last.slice(span.endColumn - 1))) return null;
  const end =
    span.endLine < file.lines.length ? { endLine: span.endLine + 1, endColumn: 1 } : { endLine: span.endLine, endColumn: last.length + 1 };
  const python = file.language === 'python';
  const code = (l: number) => {
    const t = (file.lines[l - 1] ?? '').trim();
    return t !== '' && !t.startsWith(python ? '#' : '//');
  };
  let prev = span.line - 1;
  while (prev >= 1 && !code(prev)) prev--;
  let next = span.endLine + 1;
  while (next <= file.lines.length && !code(next)) next++;
  const indent = (l: number) => /^\s*/.exec(file.lines[l - 1] ?? '')![0].length;
  const before = prev >= 1 ? (file.lines[prev - 1] ?? '').trim() : '';
  if (python) {
    // The only statement of a block (`elif c:\n    x = x`): the block keeps a `pass`.
    const alone = before.endsWith(':') && (next > file.lines.length || indent(next) < span.column - 1);
    return {
      span: { line: span.line, column: 1, ...end },
      text: alone ? `${first.slice(0, span.column - 1)}pass${end.endColumn === 1 ? '\n' : ''}` : '',
    };
  }
  // JS/TS: `if (c)\n  a = a;` would make the next statement the body; only after a statement or a brace.
  if (prev >= 1 && !/[;{}]$/.test(before)) return null;
  return { span: { line: span.line, column: 1, ...end }, text: '' };
}
