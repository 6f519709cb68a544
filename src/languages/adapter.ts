import type { Language, SourceFile } from '../model/types.js';

/** A language front-end: source text in, the language-neutral model out. Never throws on bad syntax. */
export interface LanguageAdapter {
  languages: readonly Language[];
  parse(path: string, text: string, language: Language): SourceFile;
}
