import { UsageError } from '../errors.js';
import { jsonReporter } from './json.js';
import { prettyReporter } from './pretty.js';
import type { Format, Reporter } from './types.js';

const REPORTERS: Partial<Record<Format, Reporter>> = { pretty: prettyReporter, json: jsonReporter };

export function reporterFor(format: Format): Reporter {
  const reporter = REPORTERS[format];
  if (!reporter) throw new UsageError(`--format ${format} is not available in this version of toasty yet (issue 9); use pretty or json`);
  return reporter;
}
