import type { Rule } from './rule.js';
import type { RuleSummary } from '../model/findings.js';

/** Findings the engine itself produces (not rules a user can configure). */
export const ENGINE_RULES: readonly RuleSummary[] = [
  {
    id: 'parse-error',
    dimension: 'quality',
    severity: 'error',
    description: 'The file could not be parsed.',
    why: 'A file that does not parse cannot be graded or run.',
    source: 'engine',
  },
  {
    id: 'unused-suppression',
    dimension: 'quality',
    severity: 'info',
    description: 'An inline suppression matches no finding.',
    why: 'Stale suppressions hide future problems on that line.',
    source: 'engine',
  },
  {
    id: 'internal-rule-error',
    dimension: 'quality',
    severity: 'info',
    description: 'A rule failed on this file (a toasty bug).',
    why: 'Reported so that nothing fails silently; it costs no points.',
    source: 'engine',
  },
];

export function summarize(rules: readonly Rule[]): RuleSummary[] {
  return [
    ...rules.map((r) => ({
      id: r.id,
      dimension: r.dimension,
      severity: r.meta.severity,
      description: r.meta.description,
      why: r.meta.why,
      source: r.source ?? 'builtin',
    })),
    ...ENGINE_RULES,
  ];
}
