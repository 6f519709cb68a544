import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../../config/load.js';
import { resolveConfig } from '../../config/resolve.js';
import { summarize } from '../../engine/catalogue.js';
import { asShardReport, mergeShards } from '../../engine/merge.js';
import type { Severity } from '../../model/findings.js';
import { UsageError } from '../../errors.js';
import { loadRuleSet } from '../../engine/registry.js';
import { isTerminal, useColor } from '../console.js';
import { emitReports, reportersFor } from '../emit.js';
import { EXIT } from '../exit.js';
import type { GlobalOptions } from '../main.js';
import { parseMinScore } from '../options.js';
import { pairOutputs } from '../outputs.js';

/** Reads one shard report, naming the file on any problem (exit 2). */
function readShard(file: string, cwd: string) {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `${file} is not JSON: ${(error as Error).message}`,
      'pass the reports of `toasty grade --shard i/n --format json`',
    );
  }
  return asShardReport(file, value);
}

/**
 * `toasty merge a.json b.json … [--format F --output FILE]… [--min-score N] [--fail-on S]`: one
 * report from the JSON reports of `grade --shard i/n`, equal to an unsharded run's (score, gate,
 * every format), and its exit code (0 passed, 1 failed, 2 usage).
 */
export async function mergeCommand(
  files: string[],
  opts: { minScore?: string; failOn?: Severity },
  globals: GlobalOptions,
  rawArgs: string[],
): Promise<number> {
  const targets = pairOutputs(rawArgs);
  const reporters = await reportersFor(targets);
  const cwd = process.cwd();
  const minScore = parseMinScore(opts.minScore);
  const result = mergeShards(
    files.map((f) => readShard(f, cwd)),
    { ...(minScore !== undefined ? { minScore } : {}), ...(opts.failOn !== undefined ? { failOn: opts.failOn } : {}) },
  );
  // Rule metadata (SARIF rules, help texts) from this checkout's config, as `grade` has it.
  const { file, config: user } = await loadConfig(cwd, globals.config);
  const ruleSet = await loadRuleSet(resolveConfig(file, user, cwd));
  const rules = summarize(ruleSet.rules);
  const reportOptions = (toFile: boolean) => ({
    color: !toFile && useColor(isTerminal(1), globals.color),
    tty: !toFile && isTerminal(1),
    verbose: Boolean(globals.verbose),
    quiet: Boolean(globals.quiet),
    cwd,
    rules,
  });
  emitReports(result, targets, reportOptions, globals, cwd, reporters);
  return result.passed ? EXIT.ok : EXIT.failed;
}
