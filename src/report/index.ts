import { codeclimateReporter } from './codeclimate.js';
import { githubReporter } from './github.js';
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { markdownReporter } from './markdown.js';
import { prettyReporter } from './pretty.js';
import { sarifReporter } from './sarif.js';
import type { Format, Reporter } from './types.js';

const REPORTERS: Record<Format, Reporter> = {
  pretty: prettyReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  github: githubReporter,
  junit: junitReporter,
  markdown: markdownReporter,
  codeclimate: codeclimateReporter,
  html: htmlReporter,
};

export function reporterFor(format: Format): Reporter {
  return REPORTERS[format];
}
