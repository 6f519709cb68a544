import { randomBytes } from 'node:crypto';
import type { GradeOutcome } from '../model/results.js';
import { sha1 } from '../util/hash.js';

/** Length of the ids we print and store; commands accept any unique prefix of 7+ characters. */
export const ID_LENGTH = 12;

export function newRunId(): string {
  return randomBytes(8).toString('hex').slice(0, ID_LENGTH);
}

/** Ids derived from their parent, so a file result or finding id is stable within a run. */
export function childId(parentId: string, key: string): string {
  return sha1(`${parentId}\u0000${key}`).slice(0, ID_LENGTH);
}

/** A cached outcome with fresh ids for this run: file id = childId(runId, path), finding id = childId(fileId, fingerprint). */
export function rebindOutcome(outcome: GradeOutcome, runId: string): GradeOutcome {
  const id = childId(runId, outcome.result.path);
  return {
    ...outcome,
    result: { ...outcome.result, id, findings: outcome.result.findings.map((f) => ({ ...f, id: childId(id, f.fingerprint) })) },
  };
}
