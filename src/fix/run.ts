/**
 * `toasty fix`: discover the files as `grade` does, fix each one in memory (src/fix/fix-text.ts),
 * and write back only what changed, atomically, unless it is a dry run or a diff.
 */
import { readFileSync } from 'node:fs';
import type { ResolvedConfig } from '../config/types.js';
import { binaryReason, generatedReason, minifiedReason } from '../discovery/content.js';
import { discoverFiles, isGraded } from '../discovery/walk.js';
import { RuleResolver } from '../engine/active-rules.js';
import { loadAdapter } from '../languages/registry.js';
import type { Language } from '../model/types.js';
import type { RuleSet } from '../engine/registry.js';
import { toPosixRelative } from '../util/paths.js';
import { fixText, type AppliedFix, type FixPolicy, type Remaining, type RolledBack } from './fix-text.js';
import { renamePass } from './renames.js';
import { readFixable, writeFixed } from './source.js';
import { monotonicMs } from '../util/monotonic.js';

export type FileFixStatus = 'fixed' | 'would-fix' | 'unchanged' | 'unparsed' | 'skipped' | 'read-only' | 'changed-on-disk' | 'write-failed';

export interface FileFix {
  path: string;
  language: Language;
  status: FileFixStatus;
  /** Why a file was skipped or not written. */
  note: string | null;
  applied: AppliedFix[];
  rolledBack: RolledBack[];
  passes: number;
  remaining: Remaining;
  before: string;
  after: string;
}

export interface FixRunOptions {
  paths: string[];
  cwd: string;
  config: ResolvedConfig;
  ruleSet: RuleSet;
  policy: FixPolicy;
  /** The names model's renames (applied under `--unsafe`); null: none. `model`: the config's `neural.model`. */
  names?: { model: string | null } | null;
  /** False for `--dry-run` and `--diff`: nothing is written. */
  write: boolean;
}

export interface FixRunResult {
  files: FileFix[];
  durationMs: number;
}

const NOTHING: Remaining = { findings: 0, fixable: 0, unsafe: 0 };

export async function fixProject(options: FixRunOptions): Promise<FixRunResult> {
  const started = monotonicMs(); // a wall clock stepped mid-run (NTP) gave negative durations
  const { config } = options;
  const resolver = new RuleResolver(options.ruleSet.rules, config);
  const files: FileFix[] = [];
  for (const file of discoverFiles(options.paths, options.cwd, config)) {
    if (!isGraded(file)) continue;
    const base = { path: file.path, language: file.language, applied: [], rolledBack: [], passes: 0, remaining: NOTHING };
    let buffer: Buffer;
    try {
      buffer = readFileSync(file.absPath);
    } catch (error) {
      files.push({ ...base, status: 'skipped', note: `unreadable: ${(error as NodeJS.ErrnoException).code}`, before: '', after: '' });
      continue;
    }
    const source = binaryReason(buffer) ? null : readFixable(buffer, file.language);
    if (!source || 'reason' in source) {
      if (source) files.push({ ...base, status: 'skipped', note: source.reason, before: '', after: '' });
      continue;
    }
    if (generatedReason(source.text) ?? minifiedReason(file.path, source.text)) continue;
    const fixer = {
      path: file.path,
      language: file.language,
      adapter: await loadAdapter(file.language),
      rules: resolver.forPath(toPosixRelative(config.root, file.absPath), file.language),
      policy: options.policy,
      eol: source.eol,
    };
    // The names model's renames (unsafe) first: the model is asynchronous, the rule fixes are not.
    const renamed = options.names ? await renamePass(fixer, source.text, options.names.model) : null;
    const fixed = fixText(fixer, renamed?.text ?? source.text);
    if (renamed?.applied.length || renamed?.rolledBack.length) {
      fixed.applied.unshift(...renamed.applied);
      fixed.rolledBack.unshift(...renamed.rolledBack);
    }
    const entry: FileFix = {
      ...base,
      status: 'unchanged',
      note: null,
      applied: fixed.applied,
      rolledBack: fixed.rolledBack,
      passes: fixed.passes,
      remaining: fixed.remaining,
      before: source.text,
      after: fixed.text,
    };
    if (fixed.unparsed) entry.status = 'unparsed';
    else if (fixed.text !== source.text) {
      if (!options.write) entry.status = 'would-fix';
      else {
        const outcome = writeFixed(file.absPath, buffer, fixed.text, source);
        entry.status = outcome.written ? 'fixed' : outcome.reason;
        if (!outcome.written) entry.note = outcome.detail;
      }
    }
    files.push(entry);
  }
  return { files, durationMs: Math.round(monotonicMs() - started) };
}
