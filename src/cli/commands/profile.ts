import { plural } from '../../util/plural.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { MUTE_CONFIDENCE } from '../../learning/learn.js';
import { makeProfileFile, parseProfileFile } from '../../learning/profile-file.js';
import { resolveLearning } from '../../learning/resolve.js';
import type { Profile } from '../../learning/types.js';
import { writeTransaction } from '../../store/db.js';
import { importRows, learningInputs, resetUser } from '../../store/feedback.js';
import { osUser } from '../../store/location.js';
import { openForCommand } from '../../store/open.js';
import { sha1 } from '../../util/hash.js';
import { VERSION } from '../../version.js';
import { EXIT } from '../exit.js';
import { configuredLearnOptions } from '../learning.js';
import type { GlobalOptions } from '../main.js';

export interface ProfileOptions {
  reset?: boolean;
  export?: string;
  import?: string;
  format: string;
}

function describe(user: string, profile: Profile, implicit: number): string[] {
  const out = [
    `profile for ${user}: ${plural(profile.feedbackCount, 'vote')}${implicit ? `, ${plural(implicit, 'implicit signal')} (findings fixed after being shown)` : ''}`,
  ];
  if (profile.feedbackCount === 0 && implicit === 0) {
    out.push('nothing learned yet: vote with `toasty feedback <id> --helpful|--not-helpful` (ids are printed by `toasty grade`)');
    return out;
  }
  const muted = profile.rules.filter((r) => r.muted);
  const kept = profile.rules.filter((r) => !r.muted);
  const section = (title: string, lines: string[]): void => {
    if (lines.length) out.push('', title, ...lines.map((l) => `  ${l}`));
  };
  const odds = (r: Profile['rules'][number]): string =>
    `P(helpful < ½) = ${r.pLow} (mute at ≥ ${MUTE_CONFIDENCE}); prior Beta(${r.prior.alpha}, ${r.prior.beta})${r.prior.pooled ? ' from its dimension' : ' from the rule default'}; weighted votes ${r.helpful} helpful, ${r.notHelpful} not`;
  section(
    'muted rules (hidden from your output and your score; still in --format json with muted: true):',
    muted.flatMap((r) => [`${r.ruleId}: ${r.reason}`, `  ${odds(r)}`]),
  );
  section(
    'dimension priors (partial pooling: a rule without a helpful vote in a dimension whose other voted rules you dislike starts from their rate):',
    profile.dimensions.flatMap((d) => [`${d.dimension}: ${d.reason}`, `  ${d.basis}`]),
  );
  section(
    'learned thresholds (findings at or within them are muted):',
    profile.thresholds.filter((t) => !t.lowered).map((t) => t.reason),
  );
  section(
    'stricter thresholds (learning.allowLowerThresholds; `toasty grade` reports these rules past them):',
    profile.thresholds.filter((t) => t.lowered).map((t) => t.reason),
  );
  section(
    'dimension weights:',
    profile.weights.map((w) => w.reason),
  );
  section(
    'rules you voted on that stay shown:',
    kept.flatMap((r) => [`${r.ruleId}: ${r.reason}`, `  ${odds(r)}`]),
  );
  out.push(
    '',
    'undo: `toasty feedback <id> --helpful` on a muted finding (its id is in --format json), or `toasty profile --reset`.',
    'in CI (CI=true) learning is off; apply this profile there with `toasty profile --export FILE` and `toasty grade --profile FILE`.',
  );
  return out;
}

/** `toasty profile`: what the meta-learner has learned for this user, and why; --reset, --export, --import. */
export async function profileCommand(opts: ProfileOptions, globals: GlobalOptions): Promise<number> {
  if (opts.format !== 'pretty' && opts.format !== 'json')
    throw new UsageError(`unknown --format '${opts.format}'; expected pretty or json`);
  const user = globals.user ?? osUser();
  const cwd = process.cwd();
  const say = (line: string): void => {
    if (!globals.quiet) process.stdout.write(`${line}\n`);
  };
  let imported: ReturnType<typeof parseProfileFile> | null = null;
  if (opts.import) {
    let text: string;
    try {
      text = readFileSync(resolve(cwd, opts.import), 'utf8');
    } catch (error) {
      throw new UsageError(
        `--import ${opts.import}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
    }
    try {
      imported = parseProfileFile(JSON.parse(text));
    } catch (error) {
      throw new UsageError(`--import ${opts.import}: ${(error as Error).message}`);
    }
  }
  const { db } = openForCommand(globals.db, cwd);
  try {
    if (opts.reset) {
      const removed = writeTransaction(db, () => resetUser(db, user));
      say(`reset: forgot ${plural(removed, 'feedback row')} for ${user}; your output is back to the defaults`);
    }
    if (imported) {
      const file = imported;
      const added = writeTransaction(db, () => {
        return importRows(db, user, file.feedback, (row) =>
          sha1(JSON.stringify([file.user, row.kind, row.targetId, row.createdAt, row.ruleId, row.metric, row.dimension])).slice(0, 16),
        );
      });
      say(
        `imported ${plural(added, 'feedback row')} from ${opts.import} (${file.user}, exported ${file.exportedAt}); ${file.feedback.length - added} were already here`,
      );
    }
    // The profile, once: what `profile` shows and `--export` writes is what `grade` applies (resolveLearning).
    const inputs = learningInputs(db, user);
    const { rows } = inputs;
    const profile = resolveLearning(inputs, await configuredLearnOptions(cwd, globals, 'showing the profile'));
    if (opts.export) {
      writeFileSync(
        resolve(cwd, opts.export),
        `${JSON.stringify(makeProfileFile(user, VERSION, inputs, profile, new Date().toISOString()), null, 2)}\n`,
      );
      say(
        `exported the profile of ${user} (${plural(rows.length, 'feedback row')}) to ${opts.export}; use it read-only with \`toasty grade --profile ${opts.export}\``,
      );
    }
    if (opts.reset || opts.import || opts.export) return EXIT.ok;
    if (opts.format === 'json') {
      process.stdout.write(`${JSON.stringify({ user, profile }, null, 2)}\n`);
      return EXIT.ok;
    }
    process.stdout.write(`${describe(user, profile, rows.filter((r) => r.implicit).length).join('\n')}\n`);
    return EXIT.ok;
  } finally {
    db.close();
  }
}
