import type { Language, SourceFile } from '../model/types.js';

/** A language front-end: source text in, the language-neutral model out. Never throws on bad syntax. */
export interface LanguageAdapter {
  languages: readonly Language[];
  parse(path: string, text: string, language: Language): SourceFile;
  /**
   * Starts the parse of `text` off this thread where the front-end can (Python with toasty's addon),
   * so that `parse` of the same text later finds it done: the grading loop reads the next file while
   * it grades this one (engine/read-ahead.ts). Resolves when the parse is done; never rejects.
   */
  prefetch?(text: string): Promise<void>;
}
