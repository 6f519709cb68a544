import type { RuleSetting, RuleSeverity } from '../config/types.js';
import type { Profile, ThresholdParam } from './types.js';

/** What lowering needs to know about a rule: its options and their defaults. */
export interface RuleOptionsInfo {
  id: string;
  defaultOptions: Readonly<Record<string, unknown>>;
}

/** A lowered threshold in force: the rule option it sets, and from what. */
export interface LoweredOption {
  ruleId: string;
  option: string;
  from: number;
  to: number;
  threshold: ThresholdParam;
}

function parts(setting: RuleSetting | undefined): { severity?: RuleSeverity; options: Record<string, unknown> } {
  if (setting === undefined) return { options: {} };
  if (typeof setting === 'string') return { severity: setting, options: {} };
  return { severity: setting.severity, options: { ...(setting.options ?? {}) } };
}

/**
 * The rule settings that make the engine report findings down to the user's lowered thresholds
 * (`learning.allowLowerThresholds`): for each lowered threshold, the rule's `max` option (`min` for
 * lowerIsWorse metrics) set to the learned value. Applied only while the option in force is the
 * default the threshold was learned against (a config that changed it since wins), and only ever
 * stricter. Pure: returns new settings and the list of what it changed.
 */
export function loweredRuleSettings(
  profile: Profile,
  rules: readonly RuleOptionsInfo[],
  settings: Readonly<Record<string, RuleSetting>>,
): { settings: Record<string, RuleSetting>; lowered: LoweredOption[] } {
  const out: Record<string, RuleSetting> = { ...settings };
  const lowered: LoweredOption[] = [];
  for (const t of profile.thresholds) {
    if (!t.lowered) continue;
    const rule = rules.find((r) => r.id === t.ruleId);
    const option = t.lowerIsWorse ? 'min' : 'max';
    const fallback = rule?.defaultOptions[option];
    if (typeof fallback !== 'number') continue;
    const { severity, options } = parts(out[t.ruleId]);
    if (severity === 'off') continue;
    const current = typeof options[option] === 'number' ? (options[option] as number) : fallback;
    const stricter = t.lowerIsWorse ? t.value > current : t.value < current;
    if (current !== t.defaultValue || !stricter) continue;
    out[t.ruleId] =
      severity === undefined ? { options: { ...options, [option]: t.value } } : { severity, options: { ...options, [option]: t.value } };
    lowered.push({ ruleId: t.ruleId, option, from: current, to: t.value, threshold: t });
  }
  return { settings: out, lowered };
}
