// The changed site of each mined real fix (mine_fixes.py records), in the buggy (parent) and fixed versions,
// found by the runtime's own site extraction: shared by bench/neural/real-fixes.mjs (scores them with the
// shipped model) and real-sites.mjs (dumps their feature bags for fine-tuning and held-out evaluation).
import { readFileSync } from 'node:fs';
import { loadAdapter } from '../../../dist/languages/registry.js';
import { lineStarts, lineOf } from '../../../dist/neural/findings.js';
import { candidateSites } from '../../../dist/neural/detectors/findings.js';

/** Records of mine_fixes.py JSONL files, each (commit, line) once. */
export function readRecords(paths) {
  const seen = new Set();
  return paths
    .flatMap((f) => readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)))
    .filter((r) => {
      const key = `${r.commit}:${r.line}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** `owner+name` of a record's repository (the fetch tool's mirror directory). */
export const projectOf = (r) => r.repo.split('/').find((p) => p.includes('+')) ?? r.repo;

async function sitesOn(text, path, language, rule, line) {
  const file = (await loadAdapter(language)).parse(path, text, language);
  const starts = lineStarts(text);
  return candidateSites(file, new Set([rule])).filter((s) => lineOf(starts, s.start) + 1 === line);
}

/**
 * For one record: {language, lang, buggy, fixed} with the changed site in each version (the one whose written
 * token differs, same order on the line), or null when the change is at no candidate site.
 */
export async function changedSites(r) {
  const language = r.path.endsWith('.py') ? 'python' : r.path.endsWith('.ts') ? 'typescript' : 'javascript';
  const lang = language === 'python' ? 'python' : 'javascript';
  const b = await sitesOn(r.buggy, r.path, language, r.kind, r.line);
  const f = await sitesOn(r.fixed, r.path, language, r.kind, r.line);
  const k = b.findIndex((s, i) => f[i] && s.written !== f[i].written);
  return k < 0 ? null : { language, lang, buggy: b[k], fixed: f[k] };
}
