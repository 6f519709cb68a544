import { knownFileText, rememberFileText, replaceIds } from '../model/file-text.js';
import type { GradeOutcome } from '../model/results.js';
import { randomHex, sha1 } from '../util/hash.js';

/** Length of the ids we print and store; commands accept any unique prefix of 7+ characters. */
export const ID_LENGTH = 12;

export function newRunId(): string {
  return randomHex(8).slice(0, ID_LENGTH);
}

/** Ids derived from their parent, so a file result or finding id is stable within a run. */
export function childId(parentId: string, key: string): string {
  return sha1(`${parentId}\u0000${key}`).slice(0, ID_LENGTH);
}

/**
 * A cached outcome with fresh ids for this run: file id = childId(runId, path), finding id =
 * childId(fileId, fingerprint). Where the cached result's text is known, the new result's is that
 * text with the new ids put in.
 */
export function rebindOutcome(outcome: GradeOutcome, runId: string): GradeOutcome {
  const cached = outcome.result;
  const id = childId(runId, cached.path);
  const result = { ...cached, id, findings: cached.findings.map((f) => ({ ...f, id: childId(id, f.fingerprint) })) };
  const text = knownFileText(cached);
  if (text) {
    const ids: [string, string][] = [[cached.id, id]];
    cached.findings.forEach((f, i) => ids.push([f.id, result.findings[i]!.id]));
    const parts = replaceIds(text, ids);
    if (parts) rememberFileText(result, parts);
  }
  return { ...outcome, result };
}
