import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config/load.js';
import { resolveConfig, withRuleSettings } from '../config/resolve.js';
import type { ResolvedConfig } from '../config/types.js';
import type { Rule } from '../engine/rule.js';
import { UsageError } from '../errors.js';
import type { LearnOptions } from '../learning/learn.js';
import type { LoweredOption } from '../learning/lowered.js';
import type { LearningInputs } from '../learning/resolve.js';
import type { Profile } from '../learning/types.js';
import type { RunHistory } from '../store/history.js';
import { printErr } from './console.js';
import type { GlobalOptions } from './main.js';

/** CI=true (or any CI value but false/0): personal learning is off unless a --profile is given. */
export function inCI(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** The learner's options from the resolved config (`learning:`). */
export function learnOptions(config: ResolvedConfig): LearnOptions {
  return { allowLowerThresholds: config.learning.allowLowerThresholds };
}

/*
 * The learner (learning/resolve.ts, learn.ts, team.ts), the profile file parser and the lowered
 * thresholds are imported when a run uses them: a run with learning off (CI without --profile,
 * --no-learning) or without a vote or team prior loads none of them (issue 19).
 */

async function loadProfile(file: string, cwd: string, options: LearnOptions): Promise<Profile> {
  const { parseProfileFile } = await import('../learning/profile-file.js');
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new UsageError(`--profile ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return parseProfileFile(JSON.parse(text), options).profile;
  } catch (error) {
    throw new UsageError(`--profile ${file}: ${(error as Error).message}`, 'write one with `toasty profile --export FILE`');
  }
}

export type Learning = { mode: 'off' } | { mode: 'profile'; profile: Profile } | { mode: 'user' };

/** `--no-learning` → off; `--profile FILE` → that profile, read-only; CI without --profile → off; else the user's own. */
export async function learningFor(opts: Record<string, unknown>, cwd: string, options: LearnOptions): Promise<Learning> {
  if (opts.learning === false) return { mode: 'off' };
  if (typeof opts.profile === 'string') return { mode: 'profile', profile: await loadProfile(opts.profile, cwd, options) };
  return inCI() ? { mode: 'off' } : { mode: 'user' };
}

/** Learning as a run applies it: off, or the profile, computed once. */
export type RunLearning = { mode: 'off' } | { mode: 'profile' | 'user'; profile: Profile };

/**
 * The profile a run applies, computed once per run through resolveLearning (the user's votes, the
 * stored team priors and the config's `learning:` options): off when learning is off or there is
 * no readable history.
 */
export async function resolveRunLearning(
  learning: Learning,
  history: RunHistory | null,
  user: string,
  options: LearnOptions,
): Promise<RunLearning> {
  if (learning.mode !== 'user') return learning;
  const inputs = history?.learningInputs(user) ?? null;
  if (!inputs) return { mode: 'off' };
  const { resolveLearning } = await import('../learning/resolve.js');
  return { mode: 'user', profile: resolveLearning(inputs, options) };
}

/**
 * How many adjustments the user's learned profile makes (muted rules, thresholds, weights not ×1):
 * what a CI run without --profile leaves unapplied. No vote and no team prior learns nothing
 * (learning/learn.ts `learnProfile`), so then the learner is not loaded.
 */
export async function learnedChanges(inputs: LearningInputs, options: LearnOptions): Promise<number> {
  if (inputs.rows.length === 0 && inputs.teamPriors == null) return 0;
  const { resolveLearning } = await import('../learning/resolve.js');
  const learned = resolveLearning(inputs, options);
  return learned.rules.filter((r) => r.muted).length + learned.thresholds.length + learned.weights.filter((w) => w.factor !== 1).length;
}

/** The config's `learning:` settings, for commands that do not otherwise load the config; a config that cannot be read only costs them (with a warning). */
export async function configuredLearnOptions(cwd: string, globals: GlobalOptions, what: string): Promise<LearnOptions> {
  try {
    const { file, config } = await loadConfig(cwd, globals.config);
    return learnOptions(resolveConfig(file, config, cwd));
  } catch (error) {
    printErr(`toasty: warning: ${(error as Error).message.split('\n')[0]}; ${what} with the default learning settings`);
    return {};
  }
}

/**
 * With `learning.allowLowerThresholds`, the config whose rule options report findings down to the
 * profile's lowered thresholds (see loweredRuleSettings); otherwise the config unchanged.
 */
export async function withLoweredThresholds(
  config: ResolvedConfig,
  rules: readonly Rule[],
  learned: Profile | null,
): Promise<{ config: ResolvedConfig; lowered: LoweredOption[] }> {
  if (!config.learning.allowLowerThresholds) return { config, lowered: [] };
  if (!learned) return { config, lowered: [] };
  const { loweredRuleSettings } = await import('../learning/lowered.js');
  const { settings, lowered } = loweredRuleSettings(learned, rules, config.rules);
  return { config: lowered.length ? withRuleSettings(config, settings) : config, lowered };
}

/** One line per lowered threshold in force, for stderr. */
export function loweredNotes(lowered: readonly LoweredOption[]): string[] {
  return lowered.map(
    (l) =>
      `toasty: learning: \`${l.ruleId}\` reports ${l.threshold.metric} ${l.option === 'max' ? 'above' : 'below'} ${l.to} for you (options.${l.option} ${l.from} → ${l.to}; learning.allowLowerThresholds)`,
  );
}
