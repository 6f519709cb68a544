import { UsageError } from '../../errors.js';
import { parseLearnOptions, resolveLearning } from '../../learning/resolve.js';
import type { Profile } from '../../learning/types.js';
import { DIMENSIONS, type Dimension } from '../../model/findings.js';
import { writeTransaction } from '../../store/db.js';
import { learningInputs, recordVote } from '../../store/feedback.js';
import { resolveId, targetLearningOptions } from '../../store/lookup.js';
import { osUser } from '../../store/location.js';
import { openForCommand } from '../../store/open.js';
import { writeOut } from '../console.js';
import { EXIT } from '../exit.js';
import type { GlobalOptions } from '../main.js';
import { escapeLines } from '../../util/escape-terminal.js';

export interface FeedbackOptions {
  helpful?: boolean;
  notHelpful?: boolean;
  comment?: string;
  dimension?: string;
}

function parseDimension(value: string | undefined): Dimension | null {
  if (value === undefined) return null;
  if (!(DIMENSIONS as readonly string[]).includes(value))
    throw new UsageError(`--dimension: unknown dimension '${value}'; expected one of ${DIMENSIONS.join(', ')}`);
  return value as Dimension;
}

/** What this vote changed in the user's profile, in words. */
function effects(before: Profile, after: Profile, ruleId: string | null, dimension: Dimension | null): string[] {
  const out: string[] = [];
  if (ruleId) {
    const was = before.rules.find((r) => r.ruleId === ruleId);
    const now = after.rules.find((r) => r.ruleId === ruleId);
    if (now && Boolean(was?.muted) !== now.muted)
      out.push(now.muted ? `\`${ruleId}\` is now muted for you — ${now.reason}` : `\`${ruleId}\` is shown again — ${now.reason}`);
    else if (now) out.push(`\`${ruleId}\`: ${now.muted ? now.reason : `${now.reason}; stays shown`}`);
    const tWas = before.thresholds.filter((t) => t.ruleId === ruleId);
    const tNow = after.thresholds.filter((t) => t.ruleId === ruleId);
    if (JSON.stringify(tWas.map((t) => t.value)) !== JSON.stringify(tNow.map((t) => t.value))) {
      for (const t of tNow) out.push(`learned threshold: ${t.reason}`);
      if (tNow.length === 0) out.push(`\`${ruleId}\` thresholds are back to their defaults`);
    }
  }
  if (dimension) {
    const w = after.weights.find((x) => x.dimension === dimension);
    if (w) out.push(w.reason);
  }
  return out;
}

/**
 * `toasty feedback <id> --helpful|--not-helpful`: a vote on a finding, file result or run, and what
 * it changed in the profile, computed by resolveLearning with the team priors and the `learning:`
 * options of the run the vote is about (kept with the run, so the config is not loaded), as `grade`
 * applies it. Kept light: a keystroke-level command (≤ 150 ms median, bench/learning/feedback-latency.mjs).
 */
export function feedbackCommand(id: string, opts: FeedbackOptions, globals: GlobalOptions): number {
  if (Boolean(opts.helpful) === Boolean(opts.notHelpful)) throw new UsageError('give exactly one of --helpful or --not-helpful');
  const helpful = Boolean(opts.helpful);
  const dimension = parseDimension(opts.dimension);
  const user = globals.user ?? osUser();
  const { db } = openForCommand(globals.db);
  try {
    const target = resolveId(db, id);
    const options = parseLearnOptions(targetLearningOptions(db, target));
    const { before, after, replaced, snapshot } = writeTransaction(db, () => {
      const beforeProfile = resolveLearning(learningInputs(db, user), options);
      const vote = recordVote(db, { user, target, helpful, comment: opts.comment ?? null, dimension });
      const afterProfile = resolveLearning(learningInputs(db, user), options);
      return { before: beforeProfile, after: afterProfile, ...vote };
    });
    const what = snapshot
      ? `${target.kind} ${target.id.slice(0, 7)} (${snapshot.ruleId} at ${snapshot.path})`
      : `${target.kind} ${target.id.slice(0, 7)}`;
    const lines = [
      `recorded: ${helpful ? 'helpful' : 'not helpful'} on ${what} for ${user}${replaced ? ', replacing your earlier vote' : ''}`,
    ];
    const changed = effects(before, after, snapshot?.ruleId ?? null, dimension);
    if (!snapshot && !dimension)
      changed.push('a vote on a run or file result without --dimension is kept with it but does not change what you see');
    for (const line of changed) lines.push(`  ${line}`);
    if (!globals.quiet) writeOut(`${escapeLines(lines.join('\n'))}\n`);
    return EXIT.ok;
  } finally {
    db.close();
  }
}
