import type { Reporter } from './types.js';

/** `--format json`: the schemaVersion 1 contract of CLI.md (schemas/report.schema.json). */
export const jsonReporter: Reporter = (result) => `${JSON.stringify(result, null, 2)}\n`;
