import { DIMENSIONS, type Dimension } from '../model/findings.js';
import type { DimensionScores, FileResult, Finding } from '../model/results.js';

export type Weights = Record<Dimension, number>;

export const DEFAULT_WEIGHTS: Weights = {
  complexity: 1,
  readability: 1,
  quality: 1,
  reliability: 1,
  speed: 1,
  security: 1,
};

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Dimension score = max(0, 100 − Σ cost of its counted findings), one decimal. Costs are summed in hundredths (integers), so order never matters. */
export function dimensionScores(findings: readonly Finding[]): DimensionScores {
  const lost: Record<Dimension, number> = { complexity: 0, readability: 0, quality: 0, reliability: 0, speed: 0, security: 0 };
  for (const f of findings) lost[f.dimension] += Math.round(f.cost * 100);
  const scores = {} as DimensionScores;
  for (const d of DIMENSIONS) scores[d] = round1(Math.max(0, 100 - lost[d] / 100));
  return scores;
}

/** File score = weighted mean of its dimension scores. Dimensions with weight 0 are left out. */
export function fileScore(scores: DimensionScores, weights: Weights, selected: readonly Dimension[] = DIMENSIONS): number {
  let sum = 0;
  let total = 0;
  for (const d of selected) {
    sum += scores[d] * weights[d];
    total += weights[d];
  }
  return total > 0 ? round1(sum / total) : 100;
}

/** Project score (and project dimension scores) = graded files' scores weighted by sloc (at least 1 each). */
export function projectScores(files: readonly FileResult[]): { score: number | null; dimensions: DimensionScores } {
  const graded = files.filter((f) => f.status === 'graded' && f.score !== null && f.dimensions !== null);
  const dimensions = {} as DimensionScores;
  if (graded.length === 0) {
    for (const d of DIMENSIONS) dimensions[d] = 100;
    return { score: null, dimensions };
  }
  const weightOf = (f: FileResult): number => Math.max(1, f.sloc);
  const totalWeight = graded.reduce((acc, f) => acc + weightOf(f), 0);
  const mean = (value: (f: FileResult) => number): number =>
    round1(graded.reduce((acc, f) => acc + value(f) * weightOf(f), 0) / totalWeight);
  for (const d of DIMENSIONS) dimensions[d] = mean((f) => f.dimensions![d]);
  return { score: mean((f) => f.score!), dimensions };
}
