import { resolve } from 'node:path';
import { loadConfig } from '../../config/load.js';
import { resolveConfig, withoutNeural } from '../../config/resolve.js';
import { readBaseline } from '../../engine/baseline.js';
import { UsageError } from '../../errors.js';
import { fixProject } from '../../fix/run.js';
import { fixJson, fixPretty, fixSummary, unifiedDiff, type FixMode } from '../../fix/summary.js';
import { loadRuleSet, type RuleSet } from '../../engine/registry.js';
import { closestName } from '../../util/did-you-mean.js';
import { printErr } from '../console.js';
import { EXIT } from '../exit.js';
import type { GlobalOptions } from '../main.js';

export interface FixCliOptions {
  unsafe?: boolean;
  rules?: string;
  dryRun?: boolean;
  diff?: boolean;
  format?: string;
  baseline?: string;
  exitNonZeroOnFix?: boolean;
}

/** `--rules a,b`: every id a rule of the set that has a fix. */
function parseRules(list: string | undefined, set: RuleSet): Set<string> | null {
  if (list === undefined) return null;
  const ids = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0) throw new UsageError('--rules expects a comma-separated list of rule ids, got an empty list');
  const byId = new Map(set.rules.map((r) => [r.id, r]));
  for (const id of ids) {
    const rule = byId.get(id);
    if (!rule) {
      const near = closestName(id, byId.keys());
      throw new UsageError(
        `--rules: unknown rule '${id}'${near ? `; did you mean '${near}'?` : ''}`,
        'run `toasty rules list` to see the rule ids',
      );
    }
    if (!rule.meta.fix) {
      const fixable = set.rules.filter((r) => r.meta.fix).map((r) => r.id);
      throw new UsageError(`--rules: rule '${id}' has no fix`, `rules with a fix: ${fixable.join(', ')}`);
    }
  }
  return new Set(ids);
}

export async function fixCommand(paths: string[], opts: FixCliOptions, globals: GlobalOptions): Promise<number> {
  const format = opts.format ?? 'pretty';
  if (format !== 'pretty' && format !== 'json') throw new UsageError(`--format must be pretty or json, got '${format}'`);
  if (opts.diff && format === 'json') throw new UsageError('--diff prints a unified diff; it cannot be combined with --format json');
  const cwd = process.cwd();
  const { file, config: user } = await loadConfig(cwd, globals.config);
  // The neural rules have no fixes: they stay off. The names model's renames follow the config (`neural: { names: false }`).
  const resolved = resolveConfig(file, user, cwd);
  const config = withoutNeural(resolved);
  const configured = resolved.neural;
  const ruleSet = await loadRuleSet(config);
  const rules = parseRules(opts.rules, ruleSet);
  const baseline = opts.baseline ? new Set(readBaseline(resolve(cwd, opts.baseline)).findings.map((f) => f.fingerprint)) : null;
  const mode: FixMode = opts.diff ? 'diff' : opts.dryRun ? 'dry-run' : 'write';
  const unsafe = Boolean(opts.unsafe);
  const result = await fixProject({
    paths: paths.length ? paths : ['.'],
    cwd,
    config,
    ruleSet,
    policy: { unsafe, rules, baseline },
    names: configured.enabled && configured.names ? { model: configured.model } : null,
    write: mode === 'write',
  });
  if (mode === 'diff') process.stdout.write(unifiedDiff(result.files));
  else if (format === 'json') process.stdout.write(fixJson(result, mode, unsafe));
  if (format === 'pretty') {
    const text = fixPretty(result, mode, unsafe);
    // With --diff the diff owns stdout; the summary goes to stderr.
    if (mode === 'diff') {
      if (!globals.quiet) for (const line of text.trimEnd().split('\n')) printErr(line);
    } else if (!globals.quiet) process.stdout.write(text);
  }
  for (const f of result.files)
    if (f.status === 'read-only' || f.status === 'changed-on-disk' || f.status === 'write-failed')
      printErr(`toasty: warning: ${f.path}: ${f.note}`);
  return opts.exitNonZeroOnFix && fixSummary(result).applied > 0 ? EXIT.failed : EXIT.ok;
}
