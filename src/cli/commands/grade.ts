import { resolve } from 'node:path';
import { loadConfig } from '../../config/load.js';
import { resolveConfig, withSelection } from '../../config/resolve.js';
import type { ResolvedConfig } from '../../config/types.js';
import { readCapped, stdinFile } from '../../discovery/stdin.js';
import type { DiscoveredFile } from '../../discovery/walk.js';
import { selectableRules, selectionFrom } from '../../engine/selection.js';
import type { Severity } from '../../model/findings.js';
import { statisticsJson, statisticsOf, statisticsText } from '../../report/statistics.js';
import { defaultUser, gradeProject } from '../../engine/run.js';
import { UsageError } from '../../errors.js';
import { RunHistory } from '../../store/history.js';
import { checkExplicitDb, dbPath } from '../../store/location.js';
import { baselineFrom, readBaseline, writeBaseline, type Baseline } from '../../engine/baseline.js';
import { summarize } from '../../engine/catalogue.js';
import { changedFiles } from '../../discovery/changed.js';
import { loadRuleSet } from '../../engine/registry.js';
import { emitReports, reportersFor } from '../emit.js';
import { isTerminal, printErr, useColor } from '../console.js';
import { learnedChanges, learningFor, learnOptions, loweredNotes, resolveRunLearning, withLoweredThresholds } from '../learning.js';
import { EXIT } from '../exit.js';
import type { GlobalOptions } from '../main.js';
import { parseDimensions, parseJobs, parseMinScore, parsePluginTimeout, parseStdinFilename } from '../options.js';
import { parseShard } from '../../engine/shard.js';
import { pairOutputs } from '../outputs.js';
import { projectTrend } from '../report-history.js';
import { startProgress, type ProgressHandle } from '../progress.js';
import { plural } from '../../util/plural.js';
import { exitOnSignal } from '../signals.js';

export { inCI } from '../learning.js';

/** `toasty grade -`: the source on stdin, kept up to `maxFileSize` (past it: skipped with the reason, as discovery does). */
async function readStdinSource(stdinFilename: string, cwd: string, config: ResolvedConfig): Promise<DiscoveredFile> {
  if (process.stdin.isTTY)
    throw new UsageError(
      '`-` reads the source from stdin, but stdin is a terminal',
      `pipe it in, e.g. \`toasty grade - --stdin-filename ${stdinFilename} < ${stdinFilename}\``,
    );
  const { bytes, size } = await readCapped(process.stdin, config.maxFileSize);
  return stdinFile(bytes, size, stdinFilename, cwd, config);
}

/** What a signal must close before the process ends: the spinner and the history database, once open. */
interface Live {
  progress?: ProgressHandle | null;
  history?: RunHistory | null;
}

export async function gradeCommand(
  paths: string[],
  opts: Record<string, unknown>,
  globals: GlobalOptions,
  rawArgs: string[],
): Promise<number> {
  const live: Live = {};
  const stopOnSignal = exitOnSignal(() => {
    live.progress?.stop();
    live.history?.close();
  });
  try {
    return await gradeAndReport(paths, opts, globals, rawArgs, live);
  } finally {
    stopOnSignal();
  }
}

async function gradeAndReport(
  paths: string[],
  opts: Record<string, unknown>,
  globals: GlobalOptions,
  rawArgs: string[],
  live: Live,
): Promise<number> {
  if (opts.pruneBaseline && !opts.baseline) throw new UsageError('--prune-baseline needs --baseline FILE');
  if (opts.changedLines && opts.changed === undefined) throw new UsageError('--changed-lines needs --changed [REF]');
  const targets = pairOutputs(rawArgs);
  const reporters = await reportersFor(targets); // unknown/unavailable formats fail before any work
  const stdinFilename = parseStdinFilename(paths, opts);
  const shard = opts.shard === undefined ? undefined : parseShard(opts.shard);
  const cwd = process.cwd();
  const { file, config: user } = await loadConfig(cwd, globals.config);
  const fromConfig = resolveConfig(file, user, cwd, {
    minScore: parseMinScore(opts.minScore),
    failOn: opts.failOn as Severity | undefined,
    dimensions: parseDimensions(opts.dimensions),
    neural: opts.neural === false ? false : undefined,
    pluginTimeout: parsePluginTimeout(opts.pluginTimeout),
  });
  const jobs = parseJobs(opts.jobs);
  // The bundled YAML packs compile only if a file misses the cache (engine/run.ts).
  const ruleSet = await loadRuleSet(fromConfig, { deferBundled: true });
  // --select/--extend-select/--ignore/--severity-min, checked against the whole catalogue; part of the config's hash.
  const configured = withSelection(fromConfig, selectionFrom(opts, selectableRules(ruleSet.rules)));
  const stdinSource = stdinFilename === null ? undefined : [await readStdinSource(stdinFilename, cwd, configured)];
  const baselineFile = typeof opts.baseline === 'string' ? resolve(cwd, opts.baseline) : null;
  const baseline: Baseline | null = baselineFile ? readBaseline(baselineFile) : null;
  const changed = opts.changed === undefined ? null : changedFiles(cwd, opts.changed as string | true);
  const learning = await learningFor(opts, cwd, learnOptions(configured));
  if (globals.db) checkExplicitDb(dbPath(globals.db, cwd));
  const history = RunHistory.open(dbPath(globals.db, cwd), (message) => printErr(`toasty: warning: ${message}`));
  live.history = history;
  const who = globals.user ?? defaultUser();
  // The learned profile, computed once for the run (resolveLearning): what it mutes, and its lowered thresholds.
  const applied = await resolveRunLearning(learning, history, who, learnOptions(configured));
  // learning.allowLowerThresholds: lowered thresholds become rule options, so the engine reports below the default.
  const { config, lowered } = await withLoweredThresholds(configured, ruleSet.rules, applied.mode === 'off' ? null : applied.profile);
  if (!globals.quiet) for (const note of loweredNotes(lowered)) printErr(note);
  if (learning.mode === 'off' && opts.learning !== false && history && !globals.quiet) {
    const inputs = history.learningInputs(who);
    const changes = inputs ? await learnedChanges(inputs, learnOptions(configured)) : 0;
    if (changes > 0)
      printErr(
        `toasty: CI=true: personal learning is off (${plural(changes, 'learned adjustment')} not applied); pass --profile FILE to apply an exported profile`,
      );
  }
  const stdoutTty = isTerminal(1);
  const progress = globals.quiet ? null : startProgress();
  live.progress = progress;

  let graded;
  try {
    graded = await gradeProject({
      paths: stdinFilename !== null ? [stdinFilename] : paths.length ? paths : ['.'],
      files: stdinSource,
      cwd,
      config,
      jobs,
      user: globals.user,
      agent: (opts.agent as string | undefined) ?? null,
      progress: progress?.update,
      onDiscovered: progress?.discovered,
      onCache: globals.verbose ? (hits, files) => printErr(`toasty: ${hits} of ${plural(files, 'file')} from the cache`) : undefined,
      history,
      cache: opts.cache !== false,
      learning: applied,
      baseline,
      ruleSet,
      only: changed?.files,
      partial: [changed ? '--changed' : '', opts.dimensions !== undefined ? '--dimensions' : '', shard ? '--shard' : ''].filter(Boolean),
      changedLines: opts.changedLines ? changed?.lines : undefined,
      shard,
    });
    // The run as it exits (baseline applied, gated once) is what the history keeps and `toasty show` prints.
    history?.record(graded.record);
  } finally {
    progress?.stop();
    history?.close();
  }
  const { result } = graded;

  for (const warning of result.warnings ?? []) printErr(`toasty: warning: ${warning}`);
  if (baseline) {
    const kept = graded.baselineKept;
    if (opts.pruneBaseline) {
      writeBaseline(baselineFile!, { ...baseline, findings: baseline.findings.filter((e) => kept.includes(e)) });
      if (!globals.quiet)
        printErr(`toasty: pruned ${plural(baseline.findings.length - kept.length, 'entry', 'entries')} from ${opts.baseline as string}`);
    }
  }
  if (typeof opts.writeBaseline === 'string') {
    writeBaseline(resolve(cwd, opts.writeBaseline), baselineFrom(result));
    if (!globals.quiet)
      printErr(`toasty: wrote baseline with ${plural(baselineFrom(result).findings.length, 'finding')} to ${opts.writeBaseline}`);
  }
  // The html report's score trend: this project's recorded runs (read only when an html report is asked for).
  const trend = targets.some((t) => t.format === 'html')
    ? projectTrend(dbPath(globals.db, cwd), cwd, paths.length ? paths : ['.'], result)
    : undefined;
  const reportOptions = (toFile: boolean) => ({
    color: !toFile && useColor(stdoutTty, globals.color),
    tty: !toFile && stdoutTty,
    verbose: Boolean(globals.verbose),
    quiet: Boolean(globals.quiet),
    cwd,
    rules: summarize(ruleSet.rules),
    baselineScore: baseline?.score ?? null,
    history: trend,
  });
  // --statistics replaces what goes to stdout (JSON for --format json); reports written to files stay whole.
  const stats = opts.statistics === true ? statisticsOf(result) : null;
  emitReports(
    result,
    targets,
    reportOptions,
    globals,
    cwd,
    reporters,
    stats ? (format) => (format === 'json' ? statisticsJson(stats) : statisticsText(stats)) : null,
  );
  if (opts.sync === true) {
    // After the run is recorded; a sync failure is a warning and never changes the exit code.
    const { syncAfterGrade } = await import('./sync.js');
    await syncAfterGrade(globals);
  }
  return result.passed ? EXIT.ok : EXIT.failed;
}
