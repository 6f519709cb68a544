import type { Dimension, Severity } from '../model/findings.js';
import type { RuleSelection } from '../model/selection.js';
import type { Weights } from '../scoring/score.js';
import type { LineLengths } from './formatter.js';

export type RuleSeverity = Severity | 'off';
export type RuleSetting = RuleSeverity | { severity?: RuleSeverity; options?: Record<string, unknown> };

/** The config file's shape (after validation). */
export interface UserConfig {
  include?: string[];
  exclude?: string[];
  gitignore?: boolean;
  maxFileSize?: number;
  minScore?: number;
  failOn?: Severity;
  dimensions?: Dimension[];
  weights?: Partial<Weights>;
  /** Rule settings by id, plus `dirs`: folders of YAML rules (alias of `ruleDirs`). */
  rules?: { dirs?: string[]; [id: string]: RuleSetting | string[] | undefined };
  ruleDirs?: string[];
  plugins?: string[];
  /** Milliseconds one plugin may take to load, and plugin rules may spend on one file (default 10000). */
  pluginTimeout?: number;
  /** The neural model; `false` / `true` is shorthand for `{ enabled: false | true }`. Which neural rules run is set under `rules`. */
  neural?: boolean | { enabled?: boolean; threshold?: number; model?: string; names?: boolean };
  /** Personal learning (`toasty feedback`, `toasty profile`). */
  learning?: { allowLowerThresholds?: boolean };
  overrides?: { files: string[]; rules?: Record<string, RuleSetting>; weights?: Partial<Weights> }[];
  /** The optional team server (`toasty sync`). */
  sync?: SyncConfig;
}

export interface SyncConfig {
  /** Base URL of `toasty serve`, e.g. https://toasty.example.com */
  url?: string;
  /** Environment variable holding the API key (default TOASTY_TOKEN). */
  tokenEnv?: string;
  /** Also send source code of graded files (default false: findings metadata and fingerprints only). */
  includeCode?: boolean;
}

/** Everything a run needs, resolved once from defaults, the config file and the command line. */
export interface ResolvedConfig {
  /** The config file, or null when none was found. */
  file: string | null;
  /** Globs are relative to this folder (the config's folder, else the working directory). */
  root: string;
  include: string[];
  exclude: string[];
  gitignore: boolean;
  maxFileSize: number;
  minScore: number | null;
  failOn: Severity | null;
  dimensions: Dimension[];
  weights: Weights;
  rules: Record<string, RuleSetting>;
  overrides: { files: string[]; rules: Record<string, RuleSetting>; weights: Partial<Weights> }[];
  ruleDirs: string[];
  plugins: string[];
  /** Milliseconds one plugin may take to load, and plugin rules may spend on one file. */
  pluginTimeout: number;
  /** `model`: absolute folder of the model's manifest.json, or null for the bundled model. */
  neural: { enabled: boolean; threshold: number | null; model: string | null; names: boolean };
  /** `toasty sync` settings (not part of the hash: they never change results). */
  sync: { url: string | null; tokenEnv: string; includeCode: boolean };
  /**
   * Learning settings (not part of the hash: what learning changes in the grading itself, a
   * lowered threshold, arrives as rule options through `withRuleSettings`).
   */
  learning: { allowLowerThresholds: boolean };
  /** `--select`, `--extend-select`, `--ignore`, `--severity-min`: applied after `rules` and `overrides`. */
  selection: RuleSelection;
  /**
   * The project's formatter line length per language (.editorconfig, Prettier, Ruff/Black; see
   * config/formatter.ts): the value of a rule option named by `meta.lineLengthOption` (long-line's
   * `max`) where `rules`/`overrides` do not set it.
   */
  lineLength: LineLengths;
  /** Hash of everything above that changes results (for the cache and reproducibility). */
  hash: string;
}
