import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, COMMAND_NAMES, invokedCommand } from '../../src/cli/main.js';

const argv = (...args: string[]) => ['node', 'toasty', ...args];

/** Every command's help text, subcommands included, by its path (`serve keys create`). */
function helps(cmd: Command, path: string[] = []): Map<string, string> {
  const out = new Map<string, string>();
  for (const sub of cmd.commands) {
    const p = [...path, sub.name()];
    out.set(p.join(' '), sub.helpInformation());
    for (const [k, v] of helps(sub, p)) out.set(k, v);
  }
  return out;
}

describe('the program builds only the command it runs', () => {
  const full = buildProgram(argv());

  it('COMMAND_NAMES lists the commands of the whole program, in help order', () => {
    expect(full.commands.map((c) => c.name())).toEqual(COMMAND_NAMES);
  });

  it('a command line naming a command builds only that command, with the same options and help', () => {
    const all = helps(full);
    for (const name of COMMAND_NAMES) {
      const program = buildProgram(argv(name, '--help'));
      expect(program.commands.map((c) => c.name())).toEqual([name]);
      for (const [path, help] of helps(program)) expect(help, path).toBe(all.get(path));
      expect([...helps(program).keys()]).toEqual([...all.keys()].filter((k) => k === name || k.startsWith(`${name} `)));
      // The program's own options (and its help) are built either way.
      expect(program.options.map((o) => o.flags)).toEqual(full.options.map((o) => o.flags));
    }
  });

  it('finds the command after the program options, and builds everything when it is not certain', () => {
    expect(invokedCommand(argv('feedback', 'abc', '--helpful'))).toBe('feedback');
    expect(invokedCommand(argv('--db', 'grade', '--user', 'x', '--quiet', 'history'))).toBe('history');
    expect(invokedCommand(argv('--db=grade', '--no-color', '--verbose', 'show', 'id'))).toBe('show');
    for (const unsure of [
      [],
      ['--help'],
      ['-h'],
      ['help', 'grade'],
      ['--version'],
      ['grde'],
      ['--bogus', 'grade'],
      ['--db'],
      ['--', 'grade'],
    ])
      expect(invokedCommand(argv(...unsure)), unsure.join(' ')).toBeNull();
    expect(buildProgram(argv('help', 'grade')).commands.map((c) => c.name())).toEqual(COMMAND_NAMES);
  });
});
