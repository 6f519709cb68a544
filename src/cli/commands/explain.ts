import { plural } from '../../util/plural.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Chalk, type ChalkInstance } from 'chalk';
import { loadConfig } from '../../config/load.js';
import { resolveConfig } from '../../config/resolve.js';
import type { ResolvedConfig } from '../../config/types.js';
import { RuleResolver } from '../../engine/active-rules.js';
import { defaultUser, gradeProject } from '../../engine/run.js';
import { UsageError } from '../../errors.js';
import { applyProfile, learnedWeights } from '../../learning/apply.js';
import type { LoweredOption } from '../../learning/lowered.js';
import type { Profile } from '../../learning/types.js';
import { DIMENSIONS } from '../../model/findings.js';
import { counts } from '../../model/gate.js';
import type { FileResult } from '../../model/results.js';
import { loadRuleSet } from '../../engine/registry.js';
import { SEVERITY_COST } from '../../scoring/cost.js';
import type { Weights } from '../../scoring/score.js';
import { RunHistory } from '../../store/history.js';
import { checkExplicitDb, dbPath } from '../../store/location.js';
import { toPosixRelative } from '../../util/paths.js';
import { isTerminal, printErr, useColor } from '../console.js';
import { EXIT } from '../exit.js';
import { inCI, learningFor, learnOptions, resolveRunLearning, withLoweredThresholds, type Learning } from '../learning.js';
import type { GlobalOptions } from '../main.js';
import { escapeTerminal as t } from '../../util/escape-terminal.js';

export interface ExplainOptions {
  /** false with --no-learning */
  learning?: boolean;
  profile?: string;
}

/** The profile `grade` would apply (resolveRunLearning), read without creating a database or recording a run; null when there is none. */
async function appliedProfile(learning: Learning, globals: GlobalOptions, cwd: string, config: ResolvedConfig): Promise<Profile | null> {
  if (learning.mode === 'off') return null;
  if (learning.mode === 'profile') return learning.profile;
  const file = dbPath(globals.db, cwd);
  if (!existsSync(file)) return null;
  const history = RunHistory.open(file, (message) => printErr(`toasty: warning: ${message}`));
  try {
    const applied = await resolveRunLearning(learning, history, globals.user ?? defaultUser(), learnOptions(config));
    return applied.mode === 'off' ? null : applied.profile;
  } finally {
    history?.close();
  }
}

const costText = (x: number): string => x.toFixed(2);

/** What learning changed in one file, in words: mutes, lowered thresholds, weights, and the score with and without it. */
function learningSection(
  c: ChalkInstance,
  learned: FileResult,
  defaults: FileResult | undefined,
  profile: Profile,
  lowered: readonly LoweredOption[],
  source: string,
): string[] {
  const out: string[] = [];
  const defaultCost = new Map((defaults?.findings ?? []).map((f) => [f.fingerprint, f.cost]));
  const muted = learned.findings.filter((f) => f.muted);
  const extra = learned.findings.filter((f) => !defaultCost.has(f.fingerprint) && lowered.some((l) => l.ruleId === f.ruleId));
  const weights = profile.weights.filter((w) => w.factor !== 1);
  if (muted.length === 0 && extra.length === 0 && weights.length === 0) return out;
  out.push(c.bold(`  learning (${source}; \`toasty profile\` shows everything learned, \`--no-learning\` turns it off):`));
  if (defaults?.score !== null && defaults?.score !== undefined && learned.score !== null) {
    out.push(
      `    score ${learned.score.toFixed(1)} (${learned.grade}) with learning, ${defaults.score.toFixed(1)} (${defaults.grade}) without`,
    );
  }
  if (muted.length) {
    const back = muted.reduce((acc, f) => acc + (defaultCost.get(f.fingerprint) ?? 0) * 100, 0) / 100;
    out.push(`    muted ${plural(muted.length, 'finding')}, ${costText(back)} point${back === 1 ? '' : 's'} given back:`);
    for (const f of muted) {
      const metric = f.metric ? ` [${f.metric.name} ${f.metric.value}]` : '';
      out.push(
        `      +${costText(defaultCost.get(f.fingerprint) ?? 0).padStart(5)}  ${f.ruleId} line ${f.line}${metric}: ${f.mutedReason}`,
      );
    }
  }
  for (const l of lowered) {
    const here = extra.filter((f) => f.ruleId === l.ruleId);
    if (!here.length && !learned.findings.some((f) => f.ruleId === l.ruleId)) continue;
    out.push(
      `    stricter threshold: \`${l.ruleId}\` ${l.threshold.metric} ${l.option} ${l.from} → ${l.to} for you (learning.allowLowerThresholds): ` +
        `${plural(here.length, 'finding')} here only because of it${here.length ? ` (line ${here.map((f) => f.line).join(', ')})` : ''}, and its other findings cost more; ${l.threshold.reason}`,
    );
  }
  for (const w of weights) out.push(`    weight: ${w.reason}`);
  return out;
}

function describeSource(learning: Learning, opts: ExplainOptions): string {
  if (learning.mode === 'profile') return `profile ${opts.profile}, read-only`;
  return 'your feedback';
}

/** `toasty explain <file>`: every point the file lost, by dimension and rule, the formula, and what learning changed. */
export async function explainCommand(path: string, opts: ExplainOptions, globals: GlobalOptions): Promise<number> {
  const cwd = process.cwd();
  if (!existsSync(resolve(cwd, path))) throw new UsageError(`file not found: ${path}`);
  // An explicit --db that is a folder is exit 2 naming it, as for grade (explain only reads: a missing file is no error).
  if (globals.db) checkExplicitDb(dbPath(globals.db, cwd), { create: false });
  const { file, config: user } = await loadConfig(cwd, globals.config);
  const configured = resolveConfig(file, user, cwd);
  const ruleSet = await loadRuleSet(configured);
  const learning = await learningFor(opts as Record<string, unknown>, cwd, learnOptions(configured));
  // explain reads the user's feedback but never records a run.
  const profile = await appliedProfile(learning, globals, cwd, configured);
  const { config, lowered } = await withLoweredThresholds(configured, ruleSet.rules, profile);
  const run = async (cfg: ResolvedConfig) =>
    (await gradeProject({ paths: [path], cwd, config: cfg, jobs: 1, user: globals.user, ruleSet })).result;
  // The default results (the config as written) and, when learning applies, the same with the profile.
  const plain = await run(config);
  const defaults = lowered.length ? await run(configured) : plain;
  const resolver = new RuleResolver(ruleSet.rules, config);
  const weightsOf = (f: FileResult): Weights => resolver.weightsFor(toPosixRelative(config.root, resolve(cwd, f.path)));
  const files = profile ? applyProfile(plain.files, profile, { weightsFor: weightsOf, dimensions: config.dimensions }) : plain.files;
  const c = new Chalk({ level: useColor(isTerminal(1), globals.color) ? 1 : 0 });
  const out: string[] = [];
  for (const f of files) {
    out.push(c.bold(t(f.path)));
    if (f.status !== 'graded') {
      out.push(`  not graded: ${t(f.skipReason ?? '')}`);
      for (const finding of f.findings) out.push(`  ${finding.line}:${finding.column} ${t(finding.message)}`);
      continue;
    }
    for (const d of DIMENSIONS) {
      const lost = f.findings.filter((x) => x.dimension === d && counts(x));
      const total = Math.round(lost.reduce((acc, x) => acc + x.cost * 100, 0)) / 100;
      out.push(`  ${d.padEnd(12)} ${f.dimensions![d].toFixed(1).padStart(5)}  = 100 − ${total}${total > 100 ? ' (floored at 0)' : ''}`);
      for (const x of lost) {
        const metric = x.metric ? ` [${x.metric.name} ${x.metric.value} vs ${x.metric.threshold}]` : '';
        out.push(`      −${x.cost.toFixed(2).padStart(5)}  ${x.ruleId} (${x.severity}) line ${x.line}${metric}: ${t(x.message)}`);
      }
      for (const x of f.findings.filter((y) => y.dimension === d && !counts(y))) {
        out.push(
          c.dim(
            `       0.00  ${x.ruleId} line ${x.line}: ${x.suppressed ? `suppressed${x.suppressionReason ? ` (${x.suppressionReason})` : ''}` : x.muted ? `muted (${x.mutedReason})` : 'not counted'}`,
          ),
        );
      }
    }
    const w = profile ? learnedWeights(weightsOf(f), profile) : weightsOf(f);
    const weights = config.dimensions.map((d) => `${w[d]}×${d}`).join(' + ');
    out.push(`  file score  ${f.score!.toFixed(1)} (${f.grade}) = (${weights}) / ${config.dimensions.reduce((a, d) => a + w[d], 0)}`);
    if (profile) {
      const before = defaults.files.find((x) => x.path === f.path);
      out.push(...learningSection(c, f, before, profile, lowered, describeSource(learning, opts)));
    }
  }
  out.push(
    '',
    c.dim(
      'formula: cost = severity cost (' +
        Object.entries(SEVERITY_COST)
          .map(([s, v]) => `${s} ${v}`)
          .join(', ') +
        ') × (1 + overshoot past the threshold, capped at 3) × confidence / max(1, sqrt(sloc/200)); dimension = max(0, 100 − Σ cost); file = weighted mean of dimensions; project = sloc-weighted mean of files.',
    ),
  );
  if (plain.dimensionsWithoutRules.length) out.push(c.dim(`no rules ran for: ${plain.dimensionsWithoutRules.join(', ')} (they score 100)`));
  if (learning.mode === 'off' && opts.learning !== false && inCI())
    out.push(c.dim('learning: off (CI=true); pass --profile FILE to apply an exported profile'));
  process.stdout.write(`${out.join('\n')}\n`);
  return EXIT.ok;
}
