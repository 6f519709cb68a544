import { describe, expect, it } from 'vitest';
import type { Dimension, Severity } from '../../src/model/findings.js';
import type { Finding } from '../../src/model/results.js';
import { findingCost, overshoot, sizeFactor } from '../../src/scoring/cost.js';
import { letterGrade } from '../../src/scoring/letter.js';
import { DEFAULT_WEIGHTS, dimensionScores, fileScore } from '../../src/scoring/score.js';

function finding(dimension: Dimension, severity: Severity, cost: number): Finding {
  return {
    id: 'abcdef0',
    ruleId: 'r',
    dimension,
    severity,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 2,
    message: 'm',
    suggestion: 's',
    metric: null,
    fingerprint: '0'.repeat(40),
    cost,
    source: 'builtin',
    muted: false,
    mutedReason: null,
    confidence: 1,
    suppressed: false,
    suppressionReason: null,
  };
}

// A small deterministic PRNG so the property test is reproducible.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('costs', () => {
  it('follow the documented formula', () => {
    expect(findingCost('warning', null, 1, 100)).toBe(4);
    expect(findingCost('error', null, 1, 800)).toBe(5); // 10 / sqrt(800/200)
    expect(findingCost('warning', { name: 'cyclomatic', value: 15, threshold: 10 }, 1, 50)).toBe(6); // 4 × 1.5
    expect(findingCost('warning', { name: 'cyclomatic', value: 100, threshold: 10 }, 1, 50)).toBe(16); // capped at 4×
    expect(findingCost('info', null, 0.5, 10)).toBe(0.5);
    expect(overshoot({ name: 'mi', value: 10, threshold: 20, lowerIsWorse: true })).toBe(0.5);
    expect(sizeFactor(10)).toBe(1);
  });
});

describe('scores', () => {
  it('adding a finding never raises any score (randomized property)', () => {
    const next = rng(42);
    const dims: Dimension[] = ['complexity', 'readability', 'quality', 'reliability', 'speed', 'security'];
    const sevs: Severity[] = ['error', 'warning', 'info'];
    for (let trial = 0; trial < 300; trial++) {
      const findings: Finding[] = [];
      let before = dimensionScores(findings);
      let beforeFile = fileScore(before, DEFAULT_WEIGHTS);
      const n = Math.floor(next() * 40);
      for (let i = 0; i < n; i++) {
        const sev = sevs[Math.floor(next() * 3)]!;
        findings.push(finding(dims[Math.floor(next() * 6)]!, sev, findingCost(sev, null, next(), Math.floor(next() * 2000))));
        const after = dimensionScores(findings);
        for (const d of dims) expect(after[d]).toBeLessThanOrEqual(before[d]);
        const afterFile = fileScore(after, DEFAULT_WEIGHTS);
        expect(afterFile).toBeLessThanOrEqual(beforeFile);
        before = after;
        beforeFile = afterFile;
      }
    }
  });

  it('does not depend on the order of findings', () => {
    const next = rng(7);
    const findings = Array.from({ length: 50 }, () => finding('quality', 'info', Math.round(next() * 300) / 100));
    const reversed = [...findings].reverse();
    expect(dimensionScores(reversed)).toEqual(dimensionScores(findings));
  });

  it('floors dimension scores at 0 and weights the file mean', () => {
    const scores = dimensionScores([finding('security', 'error', 150)]);
    expect(scores.security).toBe(0);
    expect(fileScore(scores, DEFAULT_WEIGHTS)).toBe(83.3);
    expect(fileScore(scores, { ...DEFAULT_WEIGHTS, security: 0 })).toBe(100);
  });

  it('maps scores to letters', () => {
    expect([95, 90, 89.9, 80, 75, 60, 59.9, 0].map(letterGrade)).toEqual(['A', 'A', 'B', 'B', 'C', 'D', 'F', 'F']);
  });
});
