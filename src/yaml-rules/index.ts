/**
 * YAML rules: the bundled packs (rules/) and the loader and compiler of rule files. The registry of
 * every rule (built-in, neural, YAML, plugin) is engine/registry.ts.
 */
export { loadYamlRules, ruleFilesIn, compileRuleFile, displayPath } from './load.js';
export { withoutPaths } from './compile.js';
export { BUNDLED_RULES_DIR } from './bundled.js';
