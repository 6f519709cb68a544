import { Command, Option } from 'commander';
import { VERSION } from '../version.js';
import { printErr } from './console.js';
import { UsageError } from '../errors.js';
import { exitCodeFor } from './exit.js';
import type { ExplainOptions } from './commands/explain.js';
import type { FixCliOptions } from './commands/fix.js';
import type { FeedbackOptions } from './commands/feedback.js';
import type { HistoryOptions } from './commands/history.js';
import type { ProfileOptions } from './commands/profile.js';
import type { KeyCreateOptions, ServeOptions } from './commands/serve.js';
import type { SyncCliOptions } from './commands/sync.js';

export interface GlobalOptions {
  config?: string;
  db?: string;
  user?: string;
  color?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Program options that take a value: the next argument, unless written `--option=value`. */
const VALUE_OPTIONS = ['--config', '--db', '--user'];
const FLAG_OPTIONS = ['--no-color', '--quiet', '--verbose'];
/** The program's commands, in the order help lists them (tests/cli/commands.test.ts checks it against the program). */
export const COMMAND_NAMES = [
  'grade',
  'merge',
  'fix',
  'explain',
  'init',
  'feedback',
  'history',
  'show',
  'profile',
  'model',
  'rules',
  'serve',
  'sync',
];

/**
 * The command a command line runs, when that is certain: the first argument after the program's
 * own options, if it names a command. Only that command is then built (commander builds every
 * option of every command: a few ms of each start-up, issues 19 and 21). Null — build them all, so
 * help and error messages are those of the whole program — for help, `--version`, no command, an
 * unknown option before the command or an unknown command.
 */
export function invokedCommand(argv: readonly string[]): string | null {
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i]!;
    if (VALUE_OPTIONS.includes(arg)) i++;
    else if (FLAG_OPTIONS.includes(arg) || VALUE_OPTIONS.some((o) => arg.startsWith(`${o}=`))) continue;
    else return COMMAND_NAMES.includes(arg) ? arg : null;
  }
  return null;
}

/** The commander program. Commands load their modules lazily so `--version` and `--help` stay fast. */
export function buildProgram(argv: readonly string[]): Command {
  const only = invokedCommand(argv);
  const want = (name: string): boolean => only === null || only === name;
  const program = new Command('toasty')
    .description('Offline code grader for Python and JavaScript/TypeScript.')
    .version(VERSION, '--version')
    .option('--config <file>', 'config file (default: searched from the working directory)')
    .option('--db <file>', 'history database (default: $TOASTY_HOME/toasty.db)')
    .option('--user <name>', 'user the run is attributed to (default: the OS user)')
    .option('--no-color', 'no colour')
    .option('--quiet', 'only the verdict and errors')
    .option('--verbose', 'more detail: skipped files, every code frame, stack traces')
    .showHelpAfterError()
    .exitOverride();

  if (want('grade')) {
    program
      .command('grade')
      .description('grade files and folders (default: .)')
      .argument('[paths...]', 'files and folders to grade')
      // Spelled out, so --help loads no reporter; tests/e2e/outputs.test.ts checks it against FORMATS.
      .addOption(
        new Option(
          '--format <format>',
          'pretty|json|sarif|github|junit|markdown|codeclimate|html (repeatable; pairs with the next --output)',
        ).argParser(collect),
      )
      .addOption(
        new Option(
          '--output <file>',
          'write the preceding --format to a file (repeatable); alone, the format follows the extension: .json .sarif .xml (junit) .md .txt (pretty)',
        ).argParser(collect),
      )
      .option('--min-score <n>', 'fail (exit 1) when the project score is below n')
      .addOption(
        new Option('--fail-on <severity>', 'fail when a counted finding is at or above this severity').choices([
          'error',
          'warning',
          'info',
        ]),
      )
      .option('--dimensions <list>', 'comma-separated dimensions to grade')
      .option(
        '--jobs <n>',
        'grading lanes, this thread included (default: one per core for mostly JS/TS, one fewer for mostly Python; at least 1)',
      )
      .option('--plugin-timeout <ms>', 'time a plugin may take to load, and its rules on one file (default 10000)')
      .option('--no-neural', 'never run the neural model, even where a neural rule (source:neural) is on')
      .option('--no-cache', 'do not use the result cache')
      .option('--no-learning', 'default findings and scores, no personal tuning')
      .option('--profile <file>', 'apply an exported learning profile')
      .option('--agent <name>', 'attribute the run to a coding agent')
      .option('--baseline <file>', 'only findings not in this baseline count for --fail-on')
      .option('--write-baseline <file>', 'record the current findings as a baseline')
      .option('--prune-baseline', 'with --baseline: drop baseline entries that no longer match')
      .option('--changed [ref]', 'grade only files changed since ref (default: merge base with the default branch)')
      .option('--changed-lines', 'with --changed: only findings on changed lines')
      .option('--sync', 'after grading, sync with the team server (sync.url in the config)')
      .addOption(
        new Option(
          '--select <list>',
          'run only these rules: ids, dimensions or source:builtin|yaml|plugin|neural (comma-separated, repeatable)',
        ).argParser(collect),
      )
      .addOption(
        new Option('--extend-select <list>', "add these rules to the config's set (same selectors; repeatable)").argParser(collect),
      )
      .addOption(
        new Option('--ignore <list>', 'do not run these rules (same selectors; repeatable; the most specific selector wins)').argParser(
          collect,
        ),
      )
      .addOption(
        new Option('--severity-min <severity>', 'drop rules and findings below this severity').choices(['error', 'warning', 'info']),
      )
      .option('--statistics', 'print counts per rule (and fixable counts) instead of the report on stdout')
      .option('--stdin-filename <path>', 'with `-` as the path: read the source from stdin and grade it as this file')
      .option(
        '--shard <i/n>',
        'grade only the i-th of n parts of the files (by a hash of the path); join the JSON reports with `toasty merge` (--min-score is applied there)',
      )
      .action(async (paths: string[], opts: Record<string, unknown>, cmd: Command) => {
        const { gradeCommand } = await import('./commands/grade.js');
        process.exitCode = await gradeCommand(paths, opts, cmd.optsWithGlobals<GlobalOptions>(), [...argv]);
      });
  }

  if (want('merge')) {
    program
      .command('merge')
      .description('join the JSON reports of `grade --shard i/n` runs into the report of the whole run (score, gate, every format)')
      .argument('<reports...>', 'the shard reports (grade --shard i/n --format json), one per shard')
      .addOption(
        new Option(
          '--format <format>',
          'pretty|json|sarif|github|junit|markdown|codeclimate|html (repeatable; pairs with the next --output)',
        ).argParser(collect),
      )
      .addOption(new Option('--output <file>', 'write the preceding --format to a file (repeatable)').argParser(collect))
      .option('--min-score <n>', "fail (exit 1) when the whole run's score is below n (default: the shards' --min-score)")
      .addOption(
        new Option(
          '--fail-on <severity>',
          "fail when a counted finding is at or above this severity (default: the shards' --fail-on)",
        ).choices(['error', 'warning', 'info']),
      )
      .action(async (reports: string[], opts: { minScore?: string; failOn?: 'error' | 'warning' | 'info' }, cmd: Command) => {
        const { mergeCommand } = await import('./commands/merge.js');
        process.exitCode = await mergeCommand(reports, opts, cmd.optsWithGlobals<GlobalOptions>(), [...argv]);
      });
  }

  if (want('fix')) {
    program
      .command('fix')
      .description('apply the fixes of the active rules (safe only unless --unsafe), re-grading until nothing changes')
      .argument('[paths...]', 'files and folders to fix (default: .)')
      .option('--unsafe', 'also apply unsafe fixes (they may change behaviour)')
      .option('--rules <list>', 'comma-separated rule ids: only their fixes')
      .option('--dry-run', 'change nothing; say what would change')
      .option('--diff', 'change nothing; print a unified diff of what would change')
      .option('--format <format>', 'pretty|json (json: the applied edits)', 'pretty')
      .option('--baseline <file>', 'do not fix findings recorded in this baseline')
      .option('--exit-non-zero-on-fix', 'exit 1 when something was fixed')
      .action(async (paths: string[], opts: FixCliOptions, cmd: Command) => {
        const { fixCommand } = await import('./commands/fix.js');
        process.exitCode = await fixCommand(paths, opts, cmd.optsWithGlobals<GlobalOptions>());
      });
  }

  if (want('explain')) {
    program
      .command('explain')
      .description('every point a file lost, by dimension and rule, the formula, and what learning changed')
      .argument('<file>', 'the file to explain')
      .option('--no-learning', 'the default findings and score, without what was learned for you')
      .option('--profile <file>', 'explain with an exported learning profile')
      .action(async (file: string, opts: ExplainOptions, cmd: Command) => {
        const { explainCommand } = await import('./commands/explain.js');
        process.exitCode = await explainCommand(file, opts, cmd.optsWithGlobals<GlobalOptions>());
      });
  }

  if (want('init')) {
    program
      .command('init')
      .description('write a commented starter config (.toastyrc.yaml)')
      .option('--force', 'overwrite an existing .toastyrc.yaml')
      .action(async (opts: { force?: boolean }) => {
        const { initCommand } = await import('./commands/init.js');
        process.exitCode = initCommand(process.cwd(), Boolean(opts.force));
      });
  }

  if (want('feedback')) {
    program
      .command('feedback')
      .description('record whether a finding, file result or run was helpful (id: a unique prefix); --next: which findings to vote on')
      .argument('[id]', 'finding, file result or run id (a unique prefix of 4+ characters)')
      .option('--helpful', 'it was helpful')
      .option('--not-helpful', 'it was not helpful')
      .option('--comment <text>', 'a note kept with the vote')
      .option('--dimension <dimension>', 'the vote is about this dimension (learns its weight)')
      .option('--next', 'no vote: list the findings of your latest run whose votes would teach toasty most')
      .option('--limit <n>', 'with --next: how many (default 5)')
      .option('--format <format>', 'with --next: pretty|json')
      .action(async (id: string | undefined, opts: FeedbackOptions & { next?: boolean; limit?: string; format?: string }, cmd: Command) => {
        if (opts.next) {
          if (id !== undefined || opts.helpful || opts.notHelpful || opts.comment !== undefined || opts.dimension !== undefined)
            throw new UsageError('--next takes no id and no vote options: it lists findings to vote on');
          const { feedbackNextCommand } = await import('./commands/feedback-next.js');
          process.exitCode = feedbackNextCommand(opts, cmd.optsWithGlobals<GlobalOptions>());
          return;
        }
        if (id === undefined) throw new UsageError('give the id of a finding, file result or run to vote on (or --next)');
        if (opts.limit !== undefined || opts.format !== undefined) throw new UsageError('--limit and --format go with --next');
        const { feedbackCommand } = await import('./commands/feedback.js');
        process.exitCode = feedbackCommand(id, opts, cmd.optsWithGlobals<GlobalOptions>());
      });
  }

  if (want('history')) {
    program
      .command('history')
      .description('past runs and the score trend; --prune deletes old ones')
      .argument('[path]', 'only runs that graded this file or folder, with its score')
      .option('--limit <n>', 'most recent runs to show (default: 20; with --format html: 1000)')
      .option('--agent <name>', 'only runs attributed to this agent')
      .option('--by-agent', "compare agents' scores over time")
      .option('--format <format>', 'pretty|json|html', 'pretty')
      .option('--output <file>', 'with --format html: write the page to this file')
      .option('--prune', 'delete old runs (with --keep and/or --older-than); what feedback points at is kept')
      .option('--keep <n>', 'with --prune: keep the newest n runs')
      .option('--older-than <days>', 'with --prune: only runs started more than this many days ago')
      .option('--dry-run', 'with --prune: only say what would be deleted')
      .action(async (path: string | undefined, opts: HistoryOptions, cmd: Command) => {
        const { historyCommand } = await import('./commands/history.js');
        process.exitCode = historyCommand(path, opts, cmd.optsWithGlobals<GlobalOptions>());
      });
  }

  if (want('show')) {
    program
      .command('show')
      .description('one run, file result or finding in full, with its feedback')
      .argument('<id>', 'run, file result or finding id (a unique prefix)')
      .option('--format <format>', 'pretty|json', 'pretty')
      .action(async (id: string, opts: { format: string }, cmd: Command) => {
        const { showCommand } = await import('./commands/show.js');
        process.exitCode = showCommand(id, opts, cmd.optsWithGlobals<GlobalOptions>());
      });
  }

  if (want('profile')) {
    program
      .command('profile')
      .description('what the meta-learner has learned for this user, and why')
      .option('--reset', "forget this user's feedback and everything learned from it")
      .option('--export <file>', 'write the profile (and the feedback behind it) to a file, for --profile in CI')
      .option('--import <file>', "add an exported profile's feedback to this user's")
      .option('--format <format>', 'pretty|json', 'pretty')
      .action(async (opts: ProfileOptions, cmd: Command) => {
        const { profileCommand } = await import('./commands/profile.js');
        process.exitCode = await profileCommand(opts, cmd.optsWithGlobals<GlobalOptions>());
      });
  }

  if (want('model')) {
    program
      .command('model')
      .description('the neural model (the bundled one, or `neural.model` from the config)')
      .command('info')
      .description('name, size, vocabulary, corpus and metrics from the model card')
      .option('--format <format>', 'pretty|json', 'pretty')
      .action(async (opts: { format: 'pretty' | 'json' }, cmd: Command) => {
        const { modelInfoCommand, configuredModelDir } = await import('./commands/model.js');
        const modelDir = await configuredModelDir(process.cwd(), cmd.optsWithGlobals<GlobalOptions>().config);
        process.exitCode = modelInfoCommand({ format: opts.format, ...(modelDir ? { modelDir } : {}) });
      });
  }

  if (want('rules')) {
    const rules = program.command('rules').description('the rule catalogue');
    rules
      .command('list')
      .description('list every rule')
      .option('--format <format>', 'pretty|json', 'pretty')
      .action(async (opts: { format: string }, cmd: Command) => {
        const { rulesListCommand } = await import('./commands/rules.js');
        process.exitCode = await rulesListCommand(opts.format, cmd.optsWithGlobals<GlobalOptions>());
      });
    rules
      .command('show')
      .description('one rule in full, with examples from its fixture')
      .argument('<id>', 'rule id')
      .action(async (id: string, _opts: unknown, cmd: Command) => {
        const { rulesShowCommand } = await import('./commands/rules.js');
        process.exitCode = await rulesShowCommand(id, cmd.optsWithGlobals<GlobalOptions>());
      });
    rules
      .command('test')
      .description('run rule fixtures (ruleid:/ok:/todoruleid: annotations); exit 1 on failure')
      .argument('[dir]', 'rule folder or file (default: rules)')
      .action(async (dir: string | undefined, _opts: unknown, cmd: Command) => {
        const { rulesTestCommand } = await import('./commands/rules-test.js');
        process.exitCode = await rulesTestCommand(dir, cmd.optsWithGlobals<GlobalOptions>());
      });
  }

  if (want('serve')) {
    const serve = program
      .command('serve')
      .description('the team server: grading, feedback, sync and team priors over HTTP (--db FILE: its SQLite database)')
      .option('--host <host>', 'address to listen on', '127.0.0.1')
      .option('--port <port>', 'port (0: any free port)', '8787')
      .option('--database-url <url>', 'PostgreSQL (postgres://…) instead of SQLite; default $TOASTY_DATABASE_URL')
      .option('--k <n>', 'distinct users a team prior needs', '3')
      .option('--rate-free <n>', 'requests per minute of a free-tier key', '10')
      .option('--rate-premium <n>', 'requests per minute of a premium-tier key', '100')
      .option('--body-limit <bytes>', 'largest request body (413 past it)', '1048576')
      .option('--max-code <bytes>', 'largest code for POST /grade (413 past it)', '65536')
      .option('--grade-timeout <ms>', 'longest grading of POST /grade (503 past it; its process is killed)', '3000')
      .option('--grade-workers <n>', 'grading processes (default: the CPUs, at most 8)')
      .option('--auth-failures <n>', 'failed authentications per client IP and minute before 429', '30')
      .option('--no-neural', 'POST /grade without the neural model')
      .option('--redis-url <url>', 'Redis for rate limits shared by every instance (redis://…); default $TOASTY_REDIS_URL, else in memory')
      .option('--rate-ip <n>', 'requests per minute from one client IP', '1000')
      .option('--grade-queue <n>', 'gradings waiting for a process at most (503 + Retry-After past it)', '64')
      .option('--grade-cache <n>', 'graded answers kept by content hash (0: none)', '1000')
      .option('--trust-proxy <addresses>', "client IPs from X-Forwarded-For sent by these proxies ('true': any)")
      .option(
        '--jwt-secret-file <file>',
        'JWT signing secret file, created 0600 (default $TOASTY_HOME/server-jwt.key; $TOASTY_JWT_SECRET wins)',
      )
      .action(async (opts: ServeOptions, cmd: Command) => {
        const { serveCommand } = await import('./commands/serve.js');
        process.exitCode = await serveCommand(opts, cmd.optsWithGlobals<GlobalOptions>());
      });
    // `serve --database-url` (or --db) applies to its `keys` subcommands too, wherever it is written.
    const serverDbUrl = (cmd: Command): string | undefined => cmd.optsWithGlobals<{ databaseUrl?: string }>().databaseUrl;
    const keys = serve.command('keys').description("the server's API keys (same --db / --database-url as serve)");
    keys
      .command('create')
      .description('create an API key for --user (printed once; only its hash is stored)')
      .option('--role <role>', 'admin|user|service', 'user')
      .option('--scopes <list>', 'comma-separated: grade:read,grade:write,feedback:write,priors:read,admin (default: by role)')
      .option('--tier <tier>', 'rate-limit tier: free|premium|unlimited (default: by role)')
      .option('--label <text>', 'a note shown by keys list')
      .action(async (opts: KeyCreateOptions, cmd: Command) => {
        const { keysCreateCommand } = await import('./commands/serve.js');
        process.exitCode = await keysCreateCommand({ ...opts, databaseUrl: serverDbUrl(cmd) }, cmd.optsWithGlobals<GlobalOptions>());
      });
    keys
      .command('list')
      .description('list API keys (never the keys themselves)')
      .option('--format <format>', 'pretty|json', 'pretty')
      .action(async (opts: { format: string }, cmd: Command) => {
        const { keysListCommand } = await import('./commands/serve.js');
        process.exitCode = await keysListCommand({ ...opts, databaseUrl: serverDbUrl(cmd) }, cmd.optsWithGlobals<GlobalOptions>());
      });
    keys
      .command('revoke')
      .description('revoke an API key by id (it stops working at once)')
      .argument('<id>', 'key id (a unique prefix of 4+ characters)')
      .action(async (id: string, _opts: unknown, cmd: Command) => {
        const { keysRevokeCommand } = await import('./commands/serve.js');
        process.exitCode = await keysRevokeCommand(id, { databaseUrl: serverDbUrl(cmd) }, cmd.optsWithGlobals<GlobalOptions>());
      });
  }

  if (want('sync')) {
    program
      .command('sync')
      .description('push runs and feedback to the team server and pull team priors (sync.url, sync.tokenEnv)')
      .option('--url <url>', 'team server (default: sync.url in the config)')
      .option('--format <format>', 'pretty|json', 'pretty')
      .action(async (opts: SyncCliOptions, cmd: Command) => {
        const { syncCommand } = await import('./commands/sync.js');
        process.exitCode = await syncCommand(opts, cmd.optsWithGlobals<GlobalOptions>());
      });
  }

  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram(argv);
  let verbose = argv.includes('--verbose');
  try {
    await program.parseAsync(argv);
    verbose = Boolean(program.opts<GlobalOptions>().verbose);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    return exitCodeFor(error, printErr, verbose);
  }
}
