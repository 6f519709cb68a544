import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../../config/load.js';
import { resolveConfig } from '../../config/resolve.js';
import type { Severity } from '../../engine/rule.js';
import { gradeProject } from '../../engine/run.js';
import { UsageError } from '../../errors.js';
import { summarize } from '../../engine/catalogue.js';
import { BUILTIN_RULES } from '../../graders/index.js';
import { reporterFor } from '../../report/index.js';
import { printErr, useColor } from '../console.js';
import { EXIT } from '../exit.js';
import type { GlobalOptions } from '../main.js';
import { parseDimensions, parseJobs, parseMinScore } from '../options.js';
import { pairOutputs } from '../outputs.js';
import { startProgress } from '../progress.js';

const NOT_YET: Record<string, string> = {
  baseline: '--baseline (issue 9)',
  changed: '--changed (issue 9)',
  profile: '--profile (issue 6)',
};

export async function gradeCommand(
  paths: string[],
  opts: Record<string, unknown>,
  globals: GlobalOptions,
  rawArgs: string[],
): Promise<number> {
  for (const [key, label] of Object.entries(NOT_YET)) {
    if (opts[key] !== undefined) throw new UsageError(`${label} is not available in this version of toasty yet`);
  }
  const targets = pairOutputs(rawArgs);
  for (const t of targets) reporterFor(t.format); // unknown/unavailable formats fail before any work
  const cwd = process.cwd();
  const { file, config: user } = await loadConfig(cwd, globals.config);
  const config = resolveConfig(file, user, cwd, {
    minScore: parseMinScore(opts.minScore),
    failOn: opts.failOn as Severity | undefined,
    dimensions: parseDimensions(opts.dimensions),
    neural: opts.neural === false ? false : undefined,
  });
  const jobs = parseJobs(opts.jobs);
  const stdoutTty = Boolean(process.stdout.isTTY);
  const progress = globals.quiet ? null : startProgress(process.stderr);

  let result;
  try {
    result = await gradeProject({
      paths: paths.length ? paths : ['.'],
      cwd,
      config,
      jobs,
      user: globals.user,
      agent: (opts.agent as string | undefined) ?? null,
      progress: progress?.update,
      onDiscovered: progress?.discovered,
    });
  } finally {
    progress?.stop();
  }

  for (const target of targets) {
    const toFile = target.file !== null;
    const text = reporterFor(target.format)(result, {
      color: !toFile && useColor(process.stdout, globals.color),
      tty: !toFile && stdoutTty,
      verbose: Boolean(globals.verbose),
      quiet: Boolean(globals.quiet),
      cwd,
      rules: summarize(BUILTIN_RULES),
    });
    if (toFile) {
      writeFileSync(resolve(cwd, target.file!), text);
      if (!globals.quiet) printErr(`toasty: wrote ${target.format} report to ${target.file}`);
    } else {
      process.stdout.write(text);
    }
  }
  if (!result.passed && targets.every((t) => t.format !== 'pretty' || t.file !== null)) {
    // The verdict always reaches a person: machine formats on stdout get it on stderr.
    for (const reason of result.failures) printErr(`toasty: failed: ${reason}`);
  }
  return result.passed ? EXIT.ok : EXIT.failed;
}
