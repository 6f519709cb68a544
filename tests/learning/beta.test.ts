import { describe, expect, it } from 'vitest';
import { betaCdf } from '../../src/learning/beta.js';

/** Midpoint-rule integral of the Beta density, for parameters ≥ 1 (no singularity). */
function numericCdf(x: number, a: number, b: number): number {
  const n = 200_000;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const t = (i + 0.5) / n;
    const d = t ** (a - 1) * (1 - t) ** (b - 1);
    den += d;
    if (t <= x) num += d;
  }
  return num / den;
}

describe('betaCdf', () => {
  it('matches closed forms', () => {
    expect(betaCdf(0.5, 1, 1)).toBeCloseTo(0.5, 10);
    expect(betaCdf(0.5, 2, 2)).toBeCloseTo(0.5, 10);
    expect(betaCdf(0.5, 1, 3)).toBeCloseTo(1 - 0.5 ** 3, 10);
    expect(betaCdf(0.3, 2, 1)).toBeCloseTo(0.09, 10);
    expect(betaCdf(0, 2, 3)).toBe(0);
    expect(betaCdf(1, 2, 3)).toBe(1);
  });

  it('matches numeric integration for the posteriors the learner uses', () => {
    for (const [a, b] of [
      [2.5, 4.5],
      [1.5, 5.5],
      [4.5, 9.5],
      [11.5, 3.5],
    ] as const) {
      expect(betaCdf(0.5, a, b)).toBeCloseTo(numericCdf(0.5, a, b), 4);
    }
  });
});
