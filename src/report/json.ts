import { fileText, knownFileText } from '../model/file-text.js';
import type { RunResult } from '../model/results.js';
import type { Reporter } from './types.js';

/** A top-level key's value as `JSON.stringify(value, null, 2)` writes it one level deep (undefined where JSON skips the key). */
function keyText(value: unknown): string | undefined {
  const text = JSON.stringify(value, null, 2) as string | undefined;
  // A JSON text has no raw newline inside its strings: each one starts an indented line.
  return text?.replace(/\n/g, '\n  ');
}

/**
 * The JSON report's text in pieces, one per graded file and one per other top-level key, joined
 * exactly `jsonReporter`'s text: a large run's report is written piece by piece (cli/emit.ts)
 * instead of as one string of its whole size, which on the standard library was a 9.5 MB two-byte
 * string and its UTF-8 copy on fresh pages (issue 19: a tenth of a fully cached re-run).
 */
export function* jsonPieces(result: RunResult): Generator<string> {
  let keys = 0;
  for (const [key, value] of Object.entries(result)) {
    const lead = `${keys === 0 ? '{' : ','}\n  ${JSON.stringify(key)}: `;
    if (key === 'files' && Array.isArray(value) && value.length > 0) {
      keys++;
      yield `${lead}[`;
      for (let i = 0; i < value.length; i++) {
        const parts = knownFileText(value[i]);
        if (parts === undefined) yield `${i === 0 ? '' : ','}\n    ${fileText(value[i])}`;
        else {
          // A result from the cache (or just stored in it): its stored text, written part by part.
          yield i === 0 ? '\n    ' : ',\n    ';
          yield* parts;
        }
      }
      yield '\n  ]';
      continue;
    }
    const text = keyText(value);
    if (text === undefined) continue;
    keys++;
    yield lead + text;
  }
  yield keys === 0 ? '{}\n' : '\n}\n';
}

/** `--format json`: the schemaVersion 1 contract of CLI.md (schemas/report.schema.json). */
export const jsonReporter: Reporter = Object.assign((result: RunResult) => `${JSON.stringify(result, null, 2)}\n`, { pieces: jsonPieces });
