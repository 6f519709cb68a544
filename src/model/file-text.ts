import type { FileResult } from './results.js';

/** Where an element of the report's `files` starts and ends in `JSON.stringify([[element]], null, 2)`. */
const WRAPPED = (() => {
  const text = JSON.stringify([[0]], null, 2);
  const at = text.indexOf('0');
  return { start: at, end: text.length - at - 1 };
})();

/**
 * An element of the JSON report's `files` as `JSON.stringify(report, null, 2)` writes it, two levels
 * deep: stringified inside two arrays, which indent it so, and cut out of them (a slice of a long
 * string is not a copy; putting the indentation in with a replace was). The cache stores a file's
 * result in this form, so a cached re-run writes it without stringifying it again (issue 19).
 */
export function fileText(element: unknown): string {
  const text = JSON.stringify([[element]], null, 2);
  return text.slice(WRAPPED.start, text.length - WRAPPED.end);
}

/**
 * The text of file results whose text is known without stringifying them: a result served from
 * the cache (its stored text with this run's ids put in) or one just stored in it. The text is
 * given in parts that join to exactly `fileText(result)`. Results are never changed in place after
 * grading (`--baseline`, `--changed-lines` and a learned profile make new objects), so the text of
 * an object stays its text; a result made anew has none and is stringified.
 */
const known = new WeakMap<FileResult, readonly string[]>();

export function rememberFileText(result: FileResult, parts: readonly string[]): void {
  known.set(result, parts);
}

export function knownFileText(result: unknown): readonly string[] | undefined {
  return typeof result === 'object' && result !== null ? known.get(result as FileResult) : undefined;
}

// In `fileText`'s text a key's depth is its indentation (a JSON text has no raw newline inside a
// string): the result's own keys are indented 6 spaces, a finding's 10.
const RESULT_KEY = '\n      "';
const FINDING_KEY = '\n          "';

/**
 * A result's text with its ids replaced: `ids` is the result's old id and new id, then each
 * finding's, in the order of `findings`. The ids are found by their place in the text (the
 * result's `id` key, then the `id` key of each finding in turn, after the `findings` key), so an
 * id-like string anywhere else is never touched. Undefined when the text does not have them all
 * where they must be; the caller then stringifies the result.
 */
export function replaceIds(parts: readonly string[], ids: readonly (readonly [string, string])[]): string[] | undefined {
  const text = parts.length === 1 ? parts[0]! : parts.join('');
  const out: string[] = [];
  let from = 0; // where the next id is looked for
  let written = 0; // where the text not yet in `out` starts
  for (let i = 0; i < ids.length; i++) {
    const [old, now] = ids[i]!;
    if (i === 1) {
      from = text.indexOf(`${RESULT_KEY}findings": [`, from);
      if (from < 0) return undefined;
    }
    const key = `${i === 0 ? RESULT_KEY : FINDING_KEY}id": `;
    const oldText = JSON.stringify(old);
    const at = text.indexOf(key + oldText, from);
    if (at < 0) return undefined;
    const value = at + key.length;
    out.push(text.slice(written, value), JSON.stringify(now));
    written = from = value + oldText.length;
  }
  out.push(text.slice(written));
  return out;
}
