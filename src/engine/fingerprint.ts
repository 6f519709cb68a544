import type { RawFinding } from '../model/findings.js';
import { sha1 } from '../util/hash.js';

function normalizedContext(lines: readonly string[], line: number): string {
  return (lines[line - 1] ?? '').trim().replace(/\s+/g, ' ');
}

/**
 * Fingerprints that survive unrelated edits: rule + file path + the finding's
 * source line with whitespace normalized + how many identical (rule, context)
 * pairs came before it in the file. Line numbers are not part of it, so moving
 * code up or down keeps the fingerprint.
 */
export function fingerprints(findings: readonly RawFinding[], path: string, lines: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const context = normalizedContext(lines, f.line);
    const key = `${f.ruleId}\u0000${context}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return sha1(`${f.ruleId}\u0000${path}\u0000${context}\u0000${occurrence}`);
  });
}
