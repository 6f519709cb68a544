/**
 * The registry of every rule a run can use: built-in rules (rules/), neural rules (neural/rules,
 * neural/detectors/rules), YAML packs (the bundled rules/ and the config's rule folders, compiled by
 * yaml-rules/) and plugin rules (plugins/), each id once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import { RuleError } from '../errors.js';
import { BUILTIN_RULES } from '../rules/index.js';
import { NEURAL_RULES } from '../neural/rules/index.js';
import { loadPlugins } from '../plugins/load.js';
import { BUNDLED_RULES_DIR, bundledRuleStubs, fillStubs, type StubFile } from '../yaml-rules/bundled.js';
import { sha1 } from '../util/hash.js';
import type { Language } from '../model/types.js';
import type { Rule } from './rule.js';

export interface RuleSet {
  rules: Rule[];
  /** Rule id → 'builtin' | the YAML file it came from | `plugin:<name>`. */
  sources: Map<string, string>;
  /**
   * Changes whenever a YAML rule file of the config's folders or a plugin module changes (for
   * result caches; the bundled packs are in the code stamp, store/cache-key.ts `ruleSetHash`).
   */
  hash: string;
  /**
   * Compiles what `loadRuleSet(…, { deferBundled: true })` left as placeholders (the bundled YAML
   * packs) for the given languages (every pack without them); call it before any rule runs on a
   * file of those languages. Resolves at once when nothing of theirs is left to compile.
   */
  compile(languages?: ReadonlySet<Language>): Promise<void>;
}

/** The YAML loader and compiler, loaded when a rule file is to be read or compiled. */
const yamlLoader = () => import('../yaml-rules/load.js');

/**
 * The compiled bundled packs put in place of their placeholders, each file once (concurrent callers
 * share the work): only the packs with a rule for one of the languages asked, so a run on Python
 * files compiles the Python packs and not the JavaScript and TypeScript ones (issue 19: half the
 * packs, a few ms of a one-file run). A rule runs only on a file of one of its languages
 * (engine/run-rules.ts), so a placeholder left for another language is never called.
 */
export function compilerOf(stubs: StubFile[] | null): RuleSet['compile'] {
  if (!stubs) return () => Promise.resolve();
  const pending = new Set(stubs);
  let done: Promise<void> = Promise.resolve();
  return (languages) => {
    const due = stubs.filter(
      (file) => pending.has(file) && (!languages || file.rules.some((r) => r.meta.languages.some((l) => languages.has(l)))),
    );
    if (!due.length) return done;
    for (const file of due) pending.delete(file);
    done = done.then(async () => {
      const { compileRuleFile, throwProblems } = await yamlLoader();
      const problems: string[] = [];
      const compiled = due.map((file) => compileRuleFile(file.path, problems, true));
      throwProblems(problems);
      fillStubs(due, compiled);
    });
    return done;
  };
}

/**
 * Built-in + neural (catalogued; reported by the model pass) + bundled YAML (rules/) + user YAML (config `rules.dirs` / `ruleDirs`)
 * + plugin rules, validated. Throws RuleError / ConfigError (exit 2) for a bad
 * rule file, an unknown folder, a duplicate rule id or an unloadable plugin.
 *
 * `deferBundled`: the bundled packs' rules are placeholders taken from the build's snapshot when
 * the code stamp vouches for them (yaml-rules/bundled.ts): their ids, severities, languages and
 * messages, no compiled pattern. A run whose files all come from the cache never compiles them;
 * the caller awaits `compile()` before grading anything (engine/run.ts).
 */
export async function loadRuleSet(config: ResolvedConfig, options: { deferBundled?: boolean } = {}): Promise<RuleSet> {
  const rules: Rule[] = [];
  const sources = new Map<string, string>();
  const digest: string[] = [];
  const add = (rule: Rule, source: string): void => {
    const before = sources.get(rule.id);
    if (before !== undefined) {
      throw new RuleError(
        `rule id \`${rule.id}\` is defined twice: by ${before} and by ${source}`,
        rule.id,
        'rename one of the rules (ids are global)',
      );
    }
    sources.set(rule.id, source);
    rules.push(rule);
  };
  for (const rule of BUILTIN_RULES) add(rule, 'builtin');
  for (const rule of NEURAL_RULES) add(rule, 'neural');

  const bundled = existsSync(BUNDLED_RULES_DIR);
  const stubs = bundled && options.deferBundled ? bundledRuleStubs() : null;
  const dirs = bundled && !stubs ? [BUNDLED_RULES_DIR] : [];
  for (const dir of config.ruleDirs) {
    const abs = resolve(config.root, dir);
    if (!existsSync(abs)) {
      throw new RuleError(
        `${config.file ?? 'config'}: rule folder \`${dir}\` (\`rules.dirs\` / \`ruleDirs\`) not found at ${abs}`,
        null,
        'paths are relative to the config file',
      );
    }
    if (!dirs.includes(abs) && !(stubs && abs === BUNDLED_RULES_DIR)) dirs.push(abs);
  }
  const files = [...(stubs ?? []), ...(dirs.length ? (await yamlLoader()).loadYamlRules(dirs, BUNDLED_RULES_DIR) : [])];
  for (const file of files) {
    // The bundled packs are in the code stamp (ruleSetHash); the config's rule folders are hashed here.
    if (!file.path.startsWith(BUNDLED_RULES_DIR + sep)) digest.push(`${file.path}:${sha1(readFileSync(file.path, 'utf8'))}`);
    for (const rule of file.rules) add(rule, file.display);
  }
  for (const plugin of await loadPlugins(config.plugins, config.root, config.file, config.pluginTimeout)) {
    digest.push(`${plugin.path}:${existsSync(plugin.path) ? sha1(readFileSync(plugin.path, 'utf8')) : ''}`);
    for (const rule of plugin.rules) add(rule, `plugin:${plugin.name}`);
  }
  const compile = compilerOf(stubs);
  if (!stubs) await compile();
  return { rules, sources, hash: sha1(digest.join('\n')).slice(0, 16), compile };
}

/** Rows for `toasty rules list`: every rule with where it comes from. */
export function ruleCatalogue(set: RuleSet): {
  id: string;
  dimension: string;
  severity: string;
  languages: readonly string[];
  description: string;
  source: string;
  origin: string;
}[] {
  return set.rules.map((r) => ({
    id: r.id,
    dimension: r.dimension,
    severity: r.meta.severity,
    languages: r.meta.languages,
    description: r.meta.description,
    source: r.source ?? 'builtin',
    origin: set.sources.get(r.id) ?? 'builtin',
  }));
}
