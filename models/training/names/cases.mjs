// The parameters the names benchmark renames, shared by bench/neural/names.mjs (reports, test split)
// and tune-context.mjs (chooses the context weights, calib split), so both read the same cases:
// well-named bindings (≥ 3 characters, not self/cls/rest) of named functions of ≥ 8 lines, renamed
// with all their uses to a one-letter name unused in the file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const LETTERS = 'abcdfghpqrstuvw'.split('');

/** Names compared as the issue says: lower-case, without `_`. */
export const nameKey = (name) => name.toLowerCase().replace(/_/g, '');

/** The corpus files of one split, sorted by path (a deterministic order). */
export function splitFiles(data, split) {
  return readFileSync(join(data, 'corpus/files.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .filter((r) => r.split === split)
    .sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** A one-letter name no identifier of the file uses, or undefined. */
export function unusedLetter(ctx) {
  const idents = new Set(ctx.tokens.filter((t) => t.kind === 'id').map((t) => t.text));
  return LETTERS.find((l) => !idents.has(l));
}

/** Whether the binding is one the benchmark renames (its kind is the caller's choice). */
export function renameable(model, b) {
  if (b.scope === null || b.name.length < 3 || ['self', 'cls'].includes(b.name)) return false;
  const fn = model.functions[b.scope];
  if (!fn || fn.kind === 'lambda' || fn.kind === 'arrow' || fn.name === '<anonymous>' || fn.metrics.loc < 8) return false;
  return !fn.params.find((p) => p.name === b.name)?.isRest;
}

/** The text with every occurrence of the site's binding replaced by `letter`. */
export function renameAll(text, site, letter) {
  let out = text;
  for (const o of [...site.occurrences].sort((x, y) => y.start - x.start)) out = out.slice(0, o.start) + letter + out.slice(o.end);
  return out;
}
