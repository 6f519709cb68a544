import picomatch from 'picomatch';
import type { ResolvedConfig, RuleSetting } from '../config/types.js';
import { ConfigError } from '../errors.js';
import { closestName } from '../util/did-you-mean.js';
import type { ActiveRule, Rule, RuleOptions, Severity } from './rule.js';

function settingParts(setting: RuleSetting | undefined): { severity?: Severity | 'off'; options?: Record<string, unknown> } {
  if (setting === undefined) return {};
  return typeof setting === 'string' ? { severity: setting } : setting;
}

function checkOptions(rule: Rule, options: Record<string, unknown>, file: string | null, key: string): void {
  for (const [name, value] of Object.entries(options)) {
    const expected = rule.defaultOptions[name];
    if (expected === undefined) {
      const known = Object.keys(rule.defaultOptions);
      throw new ConfigError(
        `${file ?? 'config'}: unknown option \`${key}.options.${name}\` for rule ${rule.id}; expected ${known.length ? `one of: ${known.join(', ')}` : 'no options'}`,
        file,
        `${key}.options.${name}`,
      );
    }
    const want = Array.isArray(expected) ? 'array' : typeof expected;
    const got = Array.isArray(value) ? 'array' : typeof value;
    if (want !== got) {
      throw new ConfigError(
        `${file ?? 'config'}: \`${key}.options.${name}\` must be ${want} (default ${JSON.stringify(expected)}), got ${JSON.stringify(value)}`,
        file,
        `${key}.options.${name}`,
      );
    }
  }
}

/** Resolves rule settings against the rule catalogue; every problem is a ConfigError naming the key. */
export class RuleResolver {
  private readonly byId: Map<string, Rule>;
  private readonly overrideMatchers: ((path: string) => boolean)[];
  private readonly memo = new Map<string, ActiveRule[]>();

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
      if (options) checkOptions(rule, options, this.config.file, `${prefix}.${id}`);
    }
  }

  /** Active rules for a file (path relative to the config root), after per-path overrides. */
  forPath(relPath: string): ActiveRule[] {
    return this.activeWith(this.overrideMatchers.map((m, i) => (m(relPath) ? i : -1)).filter((i) => i >= 0));
  }

  /**
   * Whether some file could run a rule matching `test`: the top-level settings, then each override
   * on its own (an override turning a rule on is found; a superset answer is fine for its callers,
   * which decide whether to load or identify the neural model).
   */
  mayRun(test: (rule: Rule) => boolean): boolean {
    return [[], ...this.config.overrides.map((_, i) => [i])].some((applying) => this.activeWith(applying).some((a) => test(a.rule)));
  }

  private activeWith(applying: number[]): ActiveRule[] {
    const key = applying.join(',');
    let active = this.memo.get(key);
    if (!active) {
      const layers = [this.config.rules, ...applying.map((i) => this.config.overrides[i]!.rules)];
      active = [];
      for (const rule of this.rules) {
        if (!this.config.dimensions.includes(rule.dimension)) continue;
        let severity: Severity | 'off' = rule.meta.defaultOff ? 'off' : rule.meta.severity;
        let options: RuleOptions = { ...rule.defaultOptions };
        for (const layer of layers) {
          const { severity: s, options: o } = settingParts(layer[rule.id]);
          if (s) severity = s;
          if (o) options = { ...options, ...o };
        }
        if (severity !== 'off') active.push({ rule, severity, options });
      }
      this.memo.set(key, active);
    }
    return active;
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
