import { loadConfig } from '../../config/load.js';
import { resolveConfig } from '../../config/resolve.js';
import type { ResolvedConfig } from '../../config/types.js';
import { UsageError } from '../../errors.js';
import { redactUrls } from '../../util/redact.js';
import { osUser } from '../../store/location.js';
import { openForCommand } from '../../store/open.js';
import { backoffState, runSync, type SyncReport } from '../../sync/client/sync.js';
import { SyncError } from '../../sync/errors.js';
import { printErr } from '../console.js';
import { EXIT } from '../exit.js';
import type { GlobalOptions } from '../main.js';

export interface SyncCliOptions {
  url?: string;
  format?: string;
}

function settings(config: ResolvedConfig, urlOption: string | undefined): { url: string; token: string; includeCode: boolean } {
  const url = urlOption ?? config.sync.url;
  if (!url)
    throw new UsageError(
      'no team server: set `sync.url` in the config (or pass --url)',
      'e.g. sync: { url: "http://127.0.0.1:8787", tokenEnv: "TOASTY_TOKEN" }',
    );
  if (!/^https?:\/\/\S+$/.test(url)) throw new UsageError(`sync url must start with http:// or https:// (got '${redactUrls(url)}')`);
  if (redactUrls(url) !== url)
    throw new UsageError(
      `sync url must not hold credentials (got '${redactUrls(url)}')`,
      `remove them from the url: the API key goes in the environment variable named by sync.tokenEnv (${config.sync.tokenEnv})`,
    );
  const token = process.env[config.sync.tokenEnv];
  if (!token)
    throw new UsageError(
      `no API key: the environment variable ${config.sync.tokenEnv} is empty`,
      'create a key with `toasty serve keys create` on the server, then export it (sync.tokenEnv names the variable)',
    );
  return { url, token, includeCode: config.sync.includeCode };
}

function summary(r: SyncReport, url: string): string {
  const again = r.alreadyThere ? ` (${r.alreadyThere} already on the server)` : '';
  const priors = r.priors ? `; team priors: ${r.priors.rules} rule(s), ${r.priors.thresholds} threshold(s)` : '';
  const refused = r.refused.feedback
    ? `\n${r.refused.feedback} vote(s) refused by the server:${r.refused.reasons.map((x) => `\n  ${x}`).join('')}`
    : '';
  return `synced with ${url}: pushed ${r.pushed.runs} run(s)${again} and ${r.pushed.feedback} vote(s)${priors}${refused}`;
}

async function resolved(globals: GlobalOptions): Promise<ResolvedConfig> {
  const cwd = process.cwd();
  const { file, config } = await loadConfig(cwd, globals.config);
  return resolveConfig(file, config, cwd);
}

/** `toasty sync`: push what the server does not have, pull team priors. Exit 2 when the server cannot be reached (nothing lost). */
export async function syncCommand(opts: SyncCliOptions, globals: GlobalOptions): Promise<number> {
  const config = await resolved(globals);
  const s = settings(config, opts.url);
  const { db } = openForCommand(globals.db);
  try {
    const report = await runSync({ db, user: globals.user ?? osUser(), ...s });
    if (opts.format === 'json') process.stdout.write(`${JSON.stringify({ url: s.url, ...report }, null, 2)}\n`);
    else if (!globals.quiet) process.stdout.write(`${summary(report, s.url)}\n`);
    return EXIT.ok;
  } finally {
    db.close();
  }
}

/** `toasty grade --sync`: after grading, sync unless a recent failure asks to wait; a failure is a warning, never the exit code. */
export async function syncAfterGrade(globals: GlobalOptions): Promise<void> {
  let db;
  try {
    const config = await resolved(globals);
    const s = settings(config, undefined);
    db = openForCommand(globals.db).db;
    const backoff = backoffState(db);
    if (backoff && Date.parse(backoff.nextAttemptAt) > Date.now()) {
      if (!globals.quiet)
        printErr(
          `toasty: sync postponed until ${backoff.nextAttemptAt} after ${backoff.failures} failure(s) (run \`toasty sync\` to try now)`,
        );
      return;
    }
    const report = await runSync({ db, user: globals.user ?? osUser(), ...s, attempts: 2 });
    if (!globals.quiet) printErr(`toasty: ${summary(report, s.url)}`);
  } catch (error) {
    const e = error as Error & { hint?: string };
    printErr(
      `toasty: warning: ${error instanceof SyncError || error instanceof UsageError ? e.message : `sync failed: ${e.message}`}${e.hint ? ` (${e.hint})` : ''}`,
    );
  } finally {
    db?.close();
  }
}
