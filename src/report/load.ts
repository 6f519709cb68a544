/**
 * The reporters a command writes, each loaded on its own: a `--format json` run loads neither chalk
 * (the pretty report's colours) nor the HTML report's page, script and styles (issue 19: a fully
 * cached re-run's start-up). report/index.ts `reporterFor` still gives any reporter synchronously,
 * loading them all.
 */
import type { Format, Reporter } from './types.js';

const LOADERS: Record<Format, () => Promise<Reporter>> = {
  pretty: async () => (await import('./pretty.js')).prettyReporter,
  json: async () => (await import('./json.js')).jsonReporter,
  sarif: async () => (await import('./sarif.js')).sarifReporter,
  github: async () => (await import('./github.js')).githubReporter,
  junit: async () => (await import('./junit.js')).junitReporter,
  markdown: async () => (await import('./markdown.js')).markdownReporter,
  codeclimate: async () => (await import('./codeclimate.js')).codeclimateReporter,
  html: async () => (await import('./html.js')).htmlReporter,
};

/** The reporters of `formats`, loaded; asking the result for another format is an internal error. */
export async function loadReporters(formats: readonly Format[]): Promise<(format: Format) => Reporter> {
  const wanted = [...new Set(formats)];
  const loaded = new Map(await Promise.all(wanted.map(async (f) => [f, await LOADERS[f]()] as const)));
  return (format) => {
    const reporter = loaded.get(format);
    if (!reporter) throw new Error(`internal error: the ${format} reporter was not loaded`);
    return reporter;
  };
}
