import type { Language } from '../model/types.js';
import type { LanguageAdapter } from './adapter.js';

const loaded = new Map<string, Promise<LanguageAdapter>>();

/** Front-ends are loaded on first use: grading only JS never loads tree-sitter, and `--version` loads neither. */
export function loadAdapter(language: Language): Promise<LanguageAdapter> {
  const key = language === 'python' ? 'python' : 'javascript';
  let adapter = loaded.get(key);
  if (!adapter) {
    adapter =
      key === 'python'
        ? import('./python/index.js').then((m) => m.pythonAdapter)
        : import('./javascript/index.js').then((m) => m.javascriptAdapter);
    loaded.set(key, adapter);
  }
  return adapter;
}
