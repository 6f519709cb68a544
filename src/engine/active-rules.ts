import picomatch from 'picomatch';
import type { Severity } from '../model/findings.js';
import type { Language } from '../model/types.js';
import type { ResolvedConfig, RuleSetting } from '../config/types.js';
import { ConfigError } from '../errors.js';
import { closestName } from '../util/did-you-mean.js';
import type { ActiveRule, Rule, RuleOptions } from './rule.js';
import { checkRuleOptions } from './rule-options.js';
import { isSelected, meetsSeverityMin } from './selection.js';

function settingParts(setting: RuleSetting | undefined): { severity?: Severity | 'off'; options?: Record<string, unknown> } {
  if (setting === undefined) return {};
  return typeof setting === 'string' ? { severity: setting } : setting;
}

interface Resolved {
  active: ActiveRule[];
  dropped: Set<string>;
  /** Rule id → the options `rules`/`overrides` set (a formatter's line length never replaces those). */
  configured: Map<string, Set<string>>;
  /** `active` with the project's formatter line length applied, per language. */
  byLanguage: Map<Language, ActiveRule[]>;
}

/** Resolves rule settings against the rule catalogue; every problem is a ConfigError naming the key. */
export class RuleResolver {
  private readonly byId: Map<string, Rule>;
  private readonly overrideMatchers: ((path: string) => boolean)[];
  private readonly memo = new Map<string, Resolved>();

  constructor(
    private readonly rules: readonly Rule[],
    private readonly config: ResolvedConfig,
  ) {
    this.byId = new Map(rules.map((r) => [r.id, r]));
    this.validate(config.rules, 'rules');
    config.overrides.forEach((o, i) => this.validate(o.rules, `overrides[${i}].rules`));
    this.overrideMatchers = config.overrides.map((o) => picomatch(o.files, { dot: true }));
  }

  private validate(settings: Record<string, RuleSetting>, prefix: string): void {
    for (const [id, setting] of Object.entries(settings)) {
      const rule = this.byId.get(id);
      if (!rule) {
        const near = closestName(id, this.byId.keys());
        throw new ConfigError(
          `${this.config.file ?? 'config'}: unknown rule \`${prefix}.${id}\`${near ? `; did you mean \`${near}\`?` : ''}`,
          this.config.file,
          `${prefix}.${id}`,
          'run `toasty rules list` to see the rule ids',
        );
      }
      const { options } = settingParts(setting);
      if (options) checkRuleOptions(rule, options, this.config.file, `${prefix}.${id}`);
    }
  }

  /** Whether `id` names a rule of the catalogue (built-in, neural, YAML or plugin). */
  knows(id: string): boolean {
    return this.byId.has(id);
  }

  /**
   * Active rules for a file (path relative to the config root), after per-path overrides and the
   * command line's selection. With the file's language, an option a rule names in
   * `meta.lineLengthOption` that the config does not set takes the project's formatter line length.
   */
  forPath(relPath: string, language?: Language): ActiveRule[] {
    const resolved = this.resolve(relPath);
    const width = language ? this.config.lineLength[language] : undefined;
    if (!language || !width) return resolved.active;
    let active = resolved.byLanguage.get(language);
    if (!active) {
      active = resolved.active.map((a) => {
        const option = a.rule.meta.lineLengthOption;
        if (!option || resolved.configured.get(a.rule.id)?.has(option)) return a;
        return { ...a, options: { ...a.options, [option]: width.max }, optionSources: { ...a.optionSources, [option]: width.source } };
      });
      resolved.byLanguage.set(language, active);
    }
    return active;
  }

  /**
   * Rules the config would run on this file that the command line's selection (or `--severity-min`)
   * turned off: a suppression naming one of them cannot be told unused.
   */
  droppedFor(relPath: string): ReadonlySet<string> {
    return this.resolve(relPath).dropped;
  }

  /**
   * Whether some file could run a rule matching `test`: the top-level settings, then each override
   * on its own (an override turning a rule on is found; a superset answer is fine for its callers,
   * which decide whether to load or identify the neural model).
   */
  mayRun(test: (rule: Rule) => boolean): boolean {
    return [[], ...this.config.overrides.map((_, i) => [i])].some((applying) =>
      this.resolveLayers(applying.join(','), applying).active.some((a) => test(a.rule)),
    );
  }

  /** Ids of every rule that runs where no override applies, sorted: the run's effective selection. */
  enabledRuleIds(): string[] {
    return this.resolveLayers('', [])
      .active.map((a) => a.rule.id)
      .sort();
  }

  private resolve(relPath: string): Resolved {
    const applying = this.overrideMatchers.map((m, i) => (m(relPath) ? i : -1)).filter((i) => i >= 0);
    return this.resolveLayers(applying.join(','), applying);
  }

  private resolveLayers(key: string, applying: number[]): Resolved {
    let resolved = this.memo.get(key);
    if (!resolved) {
      const layers = [this.config.rules, ...applying.map((i) => this.config.overrides[i]!.rules)];
      const { selection } = this.config;
      resolved = { active: [], dropped: new Set(), configured: new Map(), byLanguage: new Map() };
      for (const rule of this.rules) {
        if (!this.config.dimensions.includes(rule.dimension)) continue;
        let severity: Severity | 'off' = rule.meta.defaultOff ? 'off' : rule.meta.severity;
        let configured: Severity | undefined;
        let options: RuleOptions = { ...rule.defaultOptions };
        for (const layer of layers) {
          const { severity: s, options: o } = settingParts(layer[rule.id]);
          if (s) severity = s;
          if (s && s !== 'off') configured = s;
          if (o) options = { ...options, ...o };
          if (o) resolved.configured.set(rule.id, new Set([...(resolved.configured.get(rule.id) ?? []), ...Object.keys(o)]));
        }
        // `--no-neural` / `neural: false`: the model's rules never run (and are not selectable).
        if (rule.source === 'neural' && !this.config.neural.enabled) {
          if (severity !== 'off') resolved.dropped.add(rule.id);
          continue;
        }
        const configOn = severity !== 'off';
        const selectable = { id: rule.id, dimension: rule.dimension, source: rule.source ?? 'builtin' };
        // Turned on by its id on the command line: the severity the config gave it last, else its default.
        const effective = severity === 'off' ? (configured ?? rule.meta.severity) : severity;
        if (isSelected(selectable, configOn, selection) && meetsSeverityMin(effective, selection)) {
          resolved.active.push({ rule, severity: effective, options });
        } else if (configOn) {
          resolved.dropped.add(rule.id);
        }
      }
      this.memo.set(key, resolved);
    }
    return resolved;
  }

  /** Weights for a file after per-path overrides. */
  weightsFor(relPath: string): ResolvedConfig['weights'] {
    let weights = this.config.weights;
    this.overrideMatchers.forEach((m, i) => {
      if (m(relPath)) weights = { ...weights, ...this.config.overrides[i]!.weights };
    });
    return weights;
  }
}
