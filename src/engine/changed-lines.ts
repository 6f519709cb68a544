import type { Dimension } from '../model/findings.js';
import type { FileResult } from '../model/results.js';
import { letterGrade } from '../scoring/letter.js';
import { dimensionScores, fileScore, type Weights } from '../scoring/score.js';

/**
 * `--changed-lines`: keeps only findings on lines the diff added or changed (a set holding 0
 * means the whole file is new) and rescores the file from what is left. Pure.
 */
export function keepChangedLines(
  files: readonly FileResult[],
  changed: ReadonlyMap<string, ReadonlySet<number>>,
  absPathOf: (f: FileResult) => string,
  weightsFor: (f: FileResult) => Weights,
  dimensions: readonly Dimension[],
): FileResult[] {
  return files.map((file) => {
    if (file.status !== 'graded') return file;
    const lines = changed.get(absPathOf(file));
    if (!lines || lines.has(0)) return file;
    const findings = file.findings.filter((f) => {
      for (let l = f.line; l <= f.endLine; l++) if (lines.has(l)) return true;
      return false;
    });
    if (findings.length === file.findings.length) return file;
    const dims = dimensionScores(findings);
    const score = fileScore(dims, weightsFor(file), dimensions);
    return { ...file, findings, dimensions: dims, score, grade: letterGrade(score) };
  });
}
