/**
 * YAML rules: the bundled packs (rules/) and the loader and compiler of rule files. The registry of
 * every rule (built-in, neural, YAML, plugin) is engine/registry.ts.
 */
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../util/paths.js';

export { loadYamlRules, ruleFilesIn, compileRuleFile, displayPath } from './load.js';
export { withoutPaths } from './compile.js';

/** The YAML packs shipped with toasty. */
export const BUNDLED_RULES_DIR = join(PACKAGE_ROOT, 'rules');
