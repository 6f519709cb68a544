import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../errors.js';
import { printErr } from '../console.js';
import { EXIT } from '../exit.js';

export const STARTER_CONFIG = `# toasty configuration — https://github.com/toasty-dev/toasty#configuration
# JSON Schema: node_modules/toasty/schemas/config.schema.json
# Globs are relative to this file's folder.

# Only grade these files (default: every Python / JS / TS file found).
# include: ["src/**"]

# Never grade these (node_modules, .git, dist, build and virtualenvs are always skipped).
exclude:
  - "**/*.test.*"
  - "**/fixtures/**"

# Honour .gitignore files.
gitignore: true

# Skip files larger than this many bytes.
maxFileSize: 1048576

# CI gate: fail (exit 1) below this project score, or on any finding at/above a severity.
# minScore: 80
# failOn: error

# How much each dimension counts in a file's score (0 leaves it out).
weights:
  complexity: 1
  readability: 1
  quality: 1
  reliability: 1
  speed: 1
  security: 1

# Rule settings: off | info | warning | error, or { severity, options }.
# \`toasty rules list\` shows every rule; \`toasty rules show <id>\` its options.
rules:
  cyclomatic-complexity: { options: { max: 10 } }
  cognitive-complexity: { options: { max: 15 } }
  # long-file: off

# Learning from \`toasty feedback\`: also let a learned threshold go below (stricter than) a rule's,
# when you mark its mildest findings helpful (default: learned thresholds only ever mute findings).
# learning:
#   allowLowerThresholds: true

# Per-path overrides, applied in order.
# overrides:
#   - files: ["scripts/**"]
#     rules: { long-function: off }
`;

export function initCommand(cwd: string, force: boolean): number {
  const path = join(cwd, '.toastyrc.yaml');
  if (existsSync(path) && !force) throw new UsageError(`${path} already exists`, 'pass --force to overwrite it');
  writeFileSync(path, STARTER_CONFIG);
  printErr(`toasty: wrote ${path}`);
  return EXIT.ok;
}
