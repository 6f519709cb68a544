import { nextQuestions } from '../../learning/next.js';
import { parseLearnOptions, resolveLearning } from '../../learning/resolve.js';
import type { Finding } from '../../model/results.js';
import { existingUserId } from '../../store/entities.js';
import { learningInputs } from '../../store/feedback.js';
import { targetLearningOptions } from '../../store/lookup.js';
import { osUser } from '../../store/location.js';
import { openForCommand } from '../../store/open.js';
import { filesOfRun, findingsOfFile, listRuns } from '../../store/queries.js';
import { UsageError } from '../../errors.js';
import { EXIT } from '../exit.js';
import type { GlobalOptions } from '../main.js';
import { escapeLines } from '../../util/escape-terminal.js';

export interface FeedbackNextOptions {
  limit?: string;
  format?: string;
}

/**
 * `toasty feedback --next`: the findings of the user's latest run whose votes would teach the
 * learner most (learning/next.ts), muted ones included, with the command to vote. Random votes
 * mostly confirm what the profile already knows; these settle a rule or a learned threshold in a
 * few votes (bench/learning/RESULTS.md, `offline.mjs --ask`).
 */
export function feedbackNextCommand(opts: FeedbackNextOptions, globals: GlobalOptions): number {
  const limit = opts.limit === undefined ? 5 : Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit: expected a whole number of at least 1, got '${opts.limit}'`);
  const format = opts.format ?? 'pretty';
  if (format !== 'pretty' && format !== 'json') throw new UsageError(`--format: expected pretty or json, got '${format}'`);
  const user = globals.user ?? osUser();
  const { db } = openForCommand(globals.db);
  try {
    const [run] = listRuns(db, { user, limit: 1 });
    if (!run) {
      if (!globals.quiet) process.stdout.write(`no run by ${user} yet: run toasty grade first\n`);
      return EXIT.ok;
    }
    const findings: (Finding & { path: string })[] = filesOfRun(db, run.id).flatMap((file) =>
      findingsOfFile(db, file.id).map((f) => ({ ...f, path: file.path })),
    );
    const inputs = learningInputs(db, user);
    const profile = resolveLearning(inputs, parseLearnOptions(targetLearningOptions(db, { kind: 'run', id: run.id, label: '' })));
    const uid = existingUserId(db, user);
    const voted = new Set(
      uid === null
        ? []
        : (
            db
              .prepare("SELECT fingerprint FROM feedback WHERE user_id = ? AND target_kind = 'finding' AND fingerprint IS NOT NULL")
              .all(uid) as {
              fingerprint: string;
            }[]
          ).map((r) => r.fingerprint),
    );
    const questions = nextQuestions(findings, inputs.rows, profile, limit, voted).map((q) => {
      const f = q.finding as Finding & { path: string };
      return {
        id: f.id,
        path: f.path,
        line: f.line,
        column: f.column,
        ruleId: f.ruleId,
        dimension: f.dimension,
        metric: f.metric ? { name: f.metric.name, value: f.metric.value } : null,
        muted: f.muted,
        message: f.message,
        pWanted: Math.round(q.pWanted * 100) / 100,
      };
    });
    if (format === 'json') {
      process.stdout.write(`${JSON.stringify({ schemaVersion: 1, run: run.id, user, questions }, null, 2)}\n`);
      return EXIT.ok;
    }
    if (globals.quiet) return EXIT.ok;
    if (!questions.length) {
      process.stdout.write(`nothing to ask: you have voted on every finding of run ${run.id.slice(0, 7)}\n`);
      return EXIT.ok;
    }
    const lines = [`your votes on these findings of run ${run.id.slice(0, 7)} would teach toasty most:`];
    for (const q of questions) {
      const metric = q.metric ? ` ${q.metric.name} ${q.metric.value}` : '';
      lines.push(
        `  ${q.id.slice(0, 7)}  ${q.path}:${q.line}  ${q.ruleId}${metric}${q.muted ? ' (muted)' : ''}  (${Math.round(q.pWanted * 100)}% likely wanted): ${q.message}`,
      );
    }
    lines.push('vote with: toasty feedback <id> --helpful | --not-helpful');
    process.stdout.write(`${escapeLines(lines.join('\n'))}\n`);
    return EXIT.ok;
  } finally {
    db.close();
  }
}
