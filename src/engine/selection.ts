/**
 * Rule selection from the command line, with Ruff's semantics: `--select` replaces the enabled set,
 * `--extend-select` adds to it, `--ignore` removes from it, and the more specific selector wins
 * (a rule id beats a dimension beats a source; on a tie, `--ignore` wins). A selector is a rule id,
 * a dimension (`complexity`) or a source (`source:neural`), read from each rule's catalogue entry.
 */
import { UsageError } from '../errors.js';
import { closestName } from '../util/did-you-mean.js';
import { DIMENSIONS, SEVERITIES, type RuleSummary, type Severity } from '../model/findings.js';
import type { RuleSelection } from '../model/selection.js';
import { ENGINE_RULES, summarize } from './catalogue.js';
import type { Rule } from './rule.js';

/** The sources a `source:` selector may name. */
export const SELECTABLE_SOURCES = ['builtin', 'yaml', 'plugin', 'neural'] as const;

/** The catalogue facts a selector looks at. */
export type Selectable = Pick<RuleSummary, 'id' | 'dimension' | 'source'>;

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** Every rule a selector can name: the catalogue without the engine's own findings. */
export function selectableRules(rules: readonly Rule[]): RuleSummary[] {
  return summarize(rules).filter((r) => r.source !== 'engine');
}

/** 0: source, 1: dimension, 2: rule id. */
function specificity(selector: string): number {
  if (selector.startsWith('source:')) return 0;
  return (DIMENSIONS as readonly string[]).includes(selector) ? 1 : 2;
}

function matches(selector: string, rule: Selectable): boolean {
  const level = specificity(selector);
  if (level === 0) return rule.source === selector.slice('source:'.length);
  return level === 1 ? rule.dimension === selector : rule.id === selector;
}

/** `--select a,b --select c` → ['a', 'b', 'c']; undefined when the flag was not given. */
export function splitSelectorLists(values: unknown, flag: string): string[] | undefined {
  if (values === undefined) return undefined;
  const list = (Array.isArray(values) ? values : [values]).flatMap((v) => String(v).split(',')).map((s) => s.trim());
  if (list.some((s) => s === ''))
    throw new UsageError(
      `${flag}: empty selector in '${String(values)}'; expected a comma-separated list of rule ids, dimensions or source:NAME`,
    );
  return list;
}

/** Every selector must name a rule, a dimension or a source; the error names the flag and suggests the nearest id. */
export function checkSelectors(selectors: readonly string[], flag: string, catalogue: readonly RuleSummary[]): void {
  const ids = new Set(catalogue.map((r) => r.id));
  for (const selector of selectors) {
    const level = specificity(selector);
    if (level === 1) continue;
    if (level === 0) {
      const source = selector.slice('source:'.length);
      if ((SELECTABLE_SOURCES as readonly string[]).includes(source)) continue;
      throw new UsageError(
        `${flag}: unknown source '${selector}'; expected one of ${SELECTABLE_SOURCES.map((s) => `source:${s}`).join(', ')}`,
      );
    }
    if (ids.has(selector)) continue;
    if (ENGINE_RULES.some((r) => r.id === selector))
      throw new UsageError(`${flag}: '${selector}' is reported by the engine itself and cannot be selected or ignored`);
    const near = closestName(selector, [...ids, ...DIMENSIONS]);
    throw new UsageError(
      `${flag}: unknown rule, dimension or source '${selector}'${near ? `; did you mean '${near}'?` : ''}`,
      `expected a rule id (see \`toasty rules list\`), a dimension (${DIMENSIONS.join(', ')}) or ${SELECTABLE_SOURCES.map((s) => `source:${s}`).join(', ')}`,
    );
  }
}

/** The selection from the command-line values, checked against the catalogue (UsageError, exit 2, otherwise). */
export function selectionFrom(
  flags: { select?: unknown; extendSelect?: unknown; ignore?: unknown; severityMin?: unknown },
  catalogue: readonly RuleSummary[],
): RuleSelection {
  const select = splitSelectorLists(flags.select, '--select') ?? null;
  const extendSelect = splitSelectorLists(flags.extendSelect, '--extend-select') ?? [];
  const ignore = splitSelectorLists(flags.ignore, '--ignore') ?? [];
  checkSelectors(select ?? [], '--select', catalogue);
  checkSelectors(extendSelect, '--extend-select', catalogue);
  checkSelectors(ignore, '--ignore', catalogue);
  const min = flags.severityMin;
  if (min !== undefined && !(SEVERITIES as readonly unknown[]).includes(min))
    throw new UsageError(`--severity-min must be one of ${SEVERITIES.join('|')}, got '${String(min)}'`);
  return { select, extendSelect, ignore, severityMin: (min as Severity | undefined) ?? null };
}

/** Whether the selection changes anything at all. */
export function isNarrowing(selection: RuleSelection): boolean {
  return selection.select !== null || selection.ignore.length > 0 || selection.severityMin !== null;
}

/**
 * Whether a rule runs. `configOn`: on after the rule's default and the config's `rules:` (and
 * overrides). A rule that is off there (off by default, or `off` in the config) is turned on only by
 * its id, never by a dimension or a source; `--select` without a matching selector turns a rule off.
 */
export function isSelected(rule: Selectable, configOn: boolean, selection: RuleSelection): boolean {
  let verdict: { on: boolean; byId: boolean } | null = null;
  const enabling = [...(selection.select ?? []), ...selection.extendSelect];
  for (let level = 0; level <= 2; level++) {
    if (enabling.some((s) => specificity(s) === level && matches(s, rule))) verdict = { on: true, byId: level === 2 };
    if (selection.ignore.some((s) => specificity(s) === level && matches(s, rule))) verdict = { on: false, byId: level === 2 };
  }
  if (verdict) return verdict.on && (configOn || verdict.byId);
  return selection.select === null && configOn;
}

/** Whether a finding (or a rule) of this severity is kept under `--severity-min`. */
export function meetsSeverityMin(severity: Severity, selection: RuleSelection): boolean {
  return selection.severityMin === null || SEVERITY_RANK[severity] >= SEVERITY_RANK[selection.severityMin];
}
