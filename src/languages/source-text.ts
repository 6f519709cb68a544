import type { Language } from '../model/types.js';
import { decodePythonSource } from './python/encoding.js';

/**
 * A source file's text as grading sees it: decoded as the language says (a Python file's PEP 263
 * declaration, else UTF-8) and without a leading byte-order mark, which is an encoding mark, not
 * code. Grading and every reporter that shows source (pretty frames, the HTML report) use this one
 * reading, so lines and columns agree.
 */
export function decodeSource(buffer: Buffer, language: Language | null): string {
  const text = language === 'python' ? decodePythonSource(buffer) : buffer.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
