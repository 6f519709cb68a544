/**
 * The bundled YAML packs (rules/) without compiling them: when the code stamp says the packs are as
 * the build left them (store/cache-key.ts `bundledRulePacks`), each file's rules come from the build's
 * snapshot as placeholders that carry everything but the patterns: id, dimension, severity,
 * languages, messages (yaml-rules/meta.ts). A run whose files all come from the cache needs no more;
 * a run with files to grade compiles the packs first (`compileBundledStubs`, engine/registry.ts).
 * This module loads neither the compiler nor the matchers (tests/e2e/startup.test.ts checks it).
 */
import { join } from 'node:path';
import type { Rule } from '../engine/rule.js';
import { bundledRulePacks } from '../store/cache-key.js';
import { displayPath, PACKAGE_ROOT } from '../util/paths.js';
import { fixApplicability, yamlRuleMeta, type YamlRuleHead } from './meta.js';
import { snapshotByStamp } from './snapshot.js';

/** The YAML packs shipped with toasty. */
export const BUNDLED_RULES_DIR = join(PACKAGE_ROOT, 'rules');

/** One bundled rule file's placeholder rules (yaml-rules/load.ts `RuleFile`'s shape). */
export interface StubFile {
  path: string;
  display: string;
  rules: Rule[];
}

function notCompiled(id: string): never {
  throw new Error(`internal error: the bundled YAML rule ${id} ran before its pack was compiled (RuleSet.compile)`);
}

function stubOf(spec: YamlRuleHead): Rule {
  return {
    id: spec.id,
    dimension: spec.dimension,
    source: 'yaml',
    meta: yamlRuleMeta(spec, fixApplicability(spec)),
    defaultOptions: {},
    create: () => notCompiled(spec.id),
  };
}

/**
 * The placeholder rules of one bundled file's parsed YAML (`rules: [...]`, or one rule at the top
 * level as yaml-rules/source.ts `normalize` takes it), or null for anything else.
 */
export function stubsOf(data: unknown): Rule[] | null {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return null;
  const { rules } = data as { rules?: unknown };
  if (rules === undefined) return [stubOf(data as YamlRuleHead)];
  return Array.isArray(rules) ? (rules as YamlRuleHead[]).map(stubOf) : null;
}

/**
 * Placeholder rules of every bundled pack, in the order the loader lists the files, or null when the
 * stamp or the snapshot cannot vouch for every file (then the caller loads the packs as usual).
 */
export function bundledRuleStubs(): StubFile[] | null {
  const packs = bundledRulePacks();
  if (!packs) return null;
  const files: StubFile[] = [];
  const stamps = new Map<string, { rel: string; stamp: string }>();
  for (const [rel, stamp] of packs) {
    const rules = stubsOf(snapshotByStamp(rel, stamp));
    if (!rules) return null;
    const path = join(BUNDLED_RULES_DIR, ...rel.split('/'));
    files.push({ path, display: displayPath(path), rules });
    stamps.set(path, { rel, stamp });
  }
  for (const [path, entry] of stamps) stubbed.set(path, entry);
  return files;
}

/** The bundled packs whose placeholders came from the snapshot (by path): their code-stamp hash. */
const stubbed = new Map<string, { rel: string; stamp: string }>();

/**
 * The parsed YAML of a bundled pack whose placeholders `bundledRuleStubs` took from the build's
 * snapshot, from the same snapshot entry (the code stamp vouched for the file's content): compiling
 * it then reads, stats and hashes no rule file (issue 19). Undefined for any other file.
 */
export function stubbedPackData(path: string): unknown {
  const entry = stubbed.get(path);
  return entry ? snapshotByStamp(entry.rel, entry.stamp) : undefined;
}

/**
 * Turns placeholders into the compiled rules, in place (the same objects, so a rule set and its
 * resolver built on the placeholders see the compiled rules): `compiled` are the packs compiled as
 * the loader does, file by file.
 */
export function fillStubs(stubs: readonly StubFile[], compiled: readonly { rules: readonly Rule[] }[]): void {
  stubs.forEach((file, i) => {
    const rules = compiled[i]?.rules ?? [];
    if (rules.length !== file.rules.length || rules.some((r, k) => r.id !== file.rules[k]!.id))
      throw new Error(`internal error: ${file.display} compiled to other rules than its snapshot lists`);
    file.rules.forEach((stub, k) => Object.assign(stub, rules[k]));
  });
}
