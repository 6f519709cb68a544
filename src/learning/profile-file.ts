import { DIMENSIONS, SEVERITIES, type Dimension } from '../model/findings.js';
import type { LearnOptions } from './learn.js';
import { resolveLearning, type LearningInputs } from './resolve.js';
import type { FeedbackRow, Profile } from './types.js';

export const PROFILE_FORMAT = 'toasty-profile';

/**
 * What `toasty profile --export` writes: the feedback behind the profile, the team priors it was
 * learned on (as `toasty sync` stored them; null when never synced), and the profile they give.
 */
export interface ProfileFile {
  format: typeof PROFILE_FORMAT;
  version: 1;
  user: string;
  exportedAt: string;
  toolVersion: string;
  profile: Profile;
  feedback: FeedbackRow[];
  teamPriors: unknown;
}

/** `profile`: resolveLearning(inputs, the config's options), computed once by the caller. */
export function makeProfileFile(
  user: string,
  toolVersion: string,
  inputs: LearningInputs,
  profile: Profile,
  exportedAt: string,
): ProfileFile {
  return {
    format: PROFILE_FORMAT,
    version: 1,
    user,
    exportedAt,
    toolVersion,
    profile,
    feedback: [...inputs.rows],
    teamPriors: inputs.teamPriors ?? null,
  };
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isDimension = (x: unknown): x is Dimension => (DIMENSIONS as readonly unknown[]).includes(x);

function checkRow(r: unknown, i: number): FeedbackRow {
  const where = `feedback[${i}]`;
  if (!isObject(r)) throw new Error(`${where} must be an object`);
  if (typeof r.helpful !== 'boolean') throw new Error(`${where}.helpful must be true or false`);
  if (typeof r.weight !== 'number' || !(r.weight > 0 && r.weight <= 1)) throw new Error(`${where}.weight must be a number in (0, 1]`);
  if (r.ruleId !== null && typeof r.ruleId !== 'string') throw new Error(`${where}.ruleId must be a string or null`);
  if (r.dimension !== null && !isDimension(r.dimension))
    throw new Error(`${where}.dimension must be one of ${DIMENSIONS.join(', ')} or null`);
  if (r.findingDimension !== null && !isDimension(r.findingDimension))
    throw new Error(`${where}.findingDimension must be a dimension or null`);
  if (r.severity !== null && !(SEVERITIES as readonly unknown[]).includes(r.severity))
    throw new Error(`${where}.severity must be error, warning, info or null`);
  const m = r.metric;
  if (m !== null) {
    if (!isObject(m) || typeof m.name !== 'string' || typeof m.value !== 'number' || typeof m.threshold !== 'number') {
      throw new Error(`${where}.metric must be null or { name, value, threshold, lowerIsWorse }`);
    }
  }
  return {
    kind: r.kind === 'file' || r.kind === 'run' || r.kind === 'import' ? r.kind : 'finding',
    targetId: typeof r.targetId === 'string' ? r.targetId : String(i),
    helpful: r.helpful,
    weight: r.weight,
    implicit: r.implicit === true,
    ruleId: r.ruleId as string | null,
    findingDimension: r.findingDimension as Dimension | null,
    severity: r.severity as FeedbackRow['severity'],
    metric:
      m === null
        ? null
        : { name: m.name as string, value: m.value as number, threshold: m.threshold as number, lowerIsWorse: m.lowerIsWorse === true },
    dimension: r.dimension as Dimension | null,
    createdAt: typeof r.createdAt === 'string' ? r.createdAt : '',
  };
}

/** Validates an exported profile; throws an Error naming the first bad field. `options`: the config's `learning:` settings. */
export function parseProfileFile(json: unknown, options: LearnOptions = {}): ProfileFile {
  if (!isObject(json) || json.format !== PROFILE_FORMAT)
    throw new Error(`not a toasty profile (expected "format": "${PROFILE_FORMAT}"; write one with \`toasty profile --export FILE\`)`);
  if (json.version !== 1) throw new Error(`profile version ${String(json.version)} is not supported by this toasty (expected 1)`);
  if (!Array.isArray(json.feedback)) throw new Error('`feedback` must be an array');
  const feedback = json.feedback.map(checkRow);
  const teamPriors = json.teamPriors ?? null;
  return {
    format: PROFILE_FORMAT,
    version: 1,
    user: typeof json.user === 'string' ? json.user : 'unknown',
    exportedAt: typeof json.exportedAt === 'string' ? json.exportedAt : '',
    toolVersion: typeof json.toolVersion === 'string' ? json.toolVersion : '',
    // Recomputed from the rows and team priors: a profile file cannot carry parameters outside the learner's bounds.
    profile: resolveLearning({ rows: feedback, teamPriors }, options),
    feedback,
    teamPriors,
  };
}
