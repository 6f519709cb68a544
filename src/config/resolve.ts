import { basename, dirname, resolve } from 'node:path';
import { DIMENSIONS, type Dimension, type Severity } from '../model/findings.js';
import { NO_SELECTION, type RuleSelection } from '../model/selection.js';
import { DEFAULT_WEIGHTS } from '../scoring/score.js';
import { sha1 } from '../util/hash.js';
import { formatterLineLengths } from './formatter.js';
import type { ResolvedConfig, RuleSetting, UserConfig } from './types.js';

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;
/** The environment variable `toasty sync` reads its API key from, unless `sync.tokenEnv` names another. */
export const DEFAULT_TOKEN_ENV = 'TOASTY_TOKEN';

/** Default budget (ms) for one plugin to load, and for plugin rules on one file. */
export const DEFAULT_PLUGIN_TIMEOUT_MS = 10_000;

/** Command-line values that override the config file. */
export interface CliOverrides {
  minScore?: number;
  failOn?: Severity;
  dimensions?: Dimension[];
  neural?: boolean;
  pluginTimeout?: number;
}

export function resolveConfig(file: string | null, user: UserConfig, cwd: string, cli: CliOverrides = {}): ResolvedConfig {
  const { dirs, ...ruleSettings } = user.rules ?? {};
  // `neural: false` is shorthand for `neural: { enabled: false }`.
  const neural = typeof user.neural === 'boolean' ? { enabled: user.neural } : user.neural;
  const root = file ? dirname(file) : cwd;
  const base: Omit<ResolvedConfig, 'hash'> = {
    file,
    root,
    include: user.include ?? [],
    exclude: user.exclude ?? [],
    gitignore: user.gitignore ?? true,
    maxFileSize: user.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    minScore: cli.minScore ?? user.minScore ?? null,
    failOn: cli.failOn ?? user.failOn ?? null,
    dimensions: cli.dimensions ?? user.dimensions ?? [...DIMENSIONS],
    weights: { ...DEFAULT_WEIGHTS, ...user.weights },
    rules: ruleSettings as Record<string, RuleSetting>,
    overrides: (user.overrides ?? []).map((o) => ({ files: o.files, rules: o.rules ?? {}, weights: o.weights ?? {} })),
    ruleDirs: [...(user.ruleDirs ?? []), ...(dirs ?? [])],
    plugins: user.plugins ?? [],
    pluginTimeout: cli.pluginTimeout ?? user.pluginTimeout ?? DEFAULT_PLUGIN_TIMEOUT_MS,
    neural: {
      enabled: cli.neural ?? neural?.enabled ?? true,
      threshold: neural?.threshold ?? null,
      model: neural?.model ? modelDirOf(resolve(file ? dirname(file) : cwd, neural.model)) : null,
      names: neural?.names ?? true,
    },
    sync: { url: user.sync?.url ?? null, tokenEnv: user.sync?.tokenEnv ?? DEFAULT_TOKEN_ENV, includeCode: user.sync?.includeCode ?? false },
    learning: { allowLowerThresholds: user.learning?.allowLowerThresholds ?? false },
    selection: NO_SELECTION,
    lineLength: formatterLineLengths(root),
  };
  return { ...base, hash: configHash(base) };
}

/** `neural.model` names the model's folder or its manifest.json. */
function modelDirOf(path: string): string {
  return basename(path) === 'manifest.json' ? dirname(path) : path;
}

/**
 * Only what changes results goes in the hash (not minScore/failOn, which only change the verdict;
 * not pluginTimeout: results a timeout changed are never cached).
 */
function configHash(config: Omit<ResolvedConfig, 'hash'>): string {
  const { file: _f, root: _r, minScore: _m, failOn: _o, sync: _s, learning: _l, pluginTimeout: _t, ...scoring } = config;
  return sha1(JSON.stringify(scoring)).slice(0, 16);
}

/** The config with these top-level rule settings instead (e.g. options learned for the user), and its new hash. */
export function withRuleSettings(config: ResolvedConfig, rules: Record<string, RuleSetting>): ResolvedConfig {
  return rehashed(config, { rules });
}

/** The config with this command-line rule selection (checked against the catalogue by the caller), and its new hash. */
export function withSelection(config: ResolvedConfig, selection: RuleSelection): ResolvedConfig {
  return rehashed(config, { selection });
}

/** The config with the neural model off (as `--no-neural`), and its new hash. */
export function withoutNeural(config: ResolvedConfig): ResolvedConfig {
  return rehashed(config, { neural: { ...config.neural, enabled: false } });
}

function rehashed(config: ResolvedConfig, changes: Partial<Omit<ResolvedConfig, 'hash'>>): ResolvedConfig {
  const { hash: _h, ...base } = config;
  const next = { ...base, ...changes };
  return { ...next, hash: configHash(next) };
}
