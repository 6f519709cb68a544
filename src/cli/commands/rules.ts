import { BUILTIN_RULES } from '../../graders/index.js';
import { UsageError } from '../../errors.js';
import { EXIT } from '../exit.js';
import type { GlobalOptions } from '../main.js';

export function rulesListCommand(format: string, _globals: GlobalOptions): number {
  if (format === 'json') {
    const list = BUILTIN_RULES.map((r) => ({
      id: r.id,
      dimension: r.dimension,
      severity: r.meta.severity,
      languages: r.meta.languages,
      description: r.meta.description,
      defaultOptions: r.defaultOptions,
      source: r.source ?? 'builtin',
    }));
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return EXIT.ok;
  }
  if (format !== 'pretty') throw new UsageError(`rules list --format must be pretty or json, got '${format}'`);
  const width = Math.max(...BUILTIN_RULES.map((r) => r.id.length));
  for (const r of BUILTIN_RULES) {
    process.stdout.write(`${r.id.padEnd(width)}  ${r.dimension.padEnd(11)}  ${r.meta.severity.padEnd(7)}  ${r.meta.description}\n`);
  }
  process.stdout.write(`${BUILTIN_RULES.length} rules\n`);
  return EXIT.ok;
}

export function rulesShowCommand(id: string): number {
  const rule = BUILTIN_RULES.find((r) => r.id === id);
  if (!rule) throw new UsageError(`unknown rule '${id}'`, 'run `toasty rules list` to see the rule ids');
  const lines = [
    `${rule.id} (${rule.dimension}, ${rule.meta.severity}, ${rule.meta.languages.join('/')})`,
    rule.meta.description,
    `why: ${rule.meta.why}`,
    `options (defaults): ${JSON.stringify(rule.defaultOptions)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
