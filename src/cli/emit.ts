import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RunResult } from '../model/results.js';
import { loadReporters } from '../report/load.js';
import type { Format, Reporter, ReportOptions } from '../report/types.js';
import { printErr, writeOut, writeOutBytes } from './console.js';
import type { GlobalOptions } from './main.js';
import type { OutputTarget } from './outputs.js';
import { writePieces, writeTextFileSync, writeTextPiecesSync } from '../util/write-text.js';

/**
 * The reporters `emitReports` will use for these targets (the Markdown summary's too, on GitHub
 * Actions), loaded: a command loads them before any work, so a format that cannot load fails first.
 */
export function reportersFor(targets: readonly OutputTarget[]): Promise<(format: Format) => Reporter> {
  const summary = process.env.GITHUB_STEP_SUMMARY && targets.some((t) => t.format === 'github');
  return loadReporters([...targets.map((t) => t.format), ...(summary ? (['markdown'] as const) : [])]);
}

/**
 * Writes a result's reports (`grade` and `merge`): each target to its file or stdout, the
 * Markdown summary on GitHub Actions, and the verdict on stderr when no pretty report on stdout
 * shows it. `stdoutText` replaces what goes to stdout (`--statistics`); files stay whole.
 * `reporterFor`: from `reportersFor(targets)`.
 */
export function emitReports(
  result: RunResult,
  targets: readonly OutputTarget[],
  reportOptions: (toFile: boolean) => ReportOptions,
  globals: GlobalOptions,
  cwd: string,
  reporterFor: (format: Format) => Reporter,
  stdoutText: ((format: Format) => string) | null = null,
): void {
  for (const target of targets) {
    const toFile = target.file !== null;
    const reporter = reporterFor(target.format);
    if (toFile) {
      const options = reportOptions(true);
      const path = resolve(cwd, target.file!);
      if (reporter.pieces) writeTextPiecesSync(path, reporter.pieces(result, options));
      else writeTextFileSync(path, reporter(result, options));
      if (!globals.quiet) printErr(`toasty: wrote ${target.format} report to ${target.file}`);
    } else if (stdoutText) {
      writeOut(stdoutText(target.format));
    } else if (reporter.pieces) {
      writePieces(reporter.pieces(result, reportOptions(false)), writeOutBytes);
    } else {
      writeOut(reporter(result, reportOptions(false)));
    }
  }
  const summaryFile = process.env.GITHUB_STEP_SUMMARY;
  if (summaryFile && targets.some((t) => t.format === 'github')) {
    // GitHub Actions shows this Markdown on the run's summary page.
    appendFileSync(summaryFile, reporterFor('markdown')(result, reportOptions(true)));
  }
  if (!result.passed && (stdoutText || targets.every((t) => t.format !== 'pretty' || t.file !== null))) {
    // The verdict always reaches a person: machine formats on stdout get it on stderr.
    for (const reason of result.failures) printErr(`toasty: failed: ${reason}`);
  }
}
