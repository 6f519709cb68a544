import { learnProfile, type LearnOptions } from './learn.js';
import { parseTeamPriors } from './team.js';
import type { FeedbackRow, Profile } from './types.js';

/**
 * What the learned profile is computed from, as the store keeps it: the user's feedback rows and
 * the team priors last pulled by `toasty sync` (the stored JSON, unparsed; null when never synced).
 * The store only reads them; deciding what they mean is the learner's.
 */
export interface LearningInputs {
  rows: readonly FeedbackRow[];
  teamPriors: unknown;
}

/**
 * The one place the learned profile is computed: votes, team priors and the config's `learning:`
 * options (`allowLowerThresholds`) always together. `grade`, `explain`, `feedback`'s "what changed"
 * preview, `profile`, `profile --export` and `--profile FILE` all go through it, so what one of
 * them shows is what the others apply. Pure and deterministic.
 */
export function resolveLearning(inputs: LearningInputs, options: LearnOptions): Profile {
  return learnProfile(inputs.rows, parseTeamPriors(inputs.teamPriors), options);
}

/** The learner's options from their stored JSON (a run's `learning:` options): anything unusable is the default. */
export function parseLearnOptions(json: unknown): LearnOptions {
  const o = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  return { allowLowerThresholds: o.allowLowerThresholds === true };
}
