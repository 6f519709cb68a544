import { learnProfile } from './learn.js';
import type { FeedbackRow } from './types.js';
import type { Dimension, Severity } from '../model/findings.js';

/** Default k: a team prior is published only from at least this many distinct users. */
export const TEAM_MIN_USERS = 3;
/** Pseudo-votes behind a team rule prior at most: the user's own votes soon outweigh it. */
export const TEAM_PRIOR_STRENGTH = 4;

/** The team's belief about one rule: a Beta(alpha, beta) prior for every member's posterior. */
export interface TeamRulePrior {
  ruleId: string;
  dimension: Dimension | null;
  severity: Severity | null;
  /** Distinct users whose feedback it aggregates (at least k): each weighs at most one vote. */
  users: number;
  /** The users' opinions summed (see `userOpinion`): helpful + notHelpful ≤ users. */
  helpful: number;
  notHelpful: number;
  alpha: number;
  beta: number;
}

/** The team's threshold for one rule metric: the median of its voters' learned thresholds. */
export interface TeamThresholdPrior {
  ruleId: string;
  metric: string;
  lowerIsWorse: boolean;
  defaultValue: number;
  value: number;
  users: number;
}

/** What `GET /sync/priors` returns and `toasty sync` stores. */
export interface TeamPriors {
  version: 1;
  k: number;
  generatedAt: string;
  rules: TeamRulePrior[];
  thresholds: TeamThresholdPrior[];
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

function mostRecent<T>(rows: readonly FeedbackRow[], pick: (r: FeedbackRow) => T | null): T | null {
  let out: T | null = null;
  let at = '';
  for (const r of rows) {
    const v = pick(r);
    if (v !== null && r.createdAt >= at) {
      out = v;
      at = r.createdAt;
    }
  }
  return out;
}

/** A user's weight in a team rule prior: at most one vote, however many they cast. */
export const TEAM_USER_WEIGHT = 1;

/**
 * One user's opinion of a rule: the share of their (weighted) votes that said helpful, weighing
 * min(their total weight, TEAM_USER_WEIGHT). One helpful vote is { helpful: 1, notHelpful: 0 };
 * 2,000 not-helpful votes are { helpful: 0, notHelpful: 1 }; an implicit signal of 0.25 weighs 0.25.
 */
export function userOpinion(rows: readonly FeedbackRow[]): { helpful: number; notHelpful: number } {
  const h = rows.filter((r) => r.helpful).reduce((a, r) => a + r.weight, 0);
  const n = rows.filter((r) => !r.helpful).reduce((a, r) => a + r.weight, 0);
  if (h + n <= 0) return { helpful: 0, notHelpful: 0 };
  const w = Math.min(TEAM_USER_WEIGHT, h + n);
  return { helpful: (w * h) / (h + n), notHelpful: (w * n) / (h + n) };
}

/**
 * Aggregates every user's feedback into team priors. Pure and deterministic. A rule (or a rule
 * metric's threshold) is published only when at least `k` distinct users voted on it, so no
 * single user's behaviour can be read back.
 *  - rules: one opinion per user (see `userOpinion`: however many votes a user cast, they weigh
 *    at most one), summed over users into h and n → mean (h + 1) / (h + n + 2), at most
 *    TEAM_PRIOR_STRENGTH pseudo-votes. So one key pushing 2,000 "not helpful" votes counts as one
 *    user, and two users who disagree with it outweigh it;
 *  - thresholds: each voter's own learned threshold (their default when they learned none), the
 *    lower median across voters; published when it differs from the default.
 */
export function aggregateTeamPriors(byUser: ReadonlyMap<string, readonly FeedbackRow[]>, k: number, generatedAt: string): TeamPriors {
  const users = [...byUser.keys()].sort();
  const ruleVotes = new Map<string, { users: Set<string>; rows: (FeedbackRow & { user: string })[] }>();
  const metricVoters = new Map<string, Set<string>>();
  for (const user of users) {
    for (const r of byUser.get(user)!) {
      if (!r.ruleId || (r.kind !== 'finding' && r.kind !== 'import')) continue;
      const entry = ruleVotes.get(r.ruleId) ?? { users: new Set<string>(), rows: [] };
      entry.users.add(user);
      entry.rows.push({ ...r, user });
      ruleVotes.set(r.ruleId, entry);
      if (r.metric) {
        const key = `${r.ruleId}\u0000${r.metric.name}`;
        metricVoters.set(key, (metricVoters.get(key) ?? new Set<string>()).add(user));
      }
    }
  }
  const rules: TeamRulePrior[] = [];
  for (const ruleId of [...ruleVotes.keys()].sort()) {
    const { users: voters, rows } = ruleVotes.get(ruleId)!;
    if (voters.size < k) continue;
    let helpful = 0;
    let notHelpful = 0;
    for (const user of voters) {
      const o = userOpinion(rows.filter((r) => r.user === user));
      helpful += o.helpful;
      notHelpful += o.notHelpful;
    }
    const mean = (helpful + 1) / (helpful + notHelpful + 2);
    const strength = Math.min(TEAM_PRIOR_STRENGTH, Math.max(1, helpful + notHelpful + 1));
    rules.push({
      ruleId,
      dimension: mostRecent(rows, (r) => r.findingDimension),
      severity: mostRecent(rows, (r) => r.severity),
      users: voters.size,
      helpful: round2(helpful),
      notHelpful: round2(notHelpful),
      alpha: round2(strength * mean),
      beta: round2(strength * (1 - mean)),
    });
  }
  const thresholds: TeamThresholdPrior[] = [];
  const profiles = new Map(users.map((u) => [u, learnProfile(byUser.get(u)!)]));
  for (const key of [...metricVoters.keys()].sort()) {
    const voters = [...metricVoters.get(key)!].sort();
    if (voters.length < k) continue;
    const [ruleId, metric] = key.split('\u0000') as [string, string];
    const rows = ruleVotes.get(ruleId)!.rows.filter((r) => r.metric?.name === metric);
    const latest = mostRecent(rows, (r) => r.metric)!;
    const values = voters
      .map((u) => profiles.get(u)!.thresholds.find((t) => t.ruleId === ruleId && t.metric === metric)?.value ?? latest.threshold)
      .sort((a, b) => (latest.lowerIsWorse ? b - a : a - b));
    const value = values[Math.floor((values.length - 1) / 2)]!;
    if (value === latest.threshold) continue;
    thresholds.push({ ruleId, metric, lowerIsWorse: latest.lowerIsWorse, defaultValue: latest.threshold, value, users: voters.length });
  }
  return { version: 1, k, generatedAt, rules, thresholds };
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Validates team priors read from the server or the local store; null when they are not usable. */
export function parseTeamPriors(json: unknown): TeamPriors | null {
  if (!isObject(json) || json.version !== 1 || !Array.isArray(json.rules) || !Array.isArray(json.thresholds)) return null;
  const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  const rules = json.rules.filter(
    (r): r is TeamRulePrior =>
      isObject(r) && typeof r.ruleId === 'string' && num(r.alpha) && num(r.beta) && r.alpha > 0 && r.beta > 0 && num(r.users),
  );
  const thresholds = json.thresholds.filter(
    (t): t is TeamThresholdPrior =>
      isObject(t) &&
      typeof t.ruleId === 'string' &&
      typeof t.metric === 'string' &&
      num(t.value) &&
      num(t.defaultValue) &&
      t.defaultValue > 0 &&
      num(t.users),
  );
  return {
    version: 1,
    k: num(json.k) ? json.k : TEAM_MIN_USERS,
    generatedAt: typeof json.generatedAt === 'string' ? json.generatedAt : '',
    rules,
    thresholds,
  };
}
