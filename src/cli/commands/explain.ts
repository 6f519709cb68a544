import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Chalk } from 'chalk';
import { loadConfig } from '../../config/load.js';
import { resolveConfig } from '../../config/resolve.js';
import { counts } from '../../engine/gate.js';
import { DIMENSIONS } from '../../engine/rule.js';
import { gradeProject } from '../../engine/run.js';
import { UsageError } from '../../errors.js';
import { SEVERITY_COST } from '../../scoring/cost.js';
import { useColor } from '../console.js';
import { EXIT } from '../exit.js';
import type { GlobalOptions } from '../main.js';

export async function explainCommand(path: string, globals: GlobalOptions): Promise<number> {
  const cwd = process.cwd();
  if (!existsSync(resolve(cwd, path))) throw new UsageError(`file not found: ${path}`);
  const { file, config: user } = await loadConfig(cwd, globals.config);
  const config = resolveConfig(file, user, cwd);
  const result = await gradeProject({ paths: [path], cwd, config, jobs: 1, user: globals.user });
  const c = new Chalk({ level: useColor(process.stdout, globals.color) ? 1 : 0 });
  const out: string[] = [];
  for (const f of result.files) {
    out.push(c.bold(`${f.path}`));
    if (f.status !== 'graded') {
      out.push(`  not graded: ${f.skipReason}`);
      for (const finding of f.findings) out.push(`  ${finding.line}:${finding.column} ${finding.message}`);
      continue;
    }
    for (const d of DIMENSIONS) {
      const lost = f.findings.filter((x) => x.dimension === d && counts(x));
      const total = Math.round(lost.reduce((acc, x) => acc + x.cost * 100, 0)) / 100;
      out.push(`  ${d.padEnd(12)} ${f.dimensions![d].toFixed(1).padStart(5)}  = 100 − ${total}${total > 100 ? ' (floored at 0)' : ''}`);
      for (const x of lost) {
        const metric = x.metric ? ` [${x.metric.name} ${x.metric.value} vs ${x.metric.threshold}]` : '';
        out.push(`      −${x.cost.toFixed(2).padStart(5)}  ${x.ruleId} (${x.severity}) line ${x.line}${metric}: ${x.message}`);
      }
      for (const x of f.findings.filter((y) => y.dimension === d && !counts(y))) {
        out.push(
          c.dim(
            `       0.00  ${x.ruleId} line ${x.line}: ${x.suppressed ? `suppressed${x.suppressionReason ? ` (${x.suppressionReason})` : ''}` : x.muted ? `muted (${x.mutedReason})` : 'not counted'}`,
          ),
        );
      }
    }
    const weights = config.dimensions.map((d) => `${config.weights[d]}×${d}`).join(' + ');
    out.push(
      `  file score  ${f.score!.toFixed(1)} (${f.grade}) = (${weights}) / ${config.dimensions.reduce((a, d) => a + config.weights[d], 0)}`,
    );
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
  if (result.dimensionsWithoutRules.length)
    out.push(c.dim(`no rules ran for: ${result.dimensionsWithoutRules.join(', ')} (they score 100)`));
  process.stdout.write(`${out.join('\n')}\n`);
  return EXIT.ok;
}
