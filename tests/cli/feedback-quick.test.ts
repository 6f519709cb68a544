import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { readQuickFeedback } from '../../src/cli/feedback-quick.js';
import { buildProgram } from '../../src/cli/main.js';

const argv = (...args: string[]) => ['node', 'toasty', ...args];

/** What commander gives the feedback action for a command line: the id, the command's options and the program's; or the error it throws. */
async function commanderReads(line: string[]): Promise<{ id: unknown; opts: unknown; globals: unknown } | { error: string }> {
  const program = buildProgram(line);
  program.configureOutput({ writeOut: () => {}, writeErr: () => {} });
  let seen: { id: unknown; opts: unknown; globals: unknown } | null = null;
  const feedback = program.commands.find((c) => c.name() === 'feedback')!;
  feedback.exitOverride();
  feedback.configureOutput({ writeOut: () => {}, writeErr: () => {} });
  feedback.action((id: unknown, opts: Record<string, unknown>, cmd: Command) => {
    seen = { id, opts: { ...opts }, globals: { ...cmd.parent!.opts() } };
  });
  try {
    await program.parseAsync(line);
  } catch (error) {
    return { error: (error as { code?: string }).code ?? String(error) };
  }
  return seen ?? { error: 'no action' };
}

// Command lines a vote is written with: the quick path must read each exactly as commander does.
const VOTES = [
  ['feedback', 'abc1234', '--helpful'],
  ['feedback', 'abc1234', '--not-helpful'],
  ['feedback', '--helpful', 'abc1234'],
  ['feedback', 'abc1234', '--helpful', '--db', 'x.db', '--user', 'ana'],
  ['--db', 'x.db', '--user', 'ana', 'feedback', 'abc1234', '--not-helpful'],
  ['--db=x.db', '--quiet', 'feedback', 'abc1234', '--helpful', '--comment', 'too noisy here', '--dimension', 'readability'],
  ['feedback', 'abc1234', '--helpful', '--comment=a=b', '--dimension=quality', '--no-color', '--verbose'],
  ['--config', 'c.yaml', 'feedback', 'abc1234', '--helpful', '--config', 'd.yaml', '--db', 'a.db', '--db', 'b.db'],
  ['feedback', 'abc1234', '--helpful', '--not-helpful'],
  ['feedback', 'abc1234'],
  ['feedback', 'abc1234', '--comment', ''],
  ['feedback', 'abc1234', '--helpful', '--user='],
  ['feedback', 'abc1234', '--dimension', 'nonsense', '--helpful'],
];

// Command lines left to the whole program (help, --next, errors of the command line, anything unusual).
const LEFT = [
  [],
  ['feedback'],
  ['feedback', '--helpful'],
  ['feedback', '--help'],
  ['feedback', '-h'],
  ['feedback', 'abc1234', '--help'],
  ['help', 'feedback'],
  ['feedback', '--next'],
  ['feedback', '--next', '--limit', '3'],
  ['feedback', 'abc1234', '--helpful', '--format', 'json'],
  ['feedback', 'abc1234', 'def5678', '--helpful'],
  ['feedback', 'abc1234', '--helpful=yes'],
  ['feedback', 'abc1234', '--bogus'],
  ['feedback', 'abc1234', '--comment'],
  ['feedback', 'abc1234', '--comment', '--helpful'],
  ['feedback', 'abc1234', '--db', '-x.db', '--helpful'],
  ['feedback', '--', 'abc1234', '--helpful'],
  ['feedback', '-', '--helpful'],
  ['--helpful', 'feedback', 'abc1234'],
  ['--comment', 'x', 'feedback', 'abc1234', '--helpful'],
  ['--db'],
  ['--version', 'feedback', 'abc1234', '--helpful'],
  ['grade', 'feedback'],
  ['show', 'abc1234'],
  ['feedbak', 'abc1234', '--helpful'],
  ['--toasty-argv-file', '/tmp/x/argv.json'],
  ['feedback', 'abc1234', '--helpful', '--comment', 'x'.repeat(9000)],
];

describe('the quick path of `toasty feedback` (bin/toasty.js runs it before the program)', () => {
  it('reads a vote exactly as commander does: the id, the options, the program options', async () => {
    for (const args of VOTES) {
      const line = argv(...args);
      const quick = readQuickFeedback(line);
      expect(quick, args.join(' ')).not.toBeNull();
      expect(quick, args.join(' ')).toEqual(await commanderReads(line));
    }
  });

  it('leaves every other command line to the whole program', () => {
    for (const args of LEFT) expect(readQuickFeedback(argv(...args)), args.join(' ')).toBeNull();
  });
});
