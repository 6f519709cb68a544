/**
 * `toasty feedback <id> --helpful|--not-helpful` without commander and the program (issue 21: a
 * keystroke-level command, ≤ 150 ms median). bin/toasty.js runs this bundle entry
 * (dist/bundle/feedback.js, scripts/bundle.mjs) first when the command line names `feedback`: it
 * loads the vote's modules only — not main.js (commander, every command's options: about half the
 * code a vote used to read and deserialize) — and returns null for any command line it does not
 * read exactly as commander would, which then runs the whole program as before. So help, `--next`,
 * an unknown or repeated-meaning option, a missing value, `--` and every error of the command line
 * keep commander's own text and exit code; tests/cli/feedback-quick.test.ts checks the reading
 * against commander's on the same command lines.
 */
import { printErr } from './console.js';
import { exitCodeFor } from './exit.js';
import { feedbackCommand, type FeedbackOptions } from './commands/feedback.js';
import type { GlobalOptions } from './main.js';
import { commandLineBytes, LONG_ARGV_BYTES } from '../neural/long-argv.js';

export interface QuickFeedback {
  id: string;
  opts: FeedbackOptions;
  globals: GlobalOptions;
}

type Target = 'globals' | 'opts';
/** The options a vote may carry (the program's and the command's), as commander names their values. */
const VALUES: Record<string, [Target, keyof GlobalOptions | keyof FeedbackOptions]> = {
  '--config': ['globals', 'config'],
  '--db': ['globals', 'db'],
  '--user': ['globals', 'user'],
  '--comment': ['opts', 'comment'],
  '--dimension': ['opts', 'dimension'],
};
const FLAGS: Record<string, [Target, keyof GlobalOptions | keyof FeedbackOptions, boolean]> = {
  '--no-color': ['globals', 'color', false],
  '--quiet': ['globals', 'quiet', true],
  '--verbose': ['globals', 'verbose', true],
  '--helpful': ['opts', 'helpful', true],
  '--not-helpful': ['opts', 'notHelpful', true],
};

/**
 * A vote's command line (process.argv form) read as commander reads it, or null when it is anything
 * else: the command is `feedback` (after the program's options), one id, and only the options above,
 * each value given (`--db FILE` or `--db=FILE`; a value that starts with `-` is left to commander).
 * The program's options may come before or after the command, as commander allows.
 */
export function readQuickFeedback(argv: readonly string[]): QuickFeedback | null {
  if (commandLineBytes(argv) > LONG_ARGV_BYTES) return null; // bin/toasty.js relaunches those
  const out: { globals: Record<string, unknown>; opts: Record<string, unknown> } = { globals: { color: true }, opts: {} };
  let command = false;
  let id: string | undefined;
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const value = VALUES[name];
    const flag = FLAGS[name];
    if (value && (command || value[0] === 'globals')) {
      const given = name === arg ? argv[++i] : arg.slice(eq + 1);
      if (given === undefined || (name === arg && given.startsWith('-'))) return null;
      out[value[0]][value[1]] = given;
    } else if (flag && name === arg && (command || flag[0] === 'globals')) out[flag[0]][flag[1]] = flag[2];
    else if (arg.startsWith('-')) return null;
    else if (!command) {
      if (arg !== 'feedback') return null;
      command = true;
    } else if (id === undefined) id = arg;
    else return null;
  }
  if (id === undefined) return null;
  return { id, opts: out.opts as FeedbackOptions, globals: out.globals as GlobalOptions };
}

/** Runs the vote of a command line readQuickFeedback reads, as the program would; null for any other command line. */
export function quickFeedback(argv: readonly string[]): number | null {
  const vote = readQuickFeedback(argv);
  if (!vote) return null;
  try {
    return feedbackCommand(vote.id, vote.opts, vote.globals);
  } catch (error) {
    // As main(): an error of the command is reported by the one place that maps errors to exit codes.
    return exitCodeFor(error, printErr, argv.includes('--verbose'));
  }
}
