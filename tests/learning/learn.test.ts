import { describe, expect, it } from 'vitest';
import { applyProfile } from '../../src/learning/apply.js';
import {
  DIMENSION_PRIOR_STRENGTH,
  dimensionPool,
  IMPLICIT_WEIGHT,
  learnProfile,
  MIN_POOLED_RULES,
  POOL_VOTES_PER_RULE,
  POOLED_PRIOR_STRENGTH,
  pooledPrior,
} from '../../src/learning/learn.js';
import { loweredRuleSettings } from '../../src/learning/lowered.js';
import { parseProfileFile, makeProfileFile } from '../../src/learning/profile-file.js';
import { resolveLearning } from '../../src/learning/resolve.js';
import { parseTeamPriors } from '../../src/learning/team.js';
import type { FeedbackRow } from '../../src/learning/types.js';
import type { Dimension, Severity } from '../../src/model/findings.js';
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

  it('learns the cut from the ordering of values and votes when some answers are flipped (noisy-vote likelihood)', () => {
    const cc = (value: number, helpful: boolean) => metricVote('cc', 'cyclomatic', value, 10, helpful);
    // The user mutes below 15; 12 and 21 are flipped answers. No region below a cut is unanimous.
    const rows = [cc(11, false), cc(12, true), cc(12, false), cc(13, false), cc(14, false), cc(16, true), cc(18, true), cc(21, false)];
    rows.push(cc(22, true));
    const t = learnProfile(rows).thresholds;
    expect(t).toHaveLength(1);
    expect(t[0]!.value).toBe(15); // halfway between 14 (the last not-helpful value of the best cut) and 16
    // The cut must explain three more votes than the default: one flipped answer on a mild finding is no threshold.
    expect(learnProfile([cc(11, false), cc(13, true), cc(16, true), cc(18, true)]).thresholds).toEqual([]);
    expect(learnProfile([cc(11, false), cc(12, false), cc(13, true), cc(16, true)]).thresholds).toEqual([]);
    // Deterministic in the rows, whatever order they come in.
    expect(learnProfile([...rows].reverse()).thresholds).toEqual(learnProfile(rows).thresholds);
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

  it('a dimension whose voted rules are all disliked mutes its rules nobody voted on, until one gets a helpful vote', () => {
    const rows = ['a', 'b', 'c', 'd'].flatMap((r) => [1, 2, 3, 4].map(() => vote(r, false, { findingDimension: 'readability' })));
    const p = learnProfile(rows);
    expect(p.dimensions[0]).toMatchObject({ dimension: 'readability', muted: true, leftOut: 'a', rules: ['b', 'c', 'd'] });
    const unseen = finding('e', { dimension: 'readability' });
    const other = finding('f', { dimension: 'security' });
    const [out] = applyProfile([file([unseen, other])], p, ctx);
    expect(out!.findings[0]!.muted).toBe(true);
    expect(out!.findings[0]!.mutedReason).toMatch(/12 of 12 findings of 3 other `readability` rules not helpful \(b, c, d\)/);
    expect(out!.findings[1]!.muted).toBe(false);
    const liked = learnProfile([...rows, vote('e', true, { findingDimension: 'readability' })]);
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
  it('round-trips and recomputes the profile from the rows and the team priors', () => {
    const rows = [1, 2, 3, 4].map(() => vote('r', false));
    const teamPriors = {
      version: 1,
      k: 3,
      generatedAt: '',
      rules: [{ ruleId: 'q', dimension: 'complexity', severity: 'warning', users: 3, helpful: 0, notHelpful: 3, alpha: 0.25, beta: 3.75 }],
      thresholds: [],
    };
    const inputs = { rows, teamPriors };
    const profile = resolveLearning(inputs, {});
    expect(profile.rules.find((r) => r.ruleId === 'q')?.muted).toBe(true); // the team's prior is part of it
    const text = JSON.stringify(makeProfileFile('ana', '0.1.0', inputs, profile, '2026-01-01T00:00:00Z'));
    const parsed = parseProfileFile(JSON.parse(text));
    expect(parsed.profile).toEqual(profile);
    expect(parsed.profile).toEqual(learnProfile(rows, parseTeamPriors(teamPriors)));
    expect(() => parseProfileFile({ format: 'nope' })).toThrow(/not a toasty profile/);
    expect(() => parseProfileFile({ format: 'toasty-profile', version: 1, feedback: [{ helpful: 'yes' }] })).toThrow(
      /feedback\[0\]\.helpful/,
    );
  });
});

describe('hierarchical priors (partial pooling within a dimension)', () => {
  const readability = (ruleId: string, helpful: boolean, extra: Partial<FeedbackRow> = {}): FeedbackRow =>
    vote(ruleId, helpful, { findingDimension: 'readability', ...extra });
  /** Four readability rules, three not-helpful votes each. */
  const disliked = (): FeedbackRow[] => ['a', 'b', 'c', 'd'].flatMap((r) => [1, 2, 3].map(() => readability(r, false)));

  it('one not-helpful vote mutes a rule of a disliked dimension; the same vote alone does not', () => {
    const alone = learnProfile([readability('e', false)]).rules[0]!;
    expect(alone.muted).toBe(false);
    const p = learnProfile([...disliked(), readability('e', false)]);
    const e = p.rules.find((r) => r.ruleId === 'e')!;
    expect(e.prior.pooled).toBe(true);
    expect(e.prior.alpha + e.prior.beta).toBeCloseTo(POOLED_PRIOR_STRENGTH, 1);
    expect(e.muted).toBe(true);
    expect(e.reason).toBe(
      "muted: you marked 1 of 1 `e` findings not helpful, and 9 of 9 findings of 3 other `readability` rules (b, c, d), its dimension's prior; a helpful vote on `e` unmutes it",
    );
  });

  it('a rule with a helpful vote stays on its own evidence, whatever its dimension says', () => {
    const p = learnProfile([...disliked(), readability('e', true), readability('e', false), readability('e', false)]);
    const e = p.rules.find((r) => r.ruleId === 'e')!;
    expect(e.prior.pooled).toBe(false);
    expect(e.muted).toBe(false);
    // An implicit signal (the user fixed such a finding) is helpful evidence too.
    const fixed = learnProfile([
      ...disliked(),
      readability('e', false),
      readability('e', true, { implicit: true, weight: IMPLICIT_WEIGHT }),
    ]);
    expect(fixed.rules.find((r) => r.ruleId === 'e')!.prior.pooled).toBe(false);
  });

  it('no single rule speaks for its dimension: its most-voted rule is left out of the pool', () => {
    // One much-disliked rule and three rules with one vote each (a noisy user's slips).
    const rows = [
      ...Array.from({ length: 30 }, () => readability('big', false)),
      readability('a', false),
      readability('b', false),
      readability('c', false),
    ];
    const p = learnProfile(rows);
    for (const id of ['a', 'b', 'c']) expect(p.rules.find((r) => r.ruleId === id)!.muted).toBe(false);
    expect(p.dimensions[0]).toMatchObject({ leftOut: 'big', muted: false, mutes: [] });
    const [out] = applyProfile([file([finding('unseen', { dimension: 'readability' })])], p, ctx);
    expect(out!.findings[0]!.muted).toBe(false);
  });

  it('needs at least MIN_POOLED_RULES disliked rules besides the most-voted one, and none the user likes', () => {
    const three = ['a', 'b', 'c'].flatMap((r) => [1, 2, 3, 4].map(() => readability(r, false)));
    // Rules nobody voted on: a, b, c are too few once the most-voted one is left out.
    expect(learnProfile(three).dimensions).toEqual([]);
    // A rule with a not-helpful vote of its own counts as one of the disliked rules.
    const e = (rows: FeedbackRow[]) => learnProfile([...rows, readability('e', false)]).rules.find((r) => r.ruleId === 'e')!;
    expect(e(three).muted).toBe(true);
    expect(e(three.filter((r) => r.ruleId !== 'c')).muted).toBe(false);
    expect(MIN_POOLED_RULES).toBe(3);
    const mixed = [...disliked(), readability('liked', true), readability('liked', true)];
    expect(learnProfile(mixed).dimensions).toEqual([]);
    expect(learnProfile([...mixed, readability('e', false)]).rules.find((r) => r.ruleId === 'e')!.muted).toBe(false);
  });

  it('error rules nobody voted on need more evidence than info rules', () => {
    const rows = ['a', 'b', 'c', 'd'].flatMap((r) => [1, 2].map(() => readability(r, false)));
    const d = learnProfile(rows).dimensions[0]!;
    expect(d.mutes).toEqual(['info']);
    const [out] = applyProfile(
      [
        file([
          finding('x', { dimension: 'readability', severity: 'info' }),
          finding('y', { dimension: 'readability', severity: 'error', line: 2 }),
        ]),
      ],
      learnProfile(rows),
      ctx,
    );
    expect(out!.findings.map((f) => f.muted)).toEqual([true, false]);
  });

  it('never crosses dimensions: a user who dislikes everything but security keeps every security finding', () => {
    const dims: Dimension[] = ['complexity', 'readability', 'quality', 'reliability', 'speed'];
    const rows = dims.flatMap((dim) =>
      ['r1', 'r2', 'r3', 'r4', 'r5'].flatMap((r) => [1, 2, 3].map(() => vote(`${dim}-${r}`, false, { findingDimension: dim }))),
    );
    rows.push(vote('eval', true, { findingDimension: 'security' }));
    const p = learnProfile(rows);
    expect(p.dimensions.map((d) => d.dimension)).toEqual([...dims].sort());
    const security = ['error', 'warning', 'info'].map((severity, i) =>
      finding(`unseen-security-${i}`, { dimension: 'security', severity: severity as Severity, line: i + 1 }),
    );
    const [out] = applyProfile([file([...security, finding('eval', { line: 9, dimension: 'security' })])], p, ctx);
    expect(out!.findings.every((f) => !f.muted)).toBe(true);
  });

  it('is deterministic and bounded: the same rows in any order, and priors inside (0, 1)', () => {
    const rows = [...disliked(), readability('e', false), readability('f', true), vote('g', false)];
    const p = learnProfile(rows);
    expect(learnProfile([...rows].reverse())).toEqual(p);
    for (const r of p.rules) {
      expect(r.prior.alpha).toBeGreaterThan(0);
      expect(r.prior.beta).toBeGreaterThan(0);
    }
  });

  it('dimensionPool and pooledPrior: capped votes per rule over DIMENSION_PRIOR_STRENGTH pseudo-votes', () => {
    const t = (notHelpful: number) => ({ helpful: 0, notHelpful, explicitHelpful: 0, explicitNot: notHelpful, implicit: 0 });
    const own = [
      { ruleId: 'big', dimension: 'quality' as Dimension, severity: 'warning' as Severity, t: t(40) },
      { ruleId: 'a', dimension: 'quality' as Dimension, severity: 'warning' as Severity, t: t(10) },
      { ruleId: 'b', dimension: 'quality' as Dimension, severity: 'warning' as Severity, t: t(1) },
      { ruleId: 'c', dimension: 'quality' as Dimension, severity: 'warning' as Severity, t: t(2) },
    ];
    const pool = dimensionPool(own, 'quality', null)!;
    expect(pool).toMatchObject({ leftOut: 'big', rules: ['a', 'b', 'c'], notHelpful: POOL_VOTES_PER_RULE + 1 + 2, helpful: 0 });
    const prior = pooledPrior(pool, 'warning');
    expect(prior.mean).toBeCloseTo((DIMENSION_PRIOR_STRENGTH * 0.75) / (DIMENSION_PRIOR_STRENGTH + 6), 6);
    // For `a` itself: b and c remain besides `big`, and `a` counts as the third disliked rule.
    expect(dimensionPool(own, 'quality', own[1]!)).toMatchObject({ leftOut: 'big', rules: ['b', 'c'] });
    // A rule without not-helpful votes of its own does not count itself.
    expect(dimensionPool(own, 'quality', { ...own[1]!, t: t(0) })).toBeNull();
  });
});

describe('thresholds below the default (learning.allowLowerThresholds)', () => {
  const cc = (value: number, helpful: boolean, threshold = 10) => metricVote('cc', 'cyclomatic', value, threshold, helpful);
  const allow = { allowLowerThresholds: true };

  it('never goes below the default unless asked', () => {
    const rows = [cc(11, true), cc(11, true), cc(12, true), cc(12, true)];
    expect(learnProfile(rows).thresholds).toEqual([]);
    const t = learnProfile(rows, null, allow).thresholds[0]!;
    expect(t).toMatchObject({ value: 7.5, lowered: true, defaultValue: 10, bounds: [5, 20] });
    expect(t.reason).toMatch(
      /stricter than the default.*learning\.allowLowerThresholds is on.*marked 4 of its mildest findings with cyclomatic 11–12 helpful/,
    );
  });

  it('needs confident evidence: three helpful votes on the mildest findings and none not helpful', () => {
    expect(learnProfile([cc(11, true), cc(12, true)], null, allow).thresholds).toEqual([]);
    expect(learnProfile([cc(11, true), cc(12, true), cc(12, false)], null, allow).thresholds).toEqual([]);
    expect(learnProfile([cc(11, true), cc(12, true), cc(25, true)], null, allow).thresholds).toEqual([]); // 25 is not mild
  });

  it('steps down while the findings it adds are helpful, to half the default at most', () => {
    const first = [cc(11, true), cc(11, true), cc(12, true)];
    // Findings reported under the lowered threshold 7.5, all marked helpful.
    const second = [...first, cc(8, true, 7.5), cc(9, true, 7.5), cc(10, true, 7.5)];
    expect(learnProfile(second, null, allow).thresholds[0]!.value).toBe(5);
    const third = [...second, cc(6, true, 5), cc(6, true, 5), cc(7, true, 5)];
    expect(learnProfile(third, null, allow).thresholds[0]!.value).toBe(5); // the bound
  });

  it('stops between the not-helpful and the helpful findings it added', () => {
    const rows = [cc(11, true), cc(11, true), cc(12, true), cc(8, false, 7.5), cc(9, false, 7.5), cc(10, true, 7.5)];
    const p = learnProfile(rows, null, allow);
    expect(p.thresholds[0]).toMatchObject({ value: 9.5, lowered: true });
    // The not-helpful votes are explained by the threshold: the rule itself stays.
    expect(p.rules[0]!.notHelpful).toBe(0);
    expect(p.rules[0]!.muted).toBe(false);
  });

  it('raising still wins when the user dislikes the mildest findings', () => {
    const rows = [...[12, 12, 12, 12].map((v) => cc(v, false)), cc(18, true)];
    expect(learnProfile(rows, null, allow).thresholds[0]).toMatchObject({ value: 15 });
    expect(learnProfile(rows, null, allow).thresholds[0]!.lowered).toBeUndefined();
  });

  it('handles metrics where lower is worse: the maintainability index threshold rises, up to twice the default', () => {
    const mi = (value: number, helpful: boolean) =>
      vote('low-maintainability', helpful, { metric: { name: 'maintainabilityIndex', value, threshold: 20, lowerIsWorse: true } });
    const t = learnProfile([mi(19, true), mi(18, true), mi(17, true)], null, allow).thresholds[0]!;
    expect(t).toMatchObject({ value: 30, lowered: true, bounds: [10, 40] });
  });

  it('a lowered threshold mutes nothing', () => {
    const p = learnProfile([cc(11, true), cc(11, true), cc(12, true)], null, allow);
    const f = finding('cc', { metric: { name: 'cyclomatic', value: 9, threshold: 7.5 } });
    const g = finding('cc', { line: 2, metric: { name: 'cyclomatic', value: 11, threshold: 10 } });
    const [out] = applyProfile([file([f, g])], p, ctx);
    expect(out!.findings.every((x) => !x.muted)).toBe(true);
  });

  it('loweredRuleSettings turns a lowered threshold into the rule option, only over the default it was learned from', () => {
    const p = learnProfile([cc(11, true), cc(11, true), cc(12, true)], null, allow);
    const rules = [{ id: 'cc', defaultOptions: { max: 10 } }];
    expect(loweredRuleSettings(p, rules, {})).toMatchObject({
      settings: { cc: { options: { max: 7.5 } } },
      lowered: [{ ruleId: 'cc', option: 'max', from: 10, to: 7.5 }],
    });
    expect(loweredRuleSettings(p, rules, { cc: { severity: 'error' } }).settings.cc).toEqual({ severity: 'error', options: { max: 7.5 } });
    // The config changed the threshold since: the config wins. A rule turned off stays off.
    expect(loweredRuleSettings(p, rules, { cc: { options: { max: 12 } } }).lowered).toEqual([]);
    expect(loweredRuleSettings(p, rules, { cc: 'off' }).settings.cc).toBe('off');
    // Without lowered thresholds (the default), nothing changes.
    expect(loweredRuleSettings(learnProfile([cc(11, true), cc(11, true), cc(12, true)]), rules, {}).lowered).toEqual([]);
  });
});
