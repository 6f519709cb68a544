import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { historyPage } from '../../report/html/history.js';
import { dbPath } from '../../store/location.js';
import { openForCommand } from '../../store/open.js';
import { listRuns, type RunSummary } from '../../store/queries.js';
import { printErr } from '../console.js';
import { EXIT } from '../exit.js';
import type { GlobalOptions } from '../main.js';
import { writeTextFileSync } from '../../util/write-text.js';

/** `toasty history --format html [--output FILE]`: the whole history's trend, per project and agent, as one self-contained page. */
export function historyHtmlCommand(
  path: string | undefined,
  opts: { limit: number; agent?: string; output?: string },
  globals: GlobalOptions,
  cwd: string,
): number {
  const absPath = path === undefined ? undefined : resolve(cwd, path);
  let runs: RunSummary[] = [];
  if (existsSync(dbPath(globals.db, cwd))) {
    const { db } = openForCommand(globals.db, cwd);
    try {
      runs = listRuns(db, { limit: opts.limit, agent: opts.agent, user: globals.user, absPath });
    } finally {
      db.close();
    }
  }
  // With a path, each run's score is the score of the files under it (as in the text history).
  const shown = absPath === undefined ? runs : runs.map((r) => ({ ...r, score: r.pathScore ?? null }));
  const html = historyPage(shown, { path, agent: opts.agent, limit: opts.limit });
  if (opts.output === undefined) process.stdout.write(html);
  else {
    writeTextFileSync(resolve(cwd, opts.output), html);
    if (!globals.quiet) printErr(`toasty: wrote html history of ${runs.length} run(s) to ${opts.output}`);
  }
  return EXIT.ok;
}
