import { describe, expect, it } from 'vitest';
import type { Dimension, Severity } from '../../src/engine/rule.js';
import { applyProfile } from '../../src/learning/apply.js';
import { IMPLICIT_WEIGHT, learnProfile } from '../../src/learning/learn.js';
import { parseProfileFile, makeProfileFile } from '../../src/learning/profile-file.js';
import type { FeedbackRow } from '../../src/learning/types.js';
import type { FileResult, Finding } from '../../src/model/results.js';
import { dimensionScores, fileScore, DEFAULT_WEIGHTS } from '../../src/scoring/score.js';

let clock = 0;
function vote(ruleId: string, helpful: boolean, extra: Partial<FeedbackRow> = {}): FeedbackRow {
  clock++;
  return {
    kind: 'finding',
    targetId: `t${clock}`,
    helpful,
    weight: 1,
    implicit: false,
    ruleId,
    findingDimension: 'complexity',
    severity: 'warning',
    metric: null,
    dimension: null,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, clock)).toISOString(),
    ...extra,
  };
}
const metricVote = (ruleId: string, name: string, value: number, threshold: number, helpful: boolean): FeedbackRow =>
  vote(ruleId, helpful, { metric: { name, value, threshold, lowerIsWorse: false } });

function finding(ruleId: string, extra: Partial<Finding> = {}): Finding {
  return {
    id: `id-${ruleId}-${extra.line ?? 1}`,
    ruleId,
    dimension: 'complexity',
    severity: 'warning' as Severity,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 2,
    message: 'm',
    suggestion: 's',
    metric: null,
    fingerprint: `fp-${ruleId}-${extra.line ?? 1}`,
    cost: 4,
    source: 'builtin',
    muted: false,
    mutedReason: null,
    confidence: 1,
    suppressed: false,
    suppressionReason: null,
    ...extra,
  };
}

function file(findings: Finding[]): FileResult {
  const dims = dimensionScores(findings);
  const score = fileScore(dims, DEFAULT_WEIGHTS);
  return {
    id: 'f1',
    path: 'a.py',
    language: 'python',
    status: 'graded',
    skipReason: null,
    sha256: 'x',
    loc: 10,
    sloc: 10,
    score,
    grade: 'A',
    dimensions: dims,
    metrics: null,
    functions: [],
    findings,
  };
}
const ctx = {
  weightsFor: () => DEFAULT_WEIGHTS,
  dimensions: ['complexity', 'readability', 'quality', 'reliability', 'speed', 'security'] as Dimension[],
};

describe('rule helpfulness (Beta-Bernoulli)', () => {
  it('mutes only when confidently low, and explains why', () => {
    const rows = [
      vote('too-many-params', true),
      vote('too-many-params', false),
      vote('too-many-params', false),
      vote('too-many-params', false),
    ];
    expect(learnProfile(rows).rules[0]!.muted).toBe(false); // 3 of 4: not yet confident
    rows.push(vote('too-many-params', false));
    expect(learnProfile(rows).rules[0]!.muted).toBe(false); // 4 of 5: not yet either
    rows.push(vote('too-many-params', false));
    const p = learnProfile(rows);
    expect(p.rules[0]!.muted).toBe(true);
    expect(p.rules[0]!.reason).toBe('muted: you marked 5 of 6 `too-many-params` findings not helpful');
    expect(p.rules[0]!.pLow).toBeGreaterThanOrEqual(0.9);
    expect(learnProfile([vote('r', false), vote('r', false)]).rules[0]!.muted).toBe(false); // 2 of 2 is not enough
  });

  it('unmutes as helpful votes arrive', () => {
    const rows = [1, 2, 3, 4].map(() => vote('r', false));
    expect(learnProfile(rows).rules[0]!.muted).toBe(true);
    rows.push(vote('r', true));
    expect(learnProfile(rows).rules[0]!.muted).toBe(false);
  });

  it('never mutes a rule the user agrees with, nor on a noisy minority of not-helpful votes', () => {
    const agree = Array.from({ length: 40 }, () => vote('r', true));
    expect(learnProfile(agree).rules.every((r) => !r.muted)).toBe(true);
    const noisy = Array.from({ length: 40 }, (_, i) => vote('r', i % 5 !== 0)); // 20% not helpful
    expect(learnProfile(noisy).rules[0]!.muted).toBe(false);
  });

  it('an error rule needs more evidence than an info rule', () => {
    const votes = (severity: Severity) => [
      vote(`r-${severity}`, true, { severity }),
      ...[1, 2, 3, 4].map(() => vote(`r-${severity}`, false, { severity })),
    ];
    expect(learnProfile(votes('info')).rules[0]!.pLow).toBeGreaterThan(learnProfile(votes('error')).rules[0]!.pLow);
    expect(learnProfile(votes('error')).rules[0]!.muted).toBe(false);
  });

  it('is deterministic: the same rows in any order give the same profile', () => {
    const rows = [
      ...[11, 12, 12, 13, 14].map((v) => metricVote('cyclomatic-complexity', 'cyclomatic', v, 10, false)),
      ...[16, 19, 22].map((v) => metricVote('cyclomatic-complexity', 'cyclomatic', v, 10, true)),
      vote('deep-nesting', false),
      vote('deep-nesting', true),
    ];
    expect(learnProfile([...rows].reverse())).toEqual(learnProfile(rows));
  });
});

describe('thresholds', () => {
  it('learns the value between not-helpful and helpful findings (12 not helpful, 18 helpful → 15)', () => {
    const rows = [12, 12, 12, 12].map((v) => metricVote('cc', 'cyclomatic', v, 10, false));
    rows.push(metricVote('cc', 'cyclomatic', 18, 10, true));
    const p = learnProfile(rows);
    expect(p.thresholds).toHaveLength(1);
    expect(p.thresholds[0]!.value).toBe(15);
    expect(p.thresholds[0]!.bounds).toEqual([10, 20]);
    // The votes are explained by the threshold: the rule itself stays.
    expect(p.rules[0]!.muted).toBe(false);
  });

  it('moves only with enough evidence', () => {
    const rows = [metricVote('cc', 'cyclomatic', 12, 10, false), metricVote('cc', 'cyclomatic', 18, 10, true)];
    expect(learnProfile(rows).thresholds).toEqual([]);
    rows.push(metricVote('cc', 'cyclomatic', 11, 10, false));
    expect(learnProfile(rows).thresholds).toEqual([]); // 2 of 2 below: not confident yet
    rows.push(metricVote('cc', 'cyclomatic', 13, 10, false));
    expect(learnProfile(rows).thresholds[0]!.value).toBe(15.5); // 3 of 3 below 13, helpful at 18
  });

  it('never goes past 2× the default, and never below it', () => {
    const rows = [15, 16, 17, 18].map((v) => metricVote('cc', 'cyclomatic', v, 10, false));
    rows.push(metricVote('cc', 'cyclomatic', 40, 10, true));
    const t = learnProfile(rows).thresholds[0]!;
    expect(t.value).toBe(20); // halfway to 40 would be 29: capped at 2 × 10
    const f = finding('cc', { metric: { name: 'cyclomatic', value: 25, threshold: 10 } });
    const low = finding('cc', { line: 2, metric: { name: 'cyclomatic', value: 19, threshold: 10 } });
    const [out] = applyProfile([file([f, low])], learnProfile(rows), ctx);
    expect(out!.findings.map((x) => x.muted)).toEqual([false, true]);
  });

  it('handles metrics where lower is worse (maintainability index), within [default/2, default]', () => {
    const mi = (value: number, helpful: boolean) =>
      vote('low-maintainability', helpful, { metric: { name: 'maintainabilityIndex', value, threshold: 20, lowerIsWorse: true } });
    const p = learnProfile([mi(18, false), mi(17, false), mi(16, false), mi(15, false), mi(5, true)]);
    expect(p.thresholds[0]!.value).toBe(10);
    expect(p.thresholds[0]!.bounds).toEqual([10, 20]);
  });

  it('a user who dislikes the whole rule gets the rule muted, not a threshold', () => {
    const rows = [6, 7, 8, 8, 12].map((v) => metricVote('too-many-params', 'params', v, 5, false));
    const p = learnProfile(rows);
    expect(p.thresholds).toEqual([]);
    expect(p.rules[0]!.muted).toBe(true);
  });
});

describe('dimension weights and pooling', () => {
  it('learns bounded dimension weights from --dimension votes', () => {
    const rows = Array.from({ length: 30 }, () => vote('r', false, { kind: 'run', ruleId: null, dimension: 'readability' }));
    const w = learnProfile(rows).weights[0]!;
    expect(w.dimension).toBe('readability');
    expect(w.factor).toBeGreaterThanOrEqual(0.5);
    expect(w.factor).toBeLessThan(1);
    expect(learnProfile(rows.slice(0, 1)).weights[0]!.factor).toBe(1); // one vote is not enough
  });

  it('a dimension whose voted rules are all muted mutes its other rules, until one gets a helpful vote', () => {
    const rows = ['a', 'b', 'c'].flatMap((r) => [1, 2, 3, 4].map(() => vote(r, false, { findingDimension: 'readability' })));
    const p = learnProfile(rows);
    expect(p.dimensions[0]).toMatchObject({ dimension: 'readability', muted: true });
    const unseen = finding('d', { dimension: 'readability' });
    const other = finding('e', { dimension: 'security' });
    const [out] = applyProfile([file([unseen, other])], p, ctx);
    expect(out!.findings[0]!.muted).toBe(true);
    expect(out!.findings[0]!.mutedReason).toMatch(/12 of 12 findings of 3 other `readability` rules/);
    expect(out!.findings[1]!.muted).toBe(false);
    const liked = learnProfile([...rows, vote('d', true, { findingDimension: 'readability' })]);
    const [again] = applyProfile([file([unseen])], liked, ctx);
    expect(again!.findings[0]!.muted).toBe(false);
  });

  it('two disliked rules do not mute their dimension', () => {
    const rows = ['a', 'b'].flatMap((r) => [1, 2, 3, 4, 5].map(() => vote(r, false)));
    expect(learnProfile(rows).dimensions).toEqual([]);
  });

  it('implicit signals are weak helpful votes', () => {
    const rows = [1, 2, 3, 4, 5].map(() => vote('r', false));
    rows.push(vote('r', true, { implicit: true, weight: IMPLICIT_WEIGHT }));
    const p = learnProfile(rows);
    expect(p.rules[0]!.helpful).toBe(IMPLICIT_WEIGHT);
    expect(p.rules[0]!.muted).toBe(true); // a quarter vote does not outweigh five explicit ones
    expect(p.rules[0]!.reason).toBe('muted: you marked 5 of 5 `r` findings not helpful (and 1 fixed without a vote)');
    expect(p.feedbackCount).toBe(5);
  });
});

describe('applyProfile', () => {
  const rows = [1, 2, 3, 4].map(() => vote('r', false));
  it('mutes with cost 0 and a reason, keeps the finding, and rescoring never lowers a score', () => {
    const before = file([finding('r'), finding('s', { line: 2 })]);
    const [after] = applyProfile([before], learnProfile(rows), ctx);
    expect(after!.findings).toHaveLength(2);
    expect(after!.findings[0]).toMatchObject({ muted: true, cost: 0, mutedReason: 'muted: you marked 4 of 4 `r` findings not helpful' });
    expect(after!.score!).toBeGreaterThan(before.score!);
    expect(before.findings[0]!.muted).toBe(false); // input untouched (the cache keeps defaults)
  });

  it('adding a finding never raises a score under a profile', () => {
    const p = learnProfile(rows);
    const [one] = applyProfile([file([finding('s')])], p, ctx);
    const [two] = applyProfile([file([finding('s'), finding('r', { line: 3 }), finding('t', { line: 4 })])], p, ctx);
    expect(two!.score!).toBeLessThanOrEqual(one!.score!);
  });

  it('never touches suppressed or engine findings', () => {
    const p = learnProfile(rows);
    const [out] = applyProfile([file([finding('r', { suppressed: true, cost: 0 })])], p, ctx);
    expect(out!.findings[0]!.muted).toBe(false);
  });
});

describe('profile files', () => {
  it('round-trips and recomputes the profile from the rows', () => {
    const rows = [1, 2, 3, 4].map(() => vote('r', false));
    const text = JSON.stringify(makeProfileFile('ana', '0.1.0', rows, '2026-01-01T00:00:00Z'));
    const parsed = parseProfileFile(JSON.parse(text));
    expect(parsed.profile).toEqual(learnProfile(rows));
    expect(() => parseProfileFile({ format: 'nope' })).toThrow(/not a toasty profile/);
    expect(() => parseProfileFile({ format: 'toasty-profile', version: 1, feedback: [{ helpful: 'yes' }] })).toThrow(
      /feedback\[0\]\.helpful/,
    );
  });
});
