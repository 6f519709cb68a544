import { javascriptAdapter } from '../../../src/languages/javascript/index.js';
import type { FunctionNode, SourceFile } from '../../../src/model/types.js';

export function parseJs(text: string, path = 'sample.js'): SourceFile {
  const language = /\.(c|m)?tsx?$/.test(path) ? 'typescript' : 'javascript';
  return javascriptAdapter.parse(path, text, language);
}

export function fn(file: SourceFile, qualifiedName: string): FunctionNode {
  const found = file.functions.find((f) => f.qualifiedName === qualifiedName);
  if (!found) throw new Error(`no function ${qualifiedName}; have ${file.functions.map((f) => f.qualifiedName).join(', ')}`);
  return found;
}

/** qualifiedName → metric for every function of the file. */
export function metric(file: SourceFile, key: 'cyclomatic' | 'cognitive' | 'maxNesting' | 'returns'): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of file.functions) out[f.qualifiedName] = f.metrics[key];
  return out;
}
