import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { displayPath } from '../util/paths.js';
import type { Rule } from '../engine/rule.js';
import { RuleError } from '../errors.js';
import { compileRule, type YamlRuleSpec } from './compile.js';
import { stubbedPackData } from './bundled.js';
import { snapshotData } from './snapshot.js';
import { RuleFileSource } from './source.js';
import { validateRuleFile } from './validate.js';

/** The rules of one YAML file. */
export interface RuleFile {
  path: string;
  /** As shown in messages. */
  display: string;
  rules: Rule[];
}

export { displayPath } from '../util/paths.js';

/** Every `.yaml` / `.yml` file under `dir`, sorted, skipping dot-folders and node_modules. */
export function ruleFilesIn(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') walk(path);
      } else if (/\.ya?ml$/i.test(entry.name)) out.push(path);
    }
  };
  walk(dir);
  return out;
}

const cache = new Map<string, { key: string; file: RuleFile }>();

/**
 * Parses, validates and compiles one rule file. Problems are collected with
 * their line and column; the caller throws them all together.
 */
export function compileRuleFile(path: string, problems: string[], trusted = false): RuleFile {
  // A bundled pack listed as placeholders from the build's snapshot compiles from the same snapshot
  // entry: the file is not statted, read or hashed again (yaml-rules/bundled.ts, issue 19).
  const stubbed = trusted ? stubbedPackData(path) : undefined;
  let key = 'stubbed';
  if (stubbed === undefined) {
    const stat = statSync(path);
    key = `${stat.mtimeMs}:${stat.size}`;
  }
  const hit = cache.get(path);
  if (hit && hit.key === `${key}:${trusted}`) return hit.file;
  const source = new RuleFileSource(path, displayPath(path));
  const rules: Rule[] = [];
  const read = stubbed !== undefined ? source.take(stubbed) : source.read(trusted ? (text) => snapshotData(path, text) : undefined);
  // Bundled packs are validated against the schema in CI (tests/yaml-rules/bundled.test.ts), not on every run.
  if (read && (trusted || validateRuleFile(source))) {
    const specs = (source.data as { rules: YamlRuleSpec[] }).rules;
    const seen = new Map<string, number>();
    specs.forEach((spec, i) => {
      if (seen.has(spec.id)) {
        source.report(['rules', i, 'id'], `rule id \`${spec.id}\` is already used by rules[${seen.get(spec.id)}] in this file`);
        return;
      }
      seen.set(spec.id, i);
      const rule = compileRule(spec, i, source, trusted);
      if (rule) rules.push(rule);
    });
  }
  const file = { path, display: source.display, rules };
  if (source.problems.length) {
    problems.push(...source.formatted());
    return file;
  }
  cache.set(path, { key: `${key}:${trusted}`, file });
  return file;
}

/** Throws one RuleError listing every problem (at most 30 lines), or returns. */
export function throwProblems(problems: string[]): void {
  if (problems.length === 0) return;
  const shown = problems.slice(0, 30);
  if (problems.length > shown.length) shown.push(`… and ${problems.length - shown.length} more`);
  throw new RuleError(
    shown.join('\n'),
    null,
    'fix the rule file; the format is in schemas/rule.schema.json and the README (YAML rules and plugins)',
  );
}

/** Loads every rule file under the given folders; a bad file is a RuleError (exit 2) with file:line:col. */
export function loadYamlRules(dirs: readonly string[], trustedDir?: string): RuleFile[] {
  const problems: string[] = [];
  const files: RuleFile[] = [];
  for (const dir of dirs) {
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) {
      problems.push(`${displayPath(dir)}: rule folder not found`);
      continue;
    }
    for (const path of ruleFilesIn(dir)) files.push(compileRuleFile(path, problems, dir === trustedDir));
  }
  throwProblems(problems);
  return files;
}
