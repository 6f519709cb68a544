/**
 * Python front-end: tree-sitter-python parse → language-neutral SourceFile,
 * with radon-exact cyclomatic / Halstead / raw / MI metrics and SonarSource
 * cognitive complexity. Never throws: any input yields a model.
 */
import { emptySourceFile } from '../../model/empty-file.js';
import type { Language, SourceFile } from '../../model/types.js';
import type { LanguageAdapter } from '../adapter.js';
import { parsePython, prefetchPython } from './parse.js';
import { buildModel } from './build-model.js';

/** The text the model is built from: the file's text as Python reads it. */
function pythonSource(text: string): string {
  // A UTF-8 BOM is an encoding mark, not code (Python drops it too); the model text starts after it.
  const unmarked = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Old Mac line ends (a lone CR) are newlines to Python (universal newlines) but not to
  // tree-sitter. Same length, so every offset and column stays the same.
  return unmarked.includes('\r') ? unmarked.replace(/\r(?!\n)/g, '\n') : unmarked;
}

export function parsePythonFile(path: string, text: string): SourceFile {
  try {
    const source = pythonSource(text);
    const { root, problems, hasError, tree } = parsePython(source);
    const model = buildModel(path, source, root, problems, !hasError);
    model.syntax = { kind: 'tree-sitter', tree, root };
    return model;
  } catch (e) {
    return emptySourceFile({
      path,
      language: 'python',
      text,
      lines: text.split(/\r\n|\r|\n/),
      parsed: false,
      problems: [{ message: `internal error while analysing: ${e instanceof Error ? e.message : String(e)}`, line: 1, column: 1 }],
      cyclomaticTotal: 0,
    });
  }
}

export const pythonAdapter: LanguageAdapter = {
  languages: ['python'] as readonly Language[],
  parse(path: string, text: string, _language: Language): SourceFile {
    return parsePythonFile(path, text);
  },
  prefetch(text: string): Promise<void> {
    return prefetchPython(pythonSource(text));
  },
};

export { rawMetrics } from './raw-metrics.js';
export { maintainabilityIndex as miCompute } from '../mi.js';
