import type { Dimension, Severity } from '../engine/rule.js';
import type { Weights } from '../scoring/score.js';

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
  neural?: { enabled?: boolean; threshold?: number };
  overrides?: { files: string[]; rules?: Record<string, RuleSetting>; weights?: Partial<Weights> }[];
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
  neural: { enabled: boolean; threshold: number | null };
  /** Hash of everything above that changes results (for the cache and reproducibility). */
  hash: string;
}
