import { pythonAdapter } from '../../../src/languages/python/index.js';
import type { FunctionNode, SourceFile } from '../../../src/model/types.js';

export function parse(code: string, path = 'snippet.py'): SourceFile {
  return pythonAdapter.parse(path, code, 'python');
}

/** Strip the common indentation of a template literal (like textwrap.dedent(...).strip()). */
export function dedent(code: string): string {
  const lines = code.replace(/^\n+/, '').replace(/\s+$/, '').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length);
  const min = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(min)).join('\n') + '\n';
}

export function fn(file: SourceFile, qualifiedName: string): FunctionNode {
  const f = file.functions.find((x) => x.qualifiedName === qualifiedName);
  if (!f) throw new Error(`no function ${qualifiedName}; have ${file.functions.map((x) => x.qualifiedName).join(', ')}`);
  return f;
}

/** Wrap a module-level block in `def f():` so its radon block complexity becomes f's cc. */
export function asFunction(block: string): string {
  return (
    'def f():\n' +
    dedent(block)
      .split('\n')
      .map((l) => (l ? '    ' + l : l))
      .join('\n')
  );
}
