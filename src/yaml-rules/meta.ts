/**
 * What a YAML rule is before its patterns compile: its id, dimension, severity, languages and
 * messages, from the rule as written. Light on purpose (no matcher, RE2 or glob library): a run
 * whose files all come from the cache lists the bundled rules with these and compiles none
 * (engine/registry.ts, yaml-rules/bundled.ts); compile.ts builds every compiled rule's meta here too.
 */
import type { Dimension, FixApplicability, Severity } from '../model/findings.js';
import type { RuleMeta } from '../engine/rule.js';
import type { Language } from '../model/types.js';
import type { YamlFixSpec } from './fix.js';

/** A rule as written, less its patterns (compile.ts `YamlRuleSpec` adds them): what its meta reads. */
export interface YamlRuleHead extends YamlFixSpec {
  id: string;
  languages: Language[];
  dimension: Dimension;
  severity: Severity;
  message: string;
  suggestion: string;
  why?: string;
  description?: string;
  /** `false`: shipped switched off, like a built-in rule's `defaultOff` (a config that sets its severity turns it on). */
  enabled?: boolean;
}

/** `$NAME` placeholders of a message, suggestion or fix; `$$` is a literal `$`. */
export const PLACEHOLDER = /\$(\$|[A-Za-z_][A-Za-z0-9_]*)/g;

/** `$NAME` → `{NAME}` (the engine's placeholders); `$$` → `$`. */
export function template(text: string): string {
  return text.replace(PLACEHOLDER, (_all, name: string) => (name === '$' ? '$' : `{${name}}`));
}

/** The placeholder names a text uses (`$$` excluded). */
export function referenced(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((n) => n !== '$');
}

/** A fix's applicability as fix.ts `compileFix` gives it: `unsafe` unless the rule says `safe`; undefined without a fix. */
export function fixApplicability(spec: YamlRuleHead): FixApplicability | undefined {
  return spec.fix === undefined && !spec['fix-regex'] ? undefined : (spec['fix-applicability'] ?? 'unsafe');
}

/** The engine's meta of a YAML rule (`fix`: the compiled fix's applicability, if it has one). */
export function yamlRuleMeta(spec: YamlRuleHead, fix: FixApplicability | undefined): RuleMeta<'match'> {
  return {
    description: spec.description ?? spec.message.replace(PLACEHOLDER, (_a, n: string) => (n === '$' ? '$' : `<${n}>`)),
    why: spec.why ?? spec.message,
    severity: spec.severity,
    ...(spec.enabled === false ? { defaultOff: true } : {}),
    languages: spec.languages,
    messages: { match: template(spec.message) },
    ...(fix ? { fix } : {}),
  };
}
