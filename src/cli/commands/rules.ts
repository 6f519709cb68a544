import { loadConfig } from '../../config/load.js';
import { resolveConfig } from '../../config/resolve.js';
import type { Rule } from '../../engine/rule.js';
import { UsageError } from '../../errors.js';
import { isDefaultOn, ruleDocs } from '../../rules/docs.js';
import { precisionLine, rulePrecision } from '../../rules/precision.js';
import { loadRuleSet, type RuleSet } from '../../engine/registry.js';
import { EXIT } from '../exit.js';
import type { GlobalOptions } from '../main.js';

/** Built-in, bundled YAML, user YAML and plugin rules, as the config in force defines them. */
async function currentRuleSet(globals: GlobalOptions): Promise<RuleSet> {
  const cwd = process.cwd();
  const { file, config } = await loadConfig(cwd, globals.config);
  return loadRuleSet(resolveConfig(file, config, cwd));
}

export async function rulesListCommand(format: string, globals: GlobalOptions): Promise<number> {
  if (format !== 'json' && format !== 'pretty') throw new UsageError(`rules list --format must be pretty or json, got '${format}'`);
  const set = await currentRuleSet(globals);
  const rows = set.rules.map((r) => ({
    id: r.id,
    dimension: r.dimension,
    severity: r.meta.severity,
    defaultOn: isDefaultOn(r),
    languages: r.meta.languages,
    description: r.meta.description,
    defaultOptions: r.defaultOptions,
    source: r.source ?? 'builtin',
    fix: r.meta.fix ?? null,
    origin: set.sources.get(r.id) ?? 'builtin',
    ...(r.meta.measured ? { measured: r.meta.measured } : {}),
    precision: rulePrecision(r.id),
  }));
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT.ok;
  }
  const width = Math.max(...rows.map((r) => r.id.length));
  const langs = (l: readonly string[]) =>
    l.length === 3 ? 'py/js/ts' : l.map((x) => (x === 'python' ? 'py' : x === 'javascript' ? 'js' : 'ts')).join('/');
  for (const r of rows) {
    process.stdout.write(
      `${r.id.padEnd(width)}  ${r.dimension.padEnd(11)}  ${r.severity.padEnd(7)}  ${(r.defaultOn ? 'on' : 'off').padEnd(3)}  ${langs(r.languages).padEnd(8)}  ${r.origin.padEnd(8)}  ${r.description}\n`,
    );
  }
  const off = rows.filter((r) => !r.defaultOn).length;
  process.stdout.write(`${rows.length} rules (${rows.filter((r) => r.origin === 'builtin').length} built-in), ${off} off by default\n`);
  return EXIT.ok;
}

function examples(rule: Rule): string[] {
  const lines: string[] = [];
  const { examples: ex } = ruleDocs(rule);
  for (const [label, list] of [
    ['Reported', ex.bad],
    ['Not reported', ex.good],
  ] as const) {
    if (!list.length) continue;
    lines.push('', `${label}:`);
    for (const code of list.slice(0, 3))
      lines.push(
        code
          .split('\n')
          .map((l) => `    ${l}`)
          .join('\n'),
        '',
      );
  }
  return lines;
}

export async function rulesShowCommand(id: string, globals: GlobalOptions): Promise<number> {
  const set = await currentRuleSet(globals);
  const rule = set.rules.find((r) => r.id === id);
  if (!rule) {
    const near = set.rules.map((r) => r.id).filter((r) => r.includes(id) || id.includes(r));
    throw new UsageError(
      `unknown rule '${id}'`,
      near.length ? `did you mean: ${near.slice(0, 5).join(', ')}` : 'run `toasty rules list` to see the rule ids',
    );
  }
  const lines = [
    `${rule.id} (${rule.dimension}, ${rule.meta.severity}, ${rule.meta.languages.join('/')})`,
    `source: ${set.sources.get(rule.id) ?? 'builtin'}; default: ${isDefaultOn(rule) ? 'on' : 'off'}`,
    rule.meta.description,
    `why: ${rule.meta.why}`,
    `options (defaults): ${JSON.stringify(rule.defaultOptions)}`,
    ...(rule.meta.measured ?? []).map((m) => `measured: ${m}`),
    precisionLine(rule.id),
    `fix: ${rule.meta.fix === 'safe' ? 'safe (applied by `toasty fix`)' : rule.meta.fix === 'unsafe' ? 'unsafe (may change behaviour; applied by `toasty fix --unsafe`)' : 'none'}`,
    ...examples(rule),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
