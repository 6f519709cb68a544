import { describe, expect, it } from 'vitest';
import { muteReason } from '../../src/learning/apply.js';
import { learnProfile } from '../../src/learning/learn.js';
import { nextQuestions } from '../../src/learning/next.js';
import type { FeedbackRow } from '../../src/learning/types.js';
import type { Dimension } from '../../src/model/findings.js';
import type { Finding } from '../../src/model/results.js';

// Active selection (issue 21): toasty asks about the findings whose vote teaches it most.
let n = 0;
function finding(ruleId: string, dimension: Dimension, value: number | null = null, threshold = 10): Finding {
  n++;
  return {
    id: `f${n}`,
    ruleId,
    dimension,
    severity: 'warning',
    line: n,
    column: 1,
    endLine: n,
    endColumn: 2,
    message: '',
    suggestion: '',
    metric: value === null ? null : { name: 'cyclomatic', value, threshold },
    source: 'builtin',
    confidence: 1,
    fingerprint: `fp${n}`,
    cost: 1,
    muted: false,
    mutedReason: null,
    suppressed: false,
    suppressionReason: null,
  };
}

let clock = 0;
function answer(f: Finding, helpful: boolean): FeedbackRow {
  clock++;
  return {
    kind: 'finding',
    targetId: f.id,
    helpful,
    weight: 1,
    implicit: false,
    ruleId: f.ruleId,
    findingDimension: f.dimension,
    severity: f.severity,
    metric: f.metric ? { name: f.metric.name, value: f.metric.value, threshold: f.metric.threshold, lowerIsWorse: false } : null,
    dimension: null,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, clock)).toISOString(),
  };
}

/** 20 long-line findings, 3 todo-comment ones, and cyclomatic findings with values 11–19 (four each) and 20–40. */
function corpus(): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; i < 20; i++) out.push(finding('long-line', 'readability'));
  for (let i = 0; i < 3; i++) out.push(finding('todo-comment', 'readability'));
  for (let v = 11; v <= 19; v++) for (let k = 0; k < 4; k++) out.push(finding('cyclomatic-complexity', 'complexity', v));
  for (let v = 20; v <= 40; v += 2) out.push(finding('cyclomatic-complexity', 'complexity', v));
  return out;
}

describe('nextQuestions', () => {
  it('asks first about the rule whose answer decides the most findings, never about a finding already voted on, deterministically', () => {
    const findings = corpus();
    const [first] = nextQuestions(findings, [], learnProfile([]));
    // cyclomatic's mildest values are as uncertain as any and shared by more findings than long-line's one answer.
    expect(first!.finding.ruleId).toBe('cyclomatic-complexity');
    const rows = [answer(first!.finding, true)];
    const again = nextQuestions(findings, rows, learnProfile(rows), 200);
    expect(again.map((q) => q.finding.id)).not.toContain(first!.finding.id);
    expect(again).toHaveLength(findings.length - 1);
    expect(nextQuestions(findings, rows, learnProfile(rows), 200)).toEqual(again);
  });

  it('after "not helpful" at 12 and 14, asks at the uncertain boundary above them, not where the answer is known', () => {
    const findings = corpus();
    const at = (v: number): Finding => findings.find((f) => f.metric?.value === v)!;
    const rows = [answer(at(12), false), answer(at(14), false)];
    const questions = nextQuestions(findings, rows, learnProfile(rows), 3);
    for (const q of questions) {
      expect(q.finding.ruleId).toBe('cyclomatic-complexity');
      expect(q.finding.metric!.value).toBeGreaterThanOrEqual(14);
      expect(q.finding.metric!.value).toBeLessThanOrEqual(18);
    }
    // Values far above the not-helpful ones are believed wanted; at 11 the answer is believed known too.
    const all = nextQuestions(findings, rows, learnProfile(rows), 200);
    expect(all.find((q) => q.finding.metric?.value === 40)!.pWanted).toBeGreaterThan(0.85);
    expect(all.find((q) => q.finding.metric?.value === 11)!.pWanted).toBeLessThan(0.2);
  });

  it('a user who answers its questions is learned exactly: cyclomatic 15 and up wanted, long-line not, in 25 votes', () => {
    const findings = corpus();
    const wants = (f: Finding): boolean => f.ruleId === 'todo-comment' || (f.ruleId === 'cyclomatic-complexity' && f.metric!.value >= 15);
    const rows: FeedbackRow[] = [];
    for (let k = 0; k < 25; k++) {
      const [q] = nextQuestions(findings, rows, learnProfile(rows));
      rows.push(answer(q!.finding, wants(q!.finding)));
    }
    const profile = learnProfile(rows);
    const wrong = findings.filter((f) => (muteReason(f, profile) === null) !== wants(f));
    expect(wrong).toEqual([]);
  });
});
